"""The moderation pages: who may use them, the queue, every action over HTTP, reason
templates, staff edits with a note, and the placeholder of hidden content."""

import re

import pytest
from sqlalchemy import func, select

from app.contributions.models import ContributionRevision, Flag
from app.core.audit import AuditEntry
from app.extensions import db
from app.moderation.models import ModerationDecision, ReasonTemplate
from app.notifications.models import Notification


def text(response) -> str:
    return response.get_data(as_text=True)


def flashes(response) -> str:
    return " ".join(re.findall(r'<p class="notice[^"]*">(.*?)</p>', text(response), re.S))


@pytest.fixture
def items(make_contribution, make_comment):
    """A contribution and a comment for the per-item pages."""
    contribution = make_contribution()
    return {"contribution": contribution, "comment": make_comment(contribution=contribution)}


def staff_pages(items) -> list[str]:
    c, cm = items["contribution"].id, items["comment"].id
    return ["/moderation/", "/moderation/reasons", "/moderation/reasons/new",
            f"/moderation/contributions/{c}/edit", f"/moderation/contributions/{c}/hide",
            f"/moderation/comments/{cm}/hide"]


def staff_actions(items) -> list[str]:
    c, cm = items["contribution"].id, items["comment"].id
    return [f"/moderation/contributions/{c}/approve", f"/moderation/contributions/{c}/hide",
            f"/moderation/contributions/{c}/restore", f"/moderation/comments/{cm}/hide",
            f"/moderation/comments/{cm}/restore", f"/moderation/contributions/{c}/flags/dismiss",
            f"/moderation/comments/{cm}/flags/dismiss", "/moderation/reasons/new",
            "/moderation/reasons/defaults"]


# --- permissions ------------------------------------------------------------------------------

def test_anonymous_is_sent_to_login(client, items):
    for path in staff_pages(items):
        response = client.get(path)
        assert response.status_code == 302, path
        assert "/auth/login" in response.headers["Location"], path
    for path in staff_actions(items):
        response = client.post(path, data={"reason_text": "x"})
        assert response.status_code == 302 and "/auth/login" in response.headers["Location"]


@pytest.mark.parametrize("role", ["participant", "steering"])
def test_participants_and_steering_are_refused(client, login, make_user, make_flag, items,
                                               role):
    login(make_user(roles={role}))
    for path in staff_pages(items):
        assert client.get(path).status_code == 403, path
    make_flag(contribution=items["contribution"])
    for path in staff_actions(items):
        assert client.post(path, data={"reason_text": "Weg damit"}).status_code == 403, path
    db.session.refresh(items["contribution"])
    assert items["contribution"].status == "published"
    assert db.session.scalar(select(func.count(ModerationDecision.id))) == 0
    assert db.session.scalar(select(func.count(ReasonTemplate.id))) == 0


@pytest.mark.parametrize("role", ["moderator", "admin"])
def test_moderators_and_admins_may_moderate(client, login, make_user, items, role):
    login(make_user(roles={role}))
    for path in staff_pages(items):
        assert client.get(path).status_code == 200, path


def test_actions_need_a_csrf_token(app, client, login, moderator, make_contribution,
                                   monkeypatch):
    contribution = make_contribution(status="pending")
    login(moderator)
    monkeypatch.setitem(app.config, "WTF_CSRF_ENABLED", True)
    response = client.post(f"/moderation/contributions/{contribution.id}/approve")
    assert response.status_code == 400
    db.session.refresh(contribution)
    assert contribution.status == "pending"


def test_the_moderation_pages_are_not_reachable_by_get_for_actions(client, login, moderator,
                                                                    items):
    login(moderator)
    c = items["contribution"].id
    assert client.get(f"/moderation/contributions/{c}/approve").status_code == 405
    assert client.get(f"/moderation/contributions/{c}/restore").status_code == 405


# --- the queue --------------------------------------------------------------------------------

def test_queue_shows_pending_and_flagged_items_with_counts(client, login, moderator,
                                                           make_contribution, make_comment,
                                                           make_flag, make_user, make_round):
    round_ = make_round(title="Online-Runde Sommer")
    older = make_contribution(round=round_, status="pending", title="Ältere Idee",
                              body="Mehr **Sprachkurse** am Abend.")
    newer = make_contribution(round=round_, status="pending", title="Neuere Idee")
    flagged = make_contribution(round=round_, title="Gemeldeter Beitrag")
    comment = make_comment(contribution=flagged, body="Gemeldeter Kommentar")
    reporter = make_user()
    make_flag(contribution=flagged, reason="Werbung", reporter=reporter)
    make_flag(contribution=flagged, reason="Werbung")
    make_flag(contribution=flagged, reason="Falsche Angaben")
    make_flag(comment=comment, reason="Beleidigung", reporter=reporter)
    make_contribution(round=round_, title="Unauffällig")
    login(moderator)

    page = text(client.get("/moderation/"))
    assert "Warten auf Freigabe (2)" in page
    assert "Gemeldet (2)" in page
    assert page.index("Ältere Idee") < page.index("Neuere Idee")  # oldest first
    assert "Mehr Sprachkurse am Abend." in page  # preview as plain text
    assert "Online-Runde Sommer" in page and older.topic.name in page
    assert older.author.display_name in page
    assert f'<span class="ref">{flagged.reference}</span> · ' in page
    assert "Von 3 Personen gemeldet" in page and "(2-mal)" in page
    assert "Falsche Angaben" in page
    assert f"Kommentar zu {flagged.reference}" in page and "Gemeldeter Kommentar" in page
    assert "Von 1 Person gemeldet" in page
    assert "Unauffällig" not in page
    assert f"/contributions/{newer.id}" in page
    assert "/moderation/log" in page and "/moderation/reasons" in page


def test_approve_over_http(client, login, moderator, make_contribution):
    contribution = make_contribution(status="pending")
    login(moderator)
    response = client.post(f"/moderation/contributions/{contribution.id}/approve",
                           follow_redirects=True)
    assert response.request.path == "/moderation/"
    assert f"{contribution.reference} ist freigegeben." in flashes(response)
    assert "Warten auf Freigabe (0)" in text(response)
    db.session.refresh(contribution)
    assert contribution.status == "published"
    # twice: a clear message, no second decision
    response = client.post(f"/moderation/contributions/{contribution.id}/approve",
                           follow_redirects=True)
    assert "wartet nicht (mehr) auf Freigabe" in flashes(response)
    assert db.session.scalar(select(func.count(ModerationDecision.id))) == 1


def test_hide_with_a_template_from_the_queue(client, login, moderator, make_contribution,
                                             make_flag):
    contribution = make_contribution(title="Verkaufe Auto")
    flag = make_flag(contribution=contribution)
    template = ReasonTemplate(title="Spam", text="Werbung oder Spam.", position=1)
    db.session.add(template)
    db.session.commit()
    login(moderator)
    page = text(client.get("/moderation/"))
    assert f'<option value="{template.id}"' in page

    response = client.post(f"/moderation/contributions/{contribution.id}/hide",
                           data={"reason_template": str(template.id), "reason_text": ""},
                           follow_redirects=True)
    assert response.request.path == "/moderation/"
    assert f"{contribution.reference} ist ausgeblendet." in flashes(response)
    assert "Gemeldet (0)" in text(response) and "Ausgeblendet (1)" in text(response)
    db.session.refresh(contribution)
    db.session.refresh(flag)
    assert contribution.hidden_reason == "Werbung oder Spam."
    assert flag.status == Flag.ACTIONED
    notification = db.session.scalar(select(Notification))
    assert notification.user_id == contribution.author_id
    assert notification.params["reason"] == "Werbung oder Spam."
    assert db.session.scalar(select(AuditEntry.actor_id).where(
        AuditEntry.action == "contribution.hidden")) == moderator.id


def test_a_written_reason_wins(client, login, moderator, make_contribution):
    contribution = make_contribution()
    template = ReasonTemplate(title="Spam", text="Werbung oder Spam.", position=1)
    db.session.add(template)
    db.session.commit()
    login(moderator)
    client.post(f"/moderation/contributions/{contribution.id}/hide",
                data={"reason_template": str(template.id), "reason_text": "Eigener Grund."})
    db.session.refresh(contribution)
    assert contribution.hidden_reason == "Eigener Grund."


def test_hiding_without_a_reason_is_refused_and_keeps_the_input(client, login, moderator,
                                                                make_contribution):
    contribution = make_contribution(title="Bleibt sichtbar")
    login(moderator)
    response = client.post(f"/moderation/contributions/{contribution.id}/hide",
                           data={"reason_template": "", "reason_text": "   "})
    assert response.status_code == 200
    assert "Bitte wählen Sie einen Grund aus oder schreiben Sie einen." in text(response)
    long_text = "Zu lang " * 300
    response = client.post(f"/moderation/contributions/{contribution.id}/hide",
                           data={"reason_template": "", "reason_text": long_text})
    assert response.status_code == 200
    assert long_text.strip() in text(response)  # never lose what was typed
    db.session.refresh(contribution)
    assert contribution.status == "published"
    assert db.session.scalar(select(func.count(ModerationDecision.id))) == 0


def test_hide_page_for_a_comment_and_the_next_parameter(client, login, moderator,
                                                        make_comment):
    comment = make_comment(body="Unfreundlich formuliert")
    contribution = comment.contribution
    login(moderator)
    back = f"/contributions/{contribution.id}"
    page = text(client.get(f"/moderation/comments/{comment.id}/hide?next={back}"))
    assert "Unfreundlich formuliert" in page and f'value="{back}"' in page
    response = client.post(f"/moderation/comments/{comment.id}/hide",
                           data={"reason_text": "Persönlicher Angriff", "next": back})
    assert response.status_code == 302 and response.headers["Location"].endswith(back)
    db.session.refresh(comment)
    assert comment.status == "hidden" and comment.hidden_reason == "Persönlicher Angriff"
    # an outside address is not followed
    response = client.post(f"/moderation/comments/{comment.id}/restore",
                           data={"next": "https://evil.example/"})
    assert response.headers["Location"].endswith("/moderation/")
    db.session.refresh(comment)
    assert comment.status == "published"


def test_hide_and_restore_comment_flash_the_reference(client, login, moderator, make_comment):
    comment = make_comment()
    ref = comment.contribution.reference
    login(moderator)
    response = client.post(f"/moderation/comments/{comment.id}/hide",
                           data={"reason_text": "Spam"}, follow_redirects=True)
    assert f"Kommentar zu {ref} ist ausgeblendet." in flashes(response)
    assert "Ausgeblendet (1)" in text(response)
    response = client.post(f"/moderation/comments/{comment.id}/restore", follow_redirects=True)
    assert f"Kommentar zu {ref} ist wieder sichtbar." in flashes(response)
    assert "Ausgeblendet (0)" in text(response)


def test_restore_contribution_over_http(client, login, moderator, make_contribution):
    contribution = make_contribution()
    login(moderator)
    client.post(f"/moderation/contributions/{contribution.id}/hide",
                data={"reason_text": "Nicht zum Thema"})
    page = text(client.get("/moderation/"))
    assert "Nicht zum Thema" in page and "Wieder sichtbar machen" in page
    response = client.post(f"/moderation/contributions/{contribution.id}/restore",
                           follow_redirects=True)
    assert f"{contribution.reference} ist wieder sichtbar." in flashes(response)
    db.session.refresh(contribution)
    assert contribution.status == "published" and contribution.hidden_reason is None
    actions = db.session.scalars(select(ModerationDecision.action)
                                 .order_by(ModerationDecision.id)).all()
    assert actions == ["hidden", "restored"]


def test_dismiss_flags(client, login, moderator, make_contribution, make_comment, make_flag):
    contribution = make_contribution()
    comment = make_comment(contribution=contribution)
    flags = [make_flag(contribution=contribution), make_flag(contribution=contribution)]
    comment_flag = make_flag(comment=comment)
    login(moderator)
    response = client.post(f"/moderation/contributions/{contribution.id}/flags/dismiss",
                           follow_redirects=True)
    assert f"Die Meldungen zu {contribution.reference} sind verworfen" in flashes(response)
    assert "Gemeldet (1)" in text(response)
    for flag in flags:
        db.session.refresh(flag)
        assert flag.status == Flag.DISMISSED and flag.decided_by_id == moderator.id
    db.session.refresh(comment_flag)
    assert comment_flag.status == Flag.OPEN
    response = client.post(f"/moderation/comments/{comment.id}/flags/dismiss",
                           follow_redirects=True)
    assert f"Kommentar zu {contribution.reference}" in flashes(response)
    assert "Gemeldet (0)" in text(response)
    db.session.refresh(contribution)
    assert contribution.status == "published"
    assert db.session.scalar(select(func.count(AuditEntry.id)).where(
        AuditEntry.action == "flag.dismissed")) == 3
    response = client.post(f"/moderation/comments/{comment.id}/flags/dismiss",
                           follow_redirects=True)
    assert "keine offenen Meldungen" in flashes(response)


# --- edit with a note -------------------------------------------------------------------------

def test_staff_edit_with_a_note(client, login, moderator, make_contribution):
    contribution = make_contribution(title="Mit Adresse", body="Wohnt in der Hauptstr. 5.")
    login(moderator)
    url = f"/moderation/contributions/{contribution.id}/edit"
    page = text(client.get(url))
    assert "Wohnt in der Hauptstr. 5." in page and 'name="lock_version"' in page
    data = {"title": "Ohne Adresse", "body": "Wohnt in [entfernt].", "note": "",
            "lock_version": str(contribution.lock_version)}
    response = client.post(url, data=data)
    assert response.status_code == 200
    assert "Bitte schreiben Sie, was Sie geändert haben" in text(response)
    assert "Wohnt in [entfernt]." in text(response)  # the typed text is kept
    response = client.post(url, data={**data, "note": "Adresse entfernt"},
                           follow_redirects=True)
    assert f"{contribution.reference} ist geändert" in flashes(response)
    db.session.refresh(contribution)
    assert contribution.title == "Ohne Adresse"
    revision = db.session.scalar(select(ContributionRevision))
    assert revision.body == "Wohnt in der Hauptstr. 5." and revision.note == "Adresse entfernt"
    decision = db.session.scalar(select(ModerationDecision))
    assert (decision.action, decision.reason) == ("edited", "Adresse entfernt")
    notification = db.session.scalar(select(Notification).where(
        Notification.user_id == contribution.author_id))
    assert notification.params["variant"] == "edited"


def test_staff_edit_conflict_keeps_the_input(client, login, moderator, make_contribution):
    contribution = make_contribution(title="Erste Fassung", body="Text eins.")
    url = f"/moderation/contributions/{contribution.id}/edit"
    old_lock = str(contribution.lock_version)
    login(moderator)
    client.post(url, data={"title": "Zweite Fassung", "body": "Text zwei.",
                           "note": "Von jemand anderem", "lock_version": old_lock})
    response = client.post(url, data={"title": "Meine Fassung", "body": "Mein Text.",
                                      "note": "Meine Änderung", "lock_version": old_lock})
    page = text(response)
    assert response.status_code == 200
    assert "Jemand anderes hat diesen Beitrag inzwischen geändert" in page
    assert "Mein Text." in page and "Meine Änderung" in page  # the user's input
    assert "Text zwei." in page  # the version saved in between
    db.session.refresh(contribution)
    assert contribution.title == "Zweite Fassung"
    new_lock = re.search(r'name="lock_version"[^>]*value="(\d+)"', page) or re.search(
        r'value="(\d+)"[^>]*name="lock_version"', page)
    assert new_lock.group(1) == str(contribution.lock_version)
    # saving again now goes through against the current version
    client.post(url, data={"title": "Meine Fassung", "body": "Mein Text.",
                           "note": "Meine Änderung", "lock_version": new_lock.group(1)})
    db.session.refresh(contribution)
    assert contribution.title == "Meine Fassung"


def test_a_withdrawn_contribution_cannot_be_edited(client, login, moderator, make_contribution):
    contribution = make_contribution(status="withdrawn")
    login(moderator)
    response = client.get(f"/moderation/contributions/{contribution.id}/edit",
                          follow_redirects=True)
    assert "zurückgezogen" in flashes(response)


# --- reason templates -------------------------------------------------------------------------

def test_reason_templates_pages(client, login, moderator):
    login(moderator)
    page = text(client.get("/moderation/reasons"))
    assert "Es gibt noch keine Vorlagen." in page
    response = client.post("/moderation/reasons/defaults", follow_redirects=True)
    assert "Persönlicher Angriff" in text(response)
    assert "Vorlagen sind angelegt" in flashes(response)
    count = db.session.scalar(select(func.count(ReasonTemplate.id)))
    assert count >= 4

    response = client.post("/moderation/reasons/new", data={"title": "", "text": ""})
    assert response.status_code == 200 and "error-summary" in text(response)
    response = client.post("/moderation/reasons/new",
                           data={"title": "Falschinformation",
                                 "text": "Der Inhalt verbreitet nachweislich Falsches."},
                           follow_redirects=True)
    assert "Die Vorlage ist gespeichert." in flashes(response)
    created = db.session.scalar(select(ReasonTemplate).where(
        ReasonTemplate.title == "Falschinformation"))
    assert created.position == count + 1 and created.active

    page = text(client.get(f"/moderation/reasons/{created.id}"))
    assert "Der Inhalt verbreitet nachweislich Falsches." in page
    client.post(f"/moderation/reasons/{created.id}",
                data={"title": "Falsche Tatsachen", "text": "Geänderter Text."})
    db.session.refresh(created)
    assert (created.title, created.text) == ("Falsche Tatsachen", "Geänderter Text.")

    client.post(f"/moderation/reasons/{created.id}/move/up")
    titles = db.session.scalars(select(ReasonTemplate.title)
                                .order_by(ReasonTemplate.position)).all()
    assert titles[-2] == "Falsche Tatsachen"

    response = client.post(f"/moderation/reasons/{created.id}/active", data={"active": "0"},
                           follow_redirects=True)
    assert "wird nicht mehr angeboten" in flashes(response)
    db.session.refresh(created)
    assert created.active is False
    queue = text(client.get("/moderation/"))
    assert "Falsche Tatsachen" not in queue
    client.post(f"/moderation/reasons/{created.id}/active", data={"active": "1"})
    db.session.refresh(created)
    assert created.active is True
    # never deleted
    assert db.session.scalar(select(func.count(ReasonTemplate.id))) == count + 1


# --- hidden content on the contribution page --------------------------------------------------

def test_hidden_contribution_page_shows_the_reason_instead_of_the_text(client, login,
                                                                       moderator,
                                                                       make_contribution,
                                                                       make_comment):
    contribution = make_contribution(title="Ein Titel", body="Geheimer Beleidigungstext")
    comment = make_comment(contribution=contribution, body="Kommentar mit Telefonnummer")
    login(moderator)
    client.post(f"/moderation/contributions/{contribution.id}/hide",
                data={"reason_text": "Persönlicher Angriff auf eine Person."})
    client.post(f"/moderation/comments/{comment.id}/hide",
                data={"reason_text": "Personenbezogene Daten."})
    client.post("/auth/logout")

    page = text(client.get(f"/contributions/{contribution.id}"))
    assert "Persönlicher Angriff auf eine Person." in page
    assert "Geheimer Beleidigungstext" not in page
    assert "Personenbezogene Daten." in page
    assert "Kommentar mit Telefonnummer" not in page


def test_reason_templates_are_translated_on_their_form(client, login, moderator):
    from app.core import translations

    login(moderator)
    assert 'name="tr_text_en"' in text(client.get("/moderation/reasons/new"))
    client.post("/moderation/reasons/new", data={
        "title": "Werbung", "text": "Der Beitrag wirbt für ein Angebot.",
        "tr_title_en": "Advertising", "tr_text_ar": "المساهمة تعلن عن عرض تجاري."})
    created = db.session.scalar(select(ReasonTemplate).where(ReasonTemplate.title == "Werbung"))
    assert translations.translations_of(created) == {
        ("title", "en"): "Advertising", ("text", "ar"): "المساهمة تعلن عن عرض تجاري."}
    assert 'value="Advertising"' in text(client.get(f"/moderation/reasons/{created.id}"))

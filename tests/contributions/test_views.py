"""Pages of contributions: contribute, read, edit, history, withdraw, support, comment, flag."""

import re

import pytest
from sqlalchemy import func, select

from app.contributions.models import Comment, Contribution, ContributionRevision, Flag, Support
from app.extensions import db
from app.notifications.models import Notification
from tests.contributions.conftest import form_data


def count(model):
    return db.session.scalar(select(func.count(model.id)))


def only_contribution():
    return db.session.scalar(select(Contribution))


# --- contribute -------------------------------------------------------------------------------

def test_contribute_form_offers_the_rounds_kinds_and_topics(client, login, participant,
                                                            make_round):
    round_ = make_round(kinds=("goal", "best_practice"))
    login(participant)
    html = client.get(f"/rounds/{round_.id}/contribute").get_data(as_text=True)
    assert 'value="goal"' in html and 'value="best_practice"' in html
    assert 'value="measure"' not in html
    for topic in round_.topics:
        assert f">{topic.name}</option>" in html
    assert 'name="themes"' in html  # cross-cutting themes as checkboxes
    assert 'name="on_behalf"' not in html  # no organisation to speak for
    assert "Felder mit * müssen ausgefüllt werden." in html


def test_contribute_needs_login(client, open_round):
    response = client.get(f"/rounds/{open_round.id}/contribute")
    assert response.status_code == 302 and "/auth/login" in response.location


def test_contribute_creates_and_redirects(client, login, participant, open_round):
    login(participant)
    theme = next(t for t in open_round.topics if t.kind == "crosscutting")
    response = client.post(f"/rounds/{open_round.id}/contribute",
                           data=form_data(open_round, themes=[str(theme.id)]))
    contribution = only_contribution()
    assert response.status_code == 302
    assert response.location.endswith(f"/contributions/{contribution.id}")
    assert contribution.author_id == participant.id and contribution.themes == [theme]
    html = client.get(response.location).get_data(as_text=True)
    assert f"Ihr Beitrag {contribution.reference} ist veröffentlicht" in html
    assert "<strong>Abendkurse</strong>" in html


def test_contribution_waits_for_approval_where_the_round_says_so(client, login, participant,
                                                                 make_round):
    round_ = make_round(publish_immediately=False)
    login(participant)
    response = client.post(f"/rounds/{round_.id}/contribute", data=form_data(round_),
                           follow_redirects=True)
    assert "sobald die Moderation ihn freigegeben hat" in response.get_data(as_text=True)
    assert only_contribution().status == "pending"


@pytest.mark.parametrize("phase, message", [("closed", "ist abgeschlossen"),
                                            ("upcoming", "hat noch nicht begonnen")])
def test_closed_or_upcoming_round_refuses_with_a_clear_message(client, login, participant,
                                                               make_round, phase, message):
    round_ = make_round(phase=phase)
    login(participant)
    response = client.get(f"/rounds/{round_.id}/contribute")
    assert response.status_code == 403 and message in response.get_data(as_text=True)
    # A text sent after the round closed is shown again, not lost.
    response = client.post(f"/rounds/{round_.id}/contribute",
                           data=form_data(round_, body="Mein langer Text, der bleibt"))
    assert response.status_code == 403
    assert "Mein langer Text, der bleibt" in response.get_data(as_text=True)
    assert count(Contribution) == 0


def test_uninvited_person_cannot_contribute(client, login, participant, make_round):
    round_ = make_round(audience="invited")
    login(participant)
    assert client.get(f"/rounds/{round_.id}/contribute").status_code == 403


def test_unconfirmed_person_is_told_to_confirm(client, login, make_user, open_round):
    login(make_user(confirmed=False))
    response = client.get(f"/rounds/{open_round.id}/contribute")
    assert response.status_code == 403
    assert "E-Mail-Adresse" in response.get_data(as_text=True)


@pytest.mark.parametrize("values, error", [
    ({"title": ""}, "Bitte füllen Sie dieses Feld aus."),
    ({"body": "   \n  "}, "Bitte füllen Sie dieses Feld aus."),
    ({"body": "x" * 5001}, "Höchstens 5000 Zeichen erlaubt (jetzt: 5001)."),
    ({"title": "t" * 201}, "Höchstens 200 Zeichen erlaubt"),
    ({"kind": "remark"}, "Keine gültige Auswahl."),
])
def test_rejected_form_keeps_what_was_typed(client, login, participant, open_round, values,
                                            error):
    login(participant)
    data = form_data(open_round, **{"title": "Mein Titel 👋", "body": "Mein Text مرحبا",
                                    **values})
    response = client.post(f"/rounds/{open_round.id}/contribute", data=data)
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and error in html
    assert "Bitte prüfen Sie Ihre Eingaben" in html
    assert data["body"][:50] in html and data["title"][:50] in html
    assert count(Contribution) == 0


def test_each_radio_of_a_group_in_error_says_so(client, login, participant, open_round):
    login(participant)
    html = client.get(f"/rounds/{open_round.id}/contribute").get_data(as_text=True)
    assert "aria-invalid" not in html
    html = client.post(f"/rounds/{open_round.id}/contribute",
                       data=form_data(open_round, kind="")).get_data(as_text=True)
    radios = re.findall(r'<input[^>]*name="kind"[^>]*>', html)
    assert len(radios) == len(open_round.accepted_kinds)
    assert all('aria-invalid="true"' in radio for radio in radios), radios
    assert not re.findall(r'<input[^>]*name="themes"[^>]*aria-invalid', html)


def test_double_submit_creates_one_contribution(client, login, participant, open_round):
    login(participant)
    first = client.post(f"/rounds/{open_round.id}/contribute", data=form_data(open_round))
    second = client.post(f"/rounds/{open_round.id}/contribute", data=form_data(open_round))
    assert count(Contribution) == 1 and first.location == second.location
    html = client.get(second.location).get_data(as_text=True)
    assert "gerade schon eingereicht" in html


def test_on_behalf_of_a_verified_organisation(client, login, participant, open_round,
                                              make_organisation):
    verified = make_organisation(name="Café International", verified=True,
                                 representatives=[participant])
    unverified = make_organisation(name="Neuer Verein", representatives=[participant])
    login(participant)
    html = client.get(f"/rounds/{open_round.id}/contribute").get_data(as_text=True)
    assert "Café International" in html and "Neuer Verein" not in html
    response = client.post(f"/rounds/{open_round.id}/contribute",
                           data=form_data(open_round, on_behalf=str(unverified.id)))
    assert response.status_code == 200 and count(Contribution) == 0
    response = client.post(f"/rounds/{open_round.id}/contribute",
                           data=form_data(open_round, on_behalf=str(verified.id)))
    assert response.status_code == 302
    assert only_contribution().organisation_id == verified.id
    html = client.get(response.location).get_data(as_text=True)
    assert "Café International" in html and "bestätigt" in html
    assert 'eingereicht von <span translate="no" dir="auto">Amira' in html


# --- read ---------------------------------------------------------------------------------------

def test_contribution_page_shows_everything(client, make_contribution, open_round):
    theme = next(t for t in open_round.topics if t.kind == "crosscutting")
    contribution = make_contribution(round=open_round, themes=[theme], title="Sprachcafé",
                                     body="- eins\n- zwei")
    html = client.get(f"/contributions/{contribution.id}").get_data(as_text=True)
    assert contribution.reference in html and "Sprachcafé" in html
    assert "<li>eins</li>" in html
    assert f'href="/topics/{contribution.topic.slug}"' in html
    assert f'href="/topics/{theme.slug}"' in html
    assert "Ergebnis" in html and "noch nicht bearbeitet" in html
    assert "Maßnahmenvorschlag" in html and f'href="/rounds/{open_round.id}"' in html
    assert 'dir="auto"' in html
    assert "Melden Sie sich an, um diesen Beitrag zu unterstützen." in html


def test_user_markup_is_rendered_safely(client, login, participant, open_round):
    login(participant)
    body = ("<script>alert(1)</script>\n\n![x](https://evil.example.org/x.png)\n\n"
            "[Link](https://example.org/) שלום مرحبا 🎉")
    client.post(f"/rounds/{open_round.id}/contribute", data=form_data(open_round, body=body))
    html = client.get(f"/contributions/{only_contribution().id}").get_data(as_text=True)
    assert "<script>alert" not in html and "evil.example.org" not in html
    assert 'rel="nofollow noopener"' in html and "שלום مرحبا 🎉" in html


def test_hidden_contribution_shows_a_placeholder_with_the_reason(client, login, switch_to,
                                                                 make_contribution, moderator):
    contribution = make_contribution(title="Böser Titel", body="Böser Text")
    contribution.status, contribution.hidden_reason = "hidden", "Beleidigung"
    db.session.commit()
    html = client.get(f"/contributions/{contribution.id}").get_data(as_text=True)
    assert "ausgeblendet" in html and "Beleidigung" in html
    assert "Böser Text" not in html and "Böser Titel" not in html
    login(moderator)
    html = client.get(f"/contributions/{contribution.id}").get_data(as_text=True)
    assert "Böser Text" in html


def test_withdrawn_contribution_stays_readable(client, make_contribution):
    contribution = make_contribution(status="withdrawn", body="Noch lesbar")
    html = client.get(f"/contributions/{contribution.id}").get_data(as_text=True)
    assert "zurückgezogen" in html and "Noch lesbar" in html


def test_pending_contribution_only_for_author_and_staff(client, login, switch_to, make_contribution,
                                                        participant, other, moderator):
    contribution = make_contribution(status="pending", author=participant)
    url = f"/contributions/{contribution.id}"
    assert client.get(url).status_code == 302  # anonymous: log in first
    login(other)
    assert client.get(url).status_code == 403
    switch_to(participant)
    assert "wartet auf die Freigabe" in client.get(url).get_data(as_text=True)
    switch_to(moderator)
    assert client.get(url).status_code == 200


def test_contribution_of_an_invited_round_is_not_public(client, make_contribution, make_round):
    contribution = make_contribution(round=make_round(audience="invited"))
    assert client.get(f"/contributions/{contribution.id}").status_code == 302


def test_unknown_contribution_is_404(client):
    assert client.get("/contributions/4711").status_code == 404


# --- edit, history, withdraw --------------------------------------------------------------------

def test_author_edits_and_history_shows_revisions(client, login, participant, make_contribution):
    contribution = make_contribution(author=participant, title="Erste Fassung", body="Eins")
    login(participant)
    form = client.get(f"/contributions/{contribution.id}/edit").get_data(as_text=True)
    assert 'name="lock_version" type="hidden" value="1"' in form
    client.post(f"/contributions/{contribution.id}/edit",
                data={"title": "Zweite Fassung", "body": "Zwei", "lock_version": "1"})
    response = client.post(f"/contributions/{contribution.id}/edit",
                           data={"title": "Dritte Fassung", "body": "Drei", "lock_version": "2"})
    assert response.status_code == 302
    assert count(ContributionRevision) == 2
    html = client.get(f"/contributions/{contribution.id}/history").get_data(as_text=True)
    assert html.index("Dritte Fassung") < html.index("Zweite Fassung") < html.index(
        "Erste Fassung")
    assert "Geändert von Amira" in html
    page = client.get(f"/contributions/{contribution.id}").get_data(as_text=True)
    assert "Versionsgeschichte (2 Änderungen)" in page


def test_stale_edit_keeps_the_users_text(client, login, participant, make_contribution):
    contribution = make_contribution(author=participant, title="Titel", body="Original")
    contribution.body = "Von woanders geändert"
    contribution.body_html = "<p>Von woanders geändert</p>"
    db.session.commit()  # lock_version is now 2
    login(participant)
    response = client.post(f"/contributions/{contribution.id}/edit",
                           data={"title": "Titel", "body": "Mein neuer Text",
                                 "lock_version": "1"})
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "inzwischen geändert" in html and "Mein neuer Text" in html
    assert "Von woanders geändert" in html  # the current text, to compare
    assert 'name="lock_version" type="hidden" value="2"' in html
    db.session.refresh(contribution)
    assert contribution.body == "Von woanders geändert"


def test_someone_elses_contribution_cannot_be_edited(client, login, other, make_contribution):
    contribution = make_contribution()
    login(other)
    assert client.get(f"/contributions/{contribution.id}/edit").status_code == 403
    response = client.post(f"/contributions/{contribution.id}/edit",
                           data={"title": "Gekapert", "body": "x", "lock_version": "1"})
    assert response.status_code == 403
    assert client.post(f"/contributions/{contribution.id}/withdraw").status_code == 403


def test_author_cannot_edit_once_the_round_closed(client, login, participant, make_contribution,
                                                  make_round):
    contribution = make_contribution(author=participant, round=make_round(phase="closed"))
    login(participant)
    assert client.get(f"/contributions/{contribution.id}/edit").status_code == 403


def test_staff_edit_requires_a_note_and_notifies(client, login, participant, moderator,
                                                 make_contribution, make_round):
    contribution = make_contribution(author=participant, round=make_round(phase="closed"))
    login(moderator)
    response = client.post(f"/contributions/{contribution.id}/edit",
                           data={"title": "Gekürzt", "body": "Ohne Telefonnummer",
                                 "lock_version": "1"})
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "Bitte geben Sie einen Hinweis an" in html
    assert "Ohne Telefonnummer" in html
    response = client.post(f"/contributions/{contribution.id}/edit",
                           data={"title": "Gekürzt", "body": "Ohne Telefonnummer",
                                 "note": "Telefonnummer entfernt", "lock_version": "1"})
    assert response.status_code == 302
    note = db.session.scalar(select(Notification).where(Notification.user_id == participant.id))
    assert note.kind == "moderation" and note.params["reason"] == "Telefonnummer entfernt"


def test_withdraw_confirm_and_post(client, login, participant, make_contribution):
    contribution = make_contribution(author=participant, body="Bleibt stehen")
    login(participant)
    assert "zurückziehen?" in client.get(
        f"/contributions/{contribution.id}/withdraw").get_data(as_text=True)
    response = client.post(f"/contributions/{contribution.id}/withdraw")
    assert response.status_code == 302
    db.session.refresh(contribution)
    assert contribution.status == "withdrawn"
    html = client.get(f"/contributions/{contribution.id}").get_data(as_text=True)
    assert "Bleibt stehen" in html and "Zurückziehen" not in html


# --- support, comments, flags --------------------------------------------------------------------

def test_support_toggle(client, login, switch_to, participant, other, make_contribution):
    contribution = make_contribution(author=participant)
    login(other)
    client.post(f"/contributions/{contribution.id}/support")
    html = client.get(f"/contributions/{contribution.id}").get_data(as_text=True)
    assert "Sie unterstützen diesen Beitrag." in html
    assert "1 Person unterstützt diesen Beitrag." in html
    client.post(f"/contributions/{contribution.id}/support")
    assert count(Support) == 0
    switch_to(participant)
    assert client.post(f"/contributions/{contribution.id}/support").status_code == 403
    assert count(Support) == 0


def test_support_not_in_a_closed_round(client, login, other, make_contribution, make_round):
    contribution = make_contribution(round=make_round(phase="closed"))
    login(other)
    assert client.post(f"/contributions/{contribution.id}/support").status_code == 403


def test_comments_and_replies_two_levels_deep(client, login, switch_to, participant, other,
                                              make_contribution):
    contribution = make_contribution(author=participant)
    login(other)
    client.post(f"/contributions/{contribution.id}/comments", data={"body": "Frage?"})
    top = db.session.scalar(select(Comment))
    switch_to(participant)
    reply_page = client.get(f"/contributions/{contribution.id}/comments/{top.id}/reply")
    assert reply_page.status_code == 200 and "Frage?" in reply_page.get_data(as_text=True)
    response = client.post(f"/contributions/{contribution.id}/comments",
                           data={"body": "Antwort!", "parent_id": str(top.id)})
    assert response.status_code == 302 and "#comment-" in response.location
    reply = db.session.scalar(select(Comment).where(Comment.parent_id == top.id))
    switch_to(other)
    client.post(f"/contributions/{contribution.id}/comments",
                data={"body": "Antwort auf Antwort", "parent_id": str(reply.id)})
    html = client.get(f"/contributions/{contribution.id}").get_data(as_text=True)
    assert "Kommentare (3)" in html
    assert 'comment--depth-2' in html
    assert f"/contributions/{contribution.id}/comments/{reply.id}/reply" in html
    kinds = db.session.scalars(select(Notification.params).where(
        Notification.user_id == participant.id)).all()
    assert [k["variant"] for k in kinds] == ["contribution", "comment"]


def test_indentation_is_capped_at_three_levels(client, login, participant, make_contribution):
    contribution = make_contribution()
    login(participant)
    parent = None
    for n in range(5):
        data = {"body": f"Ebene {n}"}
        if parent:
            data["parent_id"] = str(parent.id)
        client.post(f"/contributions/{contribution.id}/comments", data=data)
        parent = db.session.scalar(select(Comment).order_by(Comment.id.desc()))
    html = client.get(f"/contributions/{contribution.id}").get_data(as_text=True)
    assert "Ebene 4" in html and "comment--depth-3" in html and "comment--depth-4" not in html


def test_rejected_comment_keeps_the_text(client, login, other, make_contribution):
    contribution = make_contribution()
    login(other)
    long_text = "Sehr lang " * 201
    response = client.post(f"/contributions/{contribution.id}/comments",
                           data={"body": long_text})
    html = response.get_data(as_text=True)
    assert response.status_code == 400 and "Höchstens 2000 Zeichen" in html
    assert long_text.strip()[:100] in html
    assert count(Comment) == 0
    # Issue 16: the form posted to ".../comments#comments"; a URL with a fragment keeps the
    # browser from focusing the error summary (autofocus), so screen readers heard nothing.
    assert f'action="/contributions/{contribution.id}/comments"' in html
    assert re.search(r'<div class="error-summary"[^>]*autofocus', html)
    assert not re.search(r'<form[^>]*method="post"[^>]*action="[^"]*#', html)


def test_hidden_comment_shows_a_placeholder(client, make_contribution, make_user):
    contribution = make_contribution()
    db.session.add(Comment(contribution_id=contribution.id, author_id=make_user().id,
                           body="Gemein", body_html="<p>Gemein</p>", status="hidden",
                           hidden_reason="Persönlicher Angriff"))
    db.session.commit()
    html = client.get(f"/contributions/{contribution.id}").get_data(as_text=True)
    assert "Persönlicher Angriff" in html and "Gemein" not in html


def test_no_comments_in_a_closed_round(client, login, other, make_contribution, make_round):
    contribution = make_contribution(round=make_round(phase="closed"))
    login(other)
    html = client.get(f"/contributions/{contribution.id}").get_data(as_text=True)
    assert 'name="body"' not in html and "nicht offen" in html
    response = client.post(f"/contributions/{contribution.id}/comments", data={"body": "Hi"})
    assert response.status_code == 403


def test_flag_contribution_and_comment(client, login, participant, other, make_contribution):
    contribution = make_contribution(author=participant)
    comment = Comment(contribution_id=contribution.id, author_id=participant.id, body="Hm",
                      body_html="<p>Hm</p>")
    db.session.add(comment)
    db.session.commit()
    login(other)
    response = client.post(f"/contributions/{contribution.id}/flag", data={"reason": "  "})
    assert response.status_code == 400
    assert "Bitte geben Sie einen Grund" in response.get_data(as_text=True)
    assert client.post(f"/contributions/{contribution.id}/flag",
                       data={"reason": "Werbung"}).status_code == 302
    response = client.post(f"/contributions/{contribution.id}/flag", data={"reason": "Nochmal"},
                           follow_redirects=True)
    assert "bereits gemeldet" in response.get_data(as_text=True)
    assert client.get(f"/comments/{comment.id}/flag").status_code == 200
    assert client.post(f"/comments/{comment.id}/flag",
                       data={"reason": "Beleidigung"}).status_code == 302
    flags = db.session.scalars(select(Flag).order_by(Flag.id)).all()
    assert [(f.contribution_id, f.comment_id) for f in flags] == [(contribution.id, None),
                                                                  (None, comment.id)]


def test_flag_needs_login(client, make_contribution):
    contribution = make_contribution()
    response = client.post(f"/contributions/{contribution.id}/flag", data={"reason": "x"})
    assert response.status_code == 302 and count(Flag) == 0


# --- my contributions, topic page ----------------------------------------------------------------

def test_my_contributions_lists_all_statuses(client, login, participant, make_contribution,
                                             make_round):
    for status in ("published", "pending", "hidden", "withdrawn"):
        make_contribution(author=participant, status=status, title=f"Mein {status}")
    make_contribution(title="Fremder Beitrag")
    assert client.get("/me/contributions").status_code == 302
    login(participant)
    html = client.get("/me/contributions").get_data(as_text=True)
    for status in ("published", "pending", "hidden", "withdrawn"):
        assert f"Mein {status}" in html
    assert "Fremder Beitrag" not in html
    assert "noch nicht bearbeitet" in html and "wartet auf Freigabe" in html
    assert html.index("Mein withdrawn") < html.index("Mein published")  # newest first


def test_my_contributions_paginates(client, login, participant, make_contribution, open_round):
    for n in range(23):
        make_contribution(round=open_round, author=participant, title=f"Nr {n:02d}")
    login(participant)
    html = client.get("/me/contributions?page=2").get_data(as_text=True)
    assert "Nr 00" in html and "Nr 22" not in html and "Seite 2 von 2" in html


def test_topic_page_lists_contributions_and_invites_to_write(client, login, participant,
                                                             make_contribution, make_round,
                                                             make_concept):
    login(participant)
    concept = make_concept()
    open_round = make_round(concept=concept)
    sprache, arbeit, anti = concept.topics[0], concept.topics[1], concept.topics[2]
    make_contribution(round=open_round, topic=sprache, title="Im Feld Sprache")
    make_contribution(round=open_round, topic=arbeit, themes=[sprache],
                      title="Arbeit mit Sprachbezug")
    make_contribution(round=open_round, topic=arbeit, title="Nur Arbeit")
    html = client.get("/topics/sprache").get_data(as_text=True)
    assert "Im Feld Sprache" in html and "Arbeit mit Sprachbezug" in html
    assert "Nur Arbeit" not in html
    assert f"/rounds/{open_round.id}/contribute?topic=sprache" in html
    assert "Beitrag schreiben" in html
    html = client.get(f"/topics/{anti.slug}").get_data(as_text=True)
    assert "Hier gibt es noch keine Beiträge." in html


def test_topic_page_offers_writing_only_to_those_who_may(client, login, make_round, steering,
                                                        participant, make_user,
                                                        make_organisation):
    """Issue 16: the topic page offered "Beitrag schreiben" for an invited round to people
    the form then refused (403); now it says why not, or offers the login."""
    from app.rounds.models import Network

    public = make_round(title="Offene Runde")
    invited = make_round(audience="invited", title="Netzwerkrunde")
    member = make_user(display_name="Im Netzwerk")
    invited.networks = [Network(name="Netzwerk Sprache",
                                users=[member])]
    db.session.commit()
    write = f"/rounds/{invited.id}/contribute"

    html = client.get("/topics/sprache").get_data(as_text=True)  # anonymous
    assert "/contribute" not in html and "melden Sie sich bitte an" in html
    assert "/auth/login?next=/topics/sprache" in html

    for person in (steering, participant):
        login(person)
        html = client.get("/topics/sprache").get_data(as_text=True)
        assert f"/rounds/{public.id}/contribute?topic=sprache" in html
        assert write not in html
        if person is steering:  # steering sees the invited round, and why it cannot write
            assert "Netzwerkrunde" in html and "nur eingeladene Netzwerke" in html
            assert client.get(write).status_code == 403
        client.post("/auth/logout")

    login(member)
    html = client.get("/topics/sprache").get_data(as_text=True)
    assert f"{write}?topic=sprache" in html
    assert client.get(write).status_code == 200


def test_topic_page_without_open_round_has_no_button(client, make_round):
    make_round(phase="closed")
    html = client.get("/topics/sprache").get_data(as_text=True)
    assert "/contribute" not in html and "keine Beteiligungsrunde" in html


def test_contribute_form_preselects_the_topic_from_the_topic_page(client, login, participant,
                                                                  open_round):
    login(participant)
    arbeit = next(t for t in open_round.topics if t.slug == "arbeit")
    html = client.get(f"/rounds/{open_round.id}/contribute?topic=arbeit").get_data(as_text=True)
    assert f'selected value="{arbeit.id}"' in html

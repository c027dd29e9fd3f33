"""Versions over HTTP: who may read, freeze, publish, review, vote, answer and adopt; the forms
and their refusals; CSRF; the diff page; the public concept page; remarks from network rounds.

Fixtures (moderator, admin, participant, members, member, concept, topic, draft, version,
review, freeze) come from tests/versions/conftest.py; helpers from view_fixtures.py."""

import re
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from app.concepts import services as concepts
from app.contributions.models import Contribution
from app.core.urls import absolute_link
from app.extensions import db
from app.notifications.models import Notification
from app.notifications.services import target_url
from app.versions import services as versions
from app.versions.models import Adoption, Review, Verdict, Version
from tests.versions.view_fixtures import (
    client_for,
    csrf_token,
    edit,
    field_errors,
    flashes,
    fresh,
    text,
    visible,
    vote_data,
)

TODAY = date.today()


def count(model) -> int:
    db.session.expire_all()
    return db.session.scalar(select(func.count()).select_from(model))


def is_login_redirect(response) -> bool:
    return response.status_code == 302 and "/auth/login" in response.headers["Location"]


@pytest.fixture
def people(participant, member, moderator, admin):
    """One user per role (None: anonymous)."""
    return {"anonymous": None, "participant": participant, "steering": member,
            "moderator": moderator, "admin": admin}


@pytest.fixture
def as_role(app, people):
    """A client logged in as the user of `role` (anonymous: not logged in)."""

    def make(role):
        user = people[role]
        return app.test_client() if user is None else client_for(app, user)

    return make


def item_of(version, draft_item):
    """The version's copy of a draft item."""
    return versions.version_items_by_ref(version)[draft_item.id]


@pytest.fixture
def verdict(review, version, draft, member):
    """The first member objects to the interpreters' pool, with a remark."""
    row = versions.record_verdict(review, member, verdict="object",
                                  remark="Wer bezahlt den Pool?",
                                  version_item=item_of(version, draft.interpreters))
    db.session.commit()
    return row


def publish(version):
    version = fresh(version)
    version.visibility = "published"
    db.session.commit()
    return version


# --- who may act ------------------------------------------------------------------------------

def staff_posts(version, verdict) -> dict[str, dict]:
    n = version.number
    return {
        "/concept/versions/": {"label": "Noch eine Fassung", "visibility": "published"},
        f"/concept/versions/{n}/visibility": {"visibility": "published"},
        f"/concept/versions/{n}/review": {"deadline": (TODAY + timedelta(days=7)).isoformat()},
        f"/concept/versions/{n}/review/close": {},
        f"/concept/versions/{n}/adoptions": {"body": "Sozialausschuss",
                                             "adopted_on": "2017-11-27"},
        f"/review/{n}/verdicts/{verdict.id}/answer": {"answer_kind": "explained",
                                                      "answer": "Der Landkreis."},
    }


def assert_nothing_managed(version, verdict):
    assert count(Version) == 1
    assert fresh(version).visibility == "internal"
    assert count(Review) == 1 and fresh(version).reviews[0].closed_at is None
    assert count(Adoption) == 0
    assert fresh(verdict).answer == ""


def test_anonymous_is_sent_to_login_for_every_staff_action(as_role, version, verdict):
    client = as_role("anonymous")
    for path, data in staff_posts(version, verdict).items():
        assert is_login_redirect(client.post(path, data=data)), path
    assert_nothing_managed(version, verdict)


@pytest.mark.parametrize("role", ["participant", "steering"])
def test_participants_and_steering_may_not_manage_versions(as_role, version, verdict, role):
    client = as_role(role)
    for path, data in staff_posts(version, verdict).items():
        assert client.post(path, data=data).status_code == 403, path
    assert_nothing_managed(version, verdict)


@pytest.mark.parametrize("role", ["moderator", "admin"])
def test_staff_publish_close_adopt_and_answer(as_role, version, verdict, role):
    client = as_role(role)
    posts = staff_posts(version, verdict)
    del posts[f"/concept/versions/{version.number}/review"]  # a review is already open
    for path, data in posts.items():
        response = client.post(path, data=data)
        assert response.status_code == 302, (path, response.status_code)
        assert "/auth/login" not in response.headers["Location"], path
    assert count(Version) == 2
    assert fresh(version).visibility == "published"
    assert fresh(version).reviews[0].closed_at is not None
    assert [a.body for a in fresh(version).adoptions] == ["Sozialausschuss"]
    assert fresh(verdict).answer == "Der Landkreis."


def test_actions_are_not_reachable_by_get(as_role, version, verdict):
    client = as_role("moderator")
    for path in staff_posts(version, verdict):
        if path == "/concept/versions/":
            continue  # GET is the list
        assert client.get(path).status_code == 405, path


# --- who may read -----------------------------------------------------------------------------

def internal_pages(n: int) -> dict[str, str]:
    return {"show": f"/concept/versions/{n}", "diff": f"/concept/versions/{n}/diff/{n}",
            "review": f"/review/{n}", "part": f"/review/{n}?part=sprache",
            "overview": f"/review/{n}/overview"}


def test_anonymous_cannot_see_internal_versions(as_role, version, review):
    client = as_role("anonymous")
    pages = internal_pages(version.number)
    assert client.get(pages["show"]).status_code == 404
    assert client.get(pages["diff"]).status_code == 404
    # The review pages are behind the login (login_required runs first), so anonymous visitors
    # are sent to the login page instead of a 404; nothing of the version is shown either way.
    for name in ("review", "part", "overview"):
        assert is_login_redirect(client.get(pages[name])), name
    listing = client.get("/concept/versions/")
    assert listing.status_code == 200
    assert version.label not in text(listing)
    assert "Den aktuellen Entwurf einfrieren" not in text(listing)


def test_participants_cannot_see_internal_versions(as_role, version, review):
    client = as_role("participant")
    pages = internal_pages(version.number)
    assert client.get(pages["show"]).status_code == 404
    assert client.get(pages["diff"]).status_code == 404
    # The review pages check the role before they look the version up: 403 for any number, so
    # the answer does not tell whether an internal version exists.
    for name in ("review", "part", "overview"):
        assert client.get(pages[name]).status_code == 403, name
    assert client.get("/review/99").status_code == 403
    assert version.label not in text(client.get("/concept/versions/"))


def test_steering_reads_internal_versions_and_reviews(as_role, version, review):
    client = as_role("steering")
    for name, path in internal_pages(version.number).items():
        response = client.get(path)
        assert response.status_code == 200, name
    assert version.label in text(client.get("/concept/versions/"))
    # no staff tools for the steering group
    page = text(client.get(f"/concept/versions/{version.number}"))
    assert "Beschluss eintragen" not in page and "Veröffentlichen" not in page
    assert "Den aktuellen Entwurf einfrieren" not in text(client.get("/concept/versions/"))


@pytest.mark.parametrize("role", ["moderator", "admin"])
def test_staff_read_internal_versions_and_get_the_overview_instead_of_a_ballot(
        as_role, version, review, role):
    client = as_role(role)
    pages = internal_pages(version.number)
    for name in ("show", "diff", "overview"):
        assert client.get(pages[name]).status_code == 200, name
    # Staff do not vote: the review page sends them to the overview.
    response = client.get(pages["review"])
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/review/{version.number}/overview")
    page = text(client.get(pages["show"]))
    assert "Beschluss eintragen" in page and "Veröffentlichen" in page
    assert "Den aktuellen Entwurf einfrieren" in text(client.get("/concept/versions/"))


def test_a_version_without_review_has_no_review_pages(as_role, version):
    client = as_role("steering")
    assert client.get(f"/review/{version.number}").status_code == 404
    assert client.get(f"/review/{version.number}/overview").status_code == 404


def test_unknown_versions_and_parts_are_404(as_role, version, review):
    client = as_role("moderator")
    assert client.get("/concept/versions/99").status_code == 404
    assert client.get(f"/concept/versions/{version.number}/diff/99").status_code == 404
    assert client.get(f"/concept/versions/{version.number}/diff/x").status_code == 404
    member_client = as_role("steering")
    assert member_client.get(f"/review/{version.number}?part=gibt-es-nicht").status_code == 404


@pytest.mark.parametrize("role", ["anonymous", "participant", "steering", "moderator", "admin"])
def test_published_versions_are_read_by_everyone(as_role, version, freeze, role):
    publish(version)
    second = freeze("Zweite Fassung", visibility="published")
    client = as_role(role)
    response = client.get(f"/concept/versions/{version.number}")
    assert response.status_code == 200
    assert "Entwurf nach der Dialogveranstaltung" in text(response)
    assert "Einen Dolmetscherpool aufbauen" in text(response)
    assert client.get(f"/concept/versions/{version.number}/diff/{second.number}"
                      ).status_code == 200
    assert "Zweite Fassung" in text(client.get("/concept/versions/"))


def test_a_diff_with_an_internal_version_is_404_for_the_public(as_role, version, freeze):
    publish(version)
    internal = freeze("Interne Fassung")
    client = as_role("participant")
    assert client.get(f"/concept/versions/{version.number}/diff/{internal.number}"
                      ).status_code == 404
    assert client.get(f"/concept/versions/{internal.number}/diff/{version.number}"
                      ).status_code == 404


@pytest.mark.parametrize("role,status", [("anonymous", 404), ("participant", 404),
                                         ("representative", 404), ("steering", 200),
                                         ("moderator", 200), ("admin", 200)])
def test_only_staff_and_steering_compare_with_the_draft(as_role, people, make_user,
                                                        make_organisation, version, concept,
                                                        role, status):
    # The version and the draft are both public here: still, the working draft is compared
    # only by those who work on it (rule version.compare_draft): for anyone else the diff
    # with the draft does not exist, and the draft page does not link it.
    if role == "representative":
        people["representative"] = make_user(display_name="Rana")
        make_organisation(representatives=[people["representative"]], verified=True)
    publish(version)
    assert fresh(concept).draft_published
    client = as_role(role)
    draft_page = text(client.get("/concept/draft"))
    assert (f"/concept/versions/{version.number}/diff/draft" in draft_page) == (status == 200)
    assert client.get(f"/concept/versions/{version.number}/diff/draft").status_code == status
    assert client.get(f"/concept/versions/draft/diff/{version.number}").status_code == status
    chooser = text(client.get("/concept/versions/"))
    assert ('value="draft"' in chooser) == (status == 200)


# --- voting -----------------------------------------------------------------------------------

@pytest.fixture
def ballot(version, draft):
    """What a member posts: an agreement with the evening courses."""
    target = f"item-{item_of(version, draft.evening).id}"
    return target, vote_data(target, "agree", part="sprache")


def test_only_steering_members_vote(as_role, version, review, ballot):
    path = f"/review/{version.number}/verdicts"
    _target, data = ballot
    assert is_login_redirect(as_role("anonymous").post(path, data=data))
    # an internal version does not exist for participants
    assert as_role("participant").post(path, data=data).status_code == 404
    for role in ("moderator", "admin"):
        assert as_role(role).post(path, data=data).status_code == 403, role
    publish(version)
    assert as_role("participant").post(path, data=data).status_code == 403
    assert count(Verdict) == 0
    response = as_role("steering").post(path, data=data)
    assert response.status_code == 302
    assert count(Verdict) == 1


@pytest.mark.parametrize("change", ["closed", "expired"])
def test_nobody_votes_once_the_review_is_over(as_role, version, review, ballot, member, change):
    row = fresh(review)
    if change == "closed":
        versions.close_review(row, actor=None)
    else:
        row.deadline = TODAY - timedelta(days=1)
    db.session.commit()
    client = as_role("steering")
    assert client.post(f"/review/{version.number}/verdicts", data=ballot[1]).status_code == 403
    assert count(Verdict) == 0
    # what was reviewed stays readable, without the ballot
    page = client.get(f"/review/{version.number}?part=sprache")
    assert page.status_code == 200
    assert "Die Prüfung ist abgeschlossen" in text(page)
    assert "Votum speichern" not in text(page)


def test_a_verdict_on_an_item_of_another_version_is_refused(as_role, version, review, freeze,
                                                           draft):
    other = freeze("Andere Fassung")
    target = f"item-{item_of(other, draft.evening).id}"
    response = as_role("steering").post(f"/review/{version.number}/verdicts",
                                         data=vote_data(target, "agree", part="sprache"))
    # Refused (400, the use case checks the version), but the page cannot show why: the
    # item's form is not on it. Only a tampered form gets here; a 404, as for a chapter of
    # another version, would be the consistent answer (see the report).
    assert response.status_code in (400, 404)
    assert count(Verdict) == 0


def test_a_verdict_on_nothing_is_404(as_role, version, review):
    client = as_role("steering")
    for target in ("item-999999", "chapter-999999", "nonsense", ""):
        response = client.post(f"/review/{version.number}/verdicts",
                               data=vote_data(target, "agree"))
        assert response.status_code == 404, target
    assert count(Verdict) == 0


# --- forms: freeze ----------------------------------------------------------------------------

def test_freezing_without_label_shows_the_error_and_keeps_the_note(as_role, draft):
    client = as_role("moderator")
    response = client.post("/concept/versions/", data={
        "label": "  ", "note": "Bitte besonders auf die Sprachmittlung achten.",
        "visibility": "internal"})
    assert response.status_code == 400
    page = text(response)
    assert 'class="error-summary"' in page
    assert re.search(r'<input[^>]*aria-invalid="true"[^>]*name="label"'
                     r'|<input[^>]*name="label"[^>]*aria-invalid="true"', page)
    assert "Dieses Feld wird benötigt." in field_errors(response)
    assert "Bitte besonders auf die Sprachmittlung achten." in page
    assert count(Version) == 0


def test_freezing_redirects_to_the_version_and_says_how_many_items(as_role, draft):
    client = as_role("moderator")
    response = client.post("/concept/versions/", data={
        "label": "Entwurf nach der Dialogveranstaltung", "note": "Neu: **Sprachmittlung**.",
        "visibility": "internal"})
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/concept/versions/1")
    page = client.get(response.headers["Location"])
    assert "Fassung 1 ist eingefroren: 10 Elemente, 2 Kapitel." in flashes(page)
    assert "<strong>Sprachmittlung</strong>" in text(page)
    version = db.session.scalar(select(Version))
    assert (version.number, version.label, version.visibility) == (
        1, "Entwurf nach der Dialogveranstaltung", "internal")


def test_freezing_an_empty_draft_is_refused_with_a_message(as_role, concept):
    response = as_role("moderator").post("/concept/versions/", data={
        "label": "Leer", "visibility": "internal"})
    assert response.status_code == 400
    assert "Der Entwurf enthält noch keine Ziele oder Maßnahmen." in field_errors(response)
    assert count(Version) == 0


def test_publishing_and_withdrawing_a_version(as_role, version):
    client = as_role("moderator")
    response = client.post(f"/concept/versions/{version.number}/visibility",
                           data={"visibility": "published"}, follow_redirects=True)
    assert "Fassung 1 ist jetzt öffentlich." in flashes(response)
    assert as_role("anonymous").get(f"/concept/versions/{version.number}").status_code == 200
    response = client.post(f"/concept/versions/{version.number}/visibility",
                           data={"visibility": "internal"}, follow_redirects=True)
    assert "nur noch intern sichtbar" in flashes(response)
    assert as_role("anonymous").get(f"/concept/versions/{version.number}").status_code == 404


# --- forms: review ----------------------------------------------------------------------------

def test_opening_a_review_notifies_the_steering_group(as_role, version, members):
    client = as_role("moderator")
    deadline = TODAY + timedelta(days=10)
    response = client.post(f"/concept/versions/{version.number}/review", data={
        "deadline": deadline.isoformat(), "message": "Bitte bis zur Sitzung."},
        follow_redirects=True)
    assert "Die Prüfung ist eröffnet" in flashes(response)
    review = db.session.scalar(select(Review))
    assert review.deadline == deadline and review.message == "Bitte bis zur Sitzung."
    notified = db.session.scalars(select(Notification.user_id).where(
        Notification.kind == "review")).all()
    assert sorted(notified) == sorted(m.id for m in members)
    assert "in Prüfung" in text(response)


def test_a_review_deadline_in_the_past_is_refused(as_role, version, members):
    response = as_role("moderator").post(
        f"/concept/versions/{version.number}/review",
        data={"deadline": (TODAY - timedelta(days=1)).isoformat(), "message": "Bitte bis Mai"})
    # The form comes back with the error beside the date and the typed message kept.
    assert response.status_code == 400
    assert "Die Frist muss heute oder später sein." in field_errors(response)
    assert "Bitte bis Mai" in text(response)
    assert count(Review) == 0 and count(Notification) == 0


def test_closing_a_review(as_role, version, review):
    client = as_role("moderator")
    response = client.post(f"/concept/versions/{version.number}/review/close",
                           follow_redirects=True)
    assert "Die Prüfung ist abgeschlossen." in flashes(response)
    assert fresh(review).closed_at is not None


# --- forms: verdicts --------------------------------------------------------------------------

def test_an_objection_without_remark_is_refused(as_role, version, review, draft):
    target = f"item-{item_of(version, draft.interpreters).id}"
    response = as_role("steering").post(
        f"/review/{version.number}/verdicts",
        data=vote_data(target, "object", "   ", part="sprache"))
    # shown again in place: the error beside the item's form, the choice kept
    assert response.status_code == 400
    box = re.search(rf'<div class="verdict-box" id="{target}">(.*?)</form>', text(response),
                    re.S).group(1)
    assert "Bitte begründen Sie Ihren Einwand oder Ihre Anmerkung." in box
    assert re.search(r'<input[^>]*checked[^>]*value="object"|<input[^>]*value="object"'
                     r'[^>]*checked', box)
    assert count(Verdict) == 0


def test_a_verdict_is_saved_shown_and_counted(as_role, version, review, draft, member):
    client = as_role("steering")
    target = f"item-{item_of(version, draft.interpreters).id}"
    page = client.get(f"/review/{version.number}?part=sprache")
    assert "Sie haben 0 von 12 Kapiteln und Elementen geprüft." in visible(page)
    response = client.post(f"/review/{version.number}/verdicts",
                           data=vote_data(target, "object", "Wer bezahlt den Pool?",
                                          part="sprache"))
    assert response.status_code == 302
    assert response.headers["Location"].endswith(
        f"/review/{version.number}?part=sprache#{target}")
    page = client.get(response.headers["Location"])
    assert "Ihr Votum ist gespeichert." in flashes(page)
    assert "Sie haben 1 von 12 Kapiteln und Elementen geprüft." in visible(page)
    box = re.search(rf'<div class="verdict-box" id="{target}">(.*?)</form>', text(page), re.S)
    assert box and "Einwand" in box.group(1) and "Wer bezahlt den Pool?" in box.group(1)
    # the form shows the verdict as chosen
    assert re.search(rf'<input[^>]*checked[^>]*value="object"|'
                     rf'<input[^>]*id="{target}-verdict-2"[^>]*checked', box.group(1))
    row = db.session.scalar(select(Verdict))
    assert (row.user_id, row.verdict, row.remark) == (member.id, "object",
                                                      "Wer bezahlt den Pool?")


def test_a_verdict_on_a_chapter(as_role, version, review):
    client = as_role("steering")
    chapter = fresh(version).chapters[0]
    target = f"chapter-{chapter.id}"
    response = client.post(f"/review/{version.number}/verdicts",
                           data=vote_data(target, "agree", part="chapters"),
                           follow_redirects=True)
    assert "Ihr Votum ist gespeichert." in flashes(response)
    assert "Sie haben 1 von 12 Kapiteln und Elementen geprüft." in visible(response)
    assert db.session.scalar(select(Verdict.version_chapter_id)) == chapter.id


def test_changing_a_verdict(as_role, version, review, draft):
    client = as_role("steering")
    target = f"item-{item_of(version, draft.interpreters).id}"
    path = f"/review/{version.number}/verdicts"
    client.post(path, data=vote_data(target, "object", "Wer bezahlt?", part="sprache"))
    response = client.post(path, data=vote_data(target, "agree_with_remarks",
                                                "Geklärt, aber bitte befristen.",
                                                part="sprache"), follow_redirects=True)
    assert "Sie haben 1 von 12 Kapiteln und Elementen geprüft." in visible(response)
    assert "Geklärt, aber bitte befristen." in text(response)
    rows = db.session.scalars(select(Verdict)).all()
    assert [(r.verdict, r.remark) for r in rows] == [
        ("agree_with_remarks", "Geklärt, aber bitte befristen.")]


def test_two_members_vote_independently_and_the_overview_shows_both(
        app, as_role, version, review, draft, members):
    # Guards a regression: the staff overview's answer form once unpacked SelectChoice
    # objects as (value, label) pairs and answered 500 as soon as a verdict had a remark.
    target = f"item-{item_of(version, draft.interpreters).id}"
    path = f"/review/{version.number}/verdicts"
    client_for(app, members[0]).post(path, data=vote_data(target, "object", "Zu teuer."))
    client_for(app, members[1]).post(path, data=vote_data(target, "agree"))
    assert count(Verdict) == 2
    overview = as_role("moderator").get(f"/review/{version.number}/overview")
    page = text(overview)
    assert "Selma Steuerung" in page and "Tarek Träger" in page
    assert "Zu teuer." in page
    # items with objections come first in the matrix
    first_row = re.search(r"<tbody>\s*<tr([^>]*)>\s*<th[^>]*>(.*?)</th>", page, re.S)
    assert "review-matrix__objection" in first_row.group(1)
    assert "Dolmetscherpool" in first_row.group(2)


# --- forms: answers ---------------------------------------------------------------------------

def test_an_answer_is_saved_and_the_member_sees_it(app, as_role, version, verdict, member):
    staff = as_role("moderator")
    response = staff.post(f"/review/{version.number}/verdicts/{verdict.id}/answer", data={
        "answer_kind": "resolved", "answer": "Der Landkreis übernimmt die Kosten."})
    assert response.status_code == 302
    assert response.headers["Location"].endswith(
        f"/review/{version.number}/overview#verdict-{verdict.id}")
    overview = staff.get(response.headers["Location"])
    assert "Die Antwort ist gespeichert; das Mitglied wurde benachrichtigt." in flashes(overview)
    assert "Der Landkreis übernimmt die Kosten." in text(overview)
    row = fresh(verdict)
    assert (row.answer, row.answer_kind) == ("Der Landkreis übernimmt die Kosten.", "resolved")
    page = text(client_for(app, member).get(f"/review/{version.number}?part=sprache"))
    assert "Antwort des Amtes" in page
    assert "Der Landkreis übernimmt die Kosten." in page
    assert "in der nächsten Fassung berücksichtigt" in page
    notes = db.session.scalars(select(Notification).where(
        Notification.kind == "remark_answered")).all()
    assert [n.user_id for n in notes] == [member.id]
    assert target_url(notes[0]).startswith(absolute_link(f"/review/{version.number}"))


def test_an_answer_without_kind_or_text_is_refused(as_role, version, verdict):
    client = as_role("moderator")
    path = f"/review/{version.number}/verdicts/{verdict.id}/answer"
    # The form comes back at the remark, with the error and the typed answer kept.
    response = client.post(path, data={"answer": "Ohne Art."})
    assert response.status_code == 400
    assert "Bitte wählen Sie eine Art." in text(response)
    assert "Ohne Art." in text(response)
    response = client.post(path, data={"answer_kind": "explained", "answer": ""})
    assert response.status_code == 400 and 'aria-invalid="true"' in text(response)
    assert fresh(verdict).answer == ""
    assert count(Notification) == 0


def test_an_answer_to_a_verdict_of_another_version_is_404(as_role, version, verdict, freeze):
    other = freeze("Andere Fassung")
    response = as_role("moderator").post(
        f"/review/{other.number}/verdicts/{verdict.id}/answer",
        data={"answer_kind": "explained", "answer": "So."})
    assert response.status_code == 404
    assert fresh(verdict).answer == ""


# --- forms: adoption --------------------------------------------------------------------------

def test_recording_an_adoption(as_role, version):
    client = as_role("moderator")
    response = client.post(f"/concept/versions/{version.number}/adoptions", data={
        "body": "Sozialausschuss", "adopted_on": "2017-11-27",
        "resolution": "Der Ausschuss stimmt dem Entwurf zu.", "document_ref": "DS 2017/123"},
        follow_redirects=True)
    assert "Der Beschluss ist eingetragen." in flashes(response)
    assert "Beschlossen vom Gremium Sozialausschuss am 27.11.2017." in visible(response)
    assert "DS 2017/123" in text(response)
    adoption = db.session.scalar(select(Adoption))
    assert (adoption.body, adoption.adopted_on) == ("Sozialausschuss", date(2017, 11, 27))


def test_an_adoption_by_another_body(as_role, version):
    response = as_role("admin").post(f"/concept/versions/{version.number}/adoptions", data={
        "body": "__other__", "body_other": "Gemeinderat Singen", "adopted_on": "2017-12-05"},
        follow_redirects=True)
    assert "Beschlossen vom Gremium Gemeinderat Singen am 05.12.2017." in visible(response)


@pytest.mark.parametrize("data,message", [
    ({"body": "Sozialausschuss", "adopted_on": "tomorrow"},
     "Das Datum des Beschlusses liegt in der Zukunft."),
    ({"body": "__other__", "body_other": "  ", "adopted_on": "2017-11-27"},
     "Bitte nennen Sie das Gremium."),
    ({"body": "Sozialausschuss", "adopted_on": ""}, "Dieses Feld wird benötigt."),
])
def test_a_wrong_adoption_is_refused_with_a_message(as_role, version, data, message):
    # Tomorrow as of the test, not of its collection (a run that passes midnight).
    tomorrow = (date.today() + timedelta(days=1)).isoformat()
    data = {**data, "resolution": "Der Ausschuss stimmt zu."}
    if data["adopted_on"] == "tomorrow":
        data["adopted_on"] = tomorrow
    response = as_role("moderator").post(f"/concept/versions/{version.number}/adoptions",
                                         data=data)
    # The form comes back with the error beside its field and the typed resolution kept.
    assert response.status_code == 400
    assert message in field_errors(response)
    assert "Der Ausschuss stimmt zu." in text(response)
    assert count(Adoption) == 0
    assert "Beschlossen vom Gremium" not in visible(response)


# --- CSRF -------------------------------------------------------------------------------------

def csrf_on(app, monkeypatch):
    """Switch CSRF on (after logging in: the login form has its own token)."""
    monkeypatch.setitem(app.config, "WTF_CSRF_ENABLED", True)


def test_posts_without_csrf_token_are_refused(app, monkeypatch, as_role, version, verdict,
                                              ballot):
    staff, member = as_role("moderator"), as_role("steering")
    csrf_on(app, monkeypatch)
    for path, data in staff_posts(version, verdict).items():
        assert staff.post(path, data=data).status_code == 400, path
    assert_nothing_managed(version, verdict)
    assert member.post(f"/review/{version.number}/verdicts", data=ballot[1]).status_code == 400
    assert count(Verdict) == 1  # only the fixture's


def test_the_forms_carry_their_tokens(app, monkeypatch, as_role, version, review, ballot):
    staff, member = as_role("moderator"), as_role("steering")
    csrf_on(app, monkeypatch)
    token = csrf_token(staff.get("/concept/versions/"))
    response = staff.post("/concept/versions/", data={
        "label": "Mit Token", "visibility": "internal", "csrf_token": token})
    assert response.status_code == 302
    assert count(Version) == 2
    # the verdict forms are prefixed with their target, and so is their token
    target, data = ballot
    page = member.get(f"/review/{version.number}?part=sprache")
    data[f"{target}-csrf_token"] = csrf_token(page, f"{target}-csrf_token")
    assert member.post(f"/review/{version.number}/verdicts", data=data).status_code == 302
    assert count(Verdict) == 1


# --- the diff page ----------------------------------------------------------------------------

@pytest.fixture
def second(draft, version, moderator, make_item, topic, freeze):
    """Version 2: one word of a measure changed, a measure added, one withdrawn."""
    edit(draft.interpreters, moderator, text="Einen Sprachmittlerpool aufbauen")
    make_item(topic, "measure", "Sprachkurse für Eltern", parent_id=draft.courses.id)
    concepts.withdraw_item(fresh(draft.evening), reason="erledigt", actor=fresh(moderator))
    db.session.commit()
    return freeze("Entwurf nach der Prüfung")


def entries(response, change: str) -> list[str]:
    return re.findall(rf'<article class="diff-entry diff-entry--{change}">(.*?)</article>',
                      text(response), re.S)


def test_the_diff_marks_a_changed_word_perceivably(as_role, version, second):
    response = as_role("steering").get(f"/concept/versions/{version.number}/diff/"
                                       f"{second.number}")
    assert response.status_code == 200
    page = text(response)
    # the legend shows one <del> and one <ins> too; the change is the other one
    deletions = re.findall(r'<del class="diff-del">(.*?)</del>', page, re.S)
    insertions = re.findall(r'<ins class="diff-ins">(.*?)</ins>', page, re.S)
    assert any("[gestrichen:" in d and "Dolmetscherpool" in d for d in deletions), deletions
    assert any("[eingefügt:" in i and "Sprachmittlerpool" in i for i in insertions), insertions
    marked = next(d for d in deletions if "Dolmetscherpool" in d)
    assert re.fullmatch(r'<span class="visually-hidden">\[gestrichen: </span>Dolmetscherpool'
                        r'<span class="visually-hidden">\]</span>', marked)
    added = next(i for i in insertions if "Sprachmittlerpool" in i)
    assert re.fullmatch(r'<span class="visually-hidden">\[eingefügt: </span>Sprachmittlerpool'
                        r'<span class="visually-hidden">\]</span>', added)
    # only the word is marked, not the words around it
    assert not any("Einen" in d or "aufbauen" in d for d in deletions + insertions)


def test_the_diff_summary_and_added_and_removed_items(as_role, version, second):
    response = as_role("moderator").get(f"/concept/versions/{version.number}/diff/"
                                        f"{second.number}")
    summary = visible(response).split("Zusammenfassung", 1)[1]
    assert "Maßnahmen: 1 hinzugefügt, 1 entfernt, 1 geändert" in summary
    assert "Sub" not in summary and "Unterziele:" not in summary
    assert "8 Elemente unverändert." in summary
    added, removed = entries(response, "added"), entries(response, "removed")
    assert len(added) == 1 and "Sprachkurse für Eltern" in added[0]
    assert len(removed) == 1 and "Abendkurse anbieten" in removed[0]
    changed = entries(response, "changed")
    assert len(changed) == 1 and "Sprachmittlerpool" in changed[0]
    assert "Keine Unterschiede." not in text(response)


def test_identical_versions_have_no_differences(as_role, version, freeze):
    again = freeze("Unverändert")
    client = as_role("steering")
    for path in (f"/concept/versions/{version.number}/diff/{again.number}",
                 f"/concept/versions/{version.number}/diff/{version.number}",
                 f"/concept/versions/{again.number}/diff/draft"):
        response = client.get(path)
        assert "Keine Unterschiede." in text(response), path
        assert not entries(response, "changed") and not entries(response, "added")


def test_the_draft_can_be_compared_with_the_last_version(as_role, version, draft, moderator):
    edit(draft.childcare, moderator, text="Kinderbetreuung während aller Kurse")
    response = as_role("moderator").get(f"/concept/versions/{version.number}/diff/draft")
    assert "aktueller Entwurf" in text(response)
    changed = entries(response, "changed")
    assert len(changed) == 1 and "aller" in changed[0]
    # the version page and the freeze panel link to that comparison
    link = f'/concept/versions/{version.number}/diff/draft'
    assert link in text(as_role("moderator").get("/concept/versions/"))


def test_the_compare_chooser_redirects(as_role, version, second):
    client = as_role("steering")
    response = client.get("/concept/versions/compare?a=1&b=2")
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/concept/versions/1/diff/2")
    response = client.get("/concept/versions/compare?a=2&b=draft")
    assert response.headers["Location"].endswith("/concept/versions/2/diff/draft")
    assert client.get("/concept/versions/compare?a=1").status_code == 404
    assert client.get("/concept/versions/compare?a=x&b=1").status_code == 404
    # the chooser preselects the two states compared
    page = text(client.get("/concept/versions/1/diff/2"))
    # (each version's option marked with the concept's language: its label is data)
    assert re.search(r'<select[^>]*name="a"[^>]*>.*?<option dir="auto" lang="de" selected '
                     r'value="1">', page, re.S)
    assert re.search(r'<select[^>]*name="b"[^>]*>.*?<option dir="auto" lang="de" selected '
                     r'value="2">', page, re.S)


# --- the concept page -------------------------------------------------------------------------

def test_the_public_reads_the_latest_published_version_not_later_edits(
        as_role, version, draft, moderator):
    publish(version)
    edit(draft.interpreters, moderator, text="Einen Sprachmittlerpool aufbauen")
    response = as_role("anonymous").get("/concept/")
    page = text(response)
    assert "Einen Dolmetscherpool aufbauen" in page
    assert "Sprachmittlerpool" not in page
    assert "Fassung 1" in page and "Entwurf nach der Dialogveranstaltung" in page
    assert "noch von keinem Gremium beschlossen" in page
    # the draft (public in this concept) shows the edit
    assert "Sprachmittlerpool" in text(as_role("anonymous").get("/concept/draft"))


def test_a_later_internal_version_does_not_replace_the_published_one(as_role, version, draft,
                                                                     moderator, freeze):
    publish(version)
    edit(draft.interpreters, moderator, text="Einen Sprachmittlerpool aufbauen")
    freeze("Intern")
    page = text(as_role("participant").get("/concept/"))
    assert "Einen Dolmetscherpool aufbauen" in page and "Sprachmittlerpool" not in page


def test_the_concept_page_names_the_adoption(as_role, version, moderator):
    publish(version)
    versions.record_adoption(fresh(version), body="Sozialausschuss",
                             adopted_on=date(2017, 11, 27), actor=fresh(moderator))
    db.session.commit()
    response = as_role("anonymous").get("/concept/")
    assert "Beschlossen vom Gremium Sozialausschuss am 27.11.2017." in visible(response)
    assert "beschlossen" in text(response)
    assert "noch von keinem Gremium beschlossen" not in text(response)


def test_every_version_link_of_the_public_concept_page_opens(as_role, version, moderator):
    # An adopted but still internal version: the public page must not show it (or link to
    # it), since its own page answers 404 to the same visitor. (Earlier, default_version()
    # picked adopted versions whatever their visibility and this test failed.)
    versions.record_adoption(fresh(version), body="Sozialausschuss",
                             adopted_on=date(2017, 11, 27), actor=fresh(moderator))
    db.session.commit()
    client = as_role("anonymous")
    page = text(client.get("/concept/"))
    links = set(re.findall(r'href="(/concept/versions/\d+)"', page))
    for link in links:
        assert client.get(link).status_code == 200, link


@pytest.mark.parametrize("role", ["anonymous", "participant", "steering", "moderator"])
def test_every_item_link_of_the_concept_page_opens(as_role, version, draft, moderator, role):
    # Issue 16: a measure of the published version withdrawn from the draft since was linked
    # to its draft page, which is 404 for everyone but staff; now it says so instead.
    publish(version)
    concepts.withdraw_item(fresh(draft.childcare), reason="erledigt", actor=fresh(moderator))
    db.session.commit()
    client = as_role(role)
    page = text(client.get("/concept/"))
    assert "Kinderbetreuung während der Kurse" in page
    links = set(re.findall(r'href="(/concept/items/\d+)"', page))
    assert len(links) > 3
    for link in links:
        assert client.get(link).status_code == 200, link
    staff = role == "moderator"
    assert (f'href="/concept/items/{draft.childcare.id}"' in page) == staff
    assert ("inzwischen aus dem Entwurf genommen" in page) == (not staff)


def test_the_concept_page_links_each_chapter_page(as_role, version, concept):
    publish(version)
    client = as_role("anonymous")
    page = text(client.get("/concept/"))
    links = re.findall(r'href="(/concept/chapters/[^"]+)"', page)
    assert links == [f"/concept/chapters/{c.slug}" for c in fresh(concept).chapters]
    for link in links:
        assert "Text von" in text(client.get(link)), link
    assert re.findall(r'href="(/concept/chapters/[^"]+)"', text(client.get("/concept/draft"))
                      ) == links
    fresh(concept).draft_published = False  # the chapter pages show the draft's text
    db.session.commit()
    assert "/concept/chapters/" not in text(client.get("/concept/"))


@pytest.mark.parametrize("role", ["anonymous", "participant", "steering"])
def test_the_draft_links_its_changes_only_for_those_who_may_compare(as_role, version, role):
    publish(version)
    client = as_role(role)
    page = text(client.get("/concept/draft"))
    diffs = re.findall(r'href="(/concept/versions/[^"]*/diff/[^"]*)"', page)
    for link in diffs:
        assert client.get(link).status_code == 200, link
    assert bool(diffs) == (role == "steering")
    if role != "steering":
        assert "Mit dem Arbeitsentwurf vergleichen nur" in page
        assert 'href="/concept/versions/"' in page


def test_without_versions_an_unpublished_draft_is_hidden_from_the_public(as_role, concept,
                                                                         draft):
    fresh(concept).draft_published = False
    db.session.commit()
    client = as_role("anonymous")
    response = client.get("/concept/")
    assert response.status_code == 200
    page = text(response)
    assert ("Der Entwurf ist noch nicht veröffentlicht. Sobald eine Fassung freigegeben ist, "
            "können Sie sie hier lesen.") in page
    assert 'href="/topics/sprache"' in page and 'href="/topics/arbeit"' in page
    assert "Vorwort" in page
    assert "Dolmetscherpool" not in page
    assert client.get("/concept/draft").status_code == 404
    assert as_role("participant").get("/concept/draft").status_code == 404
    staff_page = as_role("steering").get("/concept/")
    assert "Dolmetscherpool" in text(staff_page)
    assert "Sie sehen ihn, weil Sie zum Amt oder zur Steuerungsgruppe gehören" in text(
        staff_page)
    assert as_role("steering").get("/concept/draft").status_code == 200


def test_without_versions_a_published_draft_is_read_as_the_draft(as_role, draft):
    page = text(as_role("anonymous").get("/concept/"))
    assert "Es gibt noch keine veröffentlichte Fassung. Sie lesen den aktuellen Arbeitsentwurf." \
        in page
    assert "Einen Dolmetscherpool aufbauen" in page


# --- remarks from network rounds --------------------------------------------------------------

@pytest.fixture
def representative(make_user):
    return make_user(display_name="Rana Vertreterin")


@pytest.fixture
def remark_round(version, make_round, make_organisation, representative, concept):
    """An open network round on version 1 for the invited organisation of `representative`."""
    organisation = make_organisation(name="Sprachbrücke e. V.", verified=True,
                                     representatives=[representative])
    round_ = make_round(concept=concept, kind="network", audience="invited",
                        kinds=("remark",), title="Netzwerkrunde zur Fassung 1")
    round_.version_id = version.id
    round_.organisations = [organisation]
    db.session.commit()
    return round_


def remark_data(topic, item=None, **values) -> dict:
    data = {"kind": "remark", "topic": str(topic.id), "item": str(item.id) if item else "",
            "title": "Dolmetscher auch für Elternabende",
            "body": "Bitte den Pool auch Schulen öffnen.", "language": "de", "on_behalf": ""}
    data.update(values)
    return data


def test_a_partner_writes_a_remark_on_an_item(app, as_role, remark_round, representative,
                                              draft, topic, version, review, moderator):
    client = client_for(app, representative)
    form = client.get(f"/rounds/{remark_round.id}/contribute?item={draft.interpreters.id}")
    assert form.status_code == 200
    select_item = re.search(r'<select[^>]*name="item"[^>]*>(.*?)</select>', text(form), re.S)
    assert select_item, "the form offers the items of the version"
    assert re.search(rf'<option dir="auto" lang="de" selected value="{draft.interpreters.id}">',
                     select_item.group(1))
    assert "Einen Dolmetscherpool aufbauen" in select_item.group(1)
    response = client.post(f"/rounds/{remark_round.id}/contribute",
                           data=remark_data(topic, draft.interpreters))
    assert response.status_code == 302, field_errors(response)
    contribution = db.session.scalar(select(Contribution))
    assert (contribution.kind, contribution.item_id) == ("remark", draft.interpreters.id)
    title = "Dolmetscher auch für Elternabende"

    staff = as_role("moderator")
    workbench = text(staff.get(f"/workbench/{topic.slug}"))
    remarks = re.findall(r'<details class="item-remarks"[^>]*>(.*?)</details>', workbench, re.S)
    assert len(remarks) == 1 and title in remarks[0]
    assert "Einen Dolmetscherpool aufbauen" in remarks[0]  # names the item it is about

    item_page = text(staff.get(f"/concept/items/{draft.interpreters.id}"))
    assert "Anmerkungen zu diesem Element" in item_page and title in item_page
    assert title not in text(staff.get(f"/concept/items/{draft.evening.id}"))

    overview = text(staff.get(f"/review/{version.number}/overview"))
    assert "Anmerkungen aus Netzwerkrunden" in overview
    section = overview.split("Anmerkungen aus Netzwerkrunden", 1)[1]
    assert title in section and "Dolmetscherpool" in section
    assert "1 Anmerkung aus dem Netzwerk" in overview


def test_the_version_page_links_each_item_to_the_remark_form(app, as_role, remark_round,
                                                            representative, version, draft):
    # internal versions are for staff and steering: invited partners remark on published ones
    publish(version)
    page = text(client_for(app, representative).get(f"/concept/versions/{version.number}"))
    assert ('In der Runde „<span lang="de" dir="ltr">Netzwerkrunde zur Fassung 1</span>“'
            in page)
    assert (f'/rounds/{remark_round.id}/contribute?item={draft.interpreters.id}'
            in page)
    assert "Anmerkung schreiben" not in text(as_role("participant").get(
        f"/concept/versions/{version.number}"))


def test_a_remark_without_item_is_refused(app, remark_round, representative, topic):
    client = client_for(app, representative)
    response = client.post(f"/rounds/{remark_round.id}/contribute", data=remark_data(topic))
    assert response.status_code == 200
    assert ("Bitte wählen Sie das Ziel oder die Maßnahme, auf die sich Ihre Anmerkung "
            "bezieht.") in field_errors(response)
    assert "Bitte den Pool auch Schulen öffnen." in text(response)  # what was typed stays
    assert count(Contribution) == 0


def test_a_remark_on_an_item_outside_the_version_is_refused(app, remark_round, representative,
                                                           topic, make_item):
    later = make_item(topic, "sub_goal", "Nach dem Einfrieren angelegt")
    client = client_for(app, representative)
    response = client.post(f"/rounds/{remark_round.id}/contribute",
                           data=remark_data(topic, later))
    assert response.status_code == 200
    assert count(Contribution) == 0


def test_outsiders_cannot_write_remarks(as_role, remark_round, draft, topic):
    client = as_role("participant")
    response = client.post(f"/rounds/{remark_round.id}/contribute",
                           data=remark_data(topic, draft.interpreters))
    assert response.status_code == 403
    assert count(Contribution) == 0


# --- agreeing to the rest of a part -----------------------------------------------------------

def test_a_member_agrees_to_the_rest_of_a_part_in_one_step(as_role, version, review, draft,
                                                          verdict, topic):
    client = as_role("steering")
    page = client.get(f"/review/{version.number}?part={topic.slug}")
    document = versions.version_document(version)
    section = next(s for s in document.sections if s.topic.slug == topic.slug)
    open_before = len(section.draft.items) - 1  # the objection of the `verdict` fixture
    assert f"In diesem Teil sind {open_before} Elemente noch ohne Ihr Votum." in visible(page)

    response = client.post(f"/review/{version.number}/agree-rest", data={"part": topic.slug},
                           follow_redirects=True)
    assert f"Zustimmung zu {open_before} weiteren Elementen gespeichert." in flashes(response)
    assert "noch ohne Ihr Votum" not in visible(response)
    rows = versions.verdicts_of(fresh(review), user=verdict.user)
    assert len(rows) == len(section.draft.items)
    # The objection given before stays as it was.
    assert next(r for r in rows if r.id == verdict.id).verdict == "object"


def test_agreeing_to_the_rest_is_for_voting_members_only(as_role, version, review, topic):
    for role in ("moderator", "admin", "participant"):
        response = as_role(role).post(f"/review/{version.number}/agree-rest",
                                      data={"part": topic.slug})
        assert response.status_code in (403, 404)
    assert count(Verdict) == 0
    response = as_role("steering").post(f"/review/{version.number}/agree-rest",
                                        data={"part": "no-such-part"})
    assert response.status_code == 404

"""Journeys of issue 3: contributing, editing, commenting, supporting, replying; contributing on
behalf of an organisation; a moderator hiding a comment and its author seeing why."""

import re

from playwright.sync_api import expect
from sqlalchemy import select

from app.contributions.models import Comment, Contribution
from app.core.outbox import OutboxMessage
from app.rounds.models import Round
from tests.e2e.helpers import assert_accessible, confirm_path, login, logout, visit

PASSWORD = "Ein langer Satz als Passwort"
OPEN_ROUND = "Online-Beteiligung: Ziele und Maßnahmen"


def open_round_id(db) -> int:
    db.session.rollback()
    return db.session.scalar(select(Round.id).where(Round.title == OPEN_ROUND))


def register_and_confirm(page, db, name, email):
    visit(page, "/auth/register")
    page.get_by_label("Angezeigter Name", exact=True).fill(name)
    page.get_by_label("E-Mail-Adresse", exact=True).fill(email)
    page.get_by_label("Passwort", exact=True).fill(PASSWORD)
    page.get_by_label("Passwort wiederholen", exact=True).fill(PASSWORD)
    page.get_by_label("Ich habe die Datenschutzhinweise gelesen und bin einverstanden.").check()
    page.get_by_role("button", name="Konto anlegen").click()
    expect(page).to_have_url(re.compile(r"/auth/registered$"))
    db.session.rollback()
    body = db.session.scalar(select(OutboxMessage.body).where(OutboxMessage.recipient == email))
    db.session.rollback()
    page.goto(confirm_path(body))
    expect(page.locator(".flashes .notice--success")).to_contain_text("bestätigt")
    assert_accessible(page)


def write_contribution(page, round_id, title, body, topic="Sprache", on_behalf=None):
    visit(page, f"/rounds/{round_id}")
    page.get_by_role("link", name="Beitrag schreiben").first.click()
    expect(page).to_have_url(re.compile(rf"/rounds/{round_id}/contribute"))
    assert_accessible(page)
    page.get_by_label("Maßnahmenvorschlag").check()
    page.locator("#topic").select_option(label=topic)
    page.get_by_label("Titel", exact=True).fill(title)
    page.locator("#body").fill(body)
    if on_behalf:
        page.locator("#on_behalf").select_option(label=on_behalf)
    page.get_by_role("button", name="Beitrag einreichen").click()
    expect(page).to_have_url(re.compile(r"/contributions/\d+$"))
    expect(page.locator("h1")).to_have_text(title)
    assert_accessible(page)
    return int(page.url.rsplit("/", 1)[1])


def test_contribute_edit_comment_support_reply(browser, live_server, page, db, demo):
    round_id = open_round_id(db)
    register_and_confirm(page, db, "Amira", "amira@example.org")
    body = "Wir brauchen:\n\n- Sprachkurse am Abend\n- Kinderbetreuung während des Kurses"
    contribution_id = write_contribution(page, round_id, "Abendkurse mit Kinderbetreuung", body)
    expect(page.locator("main .user-text li")).to_have_count(2)
    reference = f"B-{contribution_id:04d}"
    expect(page.locator("main")).to_contain_text(reference)

    # The author edits; the old text stays in the history.
    page.get_by_role("link", name="Bearbeiten").click()
    assert_accessible(page)
    page.locator("#body").fill(body + "\n- Kurse auch in Radolfzell")
    page.get_by_role("button", name="Änderungen speichern").click()
    expect(page.locator("main .user-text li")).to_have_count(3)
    assert_accessible(page)
    page.get_by_role("link", name=re.compile("Versionsgeschichte")).click()
    expect(page.locator("main")).to_contain_text("Kinderbetreuung während des Kurses")
    assert_accessible(page)

    # A second participant comments and supports, in a browser of their own.
    other = browser.new_context(base_url=live_server.url, locale="de-DE")
    second = other.new_page()
    login(second, demo.participant, demo.password)
    visit(second, f"/contributions/{contribution_id}")
    second.get_by_role("button", name="Unterstützen").click()
    expect(second.get_by_role("button", name="Unterstützung zurücknehmen")).to_be_visible()
    second.get_by_label("Ihr Kommentar").fill("Gute Idee! Gibt es dafür schon Räume?")
    second.get_by_role("button", name="Kommentar senden").click()
    expect(second.locator("#comments")).to_contain_text("Gibt es dafür schon Räume?")
    assert_accessible(second)

    # The author is told and replies to the comment.
    page.goto(f"/contributions/{contribution_id}")
    expect(page.locator(".bell__count")).to_have_text("1")
    page.get_by_role("link", name="Antworten").first.click()
    assert_accessible(page)
    page.get_by_label("Ihr Kommentar").fill("Die VHS hat Räume angeboten.")
    page.get_by_role("button", name="Kommentar senden").click()
    expect(page.locator("#comments")).to_contain_text("Die VHS hat Räume angeboten.")
    assert_accessible(page)
    db.session.rollback()
    reply = db.session.scalar(select(Comment).where(Comment.body.contains("VHS hat Räume")))
    assert reply.parent_id is not None
    visit(page, "/me/contributions")
    expect(page.locator("main")).to_contain_text(reference)
    other.close()


def test_representative_contributes_on_behalf_of_her_organisation(page, db, demo):
    round_id = open_round_id(db)
    login(page, demo.representative, demo.password)
    contribution_id = write_contribution(
        page, round_id, "Elterncafé in der Moschee", "Ein Treffpunkt für Eltern.",
        topic="Bildung",
        on_behalf="Brückenschlag – Verein syrischer und irakischer Familien e. V.")
    expect(page.locator("main")).to_contain_text("Brückenschlag")
    expect(page.locator("main .badge--verified").first).to_be_visible()
    db.session.rollback()
    contribution = db.session.get(Contribution, contribution_id)
    assert contribution.organisation is not None


def test_moderator_hides_a_comment_and_the_author_sees_why(browser, live_server, page, db,
                                                           demo):
    round_id = open_round_id(db)
    login(page, demo.participant, demo.password)
    db.session.rollback()
    contribution_id = db.session.scalar(
        select(Contribution.id).where(Contribution.round_id == round_id,
                                      Contribution.status == "published")
        .order_by(Contribution.id))
    visit(page, f"/contributions/{contribution_id}")
    page.get_by_label("Ihr Kommentar").fill("Ruft mich an: 0151 1234567")
    page.get_by_role("button", name="Kommentar senden").click()
    expect(page.locator("#comments")).to_contain_text("0151 1234567")

    staff = browser.new_context(base_url=live_server.url, locale="de-DE")
    moderator = staff.new_page()
    login(moderator, demo.moderator, demo.password)
    visit(moderator, f"/contributions/{contribution_id}")
    comment = moderator.locator("#comments li", has_text="0151 1234567").last
    comment.get_by_role("link", name="Kommentar ausblenden").click()
    assert_accessible(moderator)
    moderator.get_by_label(re.compile("Grund", re.I)).last.fill(
        "Enthielt eine Telefonnummer")
    moderator.get_by_role("button", name="Ausblenden").click()
    expect(moderator.locator(".flashes")).to_be_visible()
    assert_accessible(moderator)
    visit(moderator, "/moderation/log")
    expect(moderator.locator("main")).to_contain_text("Enthielt eine Telefonnummer")
    staff.close()

    page.goto(f"/contributions/{contribution_id}")
    expect(page.locator("#comments")).not_to_contain_text("0151 1234567")
    expect(page.locator("#comments")).to_contain_text("Enthielt eine Telefonnummer")
    assert_accessible(page)
    visit(page, "/me/notifications/")
    expect(page.locator("main")).to_contain_text("ausgeblendet")
    expect(page.locator("main")).to_contain_text("Enthielt eine Telefonnummer")
    logout(page)

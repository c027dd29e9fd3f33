"""Journeys of a new participant: registration with confirmation, login, language switch,
and the registration form's error state."""

import re

from playwright.sync_api import expect
from sqlalchemy import select

from app.core.outbox import OutboxMessage
from tests.e2e.helpers import assert_accessible, confirm_path, login, logout, visit

EMAIL = "neu@example.org"
PASSWORD = "Ein langer Satz als Passwort"


def test_register_confirm_login_and_switch_language(page, db):
    visit(page, "/auth/register")
    page.get_by_label("Angezeigter Name", exact=True).fill("Neue Person")
    page.get_by_label("E-Mail-Adresse", exact=True).fill(EMAIL)
    page.get_by_label("Passwort", exact=True).fill(PASSWORD)
    page.get_by_label("Passwort wiederholen", exact=True).fill(PASSWORD)
    page.get_by_label("Ich habe die Datenschutzhinweise gelesen und bin einverstanden.").check()
    page.get_by_role("button", name="Konto anlegen").click()

    # Not logged in yet: the page says where the mail went (and answers the same for an
    # address that already has an account).
    expect(page).to_have_url(re.compile(r"/auth/registered$"))
    expect(page.locator("h1")).to_have_text("Bitte bestätigen Sie Ihre E-Mail-Adresse")
    expect(page.locator("main")).to_contain_text(EMAIL)
    assert_accessible(page)

    # The confirmation mail sits in the outbox; open its link in the browser.
    db.session.rollback()
    message = db.session.scalar(select(OutboxMessage).where(OutboxMessage.recipient == EMAIL,
                                                            OutboxMessage.kind == "confirm"))
    assert message is not None, "no confirmation mail in the outbox"
    db.session.rollback()
    page.goto(confirm_path(message.body))
    expect(page).to_have_url(re.compile(r"/me/profile$"))
    expect(page.locator(".flashes .notice--success")).to_contain_text(
        "Ihre E-Mail-Adresse ist bestätigt")
    expect(page.locator(".notice--warning")).to_have_count(0)
    expect(page.locator("main .badge--verified")).to_be_visible()
    assert_accessible(page)

    logout(page)
    login(page, EMAIL, PASSWORD)
    expect(page.locator(".flashes .notice--success")).to_contain_text("Sie sind angemeldet.")
    assert_accessible(page)

    # The visible language switch: English, then Arabic (right to left).
    switch = page.get_by_role("navigation", name="Sprache wählen")
    switch.locator("a[hreflang=en]").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("html")).to_have_attribute("dir", "ltr")
    expect(page.locator(".lang-switch a[hreflang=en]")).to_have_attribute("aria-current", "true")
    assert_accessible(page)
    page.locator(".lang-switch a[hreflang=ar]").click()
    expect(page.locator("html")).to_have_attribute("lang", "ar")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    assert_accessible(page)
    # The choice holds for the rest of the visit.
    visit(page, "/privacy")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")

    logout(page)


def test_registration_errors_are_summarised_and_linked(page):
    visit(page, "/auth/register")
    page.locator("form.stack [type=submit]").click()

    summary = page.locator(".error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_have_attribute("role", "alert")
    # Focus moves to the summary, so that screen readers read it and keyboard users start there.
    expect(summary).to_be_focused()
    assert_accessible(page)

    links = summary.locator("a")
    hrefs = [links.nth(i).get_attribute("href") for i in range(links.count())]
    expected = {"#display_name", "#email", "#password", "#password_repeat", "#privacy"}
    assert expected <= set(hrefs), hrefs
    for href in hrefs:
        field = page.locator(href)
        expect(field).to_have_count(1)
        expect(field).to_have_attribute("aria-invalid", "true")
        error_id = field.get_attribute("aria-describedby").split()[-1]
        expect(page.locator(f"#{error_id}")).to_have_class(re.compile(r"\bfield__error\b"))
        expect(page.locator(f"#{error_id}")).not_to_be_empty()

    # Following a link of the summary puts the focus into the field.
    summary.locator("a[href='#email']").click()
    expect(page.locator("#email")).to_be_focused()
    summary.locator("a[href='#privacy']").click()
    expect(page.locator("#privacy")).to_be_focused()

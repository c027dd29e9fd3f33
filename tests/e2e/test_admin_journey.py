"""Staff at work: reordering topics with the ↑/↓ buttons, verifying an organisation that a
participant created."""

import re

from playwright.sync_api import expect

from tests.e2e.helpers import assert_accessible, login, visit


def _fields(page):
    """The links of the fields of action, in the order the admin list shows them."""
    return page.locator("ol.ordered-list").first.locator(".ordered-list__title > a")


def test_admin_reorders_topics(page, demo):
    login(page, demo.admin, demo.password)
    visit(page, "/admin/topics/")
    before = _fields(page).all_inner_texts()
    assert before[:2] == ["Sprache", "Arbeit"], before
    swapped = ["Arbeit", "Sprache", *before[2:]]

    page.get_by_role("button", name="Sprache nach unten").click()
    expect(page).to_have_url(re.compile(r"/admin/topics/#topic-\d+$"))
    expect(_fields(page)).to_have_text(swapped)
    assert_accessible(page)
    # The first field has no ↑ button, the last no ↓ button.
    expect(page.get_by_role("button", name="Arbeit nach oben")).to_have_count(0)
    expect(page.get_by_role("button", name=f"{before[-1]} nach unten")).to_have_count(0)

    # The public home page follows the new order.
    visit(page, "/")
    expect(page.locator("#topics-title ~ ul.topic-grid").first.locator("a")).to_have_text(
        swapped)

    visit(page, "/admin/topics/")
    page.get_by_role("button", name="Sprache nach oben").click()
    expect(page).to_have_url(re.compile(r"/admin/topics/#topic-\d+$"))
    expect(_fields(page)).to_have_text(before)
    assert_accessible(page)

    # Both moves are in the audit log.
    visit(page, "/admin/audit/?action=topic.moved")
    expect(page.locator("tbody tr")).to_have_count(2)


def test_participant_creates_organisation_and_admin_verifies_it(browser, live_server, page,
                                                                 demo):
    # A participant creates an organisation; it is not verified yet.
    login(page, demo.participant, demo.password)
    visit(page, "/organisations/new")
    page.get_by_label("Name der Organisation").fill("Nachbarschaftscafé Singen")
    page.locator("input[name=kind]").first.check()
    page.get_by_label("Ort", exact=True).fill("Singen")
    page.get_by_label("Webseite").fill("https://cafe.example.org")
    page.get_by_label("Kurze Beschreibung").fill("Wir treffen uns jeden Freitag.")
    page.get_by_role("button", name="Speichern").click()
    expect(page).to_have_url(re.compile(r"/organisations/\d+$"))
    organisation_path = re.search(r"/organisations/\d+$", page.url).group(0)
    organisation_id = organisation_path.rsplit("/", 1)[1]
    expect(page.locator("h1")).to_have_text("Nachbarschaftscafé Singen")
    expect(page.locator("h1 + p .badge--muted")).to_have_text("noch nicht bestätigt")
    assert_accessible(page)

    # The admin, in a browser of their own, finds it among the unverified and verifies it.
    admin_context = browser.new_context(base_url=live_server.url, locale="de-DE")
    try:
        admin = admin_context.new_page()
        login(admin, demo.admin, demo.password)
        visit(admin, "/admin/organisations/?state=unverified")
        admin.get_by_role("link", name="Nachbarschaftscafé Singen").click()
        expect(admin).to_have_url(re.compile(rf"/admin/organisations/{organisation_id}$"))
        assert_accessible(admin)
        # The creator is its first member and representative.
        expect(admin.locator("tbody")).to_contain_text("Amina T.")
        admin.get_by_role("button", name="Organisation bestätigen").click()
        expect(admin.locator(".flashes")).to_contain_text("Die Organisation ist jetzt bestätigt.")
        expect(admin.locator("h1 + p .badge--verified")).to_have_text("bestätigt")
        assert_accessible(admin)
    finally:
        admin_context.close()

    # The public page shows the badge, to the participant and to anyone.
    visit(page, organisation_path)
    expect(page.locator("h1 + p .badge--verified")).to_have_text("bestätigt")
    visit(page, "/organisations/")
    card = page.locator(".card", has=page.get_by_role("link", name="Nachbarschaftscafé Singen"))
    expect(card.locator(".badge--verified")).to_have_text("bestätigt")

"""Issue 5 journey: a moderator consolidates the demo's Sprache cards on the workbench. She groups
the evening-course cards from the suggestions, builds a sub-goal and a measure from them, marks
another card "not taken up" with a reason template; a second moderator's conflicting edit of the
measure is caught; the author of one of the contributions logs in and sees where her idea went.
Every page visited is checked with axe."""

import re

from playwright.sync_api import expect
from sqlalchemy import select

from app.concepts.models import Item
from app.contributions.models import Contribution
from tests.e2e.helpers import assert_accessible, login, visit

AUTHOR = "oksana@example.org"

OPENED_CARD = "Sprachkurse auch am Abend und am Samstag"
# Suggested as similar to the opened card: Oksana's online contribution and two evening cards.
SIMILAR = ["Deutschkurs am Abend für Menschen mit Arbeit",
           "Deutschkurs nach der Arbeit",
           "Deutsch lernen am Abend oder am Wochenende"]
FOURTH_CARD = "Kurse am Abend + Wochenende"
OKSANA_TITLE = SIMILAR[0]
DECLINED_CARD = "Einfache Sprache: Kurs für Deutsch im Beruf"

SUB_GOAL = ("Wer tagsüber arbeitet, kann abends oder am Samstag einen Sprachkurs in der Nähe "
            "besuchen.")
MEASURE = ("Die Kursträger bieten in jeder Raumschaft mindestens einen Sprachkurs am Abend "
           "und einen am Samstag an.")
MEASURE_MODERATOR = MEASURE + " Die Kurszeiten stehen in der Kursübersicht."
MEASURE_ADMIN = MEASURE + " Der Landkreis übernimmt die Raumkosten."


def row(page, text: str):
    """The row of a contribution in the workbench list."""
    return page.locator("#selection .workbench-row", has_text=text)


def list_checkbox(page, text: str):
    return page.locator("#selection").get_by_role("checkbox", name=re.compile(re.escape(text)))


def item_by_text(db, start: str) -> Item:
    db.session.rollback()
    return db.session.scalar(select(Item).where(Item.text.startswith(start)))


def test_consolidate_the_sprache_cards(browser, live_server, context, page, db, demo):
    context.set_default_navigation_timeout(60_000)  # first suggestions compute sentence vectors
    login(page, demo.moderator, demo.password)

    # 1. The overview, the Sprache workbench, one card opened with its similar contributions.
    visit(page, "/workbench/")
    page.locator("main").get_by_role("link", name="Sprache", exact=True).click()
    expect(page).to_have_url(re.compile(r"/workbench/sprache$"))
    assert_accessible(page)
    row(page, OPENED_CARD).get_by_role("link", name=re.compile("Öffnen")).click()
    detail = page.locator("#detail")
    expect(detail.get_by_role("heading", name="Ähnliche Beiträge")).to_be_visible(
        timeout=60_000)
    expect(detail.get_by_role("heading", level=2)).to_contain_text(OPENED_CARD)
    assert_accessible(page)
    expect(list_checkbox(page, OPENED_CARD)).to_be_checked()  # the opened card is selected
    suggestions = detail.locator(".similar-list")
    for title in SIMILAR:
        box = suggestions.get_by_role("checkbox", name=re.compile(re.escape(title)))
        expect(box).not_to_be_checked()
        box.check()

    # 2. A sub-goal from the four contributions: the form is pre-filled with their texts.
    page.get_by_label("Art des neuen Elements").select_option(label="Unterziel")
    page.get_by_role("button", name="Element anlegen").click()
    expect(page).to_have_url(re.compile(r"/workbench/sprache/items/new\?"))
    expect(page.get_by_role("heading", name="Auf Grundlage von 4 Beiträgen")).to_be_visible()
    assert_accessible(page)
    text = page.get_by_label("Text", exact=True)
    for start in [OPENED_CARD, "Ich arbeite am Tag in einer Küche", *SIMILAR[1:]]:
        expect(text).to_have_value(re.compile(re.escape(start)))
    expect(page.get_by_label("Art", exact=True)).to_have_value("sub_goal")
    text.fill(SUB_GOAL)
    page.get_by_role("button", name="Speichern").click()
    expect(page).to_have_url(re.compile(r"/workbench/sprache(\?[^#]*)?#item-\d+$"))
    expect(page.locator(".flashes")).to_contain_text("mit 4 Beiträgen verknüpft")
    sub_goal = item_by_text(db, SUB_GOAL)
    assert sub_goal is not None and sub_goal.kind == "sub_goal"
    entry = page.locator(f"#item-{sub_goal.id}")
    expect(entry).to_contain_text("auf Grundlage von 4 Beiträgen")
    expect(row(page, OPENED_CARD)).to_have_count(0)  # no longer open: left the default list
    assert_accessible(page)

    # 3. A measure below it from the same contributions plus the fourth evening card; they
    # are incorporated now, so the list is filtered to every outcome first.
    page.get_by_text("Filtern, suchen und sortieren").click()
    search = page.get_by_role("search", name="Beiträge filtern")
    search.get_by_label("Ergebnis").select_option(label="alle")
    search.get_by_role("button", name="Anwenden").click()
    expect(page).to_have_url(re.compile(r"outcome=all"))
    expect(row(page, OPENED_CARD)).to_contain_text("eingeflossen")
    assert_accessible(page)
    for title in [OPENED_CARD, *SIMILAR, FOURTH_CARD]:
        list_checkbox(page, title).check()
    page.get_by_label("Art des neuen Elements").select_option(
        label="Maßnahme auf Landkreisebene")
    page.get_by_role("button", name="Element anlegen").click()
    expect(page.get_by_role("heading", name="Auf Grundlage von 5 Beiträgen")).to_be_visible()
    expect(page.get_by_label("Art", exact=True)).to_have_value("measure")
    page.get_by_label("Gehört zum Unterziel").select_option(str(sub_goal.id))
    page.get_by_label("Text", exact=True).fill(MEASURE)
    page.get_by_label("Verantwortlich").fill("Amt für Migration und Integration")
    page.get_by_label("Kooperationspartner").fill("Volkshochschulen, Kursträger")
    page.get_by_label("Zeitrahmen").fill("ab 2019")
    page.get_by_label("Notiz zu den Verknüpfungen (optional)").fill("Abend- und Samstagskurse")
    assert_accessible(page)
    page.get_by_role("button", name="Speichern").click()
    expect(page.locator(".flashes")).to_contain_text("mit 5 Beiträgen verknüpft")
    measure = item_by_text(db, MEASURE)
    assert measure is not None and measure.kind == "measure"
    assert measure.parent_id == sub_goal.id
    entry = page.locator(f"#item-{sub_goal.id}").locator("xpath=..")  # the sub-goal's <li>
    expect(entry.locator(f"#item-{measure.id}")).to_contain_text(
        "auf Grundlage von 5 Beiträgen")
    expect(page.locator(f"#item-{measure.id}")).to_contain_text("ab 2019")
    assert_accessible(page)

    # 4. A card that is not taken up, with a reason from the templates.
    list_checkbox(page, DECLINED_CARD).check()
    page.locator("#selection summary", has_text="Nicht aufnehmen oder weiterleiten").click()
    expect(page.get_by_role("radio", name="nicht aufgenommen")).to_be_checked()
    page.get_by_label("Grund aus der Vorlage").select_option(
        label="Schon umgesetzt (nicht aufgenommen)")
    assert_accessible(page)
    page.get_by_role("button", name="Ergebnis speichern").click()
    expect(page.locator(".flashes")).to_contain_text("nicht aufgenommen")
    # The list kept its filter ("alle") through the new measure: the card shows its outcome.
    expect(row(page, DECLINED_CARD)).to_contain_text("nicht aufgenommen")
    page.get_by_text("Filtern, suchen und sortieren").click()
    search.get_by_label("Ergebnis").select_option(label="nicht aufgenommen")
    search.get_by_role("button", name="Anwenden").click()
    expect(page).to_have_url(re.compile(r"outcome=not_taken_up"))
    declined = row(page, DECLINED_CARD)
    expect(declined).to_contain_text("nicht aufgenommen")
    expect(declined).to_contain_text("Grund: Das gibt es im Landkreis bereits.")
    assert_accessible(page)
    db.session.rollback()
    card = db.session.scalar(select(Contribution).where(
        Contribution.body.startswith(DECLINED_CARD)))
    assert card.outcome == "not_taken_up" and card.outcome_reason.startswith("Das gibt es")

    # 5. Two people edit the measure at the same time: the second save is caught.
    other = browser.new_context(base_url=live_server.url, locale="de-DE",
                                viewport={"width": 1280, "height": 900})
    other.set_default_timeout(10_000)
    admin = other.new_page()
    login(admin, demo.admin, demo.password)
    visit(admin, f"/concept/items/{measure.id}")
    admin.locator("main").get_by_role("link", name="Bearbeiten", exact=True).click()
    expect(admin).to_have_url(re.compile(rf"/workbench/items/{measure.id}/edit$"))
    assert_accessible(admin)
    admin.get_by_label("Text", exact=True).fill(MEASURE_ADMIN)

    page.locator(f"#item-{measure.id}").get_by_role("link", name=re.compile("Bearbeiten")).click()
    expect(page).to_have_url(re.compile(rf"/workbench/items/{measure.id}/edit$"))
    assert_accessible(page)
    page.get_by_label("Text", exact=True).fill(MEASURE_MODERATOR)
    page.get_by_role("button", name="Speichern").click()
    expect(page.locator(".flashes")).to_contain_text("Die Änderung ist gespeichert.")

    with admin.expect_response(lambda r: r.request.method == "POST"
                               and r.url.endswith(f"/items/{measure.id}/edit")) as answer:
        admin.get_by_role("button", name="Speichern").click()
    assert answer.value.status == 409
    expect(admin).to_have_title(re.compile("Gleichzeitig geändert"))
    theirs = admin.get_by_role("region", name="Gespeicherte Fassung")
    expect(theirs).to_contain_text(MEASURE_MODERATOR)
    expect(theirs).to_contain_text("von Mara Moderation")
    mine = admin.get_by_role("region", name="Ihre Fassung")
    expect(mine.get_by_label("Text", exact=True)).to_have_value(MEASURE_ADMIN)
    expect(mine.get_by_label("Zeitrahmen")).to_have_value("ab 2019")
    assert_accessible(admin)
    assert item_by_text(db, MEASURE).text == MEASURE_MODERATOR  # nothing overwritten yet
    mine.get_by_role("button", name="Meine Fassung speichern").click()
    expect(admin.locator(".flashes")).to_contain_text("Die Änderung ist gespeichert.")
    assert_accessible(admin)
    saved = item_by_text(db, MEASURE)
    assert saved.text == MEASURE_ADMIN
    assert (saved.responsible, saved.timeframe, saved.parent_id) == (
        "Amt für Migration und Integration", "ab 2019", sub_goal.id)
    other.close()

    # The measure's page names the contributions it is based on.
    visit(page, f"/concept/items/{measure.id}")
    sources = page.get_by_role("region", name="Auf Grundlage von 5 Beiträgen")
    for title in [OKSANA_TITLE, "Sprachkurse auch am Abend", FOURTH_CARD]:
        expect(sources).to_contain_text(title)
    expect(page.locator("main")).to_contain_text("Der Landkreis übernimmt die Raumkosten.")

    # 6. The author of the online contribution sees where her idea went.
    page.locator(".account-nav form [type=submit]").click()
    login(page, AUTHOR, demo.password)
    expect(page.locator(".bell__count")).to_be_visible()
    visit(page, "/me/contributions")
    mine_row = page.get_by_role("row", name=re.compile(re.escape(OKSANA_TITLE)))
    expect(mine_row).to_contain_text("eingeflossen")
    expect(mine_row.get_by_role("link", name=re.compile("^Unterziel: Wer tagsüber"))) \
        .to_be_visible()
    expect(mine_row.get_by_role("link", name=re.compile("^Maßnahme auf Landkreisebene: Die "
                                                        "Kursträger"))).to_be_visible()
    mine_row.get_by_role("link", name=OKSANA_TITLE).click()
    expect(page.locator("h1")).to_have_text(OKSANA_TITLE)
    assert_accessible(page)
    outcome = page.get_by_role("region", name="Ergebnis")
    expect(outcome).to_contain_text("eingeflossen")
    expect(outcome).to_contain_text("Eingeflossen in diese Elemente des Entwurfs:")
    expect(outcome.get_by_role("link")).to_have_count(2)
    outcome.get_by_role("link", name=re.compile("^Maßnahme")).click()
    expect(page).to_have_url(re.compile(rf"/concept/items/{measure.id}$"))
    expect(page.get_by_role("region", name="Auf Grundlage von 5 Beiträgen")) \
        .to_contain_text(OKSANA_TITLE)
    assert_accessible(page)
    page.locator(".bell").click()
    expect(page).to_have_url(re.compile(r"/me/notifications/?$"))
    note = page.locator("main .notification", has_text=OKSANA_TITLE)
    expect(note).to_contain_text("eingeflossen")
    assert_accessible(page)
    note.get_by_role("button", name="Ansehen").click()
    expect(page).to_have_url(re.compile(r"/contributions/\d+#outcome-title$"))
    expect(page.locator("h1")).to_have_text(OKSANA_TITLE)

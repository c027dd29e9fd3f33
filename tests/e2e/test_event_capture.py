"""Issue 4 journey: a moderator sets up the dialogue event, captures cards with the keyboard
only, marks a duplicate, attaches a photo, imports a typed-up list with two bad rows, fixes and
re-imports them; the cards appear on the topic pages credited to their authors."""

import io
import re

from PIL import Image
from playwright.sync_api import expect
from sqlalchemy import select

from app.contributions.models import Contribution
from app.events.models import Event, Station
from tests.e2e.helpers import assert_accessible, login, visit

CARDS = [  # (station index, text, name on the card)
    (0, "Sprachkurse mit Kinderbetreuung am Vormittag", "Hatice D."),
    (0, "Mehr Abendkurse für Berufstätige", ""),
    (0, "Sprachpaten aus der Nachbarschaft vermitteln", "Olga P."),
    (0, "Kostenlose Lern-App für Deutsch empfehlen", ""),
    (1, "Praktikumsbörse für Geflüchtete im Landkreis", "Samir K."),
    (1, "Anerkennung von Abschlüssen schneller machen", ""),
    (1, "Betriebe über Arbeitserlaubnis informieren", "Ute B."),
    (2, "Wohnungsbörse mit Vermietern, die mitmachen", ""),
    (2, "Auszugsberatung in den Gemeinschaftsunterkünften", "Karim A."),
    (2, "Mietpaten begleiten bei der Wohnungssuche", ""),
]


def jpeg_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (120, 80), (250, 240, 200)).save(buffer, "JPEG")
    return buffer.getvalue()


def test_capture_and_import_cards(page, db, demo, tmp_path):
    db.session.rollback()
    round_id = db.session.scalar(select(Contribution.round_id).order_by(Contribution.id))
    login(page, demo.moderator, demo.password)

    # The event with three topic tables.
    visit(page, f"/rounds/{round_id}/events/new")
    page.get_by_label("Titel", exact=True).fill("Dialogveranstaltung Juni")
    page.get_by_label("Datum").fill("2026-06-20")
    page.get_by_label("Ort").fill("Landratsamt Konstanz")
    for index, topic in enumerate(["Sprache", "Arbeit", "Wohnen"], start=1):
        page.get_by_label(f"Thema von Tisch {index}", exact=True).select_option(label=topic)
        page.get_by_label(f"Name von Tisch {index}", exact=True).fill(f"Thementisch {topic}")
    page.get_by_role("button", name="Veranstaltung speichern").click()
    expect(page).to_have_url(re.compile(r"/moderation/events/\d+$"))
    assert_accessible(page)
    event_id = int(page.url.rsplit("/", 1)[1])
    db.session.rollback()
    stations = db.session.scalars(select(Station).where(Station.event_id == event_id)
                                  .order_by(Station.position)).all()
    assert len(stations) == 3

    # Ten cards, typed with the keyboard only: text, Tab to the name, Ctrl+Enter saves.
    for position, (station, text, name) in enumerate(CARDS):
        if position == 0 or CARDS[position - 1][0] != station:
            page.goto(f"/moderation/events/{event_id}/capture?station={stations[station].id}"
                      "&kind=measure")
            assert_accessible(page)
        expect(page.locator("#body")).to_be_focused()
        page.keyboard.type(text)
        if name:
            page.locator("#credited_name").focus()
            page.keyboard.type(name)
            page.locator("#body").focus()
        # Saving loads the next empty card; until then the previous card's page (with its
        # own "B-…" message) is still there, and typing into it would be lost.
        with page.expect_navigation():
            page.keyboard.press("Control+Enter")
        expect(page.locator(".flashes")).to_contain_text("B-")
    assert_accessible(page)

    # An eleventh card repeats an idea: the similarity hint offers the earlier card.
    page.goto(f"/moderation/events/{event_id}/capture?station={stations[0].id}&kind=measure")
    page.keyboard.type("Kinderbetreuung während der Sprachkurse am Vormittag")
    region = page.locator("#capture-similar")
    expect(region).to_contain_text("Kinderbetreuung am Vormittag", timeout=5000)
    assert_accessible(page)
    region.locator("input[name=duplicate_of]").nth(1).focus()
    page.keyboard.press("Space")
    photo = tmp_path / "karte.jpg"
    photo.write_bytes(jpeg_bytes())
    page.locator("#photo").set_input_files(str(photo))
    page.locator("#body").focus()
    with page.expect_navigation():
        page.keyboard.press("Control+Enter")
    expect(page.locator(".flashes")).to_contain_text("B-")
    db.session.rollback()
    duplicate = db.session.scalar(select(Contribution).where(Contribution.event_id == event_id)
                                  .order_by(Contribution.id.desc()))
    assert duplicate.duplicate_of_id is not None and duplicate.photo_path
    assert duplicate.author_id is None and duplicate.captured_by_id is not None
    visit(page, f"/contributions/{duplicate.id}")
    expect(page.locator("main img[src*='/moderation/photos/']")).to_be_visible()

    # A typed-up list with two bad rows (unknown table, empty text).
    rows = ["station;kind;text;title;author;organisation;group",
            "Thementisch Arbeit;Maßnahmenvorschlag;Jobcafé in der Stadtbibliothek;;Lina S.;;",
            "Thementisch Wohnen;measure;Hausmeister als Ansprechpartner;;;Mieterverein;",
            "Thementisch Gesundheit;goal;Dolmetscher beim Arzt;;;;",
            "Thementisch Sprache;goal;;;;;"]
    listing = tmp_path / "karten.csv"
    listing.write_text("\n".join(rows) + "\n", encoding="utf-8")
    visit(page, f"/moderation/events/{event_id}/import")
    page.locator("#file").set_input_files(str(listing))
    page.get_by_role("button", name="Hochladen und prüfen").click()
    expect(page.locator("main")).to_contain_text("Noch ist nichts gespeichert")
    assert_accessible(page)
    page.get_by_role("button", name=re.compile(r"2 Karten importieren")).click()
    expect(page).to_have_url(re.compile(rf"/moderation/events/{event_id}/imports$"))
    assert_accessible(page)

    # The fixed rows are imported; the rows already imported are recognised and skipped.
    rows[3] = "Thementisch Arbeit;goal;Dolmetscher beim Jobcenter;;;;"
    rows[4] = "Thementisch Sprache;goal;Deutschkurse auch in den Ferien;;;;"
    listing.write_text("\n".join(rows) + "\n", encoding="utf-8")
    visit(page, f"/moderation/events/{event_id}/import")
    page.locator("#file").set_input_files(str(listing))
    page.get_by_role("button", name="Hochladen und prüfen").click()
    assert_accessible(page)
    page.get_by_role("button", name=re.compile(r"Karten? importieren")).click()
    expect(page).to_have_url(re.compile(rf"/moderation/events/{event_id}/imports$"))

    db.session.rollback()
    cards = db.session.scalars(select(Contribution).where(Contribution.event_id == event_id))
    texts = [c.body for c in cards]
    assert len(texts) == 15, texts  # 11 captured + 2 + 2 imported, none twice
    assert texts.count("Jobcafé in der Stadtbibliothek") == 1

    # The cards are on the topic pages, credited to the names on the cards.
    visit(page, "/topics/sprache")
    expect(page.locator("main")).to_contain_text("Hatice D.")
    visit(page, "/topics/arbeit")
    expect(page.locator("main")).to_contain_text("Lina S.")
    db.session.rollback()
    event = db.session.get(Event, event_id)
    assert event is not None

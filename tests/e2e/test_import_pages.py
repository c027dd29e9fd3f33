"""The import pages in the browser: upload, column mapping, preview with errors, history; no
axe violations and exactly one h1 on each."""

from datetime import date

import pytest
from sqlalchemy import select

from app.concepts.models import Topic
from app.events.models import Event, Station
from app.rounds.models import Round
from tests.e2e.helpers import check_page, login, visit


@pytest.fixture
def demo_event(app, db, demo):
    round_ = db.session.scalar(select(Round).order_by(Round.id))
    event = Event(round_id=round_.id, title="Importtest", held_on=date(2026, 6, 20))
    db.session.add(event)
    for position, slug in enumerate(("sprache", "arbeit"), start=1):
        topic = db.session.scalar(select(Topic).where(Topic.slug == slug))
        db.session.add(Station(event=event, topic=topic, name=f"Tisch {topic.name}",
                               position=position))
    db.session.commit()
    return event.id


def test_import_journey_is_accessible(page, demo, demo_event, tmp_path, live_server):
    live_server.app.config["IMPORT_FOLDER"] = str(tmp_path / "imports")
    login(page, demo.moderator, demo.password)
    visit(page, f"/moderation/events/{demo_event}/import")
    other = tmp_path / "liste.csv"
    other.write_text("Thema;Art;Kartentext\nSprache;Zielvorschlag;Lesepaten an Schulen\n"
                     "Gesundheit;Wunsch;Falscher Tisch\n", encoding="utf-8")
    page.locator("#file").set_input_files(str(other))
    page.get_by_role("button", name="Hochladen und prüfen").click()
    page.wait_for_load_state("load")
    assert "Spalten zuordnen" in page.content()
    assert not check_page(page), check_page(page)
    page.get_by_role("button", name="Vorschau anzeigen").click()
    page.wait_for_load_state("load")
    assert "Vorschau des Imports" in page.content()
    problems = check_page(page)
    assert not problems, "\n".join(problems)
    page.get_by_role("button", name="1 Karte importieren").click()
    page.wait_for_load_state("load")
    assert f"/moderation/events/{demo_event}/imports" in page.url
    problems = check_page(page)
    assert not problems, "\n".join(problems)

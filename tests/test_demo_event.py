"""The demo's dialogue event of the closed round: stations, captured cards, a past import."""

import csv
import io

import pytest
from PIL import Image
from sqlalchemy import func, select

from app.accounts.models import User
from app.contributions.models import Contribution
from app.core.time import as_utc
from app.demo import event_cards
from app.demo.services import load_demo
from app.events import importing
from app.events.models import Event, ImportBatch, Station
from app.events.services import photo_file
from app.extensions import db
from app.rounds.models import Round
from tests.demo_copy import load_demo_copy

TITLE = "Dialogveranstaltung Integrationskonzept"


@pytest.fixture
def photos(app, tmp_path, monkeypatch):
    """Photos in a folder of this test's own: the folder storage (key photos/<name>)."""
    monkeypatch.setitem(app.config, "STORAGE_BACKEND", "folder")
    monkeypatch.setitem(app.config, "STORAGE_FOLDER", str(tmp_path))
    monkeypatch.setitem(app.config, "PHOTO_FOLDER", str(tmp_path / "photos-before-storage"))
    return tmp_path / "photos"


def _event() -> Event:
    return db.session.scalar(select(Event).where(Event.title == TITLE))


def _cards(event: Event) -> list[Contribution]:
    return list(db.session.scalars(select(Contribution).where(
        Contribution.event_id == event.id).order_by(Contribution.id)))


def test_demo_event_with_a_station_per_topic(app, photos):
    load_demo_copy()  # the demo as data (the loader: test_demo_event_load_twice_adds_nothing)
    db.session.commit()
    event = _event()
    round_ = db.session.get(Round, event.round_id)
    assert round_.title.startswith("Online-Beteiligung Frühjahr") and round_.phase() == "closed"
    assert as_utc(round_.opens_at).date() <= event.held_on <= as_utc(round_.closes_at).date()
    assert event.place == "Landratsamt Konstanz, Großer Sitzungssaal"
    assert len(event.stations) == 11
    assert {s.topic_id for s in event.stations} == {t.id for t in round_.topics}
    assert all(s.name == f"Thementisch {s.topic.name}" for s in event.stations)
    assert [s.position for s in event.stations] == list(range(1, 12))
    assert 3 <= sum(bool(s.facilitator) for s in event.stations) < 11


def test_demo_event_cards(app, photos):
    load_demo_copy()  # the demo as data (the loader: test_demo_event_load_twice_adds_nothing)
    db.session.commit()
    event = _event()
    cards = _cards(event)
    assert len(cards) >= 75 and len(cards) == len(event_cards.CARDS)
    assert {c.station_id for c in cards} == {s.id for s in event.stations}
    assert {c.kind for c in cards} == {"goal", "measure", "municipal_idea", "best_practice"}
    assert all(c.status == "published" and c.author_id is None for c in cards)
    topic_of = {s.id: s.topic_id for s in event.stations}
    assert all(c.round_id == event.round_id and c.topic_id == topic_of[c.station_id]
               for c in cards)
    moderator_ids = {c.captured_by_id for c in cards}
    assert len(moderator_ids) == 1
    assert all("<p>" in c.body_html for c in cards)
    assert len({c.title for c in cards}) == len(cards)
    named = [c for c in cards if c.credited_name]
    organisations = [c for c in cards if c.credited_organisation]
    anonymous = [c for c in cards if not c.credited_name and not c.credited_organisation]
    assert 0.3 <= len(named) / len(cards) <= 0.5
    assert 0.05 <= len(organisations) / len(cards) <= 0.15
    assert len(anonymous) >= 20
    assert not any(c.credited_name and c.credited_organisation for c in cards)
    assert {c.credited_group for c in cards} >= {"volunteer", "migration_history",
                                                 "partner_staff", "municipality"}
    assert any(c.credited_group and not c.credited_name for c in anonymous)
    assert 2 <= sum(c.language == "en" for c in cards) <= 3
    captured = [c for c in cards if c.source == "event"]
    assert all(as_utc(c.created_at).date() == event.held_on for c in captured)


def test_demo_event_duplicates_and_photos(app, photos):
    load_demo_copy()  # the demo as data (the loader: test_demo_event_load_twice_adds_nothing)
    db.session.commit()
    cards = {c.id: c for c in _cards(_event())}
    duplicates = [c for c in cards.values() if c.duplicate_of_id]
    assert 4 <= len(duplicates) <= 6
    for card in duplicates:
        original = cards[card.duplicate_of_id]
        assert original.station_id == card.station_id and original.id < card.id
        assert original.duplicate_of_id is None
    with_photo = [c for c in cards.values() if c.photo_path]
    assert len(with_photo) == 2
    for card in with_photo:
        path = photo_file(card)
        assert path is not None and path.parent == photos
        with Image.open(path) as image:
            assert image.format == "JPEG" and image.width > 100


def test_demo_event_import_batch(app, photos):
    load_demo_copy()  # the demo as data (the loader: test_demo_event_load_twice_adds_nothing)
    db.session.commit()
    event = _event()
    batch = db.session.scalar(select(ImportBatch).where(ImportBatch.event_id == event.id))
    assert batch.filename == "karten-thementisch-wohnen.csv" and batch.undone_at is None
    assert batch.created_by.email == "moderation@example.org"
    assert as_utc(batch.created_at).date() > event.held_on
    imported = [c for c in _cards(event) if c.import_batch_id == batch.id]
    assert batch.rows_imported == len(imported) >= 8
    assert all(c.source == "import" for c in imported)
    assert all(c.source == "event" for c in _cards(event) if c.import_batch_id is None)
    names = {s.id: s.name for s in event.stations}
    assert {names[c.station_id] for c in imported} == {"Thementisch Wohnen"}
    for card in imported:
        assert card.content_hash == importing.content_hash(event.id, card.station_id,
                                                           card.kind, card.body)
    assert batch.rows_skipped == 1
    rows = list(csv.reader(io.StringIO(batch.error_report), delimiter=";"))
    assert len(rows) == 2 and rows[0][-1] == "Fehler" and rows[1][-1]
    # a re-import of the same cards would recognise them as already imported
    assert {c.content_hash for c in imported} <= importing._existing_hashes(event)


def test_demo_event_load_twice_adds_nothing(app, photos):
    first = load_demo()
    db.session.commit()
    assert first["events"] == 1 and first["stations"] == 11
    assert first["event_cards"] == len(event_cards.CARDS) and first["import_batches"] == 1
    counts = {m.__name__: db.session.scalar(select(func.count()).select_from(m))
              for m in (Event, Station, Contribution, ImportBatch)}
    files = sorted(p.name for p in photos.iterdir())
    second = load_demo()
    db.session.commit()
    assert set(second.values()) == {0}
    assert {m.__name__: db.session.scalar(select(func.count()).select_from(m))
            for m in (Event, Station, Contribution, ImportBatch)} == counts
    assert sorted(p.name for p in photos.iterdir()) == files


def test_demo_event_pages_render(app, client, login, photos):
    load_demo_copy()  # the demo as data (the loader: test_demo_event_load_twice_adds_nothing)
    db.session.commit()
    event = _event()
    card = db.session.scalar(select(Contribution).where(Contribution.photo_path.is_not(None)))
    batch = db.session.scalar(select(ImportBatch).where(ImportBatch.event_id == event.id))
    assert client.get(f"/contributions/{card.id}").status_code == 200
    moderator = db.session.scalar(select(User).where(User.email == "moderation@example.org"))
    login(moderator, "demo-password-2026")
    for path in (f"/moderation/events/{event.id}", f"/moderation/events/{event.id}/capture",
                 f"/moderation/events/{event.id}/imports", f"/contributions/{card.id}"):
        assert client.get(path).status_code == 200, path
    errors = client.get(f"/moderation/events/{event.id}/imports/{batch.id}/errors.csv")
    assert errors.status_code == 200 and "Fehler" in errors.get_data(as_text=True)
    photo = client.get(f"/moderation/photos/{card.id}")
    assert photo.status_code == 200 and photo.data[:2] == b"\xff\xd8"

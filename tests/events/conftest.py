"""Fixtures of the event tests: staff, an event with stations, a photo folder of its own."""

from datetime import date

import pytest

from app.events.models import Event, Station
from app.extensions import db


@pytest.fixture(autouse=True)
def photo_folder(app, tmp_path, monkeypatch):
    """Photos in a folder of this test's own: the folder storage (key photos/<name>)."""
    monkeypatch.setitem(app.config, "STORAGE_BACKEND", "folder")
    monkeypatch.setitem(app.config, "STORAGE_FOLDER", str(tmp_path))
    monkeypatch.setitem(app.config, "PHOTO_FOLDER", str(tmp_path / "photos-before-storage"))
    return tmp_path / "photos"


@pytest.fixture
def make_event(make_round):
    def make(*, round_=None, stations=None, title="Dialogveranstaltung im Juni") -> Event:
        round_ = round_ or make_round(kind="event", phase="closed")
        event = Event(round_id=round_.id, title=title, held_on=date(2026, 6, 20),
                      place="Landratsamt Konstanz")
        db.session.add(event)
        for position, topic in enumerate(stations or round_.topics[:2], start=1):
            db.session.add(Station(event=event, topic=topic, name=f"Tisch {topic.name}",
                                   position=position))
        db.session.commit()
        return event

    return make


@pytest.fixture
def event(make_event):
    return make_event()

"""Fixtures and helpers of the import tests (pytest loads only conftest.py, so the test
modules take these in by assignment)."""

import io
from datetime import date

import pytest
from sqlalchemy import func, select

from app.contributions.models import Contribution
from app.events.models import Event, ImportBatch, Station
from app.extensions import db


@pytest.fixture
def import_event(make_round):
    """An event with two stations: "Tisch Sprache" (topic sprache), "Tisch Arbeit" (arbeit)."""
    round_ = make_round(kind="event", phase="closed")
    event = Event(round_id=round_.id, title="Dialogveranstaltung im Juni",
                  held_on=date(2026, 6, 20), place="Landratsamt Konstanz")
    db.session.add(event)
    for position, topic in enumerate(round_.topics[:2], start=1):
        db.session.add(Station(event=event, topic=topic, name=f"Tisch {topic.name}",
                               position=position))
    db.session.commit()
    return event


@pytest.fixture
def staff(make_user):
    return make_user(roles={"moderator"}, display_name="Ines Import")


@pytest.fixture(autouse=True)
def import_folder(app, tmp_path):
    old = app.config.get("IMPORT_FOLDER")
    app.config["IMPORT_FOLDER"] = str(tmp_path / "imports")
    yield tmp_path / "imports"
    app.config["IMPORT_FOLDER"] = old


def csv_bytes(rows, *, delimiter=";", encoding="utf-8", bom=False) -> bytes:
    text = "\r\n".join(delimiter.join(cells) for cells in rows) + "\r\n"
    data = text.encode(encoding)
    return (b"\xef\xbb\xbf" + data) if bom else data


HEADER = ["station", "kind", "text", "title", "author", "organisation", "group"]


def upload(client, event, data: bytes, filename="karten.csv"):
    return client.post(f"/moderation/events/{event.id}/import",
                       data={"file": (io.BytesIO(data), filename)},
                       content_type="multipart/form-data")


def hidden_fields(html: str) -> dict:
    """The hidden inputs of a page (token and mapping) to post them back."""
    import re

    return dict(re.findall(r'<input type="hidden" name="(token|map_\w+)" value="([^"]*)"',
                           html))


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def contributions() -> int:
    return count(Contribution)


def batches() -> int:
    return count(ImportBatch)

"""Time of importing a generated CSV of N cards into an event (default 5,000; goal <= 10 s).

Builds a fresh SQLite database (or uses the one in BENCH_DATABASE_URL, e.g. PostgreSQL),
migrates it, creates a concept, a round and an event with a station per topic, then times
reading + checking the file and the import (one transaction) separately, and a second import
of the same file (every row recognised as already imported).

    .venv/bin/python -m tests.bench.bench_import [--rows 5000]
"""

import argparse
import os
import random
import secrets
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

import flask_migrate
from sqlalchemy import func, select

from app import create_app
from app.concepts.models import Concept, Topic
from app.contributions.models import CONTRIBUTION_KINDS, Contribution
from app.core.time import utcnow
from app.events import import_files, importing
from app.events.models import Event, Station
from app.extensions import db
from config import DevelopmentConfig

TOPICS = [("sprache", "Sprache"), ("arbeit", "Arbeit"), ("bildung", "Bildung"),
          ("wohnen", "Wohnen"), ("gesundheit", "Gesundheit"),
          ("kultur-und-freizeit", "Kultur und Freizeit")]
_TEXT = ("Sprachkurse Abend Kinderbetreuung Anerkennung Abschlüsse Wohnungen Beratung "
         "Ehrenamt Patenschaften Praktikum Ausbildung Vereine Begegnung Dolmetscher "
         "Sprechstunde Schule Eltern Nachbarschaft Sportverein Bibliothek Gesundheitsamt "
         "Jobcenter mehrsprachig Informationen Broschüre Treffpunkt Fahrdienst Landkreis "
         "Gemeinde")
WORDS = _TEXT.split()


def generate_csv(rows: int, seed: int = 1) -> bytes:
    rng = random.Random(seed)
    kinds = list(CONTRIBUTION_KINDS)
    lines = [";".join(["station", "kind", "text", "title", "author", "organisation", "group"])]
    for n in range(rows):
        text = " ".join(rng.choice(WORDS) for _ in range(rng.randint(8, 40))) + f" ({n})"
        author = rng.choice(["", "", "Maria S.", "Ahmad K.", "Olena P."])
        organisation = rng.choice(["", "", "", "Verein Brücke e.V."])
        lines.append(";".join([f"Tisch {rng.choice(TOPICS)[1]}", rng.choice(kinds), text, "",
                               author, organisation, ""]))
    return ("\r\n".join(lines) + "\r\n").encode("utf-8")


def set_up_event() -> Event:
    from app.rounds.models import Round

    run = secrets.token_hex(4)  # a PostgreSQL database may already hold an earlier run
    concept = Concept(slug=f"bench-{run}", title="Integrationskonzept", owner="Landkreis",
                      summary="", summary_html="")
    db.session.add(concept)
    for position, (slug, name) in enumerate(TOPICS, start=1):
        db.session.add(Topic(concept=concept, slug=f"{slug}-{run}", name=name, kind="field",
                             description="", description_html="", position=position))
    db.session.flush()
    now = utcnow()
    round_ = Round(concept=concept, title="Dialogveranstaltung", description="",
                   description_html="", kind="event", opens_at=now - timedelta(days=30),
                   closes_at=now - timedelta(days=1), audience="all",
                   accepted_kinds=list(CONTRIBUTION_KINDS), publish_immediately=True)
    round_.topics = list(concept.topics)
    db.session.add(round_)
    event = Event(round=round_, title="Dialogveranstaltung im Juni", held_on=date(2026, 6, 20))
    db.session.add(event)
    for position, topic in enumerate(concept.topics, start=1):
        db.session.add(Station(event=event, topic=topic, name=f"Tisch {topic.name}",
                               position=position))
    db.session.commit()
    return event


def timed_import(event_id: int, data: bytes) -> tuple[float, float, int, int]:
    event = db.session.get(Event, event_id)
    started = time.perf_counter()
    table = import_files.read_table(data, "bench.csv")
    preview = importing.check_rows(event, table, importing.guess_mapping(table.headers),
                                   similar=False)
    checked = time.perf_counter()
    batch = importing.import_rows(preview, actor=None)
    db.session.commit()
    done = time.perf_counter()
    return checked - started, done - checked, batch.rows_imported, batch.rows_skipped


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=5000)
    args = parser.parse_args()
    data = generate_csv(args.rows)
    with tempfile.TemporaryDirectory() as tmp:
        url = os.environ.get("BENCH_DATABASE_URL") or f"sqlite:///{Path(tmp) / 'bench.db'}"
        app = create_app(DevelopmentConfig, SQLALCHEMY_DATABASE_URI=url,
                         RATELIMIT_ENABLED=False)
        with app.app_context():
            flask_migrate.upgrade(
                directory=str(Path(__file__).resolve().parents[2] / "migrations"))
            event_id = set_up_event().id
        print(f"Database: {url.split('@')[-1]}")
        print(f"File: {args.rows} rows, {len(data) / 1024:.0f} KB")
        for label in ("first import", "same file again"):
            with app.test_request_context():
                check, write, imported, skipped = timed_import(event_id, data)
            print(f"{label}: read+check {check:.2f} s, import {write:.2f} s, "
                  f"total {check + write:.2f} s ({imported} imported, {skipped} skipped)")
        with app.app_context():
            total = db.session.scalar(select(func.count(Contribution.id)))
            print(f"{total} contributions in the database")


if __name__ == "__main__":
    main()

"""Server time of the capture form: saving one card, and the similarity fragment while typing,
with N cards already in the station's topic. Run: python -m tests.bench.bench_capture
(TEST_DATABASE_URL selects PostgreSQL; the default is a temporary SQLite file)."""

import argparse
import os
import statistics
import tempfile
import time
from datetime import date
from pathlib import Path

from app import create_app
from app.accounts.models import User, UserRole
from app.concepts.models import Concept, Topic
from app.contributions.models import Contribution
from app.core.time import utcnow
from app.events.models import Event, Station
from app.extensions import db
from app.rounds.models import Round
from config import TestingConfig

WORDS = ["Sprachkurs", "Kita", "Eltern", "Arbeit", "Ausbildung", "Wohnung", "Beratung",
         "Ehrenamt", "Verein", "Schule", "Abend", "Kurs", "Betreuung", "Frauen", "Jugend",
         "Sport", "Musik", "Amt", "Formular", "Dolmetscher", "Anerkennung", "Praktikum"]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cards", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=50)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        url = os.environ.get("TEST_DATABASE_URL") or f"sqlite:///{Path(tmp) / 'bench.db'}"
        app = create_app(TestingConfig, SQLALCHEMY_DATABASE_URI=url,
                         PHOTO_FOLDER=str(Path(tmp) / "photos"))
        with app.app_context():
            db.drop_all()
            db.create_all()
            concept = Concept(slug="k", title="K", owner="K", summary="", summary_html="")
            topic = Topic(concept=concept, slug="sprache", name="Sprache", kind="field",
                          description="", description_html="")
            round_ = Round(concept=concept, title="Dialog", kind="event", opens_at=utcnow(),
                           closes_at=utcnow(), accepted_kinds=["measure"], topics=[topic])
            event = Event(round=round_, title="Juni", held_on=date(2026, 6, 20))
            station = Station(event=event, topic=topic, name="Tisch Sprache")
            user = User(email="m@example.org", display_name="M", email_confirmed_at=utcnow(),
                        privacy_accepted_at=utcnow())
            user.set_password("bench-password-123")
            user.role_rows.append(UserRole(role="moderator"))
            db.session.add_all([concept, topic, round_, event, station, user])
            db.session.flush()
            db.session.add_all(Contribution(
                round_id=round_.id, topic_id=topic.id, kind="measure", title=f"Karte {i}",
                body=" ".join(WORDS[(i * k + k) % len(WORDS)] for k in range(1, 14)),
                body_html="", status="published", source="event", event_id=event.id,
                station_id=station.id) for i in range(args.cards))
            db.session.commit()
            event_id, station_id = event.id, station.id
        client = app.test_client()
        client.post("/auth/login", data={"email": "m@example.org",
                                         "password": "bench-password-123"})
        saves, typing = [], []
        for i in range(args.repeat):
            start = time.perf_counter()
            response = client.get(f"/moderation/events/{event_id}/similar",
                                  query_string={"station": station_id,
                                                "text": f"Sprachkurs am Abend mit Kita {i}"})
            typing.append(time.perf_counter() - start)
            assert response.status_code == 200
            start = time.perf_counter()
            response = client.post(f"/moderation/events/{event_id}/capture", data={
                "station": station_id, "kind": "measure", "submit": "1",
                "body": f"Sprachkurs am Abend mit Kinderbetreuung, Karte {i}"})
            saves.append(time.perf_counter() - start)
            assert response.status_code == 302, response.status_code
        with app.app_context():
            db.session.remove()
            db.drop_all()
    print(f"{args.cards} cards in the topic, {args.repeat} requests each ({url.split(':')[0]})")
    for name, times in (("save one card (POST capture)", saves),
                        ("similar cards while typing (GET similar)", typing)):
        times.sort()
        print(f"{name}: median {statistics.median(times) * 1000:.1f} ms, "
              f"p95 {times[int(len(times) * 0.95)] * 1000:.1f} ms")


if __name__ == "__main__":
    main()

"""Implementation pages and the bulk status change with 400 adopted measures of 10 progress
entries each (issue 13, section 5). Run: python -m tests.bench.bench_implementation
(TEST_DATABASE_URL selects PostgreSQL, an empty or disposable database: its tables are dropped;
the default is a temporary SQLite file).

Loads the demo, adds measures under the demo's sub-goals until the draft holds 400, freezes,
adopts and publishes that version, and posts 10 entries on every measure (two of them change
the status) through the use case. Then times through the WSGI test client (server time only,
one untimed warm-up request each) `/healthz` (for the ratio: the machine is shared), the public
`/implementation/` and a measure page, the same and `/implementation/manage` as staff, and the
staff table's bulk status change of 200 measures with a note (POST, each run alternating the
status). Prints median, 95th percentile (nearest rank), SQL statements and the load average.
`--profile` profiles every measurement over its goal once more.
"""

import argparse
import os
import random
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from sqlalchemy import func, select

from app import create_app
from app.accounts.services import find_user_by_email
from app.concepts.models import Item
from app.concepts.services import create_item, current_concept
from app.extensions import db
from app.implementation import progress, services
from app.versions.services import freeze_version, record_adoption, set_visibility
from config import DevelopmentConfig
from tests.bench.bench_versions import Counter, _fresh_database, _login, _profiled, _stats

PASSWORD = "demo-password-2026"
MODERATOR = "moderation@example.org"
PAGE_GOAL_MS = 100.0
BULK_GOAL_MS = 1000.0
STORY = ["Auftakt mit den Kooperationspartnern.", "Die Zuständigkeiten sind geklärt.",
         "Erste Angebote laufen in Konstanz und Singen.", "Zwischenbericht im Ausschuss.",
         "Die Nachfrage ist höher als erwartet.", "Eine zweite Gruppe ist in Planung.",
         "Gespräche mit den Gemeinden im Hegau.", "Die Finanzierung ist gesichert.",
         "Ein Faltblatt in fünf Sprachen ist gedruckt.", "Rückmeldungen der Teilnehmenden "
                                                          "sind ausgewertet."]


def _load() -> str:
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return "?"


def _measures() -> list[Item]:
    return list(db.session.scalars(select(Item).where(Item.kind == "measure",
                                                      Item.withdrawn_at.is_(None))
                                   .order_by(Item.id)))


def _build(app, *, measures: int, entries: int, rng: random.Random) -> dict:
    """Measures up to `measures`, an adopted and published version of them, `entries`
    entries on each. Returns what was made and how long it took."""
    with app.app_context():
        concept = current_concept()
        actor = find_user_by_email(MODERATOR)
        sub_goals = list(db.session.scalars(select(Item).where(
            Item.kind == "sub_goal", Item.withdrawn_at.is_(None)).order_by(Item.id)))
        started = time.perf_counter()
        for n in range(max(0, measures - len(_measures()))):
            parent = rng.choice(sub_goals)
            create_item(parent.topic, kind="measure", actor=actor, values={
                "text": f"Maßnahme {n + 1}: Beratung und Begleitung vor Ort in der Gemeinde "
                        f"{rng.choice(['Engen', 'Singen', 'Stockach', 'Radolfzell'])}.",
                "parent_id": parent.id, "responsible": rng.choice(
                    ["Amt für Migration und Integration", "Jobcenter", "Volkshochschule",
                     "Bildungsbüro"]), "partners": "Caritas, Diakonie", "themes": []})
        db.session.commit()
        version = freeze_version(concept, label="Fassung zur Umsetzung", actor=actor)
        record_adoption(version, body="Kreistag", adopted_on=date.today() - timedelta(days=800),
                        actor=actor)
        set_visibility(version, "published", actor=actor)
        db.session.commit()
        made = time.perf_counter() - started
        started = time.perf_counter()
        overview = progress.overview(concept, user=actor)
        statuses = {s.code: s for s in (services.status_by_code(c)
                                        for c in ("in_progress", "paused", "done"))}
        for state in overview.measures:
            for n in range(entries):
                status = None
                if n == 1:
                    status = statuses["in_progress"]
                elif n == entries - 1:
                    status = statuses[rng.choice(["paused", "done", "in_progress"])]
                services.post_entry(state, actor=actor, text=STORY[n % len(STORY)],
                                    happened_on=date.today() - timedelta(days=700 - 60 * n),
                                    status=status, check_dates=False)
            db.session.commit()
        posted = time.perf_counter() - started
        return {"measures": len(overview.measures), "items_seconds": made,
                "entries_seconds": posted,
                "entries": db.session.scalar(select(func.count()).select_from(
                    services.ProgressEntry)),
                "measure_id": overview.measures[len(overview.measures) // 2].item_id,
                "ids": [m.item_id for m in overview.measures]}


def _timed_get(client, path: str, repeat: int, counter: Counter):
    """(median ms, p95 ms, median CPU ms of this process, SQL statements)."""
    response = client.get(path)
    assert response.status_code == 200, (path, response.status_code)
    times, cpu = [], []
    for _ in range(repeat):
        counter.count = 0
        start, start_cpu = time.perf_counter(), time.process_time()
        response = client.get(path)
        response.get_data()
        times.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
        assert response.status_code == 200, (path, response.status_code)
    return (*_stats(times), _stats(cpu)[0], counter.count)


def _bulk(client, ids: list[int], status: str, counter: Counter) -> tuple[float, float, int]:
    """(seconds, CPU seconds of this process, SQL statements) of one bulk change."""
    data = {"bulk-status": status, "bulk-note": "Stand nach der Integrationskonferenz",
            "m": [str(i) for i in ids]}
    counter.count = 0
    start, start_cpu = time.perf_counter(), time.process_time()
    response = client.post("/implementation/manage", data=data)
    elapsed, cpu = time.perf_counter() - start, time.process_time() - start_cpu
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    return elapsed, cpu, counter.count


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--measures", type=int, default=400)
    parser.add_argument("--entries", type=int, default=10)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--bulk", type=int, default=200)
    parser.add_argument("--bulk-runs", type=int, default=5)
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args()
    rng = random.Random(13)
    with tempfile.TemporaryDirectory() as tmp:
        url = os.environ.get("TEST_DATABASE_URL") or f"sqlite:///{Path(tmp) / 'bench.db'}"
        app = create_app(DevelopmentConfig, SQLALCHEMY_DATABASE_URI=url, RATELIMIT_ENABLED=False,
                         WTF_CSRF_ENABLED=False, PASSWORD_HASH_METHOD="pbkdf2:sha256:1000",
                         PHOTO_FOLDER=str(Path(tmp) / "photos"))
        _fresh_database(app)
        with app.app_context():
            counter = Counter(db.engine)
            dialect = db.engine.dialect.name
        built = _build(app, measures=args.measures, entries=args.entries, rng=rng)
        print(f"{dialect}: {built['measures']} measures in the adopted version, "
              f"{built['entries']} entries (items {built['items_seconds']:.1f} s, entries "
              f"{built['entries_seconds']:.1f} s); load average {_load()}\n")
        public, staff = app.test_client(), _login(app, MODERATOR)
        measure = f"/implementation/measures/{built['measure_id']}"
        pages = [("/healthz", public, "public"), ("/implementation/", public, "public"),
                 (measure, public, "public"), ("/implementation/", staff, "staff"),
                 (measure, staff, "staff"), ("/implementation/manage", staff, "staff")]
        print("| request | who | median ms | p95 ms | CPU ms | ratio to /healthz | SQL | goal |"
              "\n|---|---|---:|---:|---:|---:|---:|---|")
        over, healthz = [], None
        for path, client, who in pages:
            median, p95, cpu, statements = _timed_get(client, path, args.repeat, counter)
            healthz = healthz or median
            goal = "" if path == "/healthz" else f"≤ {PAGE_GOAL_MS:.0f} ms"
            print(f"| `{path}` | {who} | {median:.1f} | {p95:.1f} | {cpu:.1f} | "
                  f"{median / healthz:.0f} | {statements} | {goal} |")
            if goal and median > PAGE_GOAL_MS:
                over.append((f"GET {path} ({who})", lambda p=path, c=client: c.get(p)))
        times, cpu, statements = [], [], 0
        for run in range(args.bulk_runs):
            chosen = rng.sample(built["ids"], args.bulk)
            elapsed, used, statements = _bulk(staff, chosen, ("done", "in_progress")[run % 2],
                                              counter)
            times.append(elapsed)
            cpu.append(used)
        median, p95 = _stats(times)
        print(f"| POST `/implementation/manage`: status and note for {args.bulk} measures "
              f"({args.bulk_runs} runs) | staff | {median:.1f} | {p95:.1f} | "
              f"{_stats(cpu)[0]:.1f} | {median / healthz:.0f} | {statements} | "
              f"≤ {BULK_GOAL_MS:.0f} ms |")
        if median > BULK_GOAL_MS:
            over.append(("bulk status change", lambda: _bulk(
                staff, rng.sample(built["ids"], args.bulk), "paused", counter)))
        print(f"\nload average after the run: {_load()}")
        for title, run in over if args.profile else []:
            with _profiled(title, True):
                run()


if __name__ == "__main__":
    main()

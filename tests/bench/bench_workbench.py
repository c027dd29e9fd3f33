"""The consolidation workbench with a large topic: the demo plus N generated contributions and
M draft items in one topic ("sprache"), about 60% of them already linked to items.
Run: python -m tests.bench.bench_workbench (TEST_DATABASE_URL selects PostgreSQL, an empty or
disposable database: its tables are dropped; the default is a temporary SQLite file).

Measures, logged in as the demo moderator through the WSGI test client (server time only): the
workbench page (also with a contribution opened beside the list), the similar groups of the
unprocessed contributions, one link action and one "not taken up" decision on 200 selected
contributions each; and, called directly, similar_to for one contribution and clusters of all
contributions of the topic. Sentence vectors are computed ahead of time (as `flask similarity
index` does) and that time is reported separately.
"""

import argparse
import os
import statistics
import tempfile
import time
from pathlib import Path

import flask_migrate
from sqlalchemy import MetaData, event, func, select

from app import create_app
from app.concepts.models import Item, Topic
from app.contributions.models import Contribution
from app.demo.services import load_demo
from app.extensions import db
from app.similarity import engine
from app.similarity import services as similarity
from app.workbench.models import ItemLink
from config import DevelopmentConfig

SLUG = "sprache"
MIGRATIONS = Path(__file__).resolve().parents[2] / "migrations"


def _stats(times: list[float]) -> tuple[float, float]:
    """Median and 95th percentile (ms) of times in seconds."""
    ms = sorted(t * 1000 for t in times)
    return statistics.median(ms), ms[max(0, int(len(ms) * 0.95) - 1)]


class Counter:
    """Counts SQL statements sent through the engine."""

    def __init__(self, engine_):
        self.count = 0
        event.listen(engine_, "before_cursor_execute", self._seen)

    def _seen(self, *_args) -> None:
        self.count += 1


def _fresh_database(app) -> None:
    with app.app_context():
        meta = MetaData()
        meta.reflect(db.engine)
        meta.drop_all(db.engine)
        flask_migrate.upgrade(directory=str(MIGRATIONS))
        load_demo()
        db.session.commit()


def _timed_get(client, path: str, repeat: int, counter: Counter) -> tuple[float, float, int]:
    times = []
    for _ in range(repeat):
        counter.count = 0
        start = time.perf_counter()
        response = client.get(path)
        times.append(time.perf_counter() - start)
        assert response.status_code == 200, (path, response.status_code)
    return (*_stats(times), counter.count)


def _timed_post(client, path: str, data: dict, counter: Counter) -> tuple[float, int]:
    counter.count = 0
    start = time.perf_counter()
    response = client.post(path, data=data)
    elapsed = time.perf_counter() - start
    assert response.status_code == 302, (path, response.status_code)
    return elapsed * 1000, counter.count


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--contributions", type=int, default=2000)
    parser.add_argument("--items", type=int, default=100)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--selection", type=int, default=200)
    parser.add_argument("--groups-only", action="store_true",
                        help="Only the groups page and clusters (use with --items 0: every "
                             "generated contribution stays unprocessed).")
    args = parser.parse_args()
    rows: list[tuple[str, str, str, str, str]] = []  # measurement, median, p95, queries, goal
    with tempfile.TemporaryDirectory() as tmp:
        url = os.environ.get("TEST_DATABASE_URL") or f"sqlite:///{Path(tmp) / 'bench.db'}"
        app = create_app(DevelopmentConfig, SQLALCHEMY_DATABASE_URI=url, RATELIMIT_ENABLED=False,
                         WTF_CSRF_ENABLED=False, PASSWORD_HASH_METHOD="pbkdf2:sha256:1000",
                         PHOTO_FOLDER=str(Path(tmp) / "photos"))
        _fresh_database(app)
        with app.app_context():
            counter = Counter(db.engine)
        client = app.test_client()
        response = client.post("/auth/login", data={"email": "moderation@example.org",
                                                    "password": "demo-password-2026"})
        assert response.status_code == 302, "login failed"
        page = f"/workbench/{SLUG}"

        # query count of the page with the demo only, to compare with the large topic
        _med, _p95, demo_queries = _timed_get(client, page, 2, counter)

        started = time.perf_counter()
        result = app.test_cli_runner().invoke(args=[
            "demo", "generate", "--contributions", str(args.contributions), "--topic", SLUG,
            "--items", str(args.items)])
        assert result.exit_code == 0, result.output
        print(result.output.strip(), f"({time.perf_counter() - started:.1f} s)")

        with app.app_context():
            topic = db.session.scalar(select(Topic).where(Topic.slug == SLUG))
            ids = similarity.visible_contribution_ids()
            engine.encode(["warm up"]) if engine.embeddings_available() else None
            start = time.perf_counter()
            vectors = similarity.ensure_vectors(ids)
            db.session.commit()
            index_seconds = time.perf_counter() - start
            in_topic = db.session.scalar(select(func.count(Contribution.id)).where(
                Contribution.topic_id == topic.id))
            pending = list(db.session.scalars(select(Contribution.id).where(
                Contribution.topic_id == topic.id, Contribution.status == "published",
                Contribution.outcome == "pending").order_by(Contribution.id)))
            items = list(db.session.scalars(select(Item).where(
                Item.topic_id == topic.id, Item.withdrawn_at.is_(None)).order_by(Item.id)))
            links = db.session.scalar(select(func.count(ItemLink.id)).join(Item).where(
                Item.topic_id == topic.id))
            target = next((i.id for i in items if i.kind == "measure"), None)
        print(f"Topic '{SLUG}': {in_topic} contributions ({len(pending)} unprocessed), "
              f"{len(items)} items, {links} links.")
        print(f"Sentence vectors of {len(ids)} visible contributions ({vectors.computed} "
              f"computed): {index_seconds:.1f} s"
              + ("" if engine.embeddings_available() else " (no sentence encoder installed)"))
        opened = pending[0]
        if args.groups_only:
            _groups_rows(app, client, page, topic.id, pending, args.repeat, counter, rows)
            _print(url, args.repeat, rows)
            return

        med, p95, queries = _timed_get(client, page, args.repeat, counter)
        rows.append((f"GET {page} (unprocessed, 50 per page)", f"{med:.1f}", f"{p95:.1f}",
                     f"{queries} (demo only: {demo_queries})", "<= 300 ms"))
        med, p95, queries = _timed_get(client, f"{page}?outcome=all&sort=supported",
                                       args.repeat, counter)
        rows.append((f"GET {page}?outcome=all&sort=supported", f"{med:.1f}", f"{p95:.1f}",
                     str(queries), "<= 300 ms"))
        med, p95, queries = _timed_get(client, f"{page}?open={opened}", args.repeat, counter)
        rows.append((f"GET {page}?open=<id> (with similar contributions)", f"{med:.1f}",
                     f"{p95:.1f}", str(queries), "<= 300 ms"))
        groups_repeat = max(3, args.repeat // 4)
        med, p95, queries = _timed_get(client, f"{page}/groups", groups_repeat, counter)
        rows.append((f"GET {page}/groups ({len(pending)} unprocessed, {groups_repeat} runs; "
                     "clustered in the first, groups kept after it)",
                     f"{med:.1f}", f"{p95:.1f}", str(queries), "<= 1 s"))

        with app.app_context():
            contribution = db.session.get(Contribution, opened)
            times = []
            for _ in range(args.repeat):
                counter.count = 0
                start = time.perf_counter()
                similarity.similar_to(contribution, limit=5)
                times.append(time.perf_counter() - start)
            med, p95 = _stats(times)
            rows.append((f"similar_to (one contribution among {in_topic})", f"{med:.1f}",
                         f"{p95:.1f}", str(counter.count), "<= 100 ms"))
            everything = list(db.session.scalars(select(Contribution).where(
                Contribution.topic_id == topic.id,
                Contribution.status.in_(similarity.STATUSES)).order_by(Contribution.id)))
            times = []
            for _ in range(3):
                similarity.forget_groups()  # measure the clustering, not the kept groups
                counter.count = 0
                start = time.perf_counter()
                found = similarity.clusters(everything)
                times.append(time.perf_counter() - start)
            med, p95 = _stats(times)
            rows.append((f"clusters of all {len(everything)} visible (3 runs; "
                         f"{len(found)} groups)", f"{med:.1f}", f"{p95:.1f}", str(counter.count),
                         "<= 5 s"))
            db.session.rollback()

        selection = args.selection
        base = {"next": page, "new_kind": "sub_goal", "outcome": "not_taken_up",
                "reason_template": "", "note": "", "original": "", "forwarded_to": ""}
        linked = pending[:selection]
        ms, queries = _timed_post(client, f"{page}/act", dict(
            base, action="link", item=str(target), c=[str(i) for i in linked]), counter)
        rows.append((f"POST {page}/act: link {len(linked)} to an item", f"{ms:.1f}", "",
                     str(queries), "<= 1 s"))
        declined = pending[selection:2 * selection]
        ms, queries = _timed_post(client, f"{page}/act", dict(
            base, action="decide", reason_text="Das liegt nicht in der Zuständigkeit des "
                                                "Landkreises.", c=[str(i) for i in declined]),
            counter)
        rows.append((f"POST {page}/act: not taken up, {len(declined)} with a reason",
                     f"{ms:.1f}", "", str(queries), "<= 1 s"))
        with app.app_context():
            outcomes = dict(db.session.execute(
                select(Contribution.outcome, func.count(Contribution.id))
                .where(Contribution.id.in_(linked + declined))
                .group_by(Contribution.outcome)).all())
        assert outcomes == {"incorporated": len(linked), "not_taken_up": len(declined)}, outcomes

    _print(url, args.repeat, rows)


def _groups_rows(app, client, page, topic_id, pending, repeat, counter, rows) -> None:
    """The groups page over all unprocessed contributions, and the clustering alone. Beside
    the wall-clock times, the process's CPU time: on a machine shared with other work it is
    closer to what the request takes on an idle core."""
    runs = max(3, repeat // 4)
    client.get(f"{page}/groups")  # warm up: the texts' n-gram features are cached per process
    # Clustered anew for each request (as after any change to the unprocessed contributions),
    # and shown again with the groups kept for the same contributions.
    for label, forget in (("clustered anew", True), ("groups kept", False)):
        walls, cpus = [], []
        for _ in range(runs):
            if forget:
                similarity.forget_groups()
            counter.count = 0
            wall, cpu = time.perf_counter(), time.process_time()
            response = client.get(f"{page}/groups")
            walls.append(time.perf_counter() - wall)
            cpus.append(time.process_time() - cpu)
            assert response.status_code == 200
        med, p95 = _stats(walls)
        rows.append((f"GET {page}/groups ({len(pending)} unprocessed, {label}, {runs} runs; "
                     f"CPU median {_stats(cpus)[0]:.0f} ms; {len(response.data) // 1024} KiB)",
                     f"{med:.1f}", f"{p95:.1f}", str(counter.count), "<= 1 s"))
    with app.app_context():
        unprocessed = db.session.execute(
            select(Contribution.id, Contribution.title, Contribution.body).where(
                Contribution.id.in_(pending), Contribution.status == "published")).all()
        walls, cpus = [], []
        for _ in range(3):
            similarity.forget_groups()
            wall, cpu = time.perf_counter(), time.process_time()
            found = similarity.clusters(unprocessed)
            walls.append(time.perf_counter() - wall)
            cpus.append(time.process_time() - cpu)
        med, p95 = _stats(walls)
        sizes = ", ".join(f"{len(g.members)} {g.level}" for g in found)
        rows.append((f"clusters of {len(unprocessed)} unprocessed (3 runs; CPU median "
                     f"{_stats(cpus)[0]:.0f} ms; groups: {sizes})", f"{med:.1f}", f"{p95:.1f}",
                     "", "<= 5 s"))
        db.session.rollback()


def _print(url: str, repeat: int, rows: list) -> None:
    dialect = "PostgreSQL" if url.startswith("postgresql") else "SQLite"
    print(f"\n{dialect}; times in ms (median and 95th percentile of {repeat} runs unless "
          f"noted); load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}\n")
    print("| measurement | median ms | p95 ms | SQL queries | goal |\n|---|---:|---:|---:|---|")
    for row in rows:
        print("| " + " | ".join(row) + " |")


if __name__ == "__main__":
    main()

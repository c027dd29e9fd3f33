"""Versions, the steering group's review and the exports of a large draft (issue 6): the demo
plus generated contributions and enough generated items (spread over all topics, measures under
sub-goals, about 60% of the contributions linked to them) that the draft holds 400 items.
Run: python -m tests.bench.bench_versions (TEST_DATABASE_URL selects PostgreSQL, an empty or
disposable database: its tables are dropped; the default is a temporary SQLite file).

Measures freezing the draft (freeze_version and the commit, called directly; each run freezes a
new version), then changes the draft as an editing round would (about 40 items reworded, 20
added, 10 withdrawn), freezes version B, opens a review on it with some verdicts and times,
through the WSGI test client (server time only, one untimed warm-up request each): the diff of
the two versions, version B, one topic of the review (as a steering group member), the review
overview, and the exports of version B (DOCX, XLSX, CSV, JSON; PDF when WeasyPrint is
installed, once rendered into an empty cache folder each run and once read back from the PDF
cache; the cache lives in the temporary directory). Prints median, 95th percentile (nearest
rank), SQL statements and response size. `--profile` runs every measurement over the goal once
more under cProfile and prints where the time goes.
"""

import argparse
import cProfile
import io
import math
import os
import pstats
import random
import statistics
import tempfile
import time
from collections import Counter as Tally
from contextlib import contextmanager
from datetime import date, timedelta
from pathlib import Path

import flask_migrate
from sqlalchemy import MetaData, event, func, select

from app import create_app
from app.accounts.services import find_user_by_email
from app.concepts.models import ITEM_FIELDS, Item
from app.concepts.services import create_item, current_concept, edit_item, withdraw_item
from app.core.storage import storage
from app.demo.services import load_demo
from app.extensions import db
from app.reports import pdf
from app.versions.models import Version, VersionItem
from app.versions.services import freeze_version, open_review, record_verdict, steering_members
from app.workbench.models import ItemLink
from config import DevelopmentConfig

MIGRATIONS = Path(__file__).resolve().parents[2] / "migrations"
PASSWORD = "demo-password-2026"
GOAL_MS = 2000.0
# (path pattern, runs) of the exports; {v} is the version number.
EXPORTS = [
    ("/export/concept.docx?version={v}", 10),
    ("/export/measures.xlsx?version={v}", 10),
    ("/export/measures.csv?version={v}", 10),
    ("/export/concept.json?version={v}", 10),
    ("/export/concept.pdf?version={v}", 3),
]
# Reworded phrases: an editing round changes a few words of an item.
REWORDINGS = [
    ("", " – gemeinsam mit den Gemeinden"),
    ("", ", vorrangig im ländlichen Raum"),
    ("", " und wird jährlich überprüft"),
    ("Bis 2030", "Bis Ende 2029"),
    ("könnte", "sollte"),
]
NEW_MEASURES = [
    "Das Amt für Migration und Integration richtet eine Sprechstunde in {place} ein",
    "Die Volkshochschule bietet einen Abendkurs für Berufstätige in {place} an",
    "Ehrenamtliche Lotsinnen begleiten neu Zugezogene in {place} zu Behörden",
    "Das Jobcenter stellt seine Angebote zweimal jährlich in {place} vor",
]
PLACES = ["Radolfzell", "Singen", "Engen", "Stockach", "Konstanz", "Allensbach"]


def _stats(times: list[float]) -> tuple[float, float]:
    """Median and 95th percentile (nearest rank; ms) of times in seconds."""
    ms = sorted(t * 1000 for t in times)
    return statistics.median(ms), ms[max(0, math.ceil(len(ms) * 0.95) - 1)]


class Counter:
    """Counts SQL statements sent through the engine."""

    def __init__(self, engine_):
        self.count = 0
        event.listen(engine_, "before_cursor_execute", self._seen)

    def _seen(self, *_args) -> None:
        self.count += 1


@contextmanager
def _profiled(title: str, enabled: bool):
    """Profile the block; print the 40 most expensive calls with what they call (cumulative)
    and the 20 most expensive by their own time."""
    if not enabled:
        yield
        return
    profile = cProfile.Profile()
    profile.enable()
    try:
        yield
    finally:
        profile.disable()
        out = io.StringIO()
        stats = pstats.Stats(profile, stream=out).strip_dirs()
        stats.sort_stats("cumulative").print_stats(40)
        stats.sort_stats("tottime").print_stats(20)
        print(f"\n--- cProfile: {title} ---\n{out.getvalue()}")


def _fresh_database(app) -> None:
    with app.app_context():
        meta = MetaData()
        meta.reflect(db.engine)
        meta.drop_all(db.engine)
        flask_migrate.upgrade(directory=str(MIGRATIONS))
        load_demo()
        db.session.commit()


def _active_items() -> int:
    return db.session.scalar(select(func.count(Item.id)).where(Item.withdrawn_at.is_(None)))


def _login(app, email: str):
    client = app.test_client()
    response = client.post("/auth/login", data={"email": email, "password": PASSWORD})
    assert response.status_code == 302, f"login of {email} failed"
    return client


class Failed(Exception):
    """A page answered with an error status."""


def _timed_get(client, path: str, repeat: int, counter: Counter, before=None):
    """(median ms, p95 ms, SQL statements of the last request, bytes), after one warm-up;
    `before` is called before every request (untimed)."""
    if before:
        before()
    response = client.get(path)
    if response.status_code != 200:
        raise Failed(f"HTTP {response.status_code}")
    times = []
    for _ in range(repeat):
        if before:
            before()
        counter.count = 0
        start = time.perf_counter()
        response = client.get(path)
        body = response.get_data()
        times.append(time.perf_counter() - start)
        assert response.status_code == 200, (path, response.status_code)
    return (*_stats(times), counter.count, len(body))


def _freeze(app, label: str, counter: Counter, profile: bool = False) -> tuple[float, int, int]:
    """Freeze the draft in a fresh session, as a request would; (seconds, statements, number)."""
    with app.app_context():
        concept = current_concept()
        actor = find_user_by_email("moderation@example.org")
        counter.count = 0
        with _profiled(f"freeze_version ({label})", profile):
            start = time.perf_counter()
            version = freeze_version(concept, label=label, actor=actor)
            db.session.commit()
            elapsed = time.perf_counter() - start
        return elapsed, counter.count, version.number


def _item_values(item: Item) -> dict:
    return {name: getattr(item, name) for name in ITEM_FIELDS}


def _revise_draft(rng: random.Random) -> dict:
    """An editing round: reword ~40 items, add ~20 measures, withdraw ~10 items."""
    actor = find_user_by_email("moderation@example.org")
    items = list(db.session.scalars(select(Item).where(Item.withdrawn_at.is_(None))
                                    .order_by(Item.id)))
    done = Tally()
    for item in rng.sample([i for i in items if i.kind != "main_goal"], 40):
        old, new = rng.choice(REWORDINGS)
        values = _item_values(item)
        text = item.text.rstrip(".")
        values["text"] = (text.replace(old, new, 1) if old and old in text
                          else f"{text}{new or ' – gemeinsam mit den Gemeinden'}") + "."
        edit_item(item, values=values, actor=actor, lock_version=item.lock_version)
        done["edited"] += 1
    sub_goals = [i for i in items if i.kind == "sub_goal"]
    for n in range(20):
        parent = rng.choice(sub_goals)
        text = NEW_MEASURES[n % len(NEW_MEASURES)].format(place=rng.choice(PLACES)) + "."
        create_item(parent.topic, kind="measure", actor=actor, values={
            "text": text, "parent_id": parent.id, "responsible": "Landratsamt",
            "timeframe": "ab 2028", "themes": []})
        done["added"] += 1
    parents = {i.parent_id for i in items if i.kind == "measure"}
    candidates = [i for i in items if i.kind in ("measure", "municipal_idea", "best_practice")
                  or (i.kind == "sub_goal" and i.id not in parents)]
    for item in rng.sample(candidates, 10):
        withdraw_item(item, reason="In der Abstimmung mit den Gemeinden zurückgestellt.",
                      actor=actor)
        done["withdrawn"] += 1
    db.session.commit()
    return dict(done)


def _open_review_with_verdicts(app, number: int, rng: random.Random) -> int:
    """Open a review on version `number`; every steering member votes on about a third of
    its items (some with a remark or an objection). Returns the number of verdicts."""
    with app.app_context(), app.test_request_context():
        concept = current_concept()
        version = db.session.scalar(select(Version).where(
            Version.concept_id == concept.id, Version.number == number))
        review = open_review(version, deadline=date.today() + timedelta(days=14),
                             actor=find_user_by_email("moderation@example.org"))
        items = list(db.session.scalars(select(VersionItem).where(
            VersionItem.version_id == version.id).order_by(VersionItem.id)))
        count = 0
        for member in steering_members():
            for item in rng.sample(items, len(items) // 3):
                verdict = rng.choices(["agree", "agree_with_remarks", "object"], [8, 2, 1])[0]
                remark = "" if verdict == "agree" else "Bitte die Zuständigkeit klären."
                record_verdict(review, member, verdict=verdict, remark=remark,
                               version_item=item)
                count += 1
        db.session.commit()
        return count


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--contributions", type=int, default=2000)
    parser.add_argument("--items", type=int, default=400,
                        help="active items the draft should hold (generated on top of the demo)")
    parser.add_argument("--repeat", type=int, default=10)
    parser.add_argument("--freezes", type=int, default=5)
    parser.add_argument("--profile", action="store_true",
                        help="profile every measurement over the goal once more")
    args = parser.parse_args()
    rng = random.Random(6)
    rows: list[tuple[str, float, float, int, str]] = []
    over: list[tuple[str, object]] = []  # measurements over the goal, to profile
    with tempfile.TemporaryDirectory() as tmp:
        url = os.environ.get("TEST_DATABASE_URL") or f"sqlite:///{Path(tmp) / 'bench.db'}"
        app = create_app(DevelopmentConfig, SQLALCHEMY_DATABASE_URI=url, RATELIMIT_ENABLED=False,
                         WTF_CSRF_ENABLED=False, PASSWORD_HASH_METHOD="pbkdf2:sha256:1000",
                         PHOTO_FOLDER=str(Path(tmp) / "photos"), JOBS_PERIODIC=False)
        _fresh_database(app)
        with app.app_context():
            counter = Counter(db.engine)
            missing = max(0, args.items - _active_items())
        started = time.perf_counter()
        result = app.test_cli_runner().invoke(args=[
            "demo", "generate", "--contributions", str(args.contributions),
            "--items", str(missing)])
        assert result.exit_code == 0, result.output
        print(result.output.strip(), f"({time.perf_counter() - started:.1f} s)")
        with app.app_context():
            active = _active_items()
            links = db.session.scalar(select(func.count(ItemLink.id)).join(Item).where(
                Item.withdrawn_at.is_(None), ItemLink.removed_at.is_(None)))
            by_kind = dict(db.session.execute(select(Item.kind, func.count(Item.id)).where(
                Item.withdrawn_at.is_(None)).group_by(Item.kind)).all())
        print(f"Draft: {active} active items ({', '.join(f'{n} {k}' for k, n in by_kind.items())}"
              f"), {links} provenance links.")

        # Freezing: each run freezes a new version of the same draft.
        times, statements = [], []
        for run in range(args.freezes):
            elapsed, count, number_a = _freeze(app, f"Messung {run + 1}", counter)
            times.append(elapsed)
            statements.append(count)
        med, p95 = _stats(times)
        rows.append((f"freeze_version + commit, {active} items ({args.freezes} runs)", med, p95,
                     max(statements), ""))
        if med > GOAL_MS:
            over.append(("freeze", (None, None)))

        with app.app_context():
            changes = _revise_draft(rng)
        _elapsed, _count, number_b = _freeze(app, "Nach der Abstimmung", counter)
        with app.app_context():
            version_b = db.session.scalar(select(Version).where(Version.number == number_b))
            per_topic = Tally(db.session.scalars(select(VersionItem.topic_id).where(
                VersionItem.version_id == version_b.id)))
            size_b = sum(per_topic.values())
            biggest = per_topic.most_common(1)[0][0]
            largest = next(t for t in version_b.topics if t.topic_id == biggest)
            largest_slug, largest_items = largest.slug, per_topic[largest.topic_id]
        verdicts = _open_review_with_verdicts(app, number_b, rng)
        print(f"Version A = {number_a}, version B = {number_b} ({size_b} items; "
              f"{changes.get('edited', 0)} reworded, {changes.get('added', 0)} added, "
              f"{changes.get('withdrawn', 0)} withdrawn); review of B with {verdicts} verdicts; "
              f"largest topic '{largest_slug}' ({largest_items} items).")

        moderator = _login(app, "moderation@example.org")
        steering = _login(app, "steering@example.org")
        # (client, path, what, runs, called before each request)
        pages = [
            (moderator, f"/concept/versions/{number_a}/diff/{number_b}", "diff A → B",
             args.repeat, None),
            (moderator, f"/concept/versions/{number_b}", "version B", args.repeat, None),
            (steering, f"/review/{number_b}?part={largest_slug}",
             f"review, topic with {largest_items} items (steering member)", args.repeat, None),
            (steering, f"/review/{number_b}/overview", "review overview (steering member)",
             args.repeat, None),
        ]
        rules = {rule.rule for rule in app.url_map.iter_rules()}
        try:
            import weasyprint  # noqa: F401
            has_pdf = True
        except (ImportError, OSError):
            has_pdf = False
        caches = Path(tmp) / "export-cache"
        app.config["EXPORT_CACHE_FOLDER"] = str(caches / "kept")

        # PDFs are rendered by the job worker (in this process, as with `make run`): the
        # request waits for it, so the time is the time to the PDF.
        pdf.WAIT_SECONDS = 600

        def empty_cache():
            """A new, empty cache folder and no stored PDF: the PDF is rendered, not read
            back."""
            app.config["EXPORT_CACHE_FOLDER"] = tempfile.mkdtemp(dir=caches)
            with app.app_context():
                storage().prune("exports/", 0)
                db.session.commit()

        def kept_cache():
            app.config["EXPORT_CACHE_FOLDER"] = str(caches / "kept")

        caches.mkdir()
        skipped = []
        for pattern, runs in EXPORTS:
            path = pattern.format(v=number_b)
            route = path.split("?")[0]
            if route not in rules:
                skipped.append(f"{route} (no such route)")
            elif route.endswith(".pdf") and not has_pdf:
                skipped.append(f"{route} (WeasyPrint not installed)")
            elif route.endswith(".pdf"):
                pages.append((moderator, path, f"PDF of B, rendered ({runs} runs, empty cache)",
                              runs, empty_cache))
                pages.append((moderator, path, f"PDF of B, from the cache ({args.repeat} runs)",
                              args.repeat, kept_cache))
            else:
                pages.append((moderator, path, f"export of B ({runs} runs)", runs, None))

        for client, path, what, runs, before in pages:
            try:
                med, p95, count, size = _timed_get(client, path, runs, counter, before)
            except Failed as error:
                skipped.append(f"{path} ({error})")
                continue
            rows.append((f"GET `{path}` – {what}", med, p95, count, f"{size / 1024:.0f} KiB"))
            if med > GOAL_MS:
                over.append((path, (client, before)))

        if args.profile:
            for what, (client, before) in over:
                if what == "freeze":
                    _freeze(app, "Profil", counter, profile=True)
                    continue
                if before:
                    before()
                with _profiled(f"GET {what}", True):
                    client.get(what)

    dialect = "PostgreSQL" if url.startswith("postgresql") else "SQLite"
    print(f"\n{dialect}; {active} items in the draft, version B {size_b}; times in ms (median "
          f"and 95th percentile, nearest rank, of {args.repeat} runs unless noted; one warm-up "
          f"request each); SQL statements of one run; the goal is judged by the median\n")
    print("| measurement | median ms | p95 ms | SQL | size | goal ≤ 2 s |\n"
          "|---|---:|---:|---:|---:|---|")
    for what, med, p95, count, size in rows:
        verdict = "met" if med <= GOAL_MS else "NOT met"
        print(f"| {what} | {med:.0f} | {p95:.0f} | {count} | {size} | {verdict} |")
    for note in skipped:
        print(f"not measured: {note}")
    if over and not args.profile:
        print("Over the goal; run again with --profile to see where the time goes.")


if __name__ == "__main__":
    main()

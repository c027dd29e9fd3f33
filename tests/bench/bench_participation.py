"""The participation report of a large process (issue 14): the demo plus generated
contributions (by default 20,000 with about 100,000 comments and 200,000 supports).
Run: python -m tests.bench.bench_participation [--contributions N] (TEST_DATABASE_URL selects
PostgreSQL, an empty or disposable database: its tables are dropped; the default is a
temporary SQLite file).

Times, through the WSGI test client (server time only, one untimed warm-up request each):
the report page as the public and as staff, a round's report, and the CSV, JSON and DOCX
downloads, all while the figures are current in the cache (the usual case: they are computed
again only after a change), and the report page with the figures computed afresh (the first
request after a change). /healthz in the same run gives the ratio that cancels out the
machine's load. Prints median, 95th percentile, SQL statements and size. Goal: the report page
in 300 ms or less (median). `--profile` profiles one fresh computation.
"""

import argparse
import os
import tempfile
import time

from sqlalchemy import func, select, text

from app import create_app
from app.concepts.services import current_concept
from app.contributions.models import Comment, Contribution, Support
from app.demo.generator import generate_load_data
from app.extensions import db
from app.participation import services
from config import DevelopmentConfig
from tests.bench.bench_versions import Counter, _fresh_database, _login, _profiled, _stats

GOAL_MS = 300.0


def _timed(client, path: str, runs: int, counter: Counter, *, fresh: bool = False):
    client.get(path)
    times, statements, size = [], 0, 0
    for _ in range(runs):
        if fresh:
            services.forget_reports()
        counter.count = 0
        started = time.perf_counter()
        response = client.get(path)
        times.append(time.perf_counter() - started)
        statements, size = counter.count, len(response.get_data())
        if response.status_code != 200:
            raise SystemExit(f"{path}: {response.status_code}")
    median, p95 = _stats(times)
    return median, p95, statements, size


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--contributions", type=int, default=20000)
    parser.add_argument("--comments-per", type=int, default=5)
    parser.add_argument("--supports-per", type=int, default=10)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args()

    workdir = tempfile.mkdtemp(prefix="kw-bench-participation-")
    url = os.environ.get("TEST_DATABASE_URL") or f"sqlite:///{workdir}/bench.db"
    app = create_app(DevelopmentConfig, SQLALCHEMY_DATABASE_URI=url, WTF_CSRF_ENABLED=False,
                     EXPORT_CACHE_FOLDER=os.path.join(workdir, "exports"),
                     RATELIMIT_ENABLED=False)
    _fresh_database(app)
    with app.app_context():
        started = time.perf_counter()
        counts = generate_load_data(args.contributions, comments_per=args.comments_per,
                                    supports_per=args.supports_per)
        db.session.commit()
        if db.engine.dialect.name == "postgresql":
            db.session.execute(text("ANALYZE"))
            db.session.commit()
        generated = time.perf_counter() - started
        totals = [db.session.scalar(select(func.count(model.id)))
                  for model in (Contribution, Comment, Support)]
        round_id = counts["round_id"]
        concept = current_concept()
        started = time.perf_counter()
        with _profiled("a fresh computation of the whole report", args.profile):
            services.compute_report(concept, staff=True)
        computed = time.perf_counter() - started
    print(f"database: {url.split(':')[0]}; "
          f"{totals[0]} contributions, {totals[1]} comments, {totals[2]} supports "
          f"(generated in {generated:.0f} s); load average {os.getloadavg()[0]:.1f}")
    print(f"fresh computation (compute_report, staff): {computed * 1000:.0f} ms")

    public = app.test_client()
    staff = _login(app, "moderation@example.org")
    with app.app_context():
        counter = Counter(db.engine)
    rows = [
        ("/healthz", public, "/healthz", {}),
        ("report page (public)", public, "/report/", {}),
        ("report page (staff)", staff, "/report/", {}),
        ("round report (public)", public, f"/report/rounds/{round_id}", {}),
        ("CSV", public, "/report/participation.csv", {}),
        ("JSON", public, "/report/participation.json", {}),
        ("DOCX", public, "/report/participation.docx", {}),
        ("report page, figures computed afresh", public, "/report/", {"fresh": True}),
    ]
    healthz = None
    print(f"{'page':40} {'median':>9} {'p95':>9} {'÷ healthz':>10} {'SQL':>4} {'bytes':>9}")
    for label, client, path, options in rows:
        runs = 5 if options.get("fresh") or label == "DOCX" else args.runs
        median, p95, statements, size = _timed(client, path, runs, counter, **options)
        healthz = healthz or median
        flag = " over the goal" if path == "/report/" and not options and median > GOAL_MS \
            else ""
        print(f"{label:40} {median:7.1f}ms {p95:7.1f}ms {median / healthz:9.1f}x "
              f"{statements:4d} {size:9d}{flag}")
    print(f"load average {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()

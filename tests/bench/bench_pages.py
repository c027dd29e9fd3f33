"""Page timings with the demo data plus N generated contributions (run by `make bench`).

Builds a fresh SQLite database (or the one in BENCH_DATABASE_URL), migrates it, loads the demo
and `demo generate`, then requests each page repeatedly through the WSGI test client and prints
the median and 95th percentile time and the number of SQL queries per request.
"""

import argparse
import os
import statistics
import tempfile
import time
from pathlib import Path

import flask_migrate
from sqlalchemy import event, select

from app import create_app
from app.contributions.models import Contribution
from app.demo.services import load_demo
from app.extensions import db
from config import DevelopmentConfig

PAGES = [
    "/", "/rounds/", "/rounds/{round_id}", "/rounds/{round_id}?sort=supported",
    "/rounds/{round_id}?sort=discussed", "/rounds/{round_id}?q=Sprachkurse",
    "/rounds/{round_id}?kind=idea&language=de", "/rounds/{round_id}?kind=idea&language=de&page=2",
    "/topics/sprache", "/topics/sprache?q=Sprachkurse", "/contributions/{contribution_id}",
    "/me/contributions", "/moderation/", "/moderation/log", "/me/notifications/",
    "/contributions/{discussed_id}", "/workbench/sprache", "/concept/versions/1",
    "/concept/versions/1/diff/2",
]
DISCUSSED_COMMENTS = 100  # comments on one contribution ("a contribution with 100 comments")


def _discussed_contribution() -> int:
    """Give the oldest generated contribution of the busiest round 100 comments (inserted
    directly, their counter set as the use case would) and return its id."""
    from app.accounts.models import User
    from app.contributions.models import Comment
    contribution = db.session.scalar(select(Contribution).order_by(Contribution.id.desc())
                                     .offset(1).limit(1))
    users = db.session.scalars(select(User).order_by(User.id).limit(20)).all()
    for n in range(DISCUSSED_COMMENTS):
        parent = None
        db.session.add(Comment(contribution_id=contribution.id, parent_id=parent,
                               author_id=users[n % len(users)].id, body=f"Kommentar {n}",
                               body_html=f"<p>Kommentar {n}</p>"))
    db.session.flush()
    if hasattr(Contribution, "comment_count"):  # counters kept on the row (migration 0012)
        contribution.comment_count = db.session.scalar(
            select(db.func.count(Comment.id)).where(Comment.contribution_id == contribution.id,
                                                    Comment.status == "published"))
    db.session.commit()
    return contribution.id


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--contributions", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=20)
    # The measurements: 5 comments and 10 supports per contribution on average.
    parser.add_argument("--comments-per", type=int, default=5)
    parser.add_argument("--supports-per", type=int, default=10)
    parser.add_argument("--only", default="", help="comma-separated substrings of pages to run")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        url = os.environ.get("BENCH_DATABASE_URL") or f"sqlite:///{Path(tmp) / 'bench.db'}"
        # No job worker beside the requests: its threads' CPU would count as theirs. The jobs
        # the generated data asks for (similarity vectors) run to the end before measuring.
        app = create_app(DevelopmentConfig, SQLALCHEMY_DATABASE_URI=url, RATELIMIT_ENABLED=False,
                         WTF_CSRF_ENABLED=False, JOBS_EMBEDDED_WORKER=False)
        # BENCH_REUSE=1 with BENCH_DATABASE_URL: measure a database filled by an earlier run.
        reuse = os.environ.get("BENCH_REUSE") and os.environ.get("BENCH_DATABASE_URL")
        if not reuse:
            with app.app_context():
                flask_migrate.upgrade(
                    directory=str(Path(__file__).resolve().parents[2] / "migrations"))
                load_demo()
                db.session.commit()
            runner = app.test_cli_runner()
            started = time.perf_counter()
            result = runner.invoke(
                args=["demo", "generate", "--contributions", str(args.contributions),
                      "--comments-per", str(args.comments_per),
                      "--supports-per", str(args.supports_per)])
            print(result.output.strip(), f"({time.perf_counter() - started:.1f} s)")
        started = time.perf_counter()
        app.extensions["kw_jobs"].drain(timeout=1800)
        print(f"queued jobs done ({time.perf_counter() - started:.1f} s)")
        with app.app_context():
            busiest = db.session.scalar(select(Contribution).order_by(Contribution.id.desc()))
            round_id, contribution_id = busiest.round_id, busiest.id
            total = db.session.scalar(select(db.func.count(Contribution.id)))
            discussed_id = (db.session.scalar(select(Contribution.id).order_by(
                Contribution.id.desc()).offset(1).limit(1)) if reuse
                else _discussed_contribution())
        client = app.test_client()
        client.post("/auth/login", data={"email": "moderation@example.org",
                                         "password": "demo-password-2026"})
        statements = []
        with app.app_context():
            event.listen(db.engine, "before_cursor_execute",
                         lambda *a: statements.append(1))
        print(f"\n{total} contributions in the database; {args.repeat} requests per page\n")
        # CPU time of this process as well: on a busy machine wall time mostly measures the
        # other processes; CPU time holds the app's and (in-process) SQLite's work.
        print("| page | median ms | p95 ms | median CPU ms | queries |\n"
              "|---|---:|---:|---:|---:|")
        if os.environ.get("BENCH_ANALYZE") and db.engine.dialect.name == "postgresql":
            with app.app_context(), db.engine.begin() as connection:
                connection.exec_driver_sql("ANALYZE")
        for pattern in PAGES:
            if args.only and not any(o in pattern for o in args.only.split(",")):
                continue
            path = pattern.format(round_id=round_id, contribution_id=contribution_id,
                                  discussed_id=discussed_id)
            times, cpu = [], []
            for _ in range(args.repeat):
                statements.clear()
                start, start_cpu = time.perf_counter(), time.process_time()
                response = client.get(path)
                times.append((time.perf_counter() - start) * 1000)
                cpu.append((time.process_time() - start_cpu) * 1000)
                assert response.status_code == 200, (path, response.status_code)
            times.sort()
            p95 = times[int(len(times) * 0.95) - 1]
            print(f"| `{path}` | {statistics.median(times):.1f} | {p95:.1f} "
                  f"| {statistics.median(cpu):.1f} | {len(statements)} |")


if __name__ == "__main__":
    main()

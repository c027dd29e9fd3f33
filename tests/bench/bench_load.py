"""Load benchmark (issue 15, `make bench-load`): requests per second of the main pages under
gunicorn at 1x and 10x data, measured with wrk against /healthz.

For each scale the benchmark builds a database (a new SQLite file, or the PostgreSQL
database of BENCH_DATABASE_URL, emptied first), migrates it, loads the demo and runs
`flask demo generate` (1x: 2,000 contributions, about 10,000 comments and 21,000 supports;
10x: ten times that), gives one contribution 100 comments, then starts gunicorn (2 sync
workers, 127.0.0.1, a free port) and drives every page with wrk (8 connections, a few seconds
each), anonymously and logged in (a session cookie from the login form), each page between
two runs of /healthz: the ratio page rps / healthz rps cancels out most of the machine's
load. SQL statements per request are counted in-process with the Flask test client. At 10x
on PostgreSQL the plans (EXPLAIN) of the slowest statements of each list page are printed
and sequential scans over contributions, comments or supports flagged.

Everything started here (gunicorn) is stopped by its process id at the end, on errors and on
Ctrl-C; only 127.0.0.1 is bound.
"""

import argparse
import http.cookiejar
import logging
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

import flask_migrate
from sqlalchemy import create_engine, event, func, inspect, select, text

from app import create_app
from app.accounts.models import User
from app.contributions.models import Comment, Contribution
from app.core.time import utcnow
from app.demo import data
from app.demo.generator import GENERATED_EMAIL, GENERATED_ROUND_TITLE
from app.demo.services import load_demo
from app.extensions import db
from app.rounds.models import Round
from app.versions.models import Review, Version
from config import DevelopmentConfig

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
PASSWORD = data.DEMO_PASSWORD

# 1x: 2,000 contributions, about 10,000 comments (5 on average) and 21,000 supports.
SCALES = {
    1: {"contributions": 2000, "comments_per": 5, "supports_per": 11, "users": 400,
        "organisations": 20},
    10: {"contributions": 20000, "comments_per": 5, "supports_per": 11, "users": 4000,
         "organisations": 200},
}

# Who is logged in: None (anonymous) or a key of ACCOUNTS.
ACCOUNTS = {
    "participant": GENERATED_EMAIL.format(1),  # a generated participant with contributions
    "moderator": "moderation@example.org",
    "steering": "steering@example.org",
}
BUSY_COMMENTS = 100
CONNECTIONS = 8


@dataclass
class Page:
    label: str
    path: str  # with {round}, {busy}, {version}, {review} placeholders
    as_: tuple  # whom to request it as: None (anonymous) and/or keys of ACCOUNTS
    listing: bool = False  # a list page: its plans are printed at 10x on PostgreSQL


PAGES = [
    Page("round list", "/rounds/{round}", (None, "participant"), listing=True),
    Page("round list, filter", "/rounds/{round}?topic=sprache&kind=measure",
         (None, "participant"), listing=True),
    Page("round list, sorted", "/rounds/{round}?sort=supported", (None, "participant"),
         listing=True),
    Page("round list, search", "/rounds/{round}?q=Sprachkurse", (None, "participant"),
         listing=True),
    Page("topic page", "/topics/sprache", (None, "participant"), listing=True),
    Page("contribution, 100 comments", "/contributions/{busy}", (None, "participant")),
    Page("home", "/", (None, "participant")),
    Page("concept", "/concept/", (None, "participant")),
    Page("version", "/concept/versions/{version}", (None, "participant")),
    Page("diff", "/concept/versions/{version}/diff/{review}", ("steering",)),
    Page("review", "/review/{review}", ("steering",)),
    Page("moderation", "/moderation/", ("moderator",), listing=True),
    Page("workbench", "/workbench/sprache", ("moderator",), listing=True),
    Page("my contributions", "/me/contributions", ("participant",), listing=True),
    Page("participation report", "/report/", (None, "participant")),
    Page("implementation", "/implementation/", (None, "participant")),
]

WRK_SCRIPT = """
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("WRK %d %d %d %d %d %d\\n", summary.requests, summary.duration,
    latency:percentile(50), latency:percentile(99), e.status,
    e.connect + e.read + e.write + e.timeout))
end
"""
SCANNED = re.compile(r"Seq Scan on (contributions|comments|supports)\b")


@dataclass
class Run:
    rps: float
    p50_ms: float
    p99_ms: float
    bad: int  # non-2xx/3xx answers and socket errors
    requests: int = 0
    seconds: int = 0
    ratio: float = 0.0


@dataclass
class Row:
    page: Page
    as_: str | None
    path: str = ""
    queries: dict = field(default_factory=dict)  # scale -> count
    runs: dict = field(default_factory=dict)  # scale -> Run
    skipped: dict = field(default_factory=dict)  # scale -> reason


# -- processes ---------------------------------------------------------------------------

class Server:
    """gunicorn on 127.0.0.1, stopped by its process id (and its own process group)."""

    def __init__(self, url: str, workers: int):
        self.port = _free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        env = dict(os.environ, APP_ENV="production", DATABASE_URL=url,
                   SECRET_KEY=os.urandom(16).hex(), BASE_URL=self.base,
                   SESSION_COOKIE_SECURE="false", TRUSTED_HOSTS="127.0.0.1")
        gunicorn = BIN / "gunicorn"
        self.process = subprocess.Popen(
            [str(gunicorn), "--workers", str(workers), "--worker-class", "sync",
             "--bind", f"127.0.0.1:{self.port}", "--log-level", "warning",
             "app:create_app()"],
            cwd=ROOT, env=env, start_new_session=True)

    def wait_ready(self, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn ended with {self.process.returncode}")
            try:
                with urllib.request.urlopen(  # noqa: S310 - our own http://127.0.0.1 URL
                        self.base + "/healthz", timeout=2) as response:
                    if response.status == 200:
                        return
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                time.sleep(0.3)
        raise RuntimeError("gunicorn did not answer /healthz in time")

    def stop(self) -> None:
        if self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGTERM)  # the master stops its workers
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)  # the group we started
            self.process.wait(timeout=5)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _raise_on_sigterm(signum, frame):
    raise SystemExit(f"stopped by signal {signum}")


# -- data --------------------------------------------------------------------------------

def _sqlalchemy_url(url: str) -> str:
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


def _empty_postgres(url: str) -> None:
    """Empty the benchmark database; refuse one that holds anything but an earlier run."""
    engine = create_engine(_sqlalchemy_url(url))
    try:
        with engine.begin() as conn:
            tables = inspect(conn).get_table_names()
            if tables:
                earlier = "rounds" in tables and conn.scalar(
                    text("SELECT count(*) FROM rounds WHERE title = :t"),
                    {"t": GENERATED_ROUND_TITLE})
                if not earlier:
                    raise SystemExit(f"{url} holds tables but no earlier benchmark data: "
                                     "give the benchmark a database of its own.")
            conn.execute(text("DROP SCHEMA public CASCADE"))
            conn.execute(text("CREATE SCHEMA public"))
    finally:
        engine.dispose()


def build_database(url: str, scale: int) -> dict:
    """Migrate, load the demo, generate the scale's data, give one contribution 100
    comments. Returns the ids and numbers the pages need."""
    app = _app(url)
    with app.app_context():
        flask_migrate.upgrade(directory=str(ROOT / "migrations"))
        load_demo()
        db.session.commit()
    options = SCALES[scale]
    args = ["demo", "generate", "--contributions", str(options["contributions"]),
            "--comments-per", str(options["comments_per"]),
            "--supports-per", str(options["supports_per"]),
            "--users", str(options["users"]), "--organisations", str(options["organisations"])]
    started = time.perf_counter()
    result = app.test_cli_runner().invoke(args=args)
    if result.exit_code != 0:
        raise RuntimeError(f"demo generate failed: {result.output}{result.exception!r}")
    print(f"  flask {' '.join(args)}\n  {result.output.strip()} "
          f"(wall {time.perf_counter() - started:.1f} s)", flush=True)
    with app.app_context():
        targets = _targets()
        db.session.commit()
        db.engine.dispose()
    return targets


def _targets() -> dict:
    round_ = db.session.scalar(select(Round).where(Round.title == GENERATED_ROUND_TITLE))
    busy = db.session.scalar(select(Contribution).where(
        Contribution.round_id == round_.id, Contribution.status == "published")
        .order_by(Contribution.id).limit(1))
    have = db.session.scalar(select(func.count(Comment.id)).where(
        Comment.contribution_id == busy.id))
    writers = list(db.session.scalars(select(User.id).where(
        User.email.like("lastdaten-%")).order_by(User.id).limit(50)))
    now = utcnow()
    rows = [{"contribution_id": busy.id, "author_id": writers[n % len(writers)],
             "body": f"Kommentar {n}: Das sehe ich auch so.",
             "body_html": f"<p>Kommentar {n}: Das sehe ich auch so.</p>", "status": "published",
             "created_at": now - timedelta(minutes=n), "updated_at": now - timedelta(minutes=n),
             "parent_id": None, "ui_language": "de", "participant_group": None}
            for n in range(BUSY_COMMENTS - have)]
    if rows:
        db.session.execute(Comment.__table__.insert(), rows)
    published = db.session.scalar(select(func.max(Version.number)).where(
        Version.published_at.is_not(None)))
    review = db.session.scalar(select(Version.number).join(Review).order_by(
        Review.id.desc()).limit(1))
    return {"round": round_.id, "busy": busy.id, "version": published, "review": review}


def _app(url: str, **overrides):
    app = create_app(DevelopmentConfig, SQLALCHEMY_DATABASE_URI=_sqlalchemy_url(url),
                     RATELIMIT_ENABLED=False, WTF_CSRF_ENABLED=False, **overrides)
    logging.getLogger("alembic").setLevel(logging.WARNING)
    return app


# -- SQL per request and plans -------------------------------------------------------------

def count_queries(url: str, rows: list[Row], scale: int, explain: bool) -> None:
    """SQL statements per request in-process (the second request of each page, after a
    warm-up); with `explain`, the plans of the slowest statements of each list page. The
    pages are rendered (the page cache off: a kept anonymous page costs one statement) and
    no job worker runs in this process (its statements would be counted too)."""
    app = _app(url, PAGE_CACHE_SECONDS=0, JOBS_EMBEDDED_WORKER=False, JOBS_PERIODIC=False)
    clients = {}
    for who in {row.as_ for row in rows}:
        client = app.test_client()
        if who is not None:
            response = client.post("/auth/login", data={"email": ACCOUNTS[who],
                                                        "password": PASSWORD})
            assert response.status_code == 302, (who, response.status_code)
        clients[who] = client
    statements = []

    def before(conn, cursor, statement, parameters, context, executemany):
        conn.info["started"] = time.perf_counter()

    def after(conn, cursor, statement, parameters, context, executemany):
        statements.append((time.perf_counter() - conn.info.pop("started"), statement,
                           parameters))

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", before)
    event.listen(engine, "after_cursor_execute", after)
    plans = []
    try:
        for row in rows:
            if scale in row.skipped:
                continue
            client = clients[row.as_]
            client.get(row.path)
            statements.clear()
            response = client.get(row.path)
            if response.status_code != 200:
                row.skipped[scale] = f"in-process answer {response.status_code}"
                continue
            row.queries[scale] = len(statements)
            if explain and row.page.listing and (row.as_ is None or row.page.as_ == (row.as_,)):
                plans.append((row, list(statements)))
    finally:
        event.remove(engine, "before_cursor_execute", before)
        event.remove(engine, "after_cursor_execute", after)
    if plans:
        with app.app_context():
            print_plans(plans)
    with app.app_context():
        db.engine.dispose()


def print_plans(plans, per_page: int = 3) -> None:
    """EXPLAIN the slowest SELECTs of each list page with their parameters."""
    print("\n### Plans of the list pages' slowest statements (10x, PostgreSQL)\n", flush=True)
    flagged = []
    connection = db.engine.raw_connection()
    try:
        for row, statements in plans:
            selects = [s for s in statements if s[1].lstrip().upper().startswith("SELECT")]
            slowest = sorted(selects, key=lambda s: s[0], reverse=True)[:per_page]
            print(f"#### {row.path} ({row.as_ or 'anonymous'})\n")
            for seconds, statement, parameters in slowest:
                cursor = connection.cursor()
                cursor.execute("EXPLAIN " + statement, parameters)
                plan = "\n".join(line[0] for line in cursor.fetchall())
                cursor.close()
                scans = sorted(set(SCANNED.findall(plan)))
                mark = f"  **SEQ SCAN on {', '.join(scans)}**" if scans else ""
                if scans:
                    flagged.append((row.path, scans))
                print(f"{seconds * 1000:.1f} ms: `{' '.join(statement.split())[:160]}...`{mark}")
                print("```\n" + plan + "\n```\n")
        connection.rollback()
    finally:
        connection.close()
    print("Sequential scans over contributions, comments or supports: "
          + ("; ".join(f"{p}: {', '.join(s)}" for p, s in flagged) if flagged else "none")
          + "\n", flush=True)


# -- wrk --------------------------------------------------------------------------------

def login_cookie(base: str, email: str) -> str:
    """Log in through the form (CSRF token and all) and return the Cookie header's value."""
    jar = http.cookiejar.CookieJar()

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), NoRedirect)
    with opener.open(base + "/auth/login", timeout=30) as response:
        page = response.read().decode()
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page)
    assert token, "no CSRF token on the login form"
    form = urllib.parse.urlencode({"email": email, "password": PASSWORD,
                                   "csrf_token": token.group(1)}).encode()
    try:
        opener.open(base + "/auth/login", data=form, timeout=30)
        raise RuntimeError(f"login of {email} did not redirect (wrong password?)")
    except urllib.error.HTTPError as error:
        if error.code != 302:
            raise
    return "; ".join(f"{c.name}={c.value}" for c in jar)


def status_of(url: str, cookie: str | None) -> int:
    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    request = urllib.request.Request(  # noqa: S310 - our own http://127.0.0.1 URL
        url, headers={"Cookie": cookie} if cookie else {})
    try:
        with urllib.request.build_opener(NoRedirect).open(request, timeout=60) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def drain(base: str, timeout: float = 120) -> None:
    """Wait until the workers have answered what wrk left queued when it stopped (up to one
    request per connection): until /healthz answers at once three times in a row."""
    quick, deadline = 0, time.monotonic() + timeout
    while quick < 3 and time.monotonic() < deadline:
        started = time.monotonic()
        status_of(base + "/healthz", None)
        quick = quick + 1 if time.monotonic() - started < 0.05 else 0


def wrk(url: str, seconds: int, script: Path, cookie: str | None = None,
        connections: int = CONNECTIONS) -> Run:
    command = ["wrk", "-t", "1", "-c", str(connections), "-d", f"{seconds}s", "--timeout",
               "10s", "-s", str(script), url]
    if cookie:
        command[1:1] = ["-H", f"Cookie: {cookie}"]
    result = subprocess.run(command, capture_output=True, text=True, timeout=seconds + 60,
                            check=False)
    if result.returncode != 0:
        raise RuntimeError(f"wrk failed: {result.stderr or result.stdout}")
    match = re.search(r"^WRK (\d+) (\d+) (\d+) (\d+) (\d+) (\d+)$", result.stdout, re.M)
    if not match:
        raise RuntimeError(f"unexpected wrk output:\n{result.stdout}\n{result.stderr}")
    requests, duration_us, p50, p99, status_errors, socket_errors = map(int, match.groups())
    return Run(rps=requests / (duration_us / 1e6), p50_ms=p50 / 1000, p99_ms=p99 / 1000,
               bad=status_errors + socket_errors, requests=requests, seconds=seconds)


def drive(server: Server, rows: list[Row], scale: int, seconds: int, health_seconds: int,
          script: Path) -> None:
    """Each page between two /healthz runs; the ratio is page rps over their mean."""
    cookies = {who: login_cookie(server.base, ACCOUNTS[who])
               for who in {row.as_ for row in rows} if who is not None}
    with ThreadPoolExecutor(max_workers=2) as pool:
        for row in rows:  # each page answers 200, and each worker has had it (two at once)
            url, cookie = server.base + row.path, cookies.get(row.as_)
            statuses = set(pool.map(lambda _n: status_of(url, cookie), range(2)))  # noqa: B023
            statuses.add(status_of(url, cookie))
            if statuses != {200}:
                row.skipped[scale] = f"answer {', '.join(map(str, sorted(statuses)))}"
    health = server.base + "/healthz"
    wrk(health, 1, script)  # warm-up of the workers and connections
    before = wrk(health, health_seconds, script)
    for row in rows:
        if scale in row.skipped:
            continue
        run = wrk(server.base + row.path, seconds, script, cookies.get(row.as_))
        if run.requests < CONNECTIONS:
            # fewer answers than connections: no rate to speak of; once more, 3 times as long
            drain(server.base)
            run = wrk(server.base + row.path, 3 * seconds, script, cookies.get(row.as_))
        drain(server.base)
        after = wrk(health, health_seconds, script)
        run.ratio = run.rps / ((before.rps + after.rps) / 2)
        row.runs[scale] = run
        print(f"  {row.path:<45} {row.as_ or 'anonymous':<12} {run.rps:8.1f} rps "
              f"({run.requests} in {run.seconds} s) "
              f"p50 {run.p50_ms:7.1f} ms p99 {run.p99_ms:7.1f} ms  healthz {before.rps:.0f}/"
              f"{after.rps:.0f} rps  ratio {run.ratio:.4f}"
              + (f"  {run.bad} ERRORS" if run.bad else ""), flush=True)
        before = after


# -- the table ---------------------------------------------------------------------------

def table(rows: list[Row], scales: list[int], seconds: int) -> str:
    head = ["page", "as"]
    for scale in scales:
        head += [f"SQL {scale}x", f"rps {scale}x", f"p50 ms {scale}x", f"p99 ms {scale}x",
                 f"÷ healthz {scale}x"]
    if len(scales) > 1:
        head.append(f"{scales[-1]}x / {scales[0]}x")
    lines = ["| " + " | ".join(head) + " |",
             "|" + "|".join(["---"] * 2 + ["---:"] * (len(head) - 2)) + "|"]
    for row in rows:
        cells = [f"{row.page.label} `{row.path}`", row.as_ or "anonymous"]
        for scale in scales:
            run = row.runs.get(scale)
            if run is None:
                cells += [str(row.queries.get(scale, "–")), row.skipped.get(scale, "–"),
                          "", "", ""]
                continue
            longer = f" ({run.seconds} s)" if run.seconds != seconds else ""
            cells += [str(row.queries.get(scale, "–")), f"{run.rps:.1f}{longer}",
                      f"{run.p50_ms:.1f}",
                      f"{run.p99_ms:.1f}", f"{run.ratio:.4f}"
                      + (f" ({run.bad} errors)" if run.bad else "")]
        if len(scales) > 1:
            first, last = row.runs.get(scales[0]), row.runs.get(scales[-1])
            cells.append(f"{last.ratio / first.ratio:.2f}" if first and last else "–")
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scales", default="1,10", help="comma-separated, of 1 and 10")
    parser.add_argument("--seconds", type=int, default=3, help="wrk duration per page")
    parser.add_argument("--healthz-seconds", type=int, default=2)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    scales = [int(s) for s in args.scales.split(",")]
    if not set(scales) <= set(SCALES):
        parser.error(f"scales are {', '.join(map(str, SCALES))}")
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is not installed: `apt-get install wrk` (Debian/Ubuntu), "
                         "`brew install wrk` (macOS), or build it from its sources.")
    signal.signal(signal.SIGTERM, _raise_on_sigterm)
    postgres = os.environ.get("BENCH_DATABASE_URL")
    rows = [Row(page, who) for page in PAGES for who in page.as_]
    started = time.perf_counter()
    print(f"load average before: {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f} "
          f"{os.getloadavg()[2]:.2f}; database: {'PostgreSQL' if postgres else 'SQLite'}",
          flush=True)
    server = None
    with tempfile.TemporaryDirectory() as tmp:
        script = Path(tmp) / "report.lua"
        script.write_text(WRK_SCRIPT)
        try:
            for scale in scales:
                print(f"\n## {scale}x\n", flush=True)
                if postgres:
                    _empty_postgres(postgres)
                    url = postgres
                else:
                    url = f"sqlite:///{Path(tmp) / f'load-{scale}x.db'}"
                targets = build_database(url, scale)
                for row in rows:
                    row.path = row.page.path.format(**targets)
                count_queries(url, rows, scale, explain=bool(postgres) and scale == 10)
                server = Server(url, args.workers)
                server.wait_ready()
                drive(server, rows, scale, args.seconds, args.healthz_seconds, script)
                server.stop()
                server = None
        finally:
            if server is not None:
                server.stop()
    load = os.getloadavg()
    print(f"\n{'PostgreSQL' if postgres else 'SQLite'}, {len(rows)} page runs per scale, "
          f"wrk 8 connections, {args.seconds:g} s per page, gunicorn {args.workers} sync "
          f"workers; load average after: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}; "
          f"whole run {(time.perf_counter() - started) / 60:.1f} min\n")
    print(table(rows, scales, args.seconds))
    print("\nrps: requests per second (a page with fewer than 8 answers in its run is run "
          "again three times as long); ÷ healthz: page rps / mean /healthz rps measured right "
          "before and after it; the last column compares those ratios (10x over 1x).")


if __name__ == "__main__":
    try:
        main()
    except KeyboardInterrupt:  # gunicorn was stopped on the way out (the finally above)
        sys.exit("interrupted; everything the benchmark started is stopped")

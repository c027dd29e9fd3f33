"""Test fixtures: one app per session, a fresh (emptied) database for every test.

Tests run on SQLite; set TEST_DATABASE_URL to run them on PostgreSQL.
"""

import functools
import os
import socket
import tempfile
import weakref
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.handlers import Message
from flask import has_request_context, request
from flask.testing import FlaskClient
from sqlalchemy import event, exists, literal, select, text, union_all
from sqlalchemy.engine import Engine
from sqlalchemy.exc import InvalidRequestError

from app import create_app
from app.core import search
from app.extensions import db as _db
from app.extensions import limiter
from app.reports import pdf
from config import TestingConfig, _database_url
from tests.demo_copy import column_is_int
from tests.shared import RUN, SHARED, count_of_run, shared_folder

pytest_plugins = ["tests.factories"]


def _worker_database(url: str, worker: str) -> str:
    """`<db>_<worker>` on the server of `url`, created if missing: each xdist worker empties
    and fills its own database."""
    from sqlalchemy import create_engine
    from sqlalchemy.engine import make_url

    base = make_url(_database_url(url))
    name = f"{base.database}_{worker}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            exists = conn.scalar(text("SELECT 1 FROM pg_database WHERE datname = :name"),
                                 {"name": name})
            if not exists:
                conn.execute(text(f'CREATE DATABASE "{name}"'))
    finally:
        admin.dispose()
    return make_url(url).set(database=name).render_as_string(hide_password=False)


def pytest_configure(config):
    # A folder all processes of this test run share (see `shared_folder`), made by the
    # controller before the workers start, so that they inherit it. CI sets its own, shared by
    # the SQLite and the PostgreSQL suite.
    if not os.environ.get("PYTEST_XDIST_WORKER"):
        os.environ[RUN] = str(os.getpid())
        if not os.environ.get(SHARED):
            folder = tempfile.TemporaryDirectory(prefix="kw-tests-shared-")
            config.add_cleanup(folder.cleanup)
            os.environ[SHARED] = folder.name
    # Under pytest-xdist every worker is a process of its own: its SQLite file lives in its own
    # temporary folder already; on PostgreSQL it gets a database of its own, and
    # TEST_DATABASE_URL points there for every test in that worker.
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    url = os.environ.get("TEST_DATABASE_URL")
    if worker and url and not os.environ.get("KW_TEST_WORKER_DATABASE"):
        os.environ["TEST_DATABASE_URL"] = _worker_database(url, worker)
        os.environ["KW_TEST_WORKER_DATABASE"] = worker


# Tests that take seconds each (a browser, the demo loaded or crawled) run first: pytest-xdist
# hands out tests in collection order, and one of them started last would keep one worker
# busy while the other has nothing left to do.
SLOW_FIRST = ("tests/e2e/", "tests/core/test_fuzz.py", "tests/core/test_links.py",
              "tests/test_demo")


def pytest_terminal_summary(terminalreporter):
    counts = count_of_run("axe")
    if counts:
        terminalreporter.write_line(
            f"axe-core: {counts.get('run', 0)} documents checked, {counts.get('reused', 0)} "
            "checks answered by an earlier result (of this or another process of the run)")


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config, items):
    def slow(item) -> bool:
        return item.nodeid.startswith(SLOW_FIRST)

    items.sort(key=lambda item: not slow(item))  # stable: the order within each group stays
    if os.environ.get("KW_BROWSER_TESTS_BACKWARDS"):
        # CI runs the two databases' suites at the same time, sharing axe's results
        # (tests/e2e/helpers.py); the PostgreSQL suite takes the browser tests from the last,
        # so that the two meet in the middle and each checks half of the pages.
        browser = [i for i, item in enumerate(items) if item.nodeid.startswith("tests/e2e/")]
        for i, item in zip(browser, [items[i] for i in reversed(browser)], strict=True):
            items[i] = item


def test_database_url(tmp_dir: Path) -> str:
    url = os.environ.get("TEST_DATABASE_URL")
    if url:
        os.environ["DATABASE_URL"] = url
        return _database_url(url)
    return f"sqlite:///{tmp_dir / 'test.db'}"


@event.listens_for(Engine, "connect")
def _no_durability_in_tests(dbapi_connection, _record):
    """A test database is thrown away: no commit needs to wait for the disk. Without this,
    SQLite's fsync on each of the suite's thousands of commits was a quarter of its time."""
    cursor = dbapi_connection.cursor()
    if type(dbapi_connection).__module__.startswith("sqlite3"):
        cursor.execute("PRAGMA synchronous = OFF")
    else:  # PostgreSQL: the server keeps its settings, this session does not wait for WAL
        cursor.execute("SET synchronous_commit TO off")
        dbapi_connection.commit()
    cursor.close()


@pytest.fixture(scope="session")
def database_url():
    with tempfile.TemporaryDirectory(prefix="kw-tests-") as tmp:
        yield test_database_url(Path(tmp))


class FreshContextClient(FlaskClient):
    """Each request gets its own app context, as in production: `g`, the logged-in user and
    the database session are not shared with the test or with other requests."""

    def open(self, *args, **kwargs):
        with self.application.app_context():
            return super().open(*args, **kwargs)


@pytest.fixture(scope="session")
def app(database_url):
    app = create_app(TestingConfig, SQLALCHEMY_DATABASE_URI=database_url,
                     PHOTO_FOLDER=tempfile.mkdtemp(prefix="kw-test-photos-"),
                     IMPORT_FOLDER=tempfile.mkdtemp(prefix="kw-test-imports-"),
                     # PDFs shared by all processes of the run: the demo's concept is
                     # rendered once, not by each worker and database. Whoever asks while
                     # another process renders it waits (WAIT_SECONDS below) instead of
                     # being told that it is being prepared.
                     EXPORT_CACHE_FOLDER=str(shared_folder("exports")))
    app.test_client_class = FreshContextClient
    waited, pdf.WAIT_SECONDS = pdf.WAIT_SECONDS, 600
    with app.app_context():
        _db.drop_all()
        _db.create_all()
    event.listen(_db.Model, "load", _note_batch, propagate=True)
    event.listen(_db.session, "do_orm_execute", raise_on_lazy_loads)
    yield app
    pdf.WAIT_SECONDS = waited
    event.remove(_db.session, "do_orm_execute", raise_on_lazy_loads)
    event.remove(_db.Model, "load", _note_batch)
    with app.app_context():
        _db.session.remove()
        _db.drop_all()
        _db.engine.dispose()


# --- pages load what they show: an unexpected lazy load while a page renders raises ---

# A listed object -> [how many objects of its class the same query loaded].
_loaded_with: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def _page_request() -> bool:
    return has_request_context() and request.method in ("GET", "HEAD")


def _note_batch(target, context) -> None:
    """`load` hook: remember how many objects of its class came with `target` from one query
    (its rows, joined and selectin loads, or a lazily loaded collection)."""
    if _page_request():
        batch = context.attributes.setdefault(("kw_lazy_batch", type(target)), [0])
        batch[0] += 1
        _loaded_with[target] = batch


def raise_on_lazy_loads(state) -> None:
    """`do_orm_execute` hook for GET requests in tests: a lazy load that needs SQL for an
    object that came in a list raises, so a page that touches a relationship its query did
    not load fails instead of costing a query per row. An object loaded on its own (the
    logged-in user, the concept, the round of a page) may still load lazily, as may a
    many-to-one already in the session."""
    if not (state.is_select and state.is_orm_statement) or not _page_request():
        return
    parent = state.lazy_loaded_from
    if parent is None:
        return
    batch = _loaded_with.get(parent.obj())
    if batch is not None and batch[0] > 1:
        raise InvalidRequestError(
            f"{state.loader_strategy_path[-1]} lazy-loaded for one of {batch[0]} listed "
            f"objects: the page's query must load it (lazy loads of lists raise in tests)")


# The sequences a test used or set, back to their start (as TRUNCATE ... RESTART IDENTITY
# would): those read since (last_value), and those of the tables that held rows, whose
# sequence may have been set without being read (the demo copy sets each to the next free id:
# pg_sequences shows no last_value for it, and the next test's rows got ids from 111 on,
# where the same test on SQLite, which starts again at 1, got 1; the browser tests' pages
# then differed between the two databases and were checked by axe twice).
_RESTART_USED_SEQUENCES = text(
    "SELECT setval(format('%I.%I', schemaname, sequencename)::regclass, start_value, false) "
    "FROM pg_sequences WHERE schemaname = current_schema() AND (last_value IS NOT NULL "
    "OR format('%I.%I', schemaname, sequencename)::regclass IN ("
    "SELECT pg_get_serial_sequence(t.name, t.key)::regclass "
    "FROM unnest(CAST(:tables AS text[]), CAST(:keys AS text[])) AS t(name, key)))")


@functools.cache
def _filled_tables():
    """A statement of the names of the tables that hold rows, a DELETE of each table, and the
    integer key of each table that has one (made once: building the 58 parts anew took more
    than running them)."""
    tables = _db.metadata.sorted_tables
    keys = {t.name: columns[0].name for t in tables
            if len(columns := list(t.primary_key.columns)) == 1 and column_is_int(columns[0])}
    return (union_all(*(select(literal(t.name)).where(exists().select_from(t))
                        for t in tables)),
            [(t.name, t.delete()) for t in reversed(tables)], keys)


def empty_all_tables() -> None:
    """Delete the rows of the tables this test filled (found in one statement). On PostgreSQL,
    TRUNCATE of all tables cost new files for each of them (a large part of every test's
    time); on SQLite, a DELETE of each table cost more than finding the few filled ones."""
    filled_query, deletes, keys = _filled_tables()
    filled = set(_db.session.scalars(filled_query))
    for name, delete in deletes:
        if name in filled:
            _db.session.execute(delete)
    if _db.engine.dialect.name == "postgresql":
        serial = sorted(name for name in filled if name in keys)
        _db.session.execute(_RESTART_USED_SEQUENCES,
                            {"tables": serial, "keys": [keys[name] for name in serial]})
    else:
        search.clear_index()
    _db.session.commit()


def _no_job_worker_left_running() -> None:
    """A job worker that outlives its test writes into the next tests' database (a production
    app's embedded worker deadlocked with emptying the tables on PostgreSQL)."""
    import threading

    from dramatiq.worker import _WorkerThread

    left = [t.name for t in threading.enumerate()
            if isinstance(t, _WorkerThread) or t.name == "kw-jobs-scheduler"]
    assert not left, f"job worker threads still running after the test: {left}"


@pytest.fixture(autouse=True)
def db(app):
    """A fresh database for every test (all tables emptied afterwards)."""
    with app.app_context():
        yield _db
        _db.session.rollback()
        app.extensions["kw_jobs"].broker.flush_all()  # this test's jobs that nobody ran
        _no_job_worker_left_running()
        empty_all_tables()
        _db.session.remove()
        if app.config["RATELIMIT_ENABLED"]:
            limiter.reset()


@pytest.fixture
def job_worker(app):
    """The embedded job worker, running for this test (as with `make run`): jobs queued by the
    test's requests and use cases run in its threads (`job_worker.join()` waits for them).
    Afterwards it finishes the jobs it runs; those still queued are dropped."""
    runtime = app.extensions["kw_jobs"]
    runtime.start_worker(2, periodic=False)
    yield runtime
    runtime.broker.flush_all()
    runtime.stop_worker()


@pytest.fixture
def client(app):
    return app.test_client()


class Login:
    def __init__(self, client):
        self.client = client

    def __call__(self, user, password="correct horse battery staple"):
        response = self.client.post(
            "/auth/login", data={"email": user.email, "password": password}
        )
        assert response.status_code == 302, response.get_data(as_text=True)[:500]
        return response


@pytest.fixture
def login(client):
    return Login(client)


# --- a real SMTP server on 127.0.0.1 (aiosmtpd), for mails that leave through the outbox ---

class Inbox(Message):
    def __init__(self):
        super().__init__()
        self.messages = []

    def handle_message(self, message):
        self.messages.append(message)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def smtp_server(app, monkeypatch):
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    monkeypatch.setitem(app.config, "MAIL_SERVER", "127.0.0.1")
    monkeypatch.setitem(app.config, "MAIL_PORT", controller.port)
    yield inbox
    controller.stop()

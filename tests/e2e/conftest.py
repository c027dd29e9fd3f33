"""Browser tests: a live server on the test database, Debian's Chromium driven by Playwright.

Every test in this folder is marked `e2e`. Without /usr/bin/chromium (or without Playwright)
they are skipped, unless E2E_REQUIRED=1 is set (CI sets it): then they fail loudly.

Where Debian's `chromium-headless-shell` is installed (CI installs it), the tests run in it:
the same Chromium release built as the old headless shell, without the windowing layers of the
full browser, which Playwright itself prefers for headless runs. 40 pages of the demo cost
about 6 CPU-seconds in it against 16 in `/usr/bin/chromium` (docs/benchmarks.md). KW_CHROMIUM
names another executable (e.g. /usr/bin/chromium to check against the full browser).

The live server is a second app on the same database as the session's `app` fixture (the
`database_url` fixture), with CSRF switched on, so a test can prepare and inspect data in its
own app context while the browser talks to the server; the autouse `db` fixture empties all
tables after each test.
"""

import logging
import os
import threading
from pathlib import Path
from types import SimpleNamespace

import pytest
from werkzeug.serving import make_server

from app import create_app
from app.extensions import db as _db
from config import TestingConfig
from tests.e2e.helpers import COUNTS
from tests.shared import add_counts

FULL_CHROMIUM = "/usr/bin/chromium"
HEADLESS_SHELL = "/usr/bin/chromium-headless-shell"
CHROMIUM = os.environ.get("KW_CHROMIUM") or (
    HEADLESS_SHELL if Path(HEADLESS_SHELL).exists() else FULL_CHROMIUM)
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
HERE = Path(__file__).resolve().parent


def _required() -> bool:
    return os.environ.get("E2E_REQUIRED", "").strip().lower() in {"1", "true", "yes", "on"}


def _missing_packages() -> str | None:
    try:
        import axe_playwright_python  # noqa: F401
        import playwright.sync_api  # noqa: F401
    except ImportError as exc:
        return f"{exc.name} is not installed (pip install -e '.[dev]')"
    return None


def _missing() -> str | None:
    """Why the browser tests cannot run here, or None when they can."""
    if not Path(CHROMIUM).exists():
        return (f"{CHROMIUM} is missing (install Debian's chromium package, and for speed "
                "chromium-headless-shell)")
    return _missing_packages()


# Without Playwright the test modules cannot even be imported: leave them out (and say so in
# the report header), unless they are required, where the import errors are the loud failure.
if _missing_packages() and not _required():
    collect_ignore_glob = ["test_*.py"]


def pytest_report_header(config):
    missing = _missing()
    if missing:
        return [f"e2e: {'FAILING, E2E_REQUIRED=1' if _required() else 'skipped'}: {missing}"]
    return [f"e2e: {CHROMIUM}"]


def pytest_collection_modifyitems(config, items):
    missing = _missing()
    for item in items:
        if HERE not in Path(str(item.path)).resolve().parents:
            continue
        item.add_marker(pytest.mark.e2e)
        if missing and not _required():
            item.add_marker(pytest.mark.skip(reason=f"browser tests skipped: {missing}"))


def pytest_sessionfinish(session):
    if any(COUNTS.values()):
        add_counts("axe", COUNTS)  # summed up by tests/conftest.py for the run's summary


@pytest.fixture(scope="session")
def live_server(app, database_url):
    """The app served over HTTP on 127.0.0.1 (a free port) in a daemon thread."""
    live_app = create_app(TestingConfig, SQLALCHEMY_DATABASE_URI=database_url,
                          WTF_CSRF_ENABLED=True, SERVER_NAME=None,
                          PHOTO_FOLDER=app.config["PHOTO_FOLDER"],
                          IMPORT_FOLDER=app.config["IMPORT_FOLDER"],
                          EXPORT_CACHE_FOLDER=app.config["EXPORT_CACHE_FOLDER"],
                          JOBS_EMBEDDED_WORKER=True)  # PDFs are made by the job worker
    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # no access log per request
    server = make_server("127.0.0.1", 0, live_app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, name="live-server", daemon=True)
    thread.start()
    yield SimpleNamespace(url=f"http://127.0.0.1:{server.server_port}", app=live_app)
    server.shutdown()
    thread.join(timeout=10)
    server.server_close()
    with live_app.app_context():
        _db.session.remove()
        _db.engine.dispose()


@pytest.fixture(autouse=True)
def _live_jobs_end_with_the_test(request):
    """The live server's job worker finishes what it runs and forgets what is queued when a
    browser test ends: a job left over (or retried later) would otherwise run in a later test
    of this process, against rows with the same ids, and hold SQLite's write lock there."""
    yield
    if "live_server" in request.fixturenames:
        runtime = request.getfixturevalue("live_server").app.extensions["kw_jobs"]
        runtime.stop_worker()
        runtime.broker.flush_all()


@pytest.fixture(scope="session")
def browser():
    missing = _missing()
    if missing:
        # Only reached when E2E_REQUIRED=1 (otherwise the tests were skipped at collection).
        pytest.fail(f"E2E_REQUIRED=1 but the browser tests cannot run: {missing}",
                    pytrace=False)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS,
                                             headless=True)
        yield browser
        browser.close()


@pytest.fixture
def context(browser, live_server):
    context = browser.new_context(base_url=live_server.url, locale="de-DE",
                                  viewport={"width": 1280, "height": 900})
    context.set_default_timeout(10_000)
    yield context
    context.close()


@pytest.fixture
def page(context):
    return context.new_page()


@pytest.fixture
def demo(db):
    """The Konstanz demo (concept, topics, chapters, organisations, accounts)."""
    from tests.demo_copy import load_demo_copy

    load_demo_copy()
    return SimpleNamespace(password="demo-password-2026", admin="admin@example.org",
                           moderator="moderation@example.org",
                           steering="steering@example.org",
                           participant="teilnehmerin@example.org",
                           representative="verein@example.org")

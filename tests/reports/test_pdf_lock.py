"""The first PDF of a version is rendered once, however many visitors ask for it at the same
time: one renders (under a lock file in the cache folder), the others wait for its result or
are told that it is being prepared. WeasyPrint is replaced by a counting stand-in, so these
tests run without it."""

import threading
import time

import pytest

from app.reports import pdf

# PDFs are rendered by the background job worker (app/reports/exports.py), as in `make run`.
pytestmark = pytest.mark.usefixtures("job_worker")


class FakeWeasyPrint:
    """Counts renderings; each waits until `release` is set (or at once if it is)."""

    __version__ = "test"

    def __init__(self):
        self.renders = 0
        self.started = threading.Event()
        self.release = threading.Event()
        fake = self

        class HTML:
            def __init__(self, *, string, base_url, url_fetcher):
                pass

            def write_pdf(self, **options):
                fake.renders += 1
                fake.started.set()
                assert fake.release.wait(10), "the test never released the rendering"
                return b"%PDF-1.7 fake " + str(fake.renders).encode()

        self.HTML = HTML


@pytest.fixture
def weasyprint(monkeypatch):
    fake = FakeWeasyPrint()
    monkeypatch.setattr(pdf, "load_weasyprint", lambda: fake)
    return fake


@pytest.fixture
def waiting(monkeypatch):
    """Set as soon as a request waits for someone else's rendering (it sleeps between looks
    into the cache)."""
    event = threading.Event()

    class Clock:
        monotonic = staticmethod(time.monotonic)

        @staticmethod
        def sleep(seconds):
            event.set()
            time.sleep(seconds)

    monkeypatch.setattr(pdf, "time", Clock, raising=False)
    return event


def _until(condition):
    """Polls the threads' progress (no assertion on time: the limit only ends a hang)."""
    for _ in range(1000):
        if condition():
            return
        time.sleep(0.01)
    raise AssertionError("the requests never got that far")


def _get_in_thread(app, results, name):
    def run():
        results[name] = app.test_client().get("/export/concept.pdf")

    thread = threading.Thread(target=run)
    thread.start()
    return thread


def test_two_visitors_at_once_get_one_rendering(app, published, weasyprint, waiting,
                                                export_cache):
    results = {}
    first = _get_in_thread(app, results, "first")
    assert weasyprint.started.wait(10)
    second = _get_in_thread(app, results, "second")  # arrives while the first renders
    # The second either renders too (the bug) or waits for the first.
    _until(lambda: weasyprint.renders > 1 or waiting.is_set())
    weasyprint.release.set()
    first.join(15)
    second.join(15)
    assert weasyprint.renders == 1
    assert results["first"].status_code == results["second"].status_code == 200
    assert results["first"].data == results["second"].data == b"%PDF-1.7 fake 1"
    assert len(list(export_cache.glob("*.pdf"))) == 1


def test_many_visitors_at_once_get_one_rendering(app, published, weasyprint, waiting):
    results, barrier = {}, threading.Barrier(6)

    def run(n):
        barrier.wait()
        results[n] = app.test_client().get("/export/concept.pdf")

    threads = [threading.Thread(target=run, args=(n,)) for n in range(6)]
    for thread in threads:
        thread.start()
    _until(lambda: weasyprint.renders > 1 or waiting.is_set())
    weasyprint.release.set()
    for thread in threads:
        thread.join(15)
    assert weasyprint.renders == 1
    assert {r.status_code for r in results.values()} == {200}
    assert {r.data for r in results.values()} == {b"%PDF-1.7 fake 1"}


def test_who_waits_too_long_is_told_it_is_being_prepared(app, client, published, weasyprint,
                                                         waiting, monkeypatch):
    results = {}
    first = _get_in_thread(app, results, "first")  # waits for the job (WAIT_SECONDS: 600)
    assert weasyprint.started.wait(10)
    monkeypatch.setattr(pdf, "WAIT_SECONDS", 0.3)  # for those who come while it renders
    response = client.get("/export/concept.pdf")
    assert response.status_code == 503
    assert response.headers["Retry-After"] == str(pdf.RETRY_AFTER)
    page = response.get_data(as_text=True)
    assert "Das PDF wird gerade erstellt" in page and "PDF noch einmal anfordern" in page
    weasyprint.release.set()
    first.join(15)
    assert results["first"].status_code == 200
    # Asked again: from the cache, not rendered a second time.
    assert client.get("/export/concept.pdf").data == b"%PDF-1.7 fake 1"
    assert weasyprint.renders == 1


def test_a_lock_file_left_behind_blocks_nobody(app, client, published, weasyprint,
                                               export_cache):
    # A renderer that crashed leaves its lock file; the kernel has released its lock.
    weasyprint.release.set()
    export_cache.mkdir(parents=True, exist_ok=True)
    html = client.get("/export/concept/print").get_data(as_text=True)
    name = pdf._fingerprint(html, app.static_folder, weasyprint)
    (export_cache / f"{name}.lock").write_text("")
    response = client.get("/export/concept.pdf")
    assert response.status_code == 200 and weasyprint.renders == 1


def test_a_failed_rendering_releases_the_lock(app, tmp_path, weasyprint):
    weasyprint.release.set()
    kwargs = {"base_url": "http://localhost/", "static_folder": app.static_folder,
              "static_url_path": app.static_url_path, "cache_folder": str(tmp_path)}
    working = weasyprint.HTML

    class Broken(working):
        def write_pdf(self, **options):
            raise RuntimeError("layout failed")

    weasyprint.HTML = Broken
    with pytest.raises(RuntimeError):
        pdf.render_pdf("<p>Hallo</p>", wait=0, **kwargs)
    weasyprint.HTML = working
    # Not "being prepared" forever: the next caller gets the lock and renders.
    assert pdf.render_pdf("<p>Hallo</p>", wait=0, **kwargs) == b"%PDF-1.7 fake 1"

"""PDFs and DOCX files are made by background jobs (app/reports/exports.py), never inside a
visitor's request: a request that finds no PDF queues its job (once) and answers 503 with
Retry-After; the export page shows "PDF wird erstellt" while the job is queued or running and
the download afterwards. WeasyPrint is replaced by a counting stand-in."""

import threading

import pytest
from sqlalchemy import select

from app.core import jobs
from app.core.storage import storage
from app.extensions import db
from app.reports import pdf, word

from .test_pdf_lock import FakeWeasyPrint


@pytest.fixture
def weasyprint(monkeypatch):
    fake = FakeWeasyPrint()
    fake.release.set()
    fake.threads = []
    original = fake.HTML.write_pdf

    def write_pdf(html, **options):
        fake.threads.append(threading.get_ident())
        return original(html, **options)

    fake.HTML.write_pdf = write_pdf
    monkeypatch.setattr(pdf, "load_weasyprint", lambda: fake)
    return fake


def _run_jobs(app):
    app.extensions["kw_jobs"].drain()


def _pdf_jobs():
    db.session.rollback()
    return db.session.scalars(select(jobs.Job).where(jobs.Job.name == "reports.pdf")).all()


def test_a_visitor_never_renders_the_pdf(app, client, published, weasyprint, monkeypatch):
    monkeypatch.setattr(pdf, "WAIT_SECONDS", 0)  # no worker runs: nobody makes it meanwhile
    response = client.get("/export/concept.pdf")
    assert response.status_code == 503
    assert response.headers["Retry-After"] == str(pdf.RETRY_AFTER)
    assert "Das PDF wird gerade erstellt" in response.get_data(as_text=True)
    assert weasyprint.renders == 0
    # Asked for once, however many ask.
    assert client.get("/export/concept.pdf").status_code == 503
    assert [job.state for job in _pdf_jobs()] == [jobs.QUEUED]

    _run_jobs(app)  # the worker makes it, in its own thread
    assert weasyprint.renders == 1 and threading.get_ident() not in weasyprint.threads
    response = client.get("/export/concept.pdf")
    assert response.status_code == 200 and response.data == b"%PDF-1.7 fake 1"
    assert weasyprint.renders == 1


def test_the_export_page_says_the_pdf_is_being_made_then_offers_it(app, client, published,
                                                                   weasyprint):
    # Freezing and adopting queued the version's exports.
    page = client.get("/export/").get_data(as_text=True)
    assert "PDF wird erstellt" in page and 'data-job-state="queued"' in page
    _run_jobs(app)
    page = client.get("/export/").get_data(as_text=True)
    assert "PDF wird erstellt" not in page and "data-job-state" not in page
    assert 'href="/export/concept.pdf?version=1"' in page
    # Ready before anyone asked: the download takes it from the storage.
    response = client.get("/export/concept.pdf")
    assert response.status_code == 200 and weasyprint.renders == 1


def test_the_docx_is_made_ahead_by_the_job(app, client, published, weasyprint, monkeypatch):
    _run_jobs(app)
    stored = [key for key in storage().keys("exports/") if key.endswith(".docx")]
    assert len(stored) == 1
    monkeypatch.setattr(word, "concept_docx", lambda document: pytest.fail("made again"))
    response = client.get("/export/concept.docx")
    assert response.status_code == 200 and response.data == storage().get(stored[0])


def test_staff_see_that_the_pdf_failed(app, client, login, staff, published, weasyprint):
    class Broken(weasyprint.HTML):
        def write_pdf(self, **options):
            raise RuntimeError("layout failed")

    weasyprint.HTML = Broken
    _run_jobs(app)
    job = _pdf_jobs()[0]
    assert job.state == jobs.FAILED and job.last_error == "RuntimeError: layout failed"
    assert "data-job-state" not in client.get("/export/").get_data(as_text=True)
    login(staff)
    page = client.get("/export/").get_data(as_text=True)
    assert 'data-job-state="failed"' in page
    assert "Das PDF konnte nach 4 Versuchen nicht erstellt werden" in page


def test_the_exports_are_made_where_only_the_sites_host_is_trusted(app, client, published,
                                                                   weasyprint, monkeypatch):
    """In production the app answers only its own host names (TRUSTED_HOSTS): the job renders
    the print view under BASE_URL's host, not under "localhost", which would fail there."""
    monkeypatch.setitem(app.config, "BASE_URL", "https://beteiligung.example.org")
    monkeypatch.setitem(app.config, "TRUSTED_HOSTS", ["beteiligung.example.org"])
    _run_jobs(app)
    version_jobs = db.session.scalars(select(jobs.Job).where(
        jobs.Job.name == "reports.version_exports")).all()
    assert version_jobs and all(job.state == jobs.DONE for job in version_jobs), [
        (job.state, job.last_error) for job in version_jobs]
    assert weasyprint.renders == 1

"""Rendered exports made by background jobs and kept in the shared storage (issue 15).

A visitor's request never renders a PDF: it takes the PDF from storage (`exports/<hash>.pdf`,
named by the hash of its HTML, stylesheet and WeasyPrint version, so a changed page gets a new
name) or asks for the job `reports.pdf` that renders it and says that it is being made. After
freezing, publishing and each adoption the versions module asks for `reports.version_exports`,
which asks for the version's PDF and renders its DOCX ahead of the first download. The jobs'
rows (app/core/jobs.py) give the export page its state: "PDF wird erstellt"."""

import hashlib
import json
import time
from pathlib import Path

from flask import current_app, render_template
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from app.concepts.models import ITEM_KINDS_PLURAL, TOPIC_KINDS_PLURAL, Concept
from app.core import jobs
from app.core.storage import storage
from app.core.urls import site_request_context
from app.extensions import db
from app.reports import pdf, word
from app.reports.services import concept_json, document_language, shift_headings, title_page
from app.versions.document import version_document
from app.versions.models import Version

PDF_JOB = "reports.pdf"
VERSION_JOB = "reports.version_exports"
KEEP_EXPORTS = 100  # rendered files kept (PDFs and DOCX of changed pages go, the oldest first)
RENDER_WAIT_SECONDS = 15 * 60  # a job waits this long for another process rendering the same
# The DOCX is named by its content and by the code that writes it: a new release writes anew.
_DOCX_CODE = hashlib.sha256(b"".join(
    (Path(__file__).parent / name).read_bytes()
    for name in ("word.py", "docx_html.py", "ooxml.py"))).hexdigest()[:16]


def version_subject(version: Version) -> str:
    return f"version:{version.id}"


def _version_names(ids: list[str]) -> dict[str, str]:
    """"Fassung 2" for the subject "version:<id>" of a version's jobs (the admin's jobs page)."""
    rows = db.session.execute(select(Version.id, Version.number).where(
        Version.id.in_([int(i) for i in ids if i.isdigit()])))
    return {str(version_id): _("Fassung %(n)d", n=number)
            for version_id, number in rows}


jobs.describe_subjects("version", _version_names)


def print_html(concept, document, *, print_bar=None) -> str:
    """The print view of a version; without `print_bar` (the links for the screen) it is the
    PDF's source, the same for every reader."""
    with document_language(concept):
        return render_template(
            "reports/print.html", document=document, print_bar=print_bar,
            page=title_page(concept, document.version, document.title),
            kinds=TOPIC_KINDS_PLURAL, item_kinds=ITEM_KINDS_PLURAL,
            shift_headings=shift_headings)


# --- PDFs --------------------------------------------------------------------------------------

def pdf_key(html: str) -> str:
    return pdf._fingerprint(html, current_app.static_folder, pdf.load_weasyprint())


def stored_pdf(key: str) -> bytes | None:
    return storage().get(f"exports/{key}.pdf")


def request_pdf(html: str, *, subject: str | None = None) -> str:
    """Ask for the PDF of `html` unless it is stored (the caller commits); returns its key."""
    key = pdf_key(html)
    files = storage()
    if files.exists(f"exports/{key}.pdf"):
        return key
    if not files.exists(f"exports/{key}.html"):
        files.put(f"exports/{key}.html", html.encode())
    jobs.enqueue(PDF_JOB, key, subject=subject, fingerprint=key)
    return key


def wait_for_pdf(key: str, seconds: float) -> bytes:
    """The stored PDF, looked for until `seconds` have passed (a job renders it); raises
    pdf.PdfInProgress after that."""
    deadline = time.monotonic() + seconds
    while True:
        db.session.rollback()  # a new transaction sees what the job committed
        data = stored_pdf(key)
        if data is not None:
            return data
        if time.monotonic() >= deadline:
            raise pdf.PdfInProgress(key)
        pdf.time.sleep(0.2)


@jobs.task(PDF_JOB, label=_l("PDF erstellen"), max_retries=3)
def render_pdf_job(fingerprint: str) -> None:
    """Render the stored HTML `fingerprint` into its PDF. The optional EXPORT_CACHE_FOLDER is
    a render cache on this host's disk (the tests share PDFs between processes through it)."""
    key = fingerprint
    files = storage()
    if files.exists(f"exports/{key}.pdf"):
        return
    html = files.get(f"exports/{key}.html")
    if html is None:
        return  # asked for again and already made
    data = pdf.render_pdf(html.decode(), base_url=current_app.config["BASE_URL"].rstrip("/") + "/",
                          static_folder=current_app.static_folder,
                          static_url_path=current_app.static_url_path,
                          cache_folder=current_app.config.get("EXPORT_CACHE_FOLDER") or None,
                          wait=RENDER_WAIT_SECONDS)
    files.put(f"exports/{key}.pdf", data)
    db.session.commit()
    files.delete(f"exports/{key}.html")
    files.prune("exports/", KEEP_EXPORTS)  # a page no longer shown is made again if asked for
    db.session.commit()


def render_now(html: str) -> bytes:
    """Render and store at once (`flask reports pdf`, not a visitor's request)."""
    key = pdf_key(html)
    data = stored_pdf(key)
    if data is None:
        storage().put(f"exports/{key}.html", html.encode())
        db.session.commit()
        render_pdf_job(key)
        data = stored_pdf(key)
    return data


# --- DOCX --------------------------------------------------------------------------------------

def docx_key(document) -> str:
    content = json.dumps(concept_json(document), sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(f"{_DOCX_CODE}\n{content}".encode()).hexdigest()


def stored_docx(document) -> bytes | None:
    return storage().get(f"exports/{docx_key(document)}.docx")


def store_docx(concept, document) -> bytes:
    with document_language(concept):
        data = word.concept_docx(document)
    storage().put(f"exports/{docx_key(document)}.docx", data)
    return data


# --- after freezing, publishing, adopting ------------------------------------------------------

@jobs.task(VERSION_JOB, label=_l("Exporte einer Fassung erstellen (PDF, Word)"), max_retries=3)
def version_exports_job(version_id: int) -> None:
    version = db.session.get(Version, version_id)
    if version is None:
        return
    # The same request-independent pages the downloads make, so the keys match.
    with site_request_context("/export/concept.pdf"):
        document = version_document(version)
        concept = db.session.get(Concept, version.concept_id)
        if stored_docx(document) is None:
            store_docx(concept, document)
            db.session.commit()
        try:
            pdf.load_weasyprint()
        except pdf.PdfUnavailable:
            return  # the export page explains the installation
        request_pdf(print_html(concept, document), subject=version_subject(version))
        db.session.commit()

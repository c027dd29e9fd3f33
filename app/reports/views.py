"""Downloads of the concept (/export/...) and the staff's export of a round's contributions.

Every export shows one version: ?version=N, or by default the newest published one.
Internal versions only for those who may read them; an unknown or forbidden number is a 404.
Documents are written in the concept's language (document_language), the pages around them
in the reader's."""

import json
from io import BytesIO

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    make_response,
    render_template,
    request,
    send_file,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from app.concepts.services import current_concept
from app.contributions.queries import contribution_counts
from app.core import jobs
from app.core.permissions import may, require
from app.core.templating import in_content_lang
from app.extensions import db
from app.reports import exports, pdf, spreadsheets, word
from app.reports.services import (
    NoVersionYet,
    chosen_version,
    concept_json,
    document_language,
    export_filename,
    title_page,
)
from app.rounds.models import Round
from app.versions.document import version_document
from app.versions.services import versions_of

reports_bp = Blueprint("reports", __name__, url_prefix="/export")

DOCX_MIMETYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@reports_bp.errorhandler(NoVersionYet)
def no_version_yet(_exc):
    return render_template("reports/no_version.html"), 404


def _concept_or_no_version():
    """The current concept; without one, the "no version yet" page (404)."""
    concept = current_concept()
    if concept is None:
        raise NoVersionYet
    return concept


def _document():
    """The concept and the chosen version as a document; 404 if there is none to show."""
    concept = _concept_or_no_version()
    version = chosen_version(concept, request.args.get("version"), current_user)
    if version is None:
        abort(404)
    return concept, version_document(version)


def _download(data: bytes, mimetype: str, filename: str, *, private: bool) -> Response:
    response = send_file(BytesIO(data), mimetype=mimetype, as_attachment=True,
                         download_name=filename, max_age=0)
    if private:  # an internal version or personal data: not for shared caches
        response.headers["Cache-Control"] = "private, no-store"
    return response


@reports_bp.get("/")
def index():
    """What can be downloaded for the chosen version; for staff also every round's
    contributions."""
    concept = _concept_or_no_version()
    readable = versions_of(concept, user=current_user)
    try:
        version = chosen_version(concept, request.args.get("version"), current_user)
    except NoVersionYet:
        # Staff and the steering group may export an internal version before one is public.
        if not readable:
            raise
        version = readable[0]
    if version is None:
        abort(404)
    rounds, counts = [], {}
    if may("export.contributions"):
        rounds = list(db.session.scalars(
            select(Round).where(Round.concept_id == concept.id)
            .order_by(Round.opens_at.desc(), Round.id.desc())))
        counts = contribution_counts(rounds)
    return render_template("reports/index.html", concept=concept, version=version,
                           versions=readable, pdf_job=jobs.latest(exports.version_subject(version)),
                           page=title_page(concept, version, mark=in_content_lang),
                           rounds=rounds, counts=counts)


@reports_bp.get("/concept.docx")
def concept_docx():
    concept, document = _document()
    # Made ahead by the job after freezing, publishing or adopting; else made here (seconds,
    # not the PDF's minutes).
    data = exports.stored_docx(document)
    if data is None:
        with document_language(concept):
            data = word.concept_docx(document)
    return _download(data, DOCX_MIMETYPE, export_filename(document, "", "docx"),
                     private=not document.version.is_published)


def print_bar(links) -> str:
    """A print view's links for the screen (HTML), in the reader's language: rendered before
    the document, which is rendered in the concept's. `links`: (address, label) pairs."""
    return render_template("reports/_print_bar.html", links=links)


def _print_view(concept, document, *, for_screen: bool = True) -> str:
    """The print view; `for_screen=False` leaves out the links (the PDF's source: the same
    for every reader, so one stored PDF serves all)."""
    bar = None
    if for_screen:
        number = document.version.number if document.version else None
        bar = print_bar([
            (url_for("reports.index", version=number), _("Zurück zu den Exporten")),
            (url_for("reports.concept_pdf", version=number), _("Als PDF herunterladen")),
            (url_for("reports.concept_docx", version=number),
             _("Als Word-Dokument herunterladen"))])
    return exports.print_html(concept, document, print_bar=bar)


def cached_pdf(html: str, *, wait: float | None = None) -> bytes:
    """The PDF of a print view's HTML, from the storage when a job made it. Otherwise the job
    that renders it is queued (once, however many ask) and this request waits up to `wait`
    seconds (default pdf.WAIT_SECONDS) for it, then raises pdf.PdfInProgress: a visitor's
    request never renders a PDF itself."""
    key = exports.pdf_key(html)
    data = exports.stored_pdf(key)
    if data is not None:
        return data
    exports.request_pdf(html)
    db.session.commit()  # the one write of this GET: the job (and its HTML) for the workers
    if not jobs.may_run_soon():  # no worker in this process: nobody makes it meanwhile
        wait = 0
    return exports.wait_for_pdf(key, pdf.WAIT_SECONDS if wait is None else wait)


def concept_pdf_data(concept, document, *, wait: float | None = None) -> bytes:
    """The concept's PDF (the download). The job that `reports.version_exports` queued for
    the same page carries the version as its subject: the export page shows its state."""
    return cached_pdf(_print_view(concept, document, for_screen=False), wait=wait)


def pdf_download(make_pdf, filename: str, *, private: bool, **page) -> Response:
    """The PDF `make_pdf()` returns, as a download; or the page that says why not (yet): 503
    without WeasyPrint, 503 with Retry-After while a job renders it. `page`: what those pages
    link to."""
    try:
        pdf.load_weasyprint()
    except pdf.PdfUnavailable as exc:
        current_app.logger.warning("PDF export unavailable: %s", exc)
        return make_response(render_template("reports/pdf_unavailable.html",
                                             hint=pdf.INSTALL_HINT, **page), 503)
    try:
        data = make_pdf()
    except pdf.PdfInProgress:
        response = make_response(render_template("reports/pdf_pending.html", **page), 503)
        response.headers["Retry-After"] = str(pdf.RETRY_AFTER)
        return response
    return _download(data, "application/pdf", filename, private=private)


@reports_bp.get("/concept/print")
def concept_print():
    concept, document = _document()
    return _print_view(concept, document)


@reports_bp.get("/concept.pdf")
def concept_pdf():
    concept, document = _document()
    return pdf_download(lambda: concept_pdf_data(concept, document),
                        export_filename(document, "", "pdf"),
                        private=not document.version.is_published, version=document.version)


@reports_bp.get("/measures.xlsx")
def measures_xlsx():
    concept, document = _document()
    with document_language(concept):
        data = spreadsheets.measures_xlsx(document)
    return _download(data, spreadsheets.XLSX_MIMETYPE,
                     export_filename(document, "Ziele-und-Massnahmen", "xlsx"),
                     private=not document.version.is_published)


@reports_bp.get("/measures.csv")
def measures_csv():
    concept, document = _document()
    with document_language(concept):
        data = spreadsheets.measures_csv(document)
    return _download(data, "text/csv; charset=utf-8",
                     export_filename(document, "Ziele-und-Massnahmen", "csv"),
                     private=not document.version.is_published)


@reports_bp.get("/concept.json")
def concept_json_export():
    document = _document()[1]
    body = json.dumps(concept_json(document), ensure_ascii=False, indent=2)
    response = Response(body, mimetype="application/json")
    response.headers["Content-Disposition"] = (
        f'inline; filename="{export_filename(document, "", "json")}"')
    if document.version.is_published:
        response.headers["Access-Control-Allow-Origin"] = "*"  # open data, for any web page
    else:
        response.headers["Cache-Control"] = "private, no-store"
    return response


@reports_bp.get("/rounds/<int:round_id>/contributions.xlsx")
def round_contributions(round_id: int):
    require("export.contributions")
    round_ = db.session.get(Round, round_id)
    if round_ is None:
        abort(404)
    concept = current_concept()
    if concept is None or round_.concept_id != concept.id:
        abort(404)
    return _download(spreadsheets.contributions_xlsx(round_), spreadsheets.XLSX_MIMETYPE,
                     f"Beitraege-Runde-{round_.id}.xlsx", private=True)

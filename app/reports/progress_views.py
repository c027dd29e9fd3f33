"""Downloads of a yearly progress report on the exports blueprint: /export/progress-reports/
<id>.docx, .pdf (from the print view, which is also offered) and .xlsx. Whoever may read the
report (rule "implementation.view_report") may download it; documents are written in the
concept's language."""


from flask import abort, render_template, url_for
from flask_babel import gettext as _

from app.concepts.services import current_concept
from app.core.permissions import require
from app.implementation import report_services
from app.reports import progress_report
from app.reports.services import document_language, shift_headings
from app.reports.spreadsheets import XLSX_MIMETYPE
from app.reports.views import (
    DOCX_MIMETYPE,
    _download,
    cached_pdf,
    pdf_download,
    print_bar,
    reports_bp,
)


def _document(report_id: int):
    concept = current_concept()
    report = report_services.report_by_id(concept, report_id) if concept else None
    if report is None:
        abort(404)
    require("implementation.view_report", report)
    return report_services.report_document(report, concept)


def _private(document) -> bool:
    return not document.report.version.is_published


@reports_bp.get("/progress-reports/<int:report_id>.docx")
def progress_report_docx(report_id: int):
    document = _document(report_id)
    with document_language(document.concept):
        data = progress_report.report_docx(document)
    return _download(data, DOCX_MIMETYPE, progress_report.report_filename(document, "docx"),
                     private=_private(document))


@reports_bp.get("/progress-reports/<int:report_id>.xlsx")
def progress_report_xlsx(report_id: int):
    document = _document(report_id)
    with document_language(document.concept):
        data = progress_report.report_xlsx(document)
    return _download(data, XLSX_MIMETYPE, progress_report.report_filename(document, "xlsx"),
                     private=_private(document))


def _print_view(document, *, for_screen: bool = True) -> str:
    bar = print_bar([
        (url_for("implementation.report", report_id=document.report.id), _("Zurück zum Bericht")),
        (url_for("reports.progress_report_pdf", report_id=document.report.id),
         _("Als PDF herunterladen")),
        (url_for("reports.progress_report_docx", report_id=document.report.id),
         _("Als Word-Dokument herunterladen"))]) if for_screen else None
    with document_language(document.concept):
        return render_template("reports/progress_print.html", document=document, print_bar=bar,
                               report=document.report, concept=document.concept,
                               page=progress_report.report_title_page(document),
                               shift_headings=shift_headings)


@reports_bp.get("/progress-reports/<int:report_id>/print")
def progress_report_print(report_id: int):
    return _print_view(_document(report_id))


@reports_bp.get("/progress-reports/<int:report_id>.pdf")
def progress_report_pdf(report_id: int):
    document = _document(report_id)
    links = {"print_url": url_for("reports.progress_report_print", report_id=report_id),
             "docx_url": url_for("reports.progress_report_docx", report_id=report_id),
             "pdf_url": url_for("reports.progress_report_pdf", report_id=report_id)}
    return pdf_download(lambda: cached_pdf(_print_view(document, for_screen=False)),
                        progress_report.report_filename(document, "pdf"),
                        private=_private(document), **links)

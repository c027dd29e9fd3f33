"""Downloads of a yearly progress report on the exports blueprint: /export/progress-reports/
<id>.docx, .pdf (from the print view, which is also offered) and .xlsx. Whoever may read the
report (rule "implementation.view_report") may download it; documents are written in the
concept's language."""

import os

from flask import abort, current_app, make_response, render_template, request, url_for

from app.concepts.services import current_concept
from app.core.permissions import require
from app.implementation import report_services
from app.reports import pdf, progress_report
from app.reports.services import document_language, shift_headings
from app.reports.spreadsheets import XLSX_MIMETYPE
from app.reports.views import DOCX_MIMETYPE, _download, reports_bp


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


def _print_view(document) -> str:
    with document_language(document.concept):
        return render_template("reports/progress_print.html", document=document,
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
    try:
        pdf.load_weasyprint()
    except pdf.PdfUnavailable as exc:
        current_app.logger.warning("PDF export unavailable: %s", exc)
        return render_template("reports/pdf_unavailable.html", hint=pdf.INSTALL_HINT,
                               **links), 503
    cache = current_app.config.get("EXPORT_CACHE_FOLDER") or os.path.join(
        current_app.instance_path, "export-cache")
    try:
        data = pdf.render_pdf(_print_view(document), base_url=request.url_root,
                              static_folder=current_app.static_folder,
                              static_url_path=current_app.static_url_path, cache_folder=cache)
    except pdf.PdfInProgress:
        response = make_response(render_template("reports/pdf_pending.html", **links), 503)
        response.headers["Retry-After"] = str(pdf.RETRY_AFTER)
        return response
    return _download(data, "application/pdf", progress_report.report_filename(document, "pdf"),
                     private=_private(document))

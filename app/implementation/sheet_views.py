"""Staff pages of the spreadsheet round trip (on the implementation blueprint): download the
measures as XLSX, upload the filled-in file, preview every row (nothing written), confirm."""

from flask import Response, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from flask_wtf.file import FileField

from app.concepts.services import current_concept_or_404, slugify
from app.core import uploads
from app.core.actions import perform
from app.core.forms import ActionForm
from app.core.permissions import require
from app.extensions import db
from app.implementation import progress, sheet
from app.implementation.views import implementation_bp

# The multipart envelope around a file of MAX_FILE_BYTES; anything larger gets 413 before the
# body is read (set before CSRF protection reads the form).
REQUEST_LIMIT = uploads.MAX_FILE_BYTES + 512 * 1024
UPLOAD_ENDPOINTS = {"implementation.sheet_upload", "implementation.sheet_confirm"}


class SheetUploadForm(FlaskForm):
    file = FileField(_l("Ausgefüllte Tabelle (XLSX oder CSV, höchstens 10 MB)"))


@implementation_bp.url_value_preprocessor
def _limit_upload_size(endpoint, values) -> None:
    if endpoint in UPLOAD_ENDPOINTS:
        request.max_content_length = REQUEST_LIMIT


def _staff_overview():
    require("implementation.edit")
    concept = current_concept_or_404()
    result = progress.overview(concept, user=current_user)
    require("implementation.view", result.version)
    return concept, result


def _chosen(result: progress.Overview) -> tuple[list, str]:
    """The measures of the download: all, or those of one responsible body (`responsible`,
    one of the names the overview offers; anything else means all)."""
    wanted = request.args.get("responsible", "")
    if wanted not in result.responsible_bodies:
        return result.measures, ""
    return result.filtered({"responsible": wanted}), wanted


@implementation_bp.get("/manage/sheet.xlsx")
@login_required
def sheet_download():
    _concept, result = _staff_overview()
    measures, body = _chosen(result)
    name = f"massnahmen-{slugify(body)[:40]}.xlsx" if body else "massnahmen.xlsx"
    return Response(sheet.sheet_xlsx(measures, result.statuses), mimetype=sheet.XLSX_MIMETYPE,
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})


def _upload_page(concept, result, form, error: str | None = None, status: int = 200):
    return render_template("implementation/sheet_upload.html", concept=concept,
                           overview=result, form=form, error=error,
                           headers=sheet.HEADERS), status


def _user_id() -> int | None:
    return current_user.id if current_user.is_authenticated else None


@implementation_bp.route("/manage/sheet", methods=["GET", "POST"])
@login_required
def sheet_upload():
    concept, result = _staff_overview()
    form = SheetUploadForm()
    if request.method == "GET":
        return _upload_page(concept, result, form)
    if not form.validate_on_submit():
        return _upload_page(concept, result, form, _("Die Sitzung ist abgelaufen. Bitte laden "
                                                     "Sie die Datei noch einmal hoch."), 400)
    file = request.files.get("file")
    if file is None or not file.filename:
        return _upload_page(concept, result, form, _("Bitte wählen Sie eine Datei aus."), 400)
    data = file.read(uploads.MAX_FILE_BYTES + 1)
    try:
        table = uploads.read_table(data, file.filename, formulas=True)
        preview = sheet.check_sheet(table, result)
    except uploads.UploadRefused as exc:
        return _upload_page(concept, result, form, str(exc), 400)
    token = uploads.store_upload(data, file.filename, scope=sheet.UPLOAD_SCOPE,
                                 user_id=_user_id())
    return render_template("implementation/sheet_preview.html", concept=concept,
                           preview=preview, token=token, form=ActionForm())


@implementation_bp.post("/manage/sheet/confirm")
@login_required
def sheet_confirm():
    _concept, result = _staff_overview()
    token = request.form.get("token", "")
    if not ActionForm().validate_on_submit():
        flash(_("Die Sitzung ist abgelaufen. Bitte laden Sie die Datei noch einmal hoch."),
              "error")
        return redirect(url_for("implementation.sheet_upload"))

    def apply():
        data, filename = uploads.load_upload(token, scope=sheet.UPLOAD_SCOPE,
                                             user_id=_user_id())
        # checked again against the measures as they are now, not as they were in the preview
        preview = sheet.check_sheet(uploads.read_table(data, filename, formulas=True), result)
        return sheet.apply_sheet(preview, actor=current_user, filename=filename)

    try:
        outcome = perform(apply, lambda n: ngettext(
            "Die Tabelle ist übernommen: %(num)d Maßnahme geändert.",
            "Die Tabelle ist übernommen: %(num)d Maßnahmen geändert.", n))
    except Exception:
        # Not a refusal but a fault: say so in words, keep the file, log the details.
        db.session.rollback()
        current_app.logger.exception("Applying a measures sheet failed")
        flash(_("Beim Übernehmen der Tabelle ist ein Fehler aufgetreten. Es wurde nichts "
                "geändert. Bitte versuchen Sie es noch einmal."), "error")
        return redirect(url_for("implementation.sheet_upload"))
    if not outcome:
        return redirect(url_for("implementation.sheet_upload"))
    uploads.discard_upload(token)
    return redirect(url_for("implementation.manage"))

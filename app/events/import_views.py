"""Pages for importing typed-up card lists into an event: upload, column mapping, preview,
confirmation, import history with error reports and undo."""

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from app.core import planner
from app.core.actions import perform
from app.core.forms import ActionForm
from app.core.permissions import require
from app.events import import_files, importing, services
from app.events.models import Event, ImportBatch
from app.extensions import db

imports_bp = Blueprint("imports", __name__, url_prefix="/moderation/events")

# The multipart envelope around a file of MAX_FILE_BYTES; anything larger gets 413 before the
# body is read (set before CSRF protection reads the form).
REQUEST_LIMIT = import_files.MAX_FILE_BYTES + 512 * 1024


class UploadForm(FlaskForm):
    file = FileField(_l("Datei (CSV oder XLSX, höchstens 10 MB)"))


@imports_bp.url_value_preprocessor
def _limit_request_size(endpoint, values) -> None:
    request.max_content_length = REQUEST_LIMIT


@imports_bp.context_processor
def _helpers() -> dict:
    return {"target_labels": importing.target_labels}


def _event(event_id: int) -> Event:
    require("moderate")
    return db.get_or_404(Event, event_id, options=[services.stations_with_topics()])


def _user_id() -> int | None:
    return current_user.id if current_user.is_authenticated else None


def _upload_page(event: Event, form, error: str | None = None, status: int = 200):
    return render_template("events/import_upload.html", event=event, form=form,
                           error=error), status


@imports_bp.route("/<int:event_id>/import", methods=["GET", "POST"])
def upload(event_id: int):
    event = _event(event_id)
    form = UploadForm()
    if request.method == "GET":
        return _upload_page(event, form)
    if not form.validate_on_submit():
        return _upload_page(event, form, _("Die Sitzung ist abgelaufen. Bitte laden Sie die "
                                           "Datei noch einmal hoch."), 400)
    file = request.files.get("file")
    if file is None or not file.filename:
        return _upload_page(event, form, _("Bitte wählen Sie eine Datei aus."), 400)
    data = file.read(import_files.MAX_FILE_BYTES + 1)
    try:
        table = import_files.read_table(data, file.filename)
    except import_files.ImportRefused as exc:
        return _upload_page(event, form, str(exc), 400)
    token = import_files.store_upload(data, file.filename, event_id=event.id, user_id=_user_id())
    if importing.needs_mapping(table.headers):
        return _mapping_page(event, table, token, importing.guess_mapping(table.headers))
    return _preview_page(event, table, token, importing.guess_mapping(table.headers))


def _mapping_page(event, table, token, mapping, error=None, status=200):
    return render_template("events/import_mapping.html", event=event, table=table, token=token,
                           mapping=mapping, error=error, form=ActionForm(),
                           targets=importing.TARGETS,
                           required=importing.REQUIRED_TARGETS), status


def _preview_page(event, table, token, mapping):
    preview = importing.check_rows(event, table, mapping)
    return render_template("events/import_preview.html", event=event, preview=preview,
                           token=token, hidden=importing.mapping_fields(mapping),
                           form=ActionForm())


def _stored_table(event: Event, token: str):
    data, filename = import_files.load_upload(token, event_id=event.id, user_id=_user_id())
    return import_files.read_table(data, filename)


def _upload_again(event: Event):
    """The form's token expired (or the upload is gone): back to the upload page."""
    flash(_("Die Sitzung ist abgelaufen. Bitte laden Sie die Datei noch einmal hoch."), "error")
    return redirect(url_for("imports.upload", event_id=event.id))


@imports_bp.post("/<int:event_id>/import/preview")
def preview(event_id: int):
    """From the mapping form (or "change mapping" on the preview): show mapping or preview."""
    event = _event(event_id)
    token = request.form.get("token", "")
    if not ActionForm().validate_on_submit():
        return _upload_again(event)
    try:
        table = _stored_table(event, token)
    except import_files.ImportRefused as exc:
        flash(str(exc), "error")
        return redirect(url_for("imports.upload", event_id=event.id))
    if request.form.get("change_mapping"):
        return _mapping_page(event, table, token,
                             _mapping_or_guess(request.form, table.headers))
    try:
        mapping = importing.mapping_from_form(request.form, table.headers)
    except import_files.ImportRefused as exc:
        return _mapping_page(event, table, token, _mapping_or_guess(request.form, table.headers),
                             error=str(exc), status=400)
    return _preview_page(event, table, token, mapping)


def _mapping_or_guess(values, headers) -> dict:
    try:
        return importing.mapping_from_form(values, headers)
    except import_files.ImportRefused:
        guess = importing.guess_mapping(headers)
        for target in importing.TARGETS:
            raw = values.get(f"map_{target}", "")
            if raw.isdigit() and int(raw) < len(headers):
                guess[target] = int(raw)
        return guess


@imports_bp.post("/<int:event_id>/import/confirm")
def confirm(event_id: int):
    event = _event(event_id)
    token = request.form.get("token", "")
    if not ActionForm().validate_on_submit():
        return _upload_again(event)

    def import_cards():
        table = _stored_table(event, token)
        mapping = importing.mapping_from_form(request.form, table.headers)
        preview_ = importing.check_rows(event, table, mapping, similar=False)
        return importing.import_rows(preview_, actor=current_user)

    try:
        outcome = perform(import_cards, lambda batch: _(
            "%(imported)d Karten importiert, %(skipped)d Zeilen übersprungen.",
            imported=batch.rows_imported, skipped=batch.rows_skipped))
    except Exception:
        # Not a refusal but a fault: say so in words, keep the file, log the details.
        db.session.rollback()
        current_app.logger.exception("Import into event %s failed", event.id)
        flash(_("Beim Import ist ein Fehler aufgetreten. Es wurde nichts importiert; die Datei "
                "ist unverändert. Bitte versuchen Sie es noch einmal."), "error")
        return redirect(url_for("imports.upload", event_id=event.id))
    if not outcome:
        return redirect(url_for("imports.upload", event_id=event.id))
    if outcome.value.rows_imported >= planner.MANY_ROWS:  # committed: plan with the new rows
        planner.analyze("contributions", "contribution_themes")
    import_files.discard_upload(token)
    return redirect(url_for("imports.history", event_id=event.id))


@imports_bp.get("/<int:event_id>/import/template.csv")
def template(event_id: int):
    event = _event(event_id)
    return Response(importing.template_csv(event), mimetype="text/csv",
                    headers={"Content-Disposition":
                             'attachment; filename="karten-vorlage.csv"'})


@imports_bp.get("/<int:event_id>/imports")
def history(event_id: int):
    event = _event(event_id)
    batches = db.session.scalars(
        select(ImportBatch).where(ImportBatch.event_id == event.id)
        .options(selectinload(ImportBatch.created_by))
        .order_by(ImportBatch.id.desc())).all()
    return render_template("events/import_history.html", event=event, batches=batches,
                           blockers=importing.undo_blockers(batches), form=ActionForm())


def _batch(event: Event, batch_id: int) -> ImportBatch:
    batch = db.get_or_404(ImportBatch, batch_id)
    if batch.event_id != event.id:
        abort(404)
    return batch


@imports_bp.get("/<int:event_id>/imports/<int:batch_id>/errors.csv")
def errors(event_id: int, batch_id: int):
    event = _event(event_id)
    batch = _batch(event, batch_id)
    return Response("\ufeff" + (batch.error_report or ""), mimetype="text/csv",
                    headers={"Content-Disposition":
                             f'attachment; filename="import-{batch.id}-fehler.csv"'})


@imports_bp.post("/<int:event_id>/imports/<int:batch_id>/undo")
def undo(event_id: int, batch_id: int):
    event = _event(event_id)
    batch = _batch(event, batch_id)
    if ActionForm().validate_on_submit():
        perform(lambda: importing.undo_import(batch, actor=current_user),
                lambda hidden: _("Import rückgängig gemacht: %(n)d Beiträge ausgeblendet.",
                                 n=hidden))
    return redirect(url_for("imports.history", event_id=event.id))

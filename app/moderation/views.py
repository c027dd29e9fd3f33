"""Moderation pages: the queue, actions on content, reason templates, the public log."""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from app.contributions.models import Comment, Contribution
from app.core.actions import perform
from app.core.forms import ActionForm, with_translations
from app.core.permissions import guard_blueprint
from app.core.translations import REGISTRY, localized, translations_of
from app.core.urls import safe_next
from app.extensions import db
from app.moderation import services as moderation
from app.moderation.forms import HideForm, ModerationEditForm, ReasonForm
from app.moderation.models import REASON_PURPOSES, ReasonTemplate

REASON_PURPOSE_LABELS = {
    "hide": _l("Ausblenden"),
    "not_taken_up": _l("Nicht aufgenommen (Werkbank)"),
    "forwarded": _l("Weitergeleitet (Werkbank)"),
}

moderation_bp = Blueprint("moderation", __name__, url_prefix="/moderation")
# Every page here is for staff, but the public moderation log.
guard_blueprint(moderation_bp, "moderate", public=("log",))


def _contribution_url(contribution_id: int, comment_id: int | None = None) -> str:
    """The path of a contribution's page, optionally at one of its comments."""
    endpoint, args = moderation.contribution_target(contribution_id, comment_id)
    return url_for(endpoint, **args)


@moderation_bp.context_processor
def _helpers() -> dict:
    return {"contribution_url": _contribution_url}

LOG_PER_PAGE = 30


def _back() -> str:
    """Where an action returns to: the page it came from on this site, else the queue."""
    return safe_next(request.form.get("next"), url_for("moderation.index"))


def _perform(action, success_message: str) -> None:
    """Run one moderation use case: commit and confirm, or roll back and say why not."""
    perform(action, success_message, (moderation.ModerationError,))


def _comment_label(comment: Comment) -> str:
    return _("Kommentar zu %(ref)s", ref=comment.contribution.reference)


def _hide_form() -> HideForm:
    form = HideForm()
    form.set_templates(moderation.reason_templates(active_only=True))
    return form


# --- the queue --------------------------------------------------------------------------------

@moderation_bp.get("/")
def index():
    return render_template("moderation/index.html", queue=moderation.load_queue(),
                           reason_templates=moderation.reason_templates(active_only=True))


@moderation_bp.post("/contributions/<int:contribution_id>/approve")
def approve(contribution_id: int):
    contribution = db.get_or_404(Contribution, contribution_id)
    if ActionForm().validate_on_submit():
        _perform(lambda: moderation.approve_contribution(contribution, actor=current_user),
                 _("%(ref)s ist freigegeben.", ref=contribution.reference))
    return redirect(_back())


@moderation_bp.route("/contributions/<int:contribution_id>/hide", methods=["GET", "POST"])
def hide_contribution(contribution_id: int):
    contribution = db.get_or_404(Contribution, contribution_id)
    form = _hide_form()
    if form.validate_on_submit():
        _perform(lambda: moderation.hide_contribution(contribution, form.reason,
                                                      actor=current_user),
                 _("%(ref)s ist ausgeblendet.", ref=contribution.reference))
        return redirect(safe_next(form.next.data, url_for("moderation.index")))
    if request.method == "GET":
        form.next.data = safe_next(request.args.get("next"), url_for("moderation.index"))
    return render_template("moderation/hide.html", form=form, contribution=contribution,
                           comment=None, label=contribution.reference)


@moderation_bp.route("/comments/<int:comment_id>/hide", methods=["GET", "POST"])
def hide_comment(comment_id: int):
    comment = db.get_or_404(Comment, comment_id)
    form = _hide_form()
    label = _comment_label(comment)
    if form.validate_on_submit():
        _perform(lambda: moderation.hide_comment(comment, form.reason, actor=current_user),
                 _("%(label)s ist ausgeblendet.", label=label))
        return redirect(safe_next(form.next.data, url_for("moderation.index")))
    if request.method == "GET":
        form.next.data = safe_next(request.args.get("next"), url_for("moderation.index"))
    return render_template("moderation/hide.html", form=form, contribution=comment.contribution,
                           comment=comment, label=label)


@moderation_bp.post("/contributions/<int:contribution_id>/restore")
def restore_contribution(contribution_id: int):
    contribution = db.get_or_404(Contribution, contribution_id)
    if ActionForm().validate_on_submit():
        _perform(lambda: moderation.restore_contribution(contribution, actor=current_user),
                 _("%(ref)s ist wieder sichtbar.", ref=contribution.reference))
    return redirect(_back())


@moderation_bp.post("/comments/<int:comment_id>/restore")
def restore_comment(comment_id: int):
    comment = db.get_or_404(Comment, comment_id)
    label = _comment_label(comment)
    if ActionForm().validate_on_submit():
        _perform(lambda: moderation.restore_comment(comment, actor=current_user),
                 _("%(label)s ist wieder sichtbar.", label=label))
    return redirect(_back())


@moderation_bp.post("/contributions/<int:contribution_id>/flags/dismiss")
def dismiss_contribution_flags(contribution_id: int):
    contribution = db.get_or_404(Contribution, contribution_id)
    _dismiss(moderation.open_flags(contribution=contribution), contribution.reference)
    return redirect(_back())


@moderation_bp.post("/comments/<int:comment_id>/flags/dismiss")
def dismiss_comment_flags(comment_id: int):
    comment = db.get_or_404(Comment, comment_id)
    _dismiss(moderation.open_flags(comment=comment), _comment_label(comment))
    return redirect(_back())


def _dismiss(flags, label: str) -> None:
    if not ActionForm().validate_on_submit():
        return
    if not flags:
        flash(_("Zu %(label)s gibt es keine offenen Meldungen.", label=label), "info")
        return
    perform(lambda: moderation.dismiss_flags(flags, actor=current_user),
            _("Die Meldungen zu %(label)s sind verworfen; der Inhalt bleibt sichtbar.",
              label=label))


# --- edit with a note -------------------------------------------------------------------------

@moderation_bp.route("/contributions/<int:contribution_id>/edit", methods=["GET", "POST"])
def edit_contribution(contribution_id: int):
    contribution = db.get_or_404(Contribution, contribution_id)
    if contribution.status == "withdrawn":
        flash(_("%(ref)s ist zurückgezogen und kann nicht mehr bearbeitet werden.",
                ref=contribution.reference), "error")
        return redirect(url_for("moderation.index"))
    form = ModerationEditForm(obj=contribution if request.method == "GET" else None)
    conflict = False
    if request.method == "GET":
        form.lock_version.data = contribution.lock_version
        form.note.data = ""
    if form.validate_on_submit():
        outcome = perform(
            lambda: moderation.edit_contribution_with_note(
                contribution, title=form.title.data, body=form.body.data, note=form.note.data,
                actor=current_user, lock_version=form.lock_version.data or None),
            lambda _decision: _("%(ref)s ist geändert; die vorige Fassung ist in der "
                                "Versionsgeschichte.", ref=contribution.reference),
            form=form, field="note", stale=moderation.StaleEdit)
        if outcome:
            return redirect(url_for("moderation.index"))
        if outcome.stale:
            # Show the current version next to the user's text, and let the next save
            # go through against it.
            conflict = True
            contribution = db.session.get(Contribution, contribution_id)
            form.lock_version.data = contribution.lock_version
    return render_template("moderation/edit.html", form=form, contribution=contribution,
                           conflict=conflict)


# --- reason templates -------------------------------------------------------------------------

@moderation_bp.get("/reasons")
def reasons():
    groups = [(purpose, REASON_PURPOSE_LABELS[purpose],
               moderation.reason_templates(purpose=purpose)) for purpose in REASON_PURPOSES]
    return render_template("moderation/reasons.html", groups=groups, action_form=ActionForm())


@moderation_bp.post("/reasons/defaults")
def add_default_reasons():
    if ActionForm().validate_on_submit():
        purpose = request.form.get("purpose", "hide")
        if purpose not in REASON_PURPOSES:
            abort(400)
        perform(lambda: moderation.ensure_default_reasons(actor=current_user, purpose=purpose),
                lambda added: _("%(n)d Vorlagen sind angelegt.", n=added) if added else None)
    return redirect(url_for("moderation.reasons"))


@moderation_bp.route("/reasons/new", methods=["GET", "POST"], defaults={"reason_id": None})
@moderation_bp.route("/reasons/<int:reason_id>", methods=["GET", "POST"])
def reason(reason_id: int | None):
    template = db.get_or_404(ReasonTemplate, reason_id) if reason_id else None
    purpose = template.purpose if template else request.args.get("purpose", "hide")
    if purpose not in REASON_PURPOSES:
        abort(404)
    form = with_translations(ReasonForm, REGISTRY["moderation_reasons"])(obj=template)
    if request.method == "GET":
        form.load_translations(translations_of(template))
    if form.validate_on_submit():
        outcome = perform(lambda: moderation.save_reason(template, title=form.title.data,
                                                         text=form.text.data, actor=current_user,
                                                         purpose=purpose,
                                                         translations=form.translations_data()),
                          _("Die Vorlage ist gespeichert."), form=form, field="title")
        if outcome:
            return redirect(url_for("moderation.reasons"))
    return render_template("moderation/reason_form.html", form=form, reason=template,
                           purpose_label=REASON_PURPOSE_LABELS[purpose])


@moderation_bp.post("/reasons/<int:reason_id>/active")
def set_reason_active(reason_id: int):
    template = db.get_or_404(ReasonTemplate, reason_id)
    if ActionForm().validate_on_submit():
        active, title = request.form.get("active") == "1", localized(template, "title")
        perform(lambda: moderation.set_reason_active(template, active, actor=current_user),
                lambda _result: _("„%(title)s“ wird wieder angeboten.", title=title)
                if active else _("„%(title)s“ wird nicht mehr angeboten.", title=title))
    return redirect(url_for("moderation.reasons", _anchor=f"reason-{template.id}"))


@moderation_bp.post("/reasons/<int:reason_id>/move/<any(up, down):direction>")
def move_reason(reason_id: int, direction: str):
    template = db.get_or_404(ReasonTemplate, reason_id)
    if ActionForm().validate_on_submit():
        perform(lambda: moderation.move_reason(template, direction, actor=current_user))
    return redirect(url_for("moderation.reasons", _anchor=f"reason-{template.id}"))


# --- the public log ---------------------------------------------------------------------------

@moderation_bp.get("/log")
def log():
    """Public: what was hidden, restored, approved or edited, and why. No personal data."""
    page = db.paginate(moderation.log_query(), per_page=LOG_PER_PAGE)
    return render_template("moderation/log.html", page=page,
                           entries=moderation.log_entries(list(page.items)))

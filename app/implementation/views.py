"""Pages of implementation: the public overview with its roll-up, a page per measure with its
story and timeline, the staff table (status of many at once, "veraltet", asking for updates),
editing a measure's record, entries and the status list."""

from datetime import date

from flask import Blueprint, abort, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user, login_required
from sqlalchemy import select

from app.accounts.models import Organisation
from app.concepts.models import Item
from app.concepts.services import current_concept
from app.core.actions import perform
from app.core.forms import ActionForm, choice_list, content_choices
from app.core.inputs import parse_int
from app.core.permissions import may, require
from app.core.urls import safe_next
from app.extensions import db
from app.implementation import cycle, progress, queries, services
from app.implementation.forms import (
    KEEP_STATUS,
    AskForm,
    AskManyForm,
    BulkStatusForm,
    EntryEditForm,
    EntryForm,
    FilterForm,
    HideForm,
    RecordForm,
    StatusForm,
)
from app.implementation.models import ImplementationStatus, ProgressEntry
from app.workbench.services import item_sources

implementation_bp = Blueprint("implementation", __name__, url_prefix="/implementation")
BULK = "bulk"


def _concept():
    concept = current_concept()
    if concept is None:
        abort(404)
    return concept


def _overview(concept):
    result = progress.overview(concept, user=current_user)
    require("implementation.view", result.version)
    return result


def _filters(form: FilterForm, result: progress.Overview, *, staff: bool) -> dict:
    all_ = [("", _("alle"))]
    form.topic.choices = choice_list(all_) + content_choices(
        (t.topic.slug, t.topic.name) for t in result.fields)
    form.theme.choices = choice_list(all_) + content_choices(
        (t.topic.slug, t.topic.name) for t in result.crosscutting)
    form.status.choices = choice_list(all_ + [(s.code, s.label) for s in result.statuses])
    form.responsible.choices = choice_list(all_) + content_choices(
        (r, r) for r in result.responsible_bodies)
    filters = {}
    for name in ("topic", "theme", "status", "responsible"):
        value = getattr(form, name).data or ""
        if value and value in {str(c.value) for c in getattr(form, name).choices}:
            filters[name] = value
    if staff and form.stale.data:
        filters["stale"] = True
    return filters


# --- the public overview ------------------------------------------------------------------------

@implementation_bp.get("/")
def index():
    concept = _concept()
    result = _overview(concept)
    form = FilterForm(request.args)
    staff = may("implementation.edit")
    filters = _filters(form, result, staff=staff)
    measures = result.filtered(filters)
    return render_template("implementation/index.html", concept=concept, overview=result,
                           form=form, filters=filters, measures=measures, staff=staff,
                           status_counts=result.status_counts(measures))


# --- one measure --------------------------------------------------------------------------------

def _item_or_404(item_id: int) -> Item:
    item = db.session.scalar(select(Item).where(Item.id == item_id, Item.kind == "measure"))
    if item is None:
        abort(404)
    return item


def _state_or_404(item: Item, copies: list | None = None):
    concept = _concept()
    version = progress.adopted_version(concept, user=current_user)
    require("implementation.view", version)
    state = progress.measure_state(concept, item, user=current_user, version=version,
                                   copies=copies)
    if state is None:
        abort(404)
    return concept, state


def _entry_form(state, form: EntryForm | None = None) -> EntryForm:
    form = form or EntryForm(formdata=None, happened_on=date.today())
    form.status.choices = choice_list([(KEEP_STATUS, _("unverändert"))]
                                      + [(s.code, s.label) for s in progress.status_list()])
    return form


def _measure_page(item: Item, concept, state, *, entry_form=None, status: int = 200,
                  copies: list | None = None):
    staff = may("implementation.edit")
    record = state.record
    entries = queries.entries_of(record) if record is not None else []
    copies = queries.copies_of(item.id) if copies is None else copies
    sources = item_sources(item, user=current_user)
    following = (current_user.is_authenticated
                 and queries.is_following(item.id, current_user))
    return render_template(
        "implementation/measure.html", concept=concept, item=item, state=state,
        entries=entries, copies=copies, sources=sources,
        story=progress.story(item, sources, copies, entries), staff=staff,
        may_report=may("implementation.report_progress", state),
        entry_form=_entry_form(state, entry_form), action_form=ActionForm(),
        ask_form=AskForm(formdata=None), following=following,
        conference=cycle.measure_conference(item, user=current_user)), status


@implementation_bp.get("/measures/<int:item_id>")
def measure(item_id: int):
    item = _item_or_404(item_id)
    copies = queries.copies_of(item.id)
    concept, state = _state_or_404(item, copies)
    return _measure_page(item, concept, state, copies=copies)


@implementation_bp.post("/measures/<int:item_id>/entries")
@login_required
def post_entry(item_id: int):
    item = _item_or_404(item_id)
    concept, state = _state_or_404(item)
    require("implementation.report_progress", state)
    form = _entry_form(state, EntryForm())
    if form.validate_on_submit():
        status = None
        if form.status.data and form.status.data != KEEP_STATUS:
            status = services.status_by_code(form.status.data)
            if status is None:
                form.status.errors = [_("Diesen Status gibt es nicht.")]
        if not form.status.errors and perform(
                lambda: services.post_entry(state, actor=current_user, text=form.text.data,
                                            happened_on=form.happened_on.data, status=status,
                                            progress=form.progress.data,
                                            link=form.link.data or ""),
                _("Der Stand ist gespeichert."), form=form, field="text"):
            return redirect(url_for("implementation.measure", item_id=item.id,
                                    _anchor="timeline"))
    return _measure_page(item, concept, state, entry_form=form, status=400)


@implementation_bp.route("/measures/<int:item_id>/edit", methods=["GET", "POST"])
@login_required
def edit(item_id: int):
    require("implementation.edit")
    item = _item_or_404(item_id)
    concept, state = _state_or_404(item)
    organisations = list(db.session.scalars(
        select(Organisation).where(Organisation.verified_at.is_not(None))
        .order_by(Organisation.name)))
    if request.method == "GET":
        form = RecordForm(formdata=None, responsible=state.responsible, partners=state.partners,
                          starts_on=state.record.starts_on if state.record else None,
                          ends_on=state.record.ends_on if state.record else None,
                          progress_override=(state.record.progress_override
                                             if state.record else None),
                          organisations=[o.id for o in state.organisations],
                          lock_version=state.lock_version)
    else:
        form = RecordForm()
    form.organisations.choices = content_choices((o.id, o.name) for o in organisations)
    status = 200
    if form.validate_on_submit():
        chosen = [o for o in organisations if o.id in set(form.organisations.data or [])]
        outcome = perform(
            lambda: services.edit_record(
                state, actor=current_user, responsible=form.responsible.data or "",
                partners=form.partners.data or "", starts_on=form.starts_on.data,
                ends_on=form.ends_on.data, organisations=chosen,
                progress_override=form.progress_override.data,
                lock_version=form.lock_version.data),
            _("Die Maßnahme ist gespeichert."), form=form, field="responsible")
        if outcome:
            return redirect(url_for("implementation.measure", item_id=item.id))
        status = 409 if outcome.stale else 400
        if outcome.stale:
            form.lock_version.data = state.lock_version
    elif request.method == "POST":
        status = 400
    return render_template("implementation/edit.html", concept=concept, item=item,
                           state=state, form=form), status


def _on_measure(item_id: int, run, said, *, form=None, back: str | None = None):
    """A POST about one measure: if its form is valid, `run(item, state)` and flash `said`;
    then back to the measure's page (or to `back`)."""
    item = _item_or_404(item_id)
    _concept_, state = _state_or_404(item)
    if (form if form is not None else ActionForm()).validate_on_submit():
        perform(lambda: run(item, state), said)
    return redirect(back or url_for("implementation.measure", item_id=item.id))


@implementation_bp.post("/measures/<int:item_id>/follow")
@login_required
def follow(item_id: int):
    require("implementation.follow")
    return _on_measure(item_id, lambda item, _state: services.follow(item, current_user),
                       _("Sie folgen dieser Maßnahme und erfahren, wenn sich ihr Status ändert."))


@implementation_bp.post("/measures/<int:item_id>/unfollow")
@login_required
def unfollow(item_id: int):
    return _on_measure(item_id, lambda item, _state: services.unfollow(item, current_user),
                       _("Sie folgen dieser Maßnahme nicht mehr."))


@implementation_bp.post("/measures/<int:item_id>/ask")
@login_required
def ask(item_id: int):
    require("implementation.edit")
    form = AskForm()
    return _on_measure(
        item_id,
        lambda _item, state: services.ask_for_update(state, actor=current_user,
                                                     message=form.message.data or ""),
        lambda n: ngettext("Die Bitte um einen neuen Stand ist an %(num)d Person unterwegs.",
                           "Die Bitte um einen neuen Stand ist an %(num)d Personen unterwegs.", n),
        form=form,
        back=safe_next(request.form.get("next"),
                       url_for("implementation.measure", item_id=item_id)))


# --- entries ------------------------------------------------------------------------------------

def _entry_or_404(entry_id: int):
    entry = db.session.get(ProgressEntry, entry_id)
    if entry is None:
        abort(404)
    item = _item_or_404(entry.record.item_id)
    concept, state = _state_or_404(item)
    return entry, item, concept, state


@implementation_bp.route("/entries/<int:entry_id>/hide", methods=["GET", "POST"])
@login_required
def hide_entry(entry_id: int):
    require("implementation.edit")
    entry, item, concept, state = _entry_or_404(entry_id)
    form = HideForm()
    if form.validate_on_submit() and perform(
            lambda: services.hide_entry(entry, reason=form.reason.data, actor=current_user),
            _("Der Eintrag ist ausgeblendet."), form=form, field="reason"):
        return redirect(url_for("implementation.measure", item_id=item.id, _anchor="timeline"))
    return render_template("implementation/hide.html", concept=concept, item=item, state=state,
                           entry=entry, form=form), 400 if request.method == "POST" else 200


@implementation_bp.post("/entries/<int:entry_id>/restore")
@login_required
def restore_entry(entry_id: int):
    require("implementation.edit")
    entry, item, _concept_, _state = _entry_or_404(entry_id)
    if ActionForm().validate_on_submit():
        perform(lambda: services.restore_entry(entry, actor=current_user),
                _("Der Eintrag ist wieder sichtbar."))
    return redirect(url_for("implementation.measure", item_id=item.id, _anchor="timeline"))


@implementation_bp.route("/entries/<int:entry_id>/edit", methods=["GET", "POST"])
@login_required
def edit_entry(entry_id: int):
    entry, item, concept, state = _entry_or_404(entry_id)
    if not (may("implementation.edit") or entry.author_id == current_user.id):
        abort(403)
    if request.method == "GET":
        form = EntryEditForm(formdata=None, text=entry.text, link=entry.link,
                             lock_version=entry.lock_version)
    else:
        form = EntryEditForm()
    status = 200
    if form.validate_on_submit():
        outcome = perform(lambda: services.edit_entry(entry, actor=current_user,
                                                      text=form.text.data or "",
                                                      link=form.link.data or "",
                                                      lock_version=form.lock_version.data),
                          _("Der Eintrag ist gespeichert."), form=form, field="text")
        if outcome:
            return redirect(url_for("implementation.measure", item_id=item.id,
                                    _anchor=f"entry-{entry.id}"))
        status = 409 if outcome.stale else 400
    elif request.method == "POST":
        status = 400
    return render_template("implementation/entry_edit.html", concept=concept, item=item,
                           state=state, entry=entry, form=form), status


# --- staff: the table of all measures -----------------------------------------------------------

def _bulk_form(result, form: BulkStatusForm | None = None) -> BulkStatusForm:
    # prefixed: the filter form on the same page has a field "status" too
    form = form or BulkStatusForm(formdata=None, prefix=BULK)
    form.status.choices = choice_list([("", _("bitte wählen"))]
                                      + [(s.code, s.label) for s in result.statuses])
    return form


def _manage_page(concept, result, bulk_form, *, status: int = 200):
    form = FilterForm(request.args)
    filters = _filters(form, result, staff=True)
    measures = result.filtered(filters)
    selected = {parse_int(v) for v in request.form.getlist("m")} if request.method == "POST" \
        else set()
    return render_template("implementation/manage.html", concept=concept, overview=result,
                           form=form, filters=filters, measures=measures,
                           bulk_form=bulk_form, selected=selected,
                           stale_count=sum(1 for m in result.measures if m.is_stale)), status


@implementation_bp.get("/manage")
@login_required
def manage():
    require("implementation.edit")
    concept = _concept()
    result = _overview(concept)
    return _manage_page(concept, result, _bulk_form(result))


@implementation_bp.post("/manage")
@login_required
def bulk_status():
    require("implementation.edit")
    concept = _concept()
    result = _overview(concept)
    form = _bulk_form(result, BulkStatusForm(prefix=BULK))
    if form.validate_on_submit():
        by_item = {m.item_id: m for m in result.measures}
        wanted = [parse_int(v) for v in request.form.getlist("m")]
        if any(w is None or w not in by_item for w in wanted):
            abort(400)
        status = services.status_by_code(form.status.data)
        outcome = perform(
            lambda: services.set_status_of_many([by_item[w] for w in wanted], status,
                                                note=form.note.data or "",
                                                actor=current_user),
            lambda n: ngettext("Der Status von %(num)d Maßnahme ist gesetzt.",
                               "Der Status von %(num)d Maßnahmen ist gesetzt.", n),
            form=form, field="status")
        if outcome:
            return redirect(url_for("implementation.manage", **request.args))
        result = _overview(concept)
    return _manage_page(concept, result, form, status=400)


@implementation_bp.post("/manage/ask")
@login_required
def ask_many():
    require("implementation.edit")
    concept = _concept()
    result = _overview(concept)
    form = AskManyForm(prefix=BULK)
    if not form.validate_on_submit():
        abort(400)
    by_item = {m.item_id: m for m in result.measures}
    wanted = [parse_int(v) for v in request.form.getlist("m")]
    if any(w is None or w not in by_item for w in wanted):
        abort(400)

    def said(outcome) -> str:
        mails, skipped = outcome
        text = ngettext("%(num)d Bitte um einen neuen Stand ist unterwegs.",
                        "%(num)d Bitten um einen neuen Stand sind unterwegs.", mails)
        if skipped:
            text += " " + ngettext(
                "%(num)d Maßnahme hat keine verantwortliche Organisation mit Vertretung.",
                "%(num)d Maßnahmen haben keine verantwortliche Organisation mit Vertretung.",
                skipped)
        return text

    perform(lambda: services.ask_many_for_updates([by_item[w] for w in wanted],
                                                  actor=current_user,
                                                  message=form.note.data or ""), said)
    return redirect(url_for("implementation.manage", **request.args))


# --- staff: the status list ---------------------------------------------------------------------

@implementation_bp.route("/statuses", methods=["GET", "POST"])
@login_required
def statuses():
    require("implementation.edit")
    concept = _concept()
    form = StatusForm(formdata=request.form if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        if form.validate_on_submit() and perform(
                lambda: services.save_status(None, name=form.name.data,
                                             default_progress=form.default_progress.data,
                                             counts_in_rollup=form.counts_in_rollup.data,
                                             actor=current_user),
                _("Der Status ist angelegt."), form=form, field="name"):
            return redirect(url_for("implementation.statuses"))
        status = 400
    return render_template("implementation/statuses.html", concept=concept,
                           statuses=progress.status_list(), form=form), status


@implementation_bp.route("/statuses/<int:status_id>", methods=["GET", "POST"])
@login_required
def edit_status(status_id: int):
    require("implementation.edit")
    concept = _concept()
    row = db.get_or_404(ImplementationStatus, status_id)
    form = StatusForm(formdata=None, obj=row) if request.method == "GET" else StatusForm()
    status = 200
    if form.validate_on_submit():
        outcome = perform(
            lambda: services.save_status(row, name=form.name.data,
                                         default_progress=form.default_progress.data,
                                         counts_in_rollup=form.counts_in_rollup.data,
                                         actor=current_user,
                                         lock_version=form.lock_version.data),
            _("Der Status ist gespeichert."), form=form, field="name")
        if outcome:
            return redirect(url_for("implementation.statuses"))
        status = 409 if outcome.stale else 400
    elif request.method == "POST":
        status = 400
    return render_template("implementation/status_form.html", concept=concept, row=row,
                           form=form), status

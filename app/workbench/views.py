"""The consolidation workbench: one screen per topic with the contributions on one side and the
topic's draft on the other; actions on a selection; items; similar groups; the topic's log. And
one item of the draft with the contributions it is based on (provenance), registered on the
concepts blueprint so its address stays."""

from urllib.parse import urlencode

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from flask_login import current_user
from sqlalchemy import and_, select
from sqlalchemy.orm import selectinload

from app.concepts import services as concepts
from app.concepts.models import ITEM_FIELD_LABELS, ITEM_KINDS, Item, Topic
from app.concepts.views import concepts_bp
from app.contributions.models import CONTRIBUTION_KINDS, OUTCOMES, Contribution
from app.contributions.queries import contribution_list_loads
from app.contributions.services import comment_tree, support_count
from app.core.actions import perform
from app.core.audit import AuditEntry
from app.core.forms import ActionForm, content_choices
from app.core.inputs import int_arg, page_arg, parse_int
from app.core.pagination import LoadedPage
from app.core.permissions import guard_blueprint, may
from app.core.translations import Localized, localized, localized_together
from app.core.urls import safe_next
from app.events.models import Event, Station
from app.extensions import db
from app.moderation.services import reason_from_choice, reason_templates
from app.rounds.models import Round
from app.similarity import services as similarity
from app.workbench import services as workbench
from app.workbench.forms import (
    OUTCOME_FILTER_ALL,
    ItemForm,
    SelectionForm,
    WithdrawItemForm,
    WorkbenchFilterForm,
)
from app.workbench.models import ItemLink

workbench_bp = Blueprint("workbench", __name__, url_prefix="/workbench")
guard_blueprint(workbench_bp, "workbench.consolidate")  # every page here is for staff

PER_PAGE = 50
GROUPS_PER_PAGE = 20  # proposed groups: each has its own form with every action
LOG_PER_PAGE = 50


REVISION_LABELS = {"created": _l("angelegt"), "edited": _l("geändert"),
                   "withdrawn": _l("zurückgezogen"), "restored": _l("wiederhergestellt")}


@concepts_bp.get("/concept/items/<int:item_id>")
def item(item_id: int):
    """One item of the draft with the contributions it is based on (provenance)."""
    concept = concepts.current_concept_or_404()
    item = db.get_or_404(Item, item_id)
    staff = may("workbench.consolidate")
    if item.concept_id != concept.id or not may("concept.read_draft", concept) or (
            item.is_withdrawn and not staff):
        abort(404)
    sources = workbench.item_sources(item, user=current_user)
    links = {link.contribution_id: link
             for link in workbench.active_links(item_ids=[item.id])} if staff else {}
    return render_template("concepts/item.html", concept=concept, item=item, sources=sources,
                           links=links, revisions=concepts.item_revisions(item) if staff else [],
                           remarks=workbench.item_remarks([item.id]).get(item.id)
                           if may("version.see_internal") else None,
                           action_form=ActionForm(), revision_labels=REVISION_LABELS,
                           field_labels=ITEM_FIELD_LABELS)


def _topic_or_404(slug: str) -> Topic:
    # From the concept's topics, which the pages show as themes too (one query for both).
    topics = concepts.current_concept_or_404().topics
    topic = next((t for t in topics if t.slug == slug), None)
    if topic is None:
        abort(404)
    return topic


def _selected(topic: Topic | None = None) -> list[Contribution]:
    ids = []
    for value in request.values.getlist("c"):
        number = parse_int(value)
        if number is None:
            abort(400)
        ids.append(number)
    if not ids:
        return []
    query = select(Contribution).where(Contribution.id.in_(ids)).options(
        selectinload(Contribution.themes)).order_by(Contribution.id)
    if topic is not None:
        query = query.where(Contribution.topic_id == topic.id)
    return list(db.session.scalars(query))


def _outcome_reasons():
    """The active templates for "not taken up", then those for "forwarded" (one query)."""
    templates = reason_templates(active_only=True, purpose=None)
    return ([t for t in templates if t.purpose == "not_taken_up"]
            + [t for t in templates if t.purpose == "forwarded"])


# --- overview ---------------------------------------------------------------------------------

@workbench_bp.get("/")
def index():
    concept = concepts.current_concept_or_404()
    by_topic = workbench.progress_by(Contribution.topic_id)
    by_round = workbench.progress_by(Contribution.round_id)
    rounds = list(db.session.scalars(select(Round).where(Round.concept_id == concept.id)
                                     .order_by(Round.opens_at.desc())))
    return render_template("workbench/index.html", concept=concept, by_topic=by_topic,
                           by_round=by_round, rounds=rounds)


# --- one topic --------------------------------------------------------------------------------

def _station_label(station: Station) -> Localized:
    """"Table (event)" in the reader's language where both are translated, else as written
    (one option cannot mix two languages)."""
    name, event = localized_together((station, "name"), (station.event, "title"))
    return Localized(f"{name} ({event})", name.lang)


def _filters(topic: Topic, form: WorkbenchFilterForm) -> dict:
    concept = topic.concept
    # The concept's rounds with their events and the events' stations at this topic, in one
    # query (a concept has a few dozen of each).
    rows = db.session.execute(
        select(Round, Event, Station).outerjoin(Event, Event.round_id == Round.id)
        .outerjoin(Station, and_(Station.event_id == Event.id, Station.topic_id == topic.id))
        .where(Round.concept_id == concept.id)
        .order_by(Round.opens_at.desc(), Event.id, Station.position)).all()
    rounds = list(dict.fromkeys(r for r, _event, _station in rows))
    events = sorted({e for _round, e, _station in rows if e is not None}, key=lambda e: e.id)
    stations = sorted({s for _round, _event, s in rows if s is not None},
                      key=lambda s: (s.event_id, s.position, s.id))
    themes = [t for t in concept.topics if t.kind == "crosscutting" and t.id != topic.id]
    everything = ("", _("alle"))
    form.outcome.choices = [("pending", OUTCOMES["pending"]), (OUTCOME_FILTER_ALL, _("alle")),
                            *((k, v) for k, v in OUTCOMES.items() if k != "pending")]
    form.round.choices = [everything, *content_choices((str(r.id), localized(r, "title"))
                                                       for r in rounds)]
    form.event.choices = [everything, *content_choices((str(e.id), localized(e, "title"))
                                                       for e in events)]
    form.station.choices = [everything, *content_choices((str(s.id), _station_label(s))
                                                         for s in stations)]
    form.kind.choices = [everything, *CONTRIBUTION_KINDS.items()]
    form.theme.choices = [everything, *content_choices((str(t.id), localized(t, "name"))
                                                       for t in themes)]

    def pick(name, allowed):
        value = int_arg(name)
        return value if value in allowed else None

    outcome = request.args.get("outcome", "pending")
    if outcome not in OUTCOMES and outcome != OUTCOME_FILTER_ALL:
        outcome = "pending"
    form.outcome.data = outcome
    sort = request.args.get("sort", "oldest")
    return {
        "q": (request.args.get("q") or "").strip()[:200],
        "outcome": "" if outcome == OUTCOME_FILTER_ALL else outcome,
        "round": pick("round", {r.id for r in rounds}),
        "event": pick("event", {e.id for e in events}),
        "station": pick("station", {s.id for s in stations}),
        "kind": request.args.get("kind") if request.args.get("kind") in CONTRIBUTION_KINDS
        else "",
        "theme": pick("theme", {t.id for t in themes}),
        "sort": sort if sort in workbench.WORKBENCH_SORTS else "oldest",
    }


def _page() -> int:
    return page_arg(error_out=False)


@workbench_bp.get("/<slug>")
def topic(slug: str):
    topic = _topic_or_404(slug)
    filter_form = WorkbenchFilterForm(formdata=request.args)
    filters = _filters(topic, filter_form)
    page = _page()
    rows, total = workbench.workbench_rows(topic, filters, page=page, per_page=PER_PAGE)
    draft = concepts.draft_of(topic)
    items = draft.items
    counts = workbench.link_counts([i.id for i in items])
    remarks = workbench.item_remarks([i.id for i in items])
    items_fed = workbench.items_by_contribution([row.contribution for row in rows])
    selection = SelectionForm()
    selection.set_choices(items, _outcome_reasons())
    selection.next.data = request.full_path
    progress = workbench.progress_by(Contribution.topic_id, Contribution.topic_id == topic.id)
    opened = _opened(topic, items)
    return render_template(
        "workbench/topic.html", topic=topic, concept=topic.concept, rows=rows, total=total,
        page=LoadedPage(rows, total=total, page=page, per_page=PER_PAGE), filters=filters,
        filter_form=filter_form,
        draft=draft, counts=counts, remarks=remarks, items_fed=items_fed, selection=selection,
        progress=progress.get(topic.id, workbench.Progress()), opened=opened,
        action_form=ActionForm(), outcome_labels=OUTCOMES)


def _opened(topic: Topic, items: list[Item]) -> dict | None:
    """The contribution opened beside the list (?open=<id>): everything needed to judge it."""
    value = int_arg("open")
    if value is None:
        return None
    # It may be a row of the list already, loaded without its themes: load it again with them
    # (and with what the row shows, which reloading would otherwise forget).
    contribution = db.session.get(Contribution, value, populate_existing=True,
                                  options=list(contribution_list_loads()))
    if contribution is None or contribution.topic_id != topic.id:
        return None
    tree, comments = comment_tree(contribution)
    return {
        "contribution": contribution,
        "comments": tree,
        "comment_count": comments,
        "supports": support_count(contribution),
        "items": workbench.items_by_contribution([contribution])[contribution.id],
        "links": workbench.active_links(contribution_ids=[contribution.id]),
        "similar": similarity.similar_to(contribution, limit=5),
        "similar_items": similarity.similar_items(contribution, items, limit=3),
    }


@workbench_bp.post("/<slug>/act")
def act_on_selection(slug: str):
    """One action on the selected contributions; back to the list it came from."""
    topic = _topic_or_404(slug)
    form = SelectionForm()
    items = concepts.draft_of(topic).items
    form.set_choices(items, _outcome_reasons())
    back = safe_next(form.next.data, url_for("workbench.topic", slug=topic.slug))
    if not form.validate_on_submit():
        flash(" ".join(e for errors in form.errors.values() for e in errors)
              or _("Die Aktion konnte nicht ausgeführt werden."), "error")
        return redirect(back)
    selected = _selected(topic)
    action = request.form.get("action", "")
    if action == "new_item":
        if not selected:
            flash(_("Bitte wählen Sie mindestens einen Beitrag aus."), "error")
            return redirect(back)
        query = urlencode([("kind", form.new_kind.data), ("next", back),
                           *(("c", c.id) for c in selected)])
        return redirect(url_for("workbench.new_item", slug=topic.slug) + "?" + query)
    if action not in ("link", "duplicate", "confirm_group", "decide", "reopen"):
        abort(400)
    perform(lambda: _act_on(action, form, items, selected), lambda message: message)
    return redirect(back)


def _act_on(action: str, form: SelectionForm, items: list[Item],
            selected: list[Contribution]) -> str:
    """Run one action of the selection form; returns the confirmation."""
    if action == "link":
        item = next((i for i in items if str(i.id) == form.item.data), None)
        if item is None:
            raise workbench.WorkbenchError(_("Bitte wählen Sie ein Element."))
        added = workbench.link_contributions(selected, item, note=form.note.data,
                                             actor=current_user)
        return ngettext("%(num)d Beitrag ist mit „%(item)s“ verknüpft.",
                        "%(num)d Beiträge sind mit „%(item)s“ verknüpft.", added,
                        item=item.label)
    if action == "duplicate":
        original = _by_reference(form.original.data)
        if original is None:
            raise workbench.WorkbenchError(_("Den Beitrag „%(ref)s“ gibt es nicht.",
                                             ref=form.original.data or ""))
        marked = workbench.mark_duplicates(selected, original, actor=current_user)
        return ngettext("%(num)d Beitrag ist als Dublette von %(ref)s markiert.",
                        "%(num)d Beiträge sind als Dublette von %(ref)s markiert.",
                        marked, ref=original.reference)
    if action == "confirm_group":
        # A proposed group confirmed as it stands: the oldest selected is the original.
        if len(selected) < 2:
            raise workbench.WorkbenchError(_("Bitte wählen Sie mindestens zwei Beiträge aus."))
        marked = workbench.mark_duplicates(selected[1:], selected[0], actor=current_user)
        return ngettext("Gruppe bestätigt: %(num)d Beitrag ist als Dublette von %(ref)s markiert.",
                        "Gruppe bestätigt: %(num)d Beiträge sind als Dublette von %(ref)s "
                        "markiert.", marked, ref=selected[0].reference)
    if action == "decide":
        outcome = form.outcome.data
        # A template counts only for the outcome it was written for.
        reason = reason_from_choice(form.reason_template.data, form.reason_text.data,
                                    purpose=outcome)
        count = workbench.decide(selected, outcome, reason=reason,
                                 forwarded_to=form.forwarded_to.data, actor=current_user)
        return ngettext("%(num)d Beitrag: %(outcome)s.", "%(num)d Beiträge: %(outcome)s.",
                        count, outcome=OUTCOMES[outcome])
    count = workbench.reopen(selected, actor=current_user)
    return ngettext("%(num)d Beitrag ist wieder offen.",
                    "%(num)d Beiträge sind wieder offen.", count)


def _by_reference(value: str | None) -> Contribution | None:
    number = parse_int("".join(ch for ch in (value or "") if ch in "0123456789"))
    return db.session.get(Contribution, number) if number is not None else None


@workbench_bp.post("/links/<int:link_id>/remove")
def remove_link(link_id: int):
    link = db.get_or_404(ItemLink, link_id)
    if ActionForm().validate_on_submit():
        perform(lambda: workbench.unlink(link, actor=current_user),
                lambda _result: _("Die Verknüpfung von %(ref)s mit „%(item)s“ ist gelöst.",
                                  ref=link.contribution.reference, item=link.item.label))
    return redirect(safe_next(request.form.get("next"),
                              url_for("concepts.item", item_id=link.item_id)))


# --- items ------------------------------------------------------------------------------------

def _item_form(topic: Topic, form: ItemForm, *, kinds) -> None:
    sub_goals = [sub.item for sub in concepts.draft_of(topic).sub_goals]
    form.set_choices(kinds=kinds, sub_goals=sub_goals, themes=topic.concept.crosscutting)


def _item_values(form: ItemForm, topic: Topic) -> dict:
    themes = [t for t in topic.concept.crosscutting if t.slug in (form.themes.data or [])]
    return {"text": form.text.data, "responsible": form.responsible.data,
            "partners": form.partners.data, "timeframe": form.timeframe.data,
            "example_by": form.example_by.data, "example_where": form.example_where.data,
            "example_link": form.example_link.data, "parent_id": form.parent.data or None,
            "themes": themes}


def _prefill(selected: list[Contribution]) -> str:
    return "\n\n".join(f"{c.body.strip()} ({c.reference})" for c in selected)


@workbench_bp.route("/<slug>/items/new", methods=["GET", "POST"])
def new_item(slug: str):
    topic = _topic_or_404(slug)
    selected = _selected(topic)
    form = ItemForm()
    _item_form(topic, form, kinds=list(ITEM_KINDS))
    if request.method == "GET":
        form.kind.data = request.args.get("kind") if request.args.get("kind") in ITEM_KINDS \
            else "sub_goal"
        form.text.data = _prefill(selected)
        form.themes.data = sorted({t.slug for c in selected for t in c.themes})
    if form.validate_on_submit():
        def create():
            item = concepts.create_item(topic, kind=form.kind.data,
                                        values=_item_values(form, topic), actor=current_user)
            if selected:
                workbench.link_contributions(selected, item, note=form.note.data,
                                             actor=current_user)
            return item

        outcome = perform(
            create, lambda item: ngettext(
                "„%(item)s“ ist angelegt und mit %(num)d Beitrag verknüpft.",
                "„%(item)s“ ist angelegt und mit %(num)d Beiträgen verknüpft.",
                len(selected), item=item.label),
            form=form, field="text")
        if outcome:
            item = outcome.value
            back = safe_next(request.args.get("next"),
                             url_for("workbench.topic", slug=topic.slug))
            return redirect(back.split("#")[0] + f"#item-{item.id}")
    return render_template("workbench/item_form.html", topic=topic, form=form, item=None,
                           selected=selected)


@workbench_bp.route("/items/<int:item_id>/edit", methods=["GET", "POST"])
def edit_item(item_id: int):
    item = db.get_or_404(Item, item_id)
    topic = item.topic
    form = ItemForm(obj=item)
    _item_form(topic, form, kinds=[item.kind])
    if request.method == "GET":
        form.kind.data = item.kind
        form.parent.data = str(item.parent_id or "")
        form.themes.data = [t.slug for t in item.themes]
        form.lock_version.data = item.lock_version
    if form.validate_on_submit():
        values = _item_values(form, topic)
        outcome = perform(
            lambda: concepts.edit_item(item, values=values, actor=current_user,
                                       lock_version=form.lock_version.data or None),
            _("Die Änderung ist gespeichert."), form=form, field="text",
            stale=lambda: concepts.ItemConflict(
                item, dict(values, themes=sorted(t.slug for t in values["themes"]))))
        if outcome.stale:
            return _conflict(item_id, form, outcome.error.mine)
        if outcome:
            return redirect(url_for("workbench.topic", slug=topic.slug, _anchor=f"item-{item.id}"))
    return render_template("workbench/item_form.html", topic=topic, form=form, item=item,
                           selected=[])


def _conflict(item_id: int, form: ItemForm, mine: dict):
    """Someone saved the item in between: show both versions; the form keeps mine and now
    carries the current lock version, so saving again deliberately replaces theirs."""
    item = db.session.get(Item, item_id)
    db.session.refresh(item)
    form.lock_version.data = item.lock_version
    return render_template("workbench/conflict.html", topic=item.topic, item=item, form=form,
                           theirs=item.snapshot(), mine=mine), 409


@workbench_bp.route("/items/<int:item_id>/withdraw", methods=["GET", "POST"])
def withdraw_item(item_id: int):
    item = db.get_or_404(Item, item_id)
    form = WithdrawItemForm()
    if form.validate_on_submit():
        def withdraw():
            concepts.withdraw_item(item, reason=form.reason.data, actor=current_user)
            return workbench.release_withdrawn_item(item, actor=current_user)

        outcome = perform(
            withdraw, lambda released: ngettext(
                "„%(item)s“ ist zurückgezogen; %(num)d Beitrag ist wieder offen.",
                "„%(item)s“ ist zurückgezogen; %(num)d Beiträge sind wieder offen.",
                released, item=item.label),
            form=form, field="reason")
        if outcome:
            return redirect(url_for("workbench.topic", slug=item.topic.slug))
    return render_template("workbench/withdraw.html", item=item, topic=item.topic, form=form)


@workbench_bp.post("/items/<int:item_id>/restore")
def restore_item(item_id: int):
    item = db.get_or_404(Item, item_id)
    if ActionForm().validate_on_submit():
        perform(lambda: concepts.restore_item(item, actor=current_user),
                lambda _result: _("„%(item)s“ ist wieder im Entwurf.", item=item.label))
    return redirect(url_for("concepts.item", item_id=item.id))


@workbench_bp.post("/items/<int:item_id>/move/<any(up, down):direction>")
def move_item(item_id: int, direction: str):
    item = db.get_or_404(Item, item_id)
    if ActionForm().validate_on_submit():
        perform(lambda: concepts.move_item(item, direction, actor=current_user))
    return redirect(url_for("workbench.topic", slug=item.topic.slug, _anchor=f"item-{item.id}"))


# --- similar groups and the topic's history ---------------------------------------------------

@workbench_bp.get("/<slug>/groups")
def groups(slug: str):
    """Proposed clusters of likely duplicates among the unprocessed contributions."""
    topic = _topic_or_404(slug)
    proposed = workbench.proposed_groups(topic, page=_page(), per_page=GROUPS_PER_PAGE)
    items = concepts.draft_of(topic).items
    selection = SelectionForm()
    selection.set_choices(items, _outcome_reasons())
    selection.next.data = request.full_path
    return render_template("workbench/groups.html", topic=topic, clusters=proposed.groups,
                           page=LoadedPage(proposed.groups, total=proposed.total,
                                           page=proposed.page, per_page=GROUPS_PER_PAGE),
                           pending=proposed.pending, selection=selection,
                           level_percent=similarity.level_percent(),
                           in_full=workbench.GROUP_ROWS_IN_FULL)


@workbench_bp.get("/<slug>/log")
def log(slug: str):
    topic = _topic_or_404(slug)
    query = (select(AuditEntry).where(AuditEntry.topic_id == topic.id)
             .options(selectinload(AuditEntry.actor)).order_by(AuditEntry.id.desc()))
    page = db.paginate(query, per_page=LOG_PER_PAGE, error_out=False)
    return render_template("workbench/log.html", topic=topic, page=page)

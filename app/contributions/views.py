"""Pages of contributions: contribute, read, edit, withdraw, history, comments, supports, flags;
and the pages of lower modules that list contributions (a topic, the rounds, one round),
registered on those modules' blueprints so their addresses stay."""

from flask import Blueprint, abort, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy.exc import IntegrityError
from wtforms.fields.choices import SelectChoice

from app.concepts.models import Concept
from app.concepts.services import current_concept, current_concept_or_404, topic_by_slug
from app.concepts.views import concepts_bp
from app.contributions import services
from app.contributions.forms import (
    CommentForm,
    ContributionForm,
    EditContributionForm,
    FlagForm,
)
from app.contributions.listing import build_listing
from app.contributions.models import LANGUAGES, SOURCES, Comment, Contribution
from app.contributions.queries import contribution_counts
from app.core.actions import perform
from app.core.forms import ActionForm, choice_list, content_choices
from app.core.i18n import current_language
from app.core.inputs import parse_int
from app.core.permissions import may, require, why_not
from app.core.ratelimits import write_limit
from app.core.translations import localized
from app.extensions import db
from app.rounds import services as rounds
from app.rounds.models import AUDIENCES, CONTRIBUTION_KINDS, Round
from app.rounds.views import rounds_bp

contributions_bp = Blueprint("contributions", __name__)


@contributions_bp.context_processor
def _helpers():
    return {"sources": SOURCES}


def _contribution_or_404(contribution_id: int) -> Contribution:
    contribution = db.get_or_404(Contribution, contribution_id)
    require("contribution.view", contribution)
    return contribution


# --- pages of a topic and of rounds, with their contributions ----------------------------------

@concepts_bp.get("/topics/<slug>")
def topic(slug: str):
    concept = current_concept_or_404()
    topic = topic_by_slug(concept, slug)
    if topic is None:
        abort(404)
    listing = build_listing(topic=topic, args=request.args, user=current_user)
    return render_template("concepts/topic.html", concept=concept, topic=topic,
                           listing=listing,
                           open_rounds=services.open_rounds_for(
                               topic, user=current_user,
                               checked_rounds=listing.invited_rounds))


@rounds_bp.get("/", endpoint="index")
def rounds_index():
    concept = current_concept()
    rounds_ = rounds.visible_rounds(concept, current_user)
    return render_template("rounds/index.html", concept=concept, rounds=rounds_,
                           counts=contribution_counts(rounds_))


@rounds_bp.get("/<int:round_id>", endpoint="show")
def round_page(round_id: int):
    round_ = rounds.get_round(round_id) or abort(404)
    require("round.view", round_)
    listing = build_listing(round_=round_, args=request.args, user=current_user)
    return render_template("rounds/show.html", round=round_, listing=listing,
                           contribution_kinds=CONTRIBUTION_KINDS, audiences=AUDIENCES)


# --- contribute -------------------------------------------------------------------------------

def _contribution_form(round_: Round) -> ContributionForm:
    form = ContributionForm()
    kinds = [k for k in round_.accepted_kinds if k in services.CONTRIBUTION_KINDS]
    form.kind.choices = choice_list((k, services.CONTRIBUTION_KINDS[k]) for k in kinds)
    form.topic.choices = choice_list([("", _("Bitte wählen"))]) + content_choices(
        (str(t.id), localized(t, "name")) for t in round_.topics)
    form.themes.choices = content_choices((str(t.id), localized(t, "name"))
                                          for t in services.theme_choices(round_))
    organisations = services.on_behalf_organisations(current_user)
    # An option holds text only, so the name in "myself (name)" cannot be marked alone: the
    # option is marked as a name (translate="no"; names have no language to mark).
    form.on_behalf.choices = [
        SelectChoice("", _("mich selbst (%(name)s)", name=current_user.display_name),
                     render_kw={"translate": "no"}),
        *content_choices((str(o.id), o.name) for o in organisations)]
    form.organisations = {str(o.id): o for o in organisations}
    form.items = services.remark_items(round_)
    # "topic – item": the topic in the reader's language where translated, the option marked
    # German as the item's text (the most of it) is.
    form.item.choices = choice_list([("", _("Bitte wählen"))]) + content_choices(
        (str(i.id), f"{localized(i.topic, 'name')} – {i.label}") for i in form.items.values())
    if request.method == "GET":
        # Coming from an item of a version: a remark on that item.
        item = form.items.get(request.args.get("item", ""))
        if item is not None and "remark" in kinds:
            form.kind.data, form.item.data, form.topic.data = "remark", str(item.id), \
                str(item.topic_id)
        if len(kinds) == 1:
            form.kind.data = kinds[0]
        if current_user.language in LANGUAGES:
            form.language.data = current_user.language
        # Coming from a topic page: preselect that topic (or theme).
        slug = request.args.get("topic")
        topic = next((t for t in round_.topics if t.slug == slug), None)
        if topic is not None:
            form.topic.data = str(topic.id)
        theme = next((t for t in services.theme_choices(round_) if t.slug == slug), None)
        if theme is not None and (topic is None or topic.kind == "crosscutting"):
            form.themes.data = [str(theme.id)]
    return form


def _created_message(result) -> tuple[str, str]:
    contribution, created = result
    if not created:
        return (_("Diesen Beitrag haben Sie gerade schon eingereicht; er wurde nicht "
                  "doppelt gespeichert."), "info")
    if contribution.status == "pending":
        return (_("Danke! Ihr Beitrag %(ref)s ist eingegangen. Er wird veröffentlicht, "
                  "sobald die Moderation ihn freigegeben hat.",
                  ref=contribution.reference), "success")
    return (_("Danke! Ihr Beitrag %(ref)s ist veröffentlicht.",
              ref=contribution.reference), "success")


@contributions_bp.route("/rounds/<int:round_id>/contribute", methods=["GET", "POST"])
@login_required
@write_limit("contribute")
def create(round_id: int):
    round_ = db.get_or_404(Round, round_id)
    require("round.view", round_)
    refusal = why_not("contribution.create", round_, user=current_user)
    if refusal:
        # Keep what the user typed if the round closed while they were writing.
        return render_template("contributions/refused.html", round=round_, message=refusal,
                               typed_title=request.form.get("title", ""),
                               typed_body=request.form.get("body", "")), 403
    form = _contribution_form(round_)
    if form.validate_on_submit():
        topics = {str(t.id): t for t in round_.topics}
        themes = {str(t.id): t for t in services.theme_choices(round_)}
        item = form.items.get(form.item.data or "") if form.kind.data == "remark" else None
        topic = topics.get(str(item.topic_id)) if item is not None else None
        outcome = perform(
            lambda: services.create_contribution(
                round_, author=current_user, kind=form.kind.data, item=item,
                topic=topic or topics[form.topic.data],
                title=form.title.data, body=form.body.data, language=form.language.data,
                themes=[themes[i] for i in form.themes.data or () if i in themes],
                organisation=form.organisations.get(form.on_behalf.data or ""),
                ui_language=current_language()),
            _created_message, form=form, field="body")
        if outcome:
            contribution, _created = outcome.value
            return redirect(url_for("contributions.show", contribution_id=contribution.id))
    return render_template("contributions/form.html", form=form, round=round_)


# --- read ---------------------------------------------------------------------------------------

def _show_page(contribution: Contribution, *, comment_form=None, flag_form=None, status=200):
    roots, comment_count = services.comment_tree(contribution)
    return render_template(
        "contributions/show.html", contribution=contribution, comments=roots,
        comment_count=comment_count,
        supports=services.support_count(contribution),
        i_support=services.supports(contribution, current_user),
        revision_count=services.revision_count(contribution),
        comment_form=comment_form or CommentForm(formdata=None),
        flag_form=flag_form or FlagForm(formdata=None), action_form=ActionForm(),
        outcome_items=services.items_fed_by([contribution])[contribution.id],
        draft_readable=may("concept.read_draft", contribution.round.concept),
    ), status


@contributions_bp.get("/contributions/<int:contribution_id>")
def show(contribution_id: int):
    return _show_page(_contribution_or_404(contribution_id))


@contributions_bp.get("/contributions/<int:contribution_id>/history")
def history(contribution_id: int):
    contribution = _contribution_or_404(contribution_id)
    if contribution.is_hidden and not may("moderate"):
        abort(403)
    return render_template("contributions/history.html", contribution=contribution,
                           revisions=services.revisions_of(contribution))


@contributions_bp.get("/me/contributions")
@login_required
def mine():
    page = db.paginate(services.contributions_of(current_user), per_page=20, error_out=False)
    items = services.items_fed_by(page.items)
    concept = db.session.get(Concept, page.items[0].round.concept_id) if page.items else None
    notes = services.item_notes({i.id for found in items.values() for i in found})
    return render_template("contributions/mine.html", page=page, outcome_items=items,
                           draft_readable=may("concept.read_draft", concept), item_notes=notes)


# --- edit, withdraw -----------------------------------------------------------------------------

@contributions_bp.route("/contributions/<int:contribution_id>/edit", methods=["GET", "POST"])
@login_required
def edit(contribution_id: int):
    contribution = _contribution_or_404(contribution_id)
    require("contribution.edit", contribution)
    form = EditContributionForm(obj=contribution)
    needs_note = services.edit_needs_note(contribution, current_user)
    form.note.flags.required = needs_note
    if request.method == "GET":
        form.lock_version.data = contribution.lock_version
    stale = False
    if form.validate_on_submit():
        note_missing = needs_note and not (form.note.data or "").strip()
        outcome = perform(
            lambda: services.edit_contribution(
                contribution, editor=current_user, title=form.title.data, body=form.body.data,
                note=form.note.data, lock_version=form.lock_version.data),
            lambda changed: (_("Ihre Änderungen sind gespeichert."), "success") if changed
            else (_("Es gab keine Änderungen zu speichern."), "info"),
            form=form, field="note" if note_missing else "body",
            stale=services.StaleContribution)
        if outcome:
            return redirect(url_for("contributions.show", contribution_id=contribution.id))
        stale = outcome.stale
    if stale:
        # Show the current text next to the user's, and let the next save be deliberate.
        contribution = db.session.get(Contribution, contribution_id, populate_existing=True)
        form.lock_version.data = contribution.lock_version
    return render_template("contributions/edit.html", form=form, contribution=contribution,
                           needs_note=needs_note, stale=stale)


@contributions_bp.route("/contributions/<int:contribution_id>/withdraw",
                        methods=["GET", "POST"])
@login_required
def withdraw(contribution_id: int):
    contribution = _contribution_or_404(contribution_id)
    require("contribution.withdraw", contribution)
    form = ActionForm()
    if form.validate_on_submit():
        perform(lambda: services.withdraw_contribution(contribution, actor=current_user),
                lambda _result: _("Ihr Beitrag %(ref)s ist zurückgezogen. Er bleibt sichtbar "
                                  "und ist als zurückgezogen gekennzeichnet.",
                                  ref=contribution.reference), ())
        return redirect(url_for("contributions.show", contribution_id=contribution.id))
    return render_template("contributions/withdraw.html", contribution=contribution, form=form)


# --- support, comments, flags -------------------------------------------------------------------

@contributions_bp.post("/contributions/<int:contribution_id>/support")
@login_required
@write_limit("support")
def support(contribution_id: int):
    contribution = _contribution_or_404(contribution_id)
    require("contribution.support", contribution)
    if ActionForm().validate_on_submit():
        # A refusal here is a double click: the support is already there.
        perform(lambda: services.toggle_support(contribution, current_user,
                                                current_language()),
                lambda supported: _("Sie unterstützen diesen Beitrag.") if supported
                else _("Sie unterstützen diesen Beitrag nicht mehr."),
                (services.ContributionError, IntegrityError), quiet=True)
    return redirect(url_for("contributions.show", contribution_id=contribution.id,
                            _anchor="support"))


def _parent_comment(contribution: Contribution, parent_id) -> Comment | None:
    if parent_id in (None, ""):
        return None
    if parse_int(parent_id) is None:
        abort(400)
    parent = db.session.get(Comment, parse_int(parent_id))
    if parent is None or parent.contribution_id != contribution.id:
        abort(404)
    return parent


@contributions_bp.post("/contributions/<int:contribution_id>/comments")
@login_required
@write_limit("comment")
def comment(contribution_id: int):
    contribution = _contribution_or_404(contribution_id)
    require("contribution.comment", contribution)
    form = CommentForm()
    parent = _parent_comment(contribution, form.parent_id.data)
    if form.validate_on_submit():
        outcome = perform(
            lambda: services.add_comment(contribution, author=current_user,
                                         body=form.body.data, parent=parent,
                                         ui_language=current_language()),
            lambda result: (_("Ihr Kommentar ist veröffentlicht."), "success") if result[1]
            else (_("Diesen Kommentar haben Sie gerade schon gesendet."), "info"),
            form=form, field="body")
        if outcome:
            new, _created = outcome.value
            return redirect(url_for("contributions.show", contribution_id=contribution.id,
                                    _anchor=f"comment-{new.id}"))
    # Rejected: show the form again with what was typed.
    if parent is not None:
        return render_template("contributions/reply.html", contribution=contribution,
                               parent=parent, form=form), 400
    return _show_page(contribution, comment_form=form, status=400)


@contributions_bp.get("/contributions/<int:contribution_id>/comments/<int:comment_id>/reply")
@login_required
def reply(contribution_id: int, comment_id: int):
    contribution = _contribution_or_404(contribution_id)
    require("contribution.comment", contribution)
    parent = _parent_comment(contribution, comment_id)
    if parent.is_hidden:
        abort(404)
    form = CommentForm(formdata=None, parent_id=parent.id)
    return render_template("contributions/reply.html", contribution=contribution, parent=parent,
                           form=form)


def _flag(contribution: Contribution, comment: Comment | None):
    require("content.flag")
    form = FlagForm()
    if form.validate_on_submit():
        outcome = perform(
            lambda: services.flag_content(
                reporter=current_user, reason=form.reason.data,
                contribution=None if comment else contribution, comment=comment),
            lambda result: (_("Danke. Die Moderation sieht sich Ihre Meldung an."), "success")
            if result[1] else
            (_("Sie haben das bereits gemeldet; die Moderation kümmert sich darum."), "info"),
            form=form, field="reason")
        if outcome:
            anchor = f"comment-{comment.id}" if comment else None
            return redirect(url_for("contributions.show", contribution_id=contribution.id,
                                    _anchor=anchor))
    return render_template("contributions/flag.html", contribution=contribution,
                           comment=comment, form=form), (400 if request.method == "POST" else 200)


@contributions_bp.route("/contributions/<int:contribution_id>/flag", methods=["GET", "POST"])
@login_required
@write_limit("flag")
def flag(contribution_id: int):
    return _flag(_contribution_or_404(contribution_id), None)


@contributions_bp.route("/comments/<int:comment_id>/flag", methods=["GET", "POST"])
@login_required
@write_limit("flag")
def flag_comment(comment_id: int):
    comment = db.get_or_404(Comment, comment_id)
    contribution = _contribution_or_404(comment.contribution_id)
    return _flag(contribution, comment)

"""Pages of versions: the list and freezing, one version, comparing two, the steering group's
review (votes and the staff's overview with answers), publishing and recording adoption; and
the concept as the public reads it and the working draft, registered on the concepts blueprint
so their addresses stay."""

from flask import Blueprint, abort, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from flask_login import current_user, login_required
from sqlalchemy import select

from app.concepts.models import ITEM_FIELD_LABELS, ITEM_KINDS_PLURAL, TOPIC_KINDS_PLURAL
from app.concepts.services import current_concept, current_concept_or_404
from app.concepts.views import concepts_bp
from app.contributions.models import Contribution
from app.core.actions import perform
from app.core.forms import ActionForm, choice_list, content_choices
from app.core.inputs import parse_int
from app.core.permissions import may, require
from app.core.time import utcnow
from app.extensions import db
from app.rounds.models import Round
from app.rounds.queries import audience_loads
from app.versions import services
from app.versions.diff import CHANGES, compare
from app.versions.document import draft_document, version_document
from app.versions.forms import (
    AdoptionForm,
    AnswerForm,
    CompareForm,
    FreezeForm,
    ReviewForm,
    VerdictForm,
    VisibilityForm,
)
from app.versions.models import Verdict, VersionItem
from app.workbench.services import progress_by

versions_bp = Blueprint("versions", __name__)

CHANGE_LABELS = {"added": _l("hinzugefügt"), "removed": _l("entfernt"),
                 "changed": _l("geändert"), "moved": _l("verschoben")}
SUMMARY_KINDS = {**ITEM_KINDS_PLURAL, "main_goal": _l("Oberziele"), "chapter": _l("Kapitel")}
DRAFT = "draft"


@concepts_bp.get("/concept/")
def concept():
    """The concept as the public reads it: the latest published (or adopted) version, else
    the draft for those who may read it."""
    concept = current_concept_or_404()
    shown = services.default_version(concept)
    readable = may("concept.read_draft", concept)
    if shown is not None:
        document = version_document(shown)
    else:
        document = draft_document(concept) if readable else None
    return render_template(
        "concepts/concept.html", concept=concept, document=document, shown=shown,
        adopted=services.latest_adopted(concept, user=current_user), readable=readable,
        versions=services.versions_of(concept, user=current_user),
        kinds=TOPIC_KINDS_PLURAL, item_kinds=ITEM_KINDS_PLURAL)


@concepts_bp.get("/concept/draft")
def draft():
    """The current working draft (changes every day; versions are its frozen states)."""
    concept = current_concept_or_404()
    if not may("concept.read_draft", concept):
        abort(404)
    return render_template("concepts/draft.html", concept=concept,
                           document=draft_document(concept),
                           last=next(iter(services.versions_of(
                               concept, user=current_user)), None),
                           kinds=TOPIC_KINDS_PLURAL, item_kinds=ITEM_KINDS_PLURAL)


def _version_or_404(concept, number: int):
    version = services.version_by_number(concept, number)
    if version is None or not may("version.read", version):
        abort(404)
    return version


def _doc_context(concept, versions=None):
    """What the document templates need besides the document. `versions`: the list
    `versions_of` gave, if the page has it (the newest adopted is then taken from it)."""
    adopted = (services.newest_adopted(versions) if versions is not None
               else services.latest_adopted(concept, user=current_user))
    return dict(kinds=TOPIC_KINDS_PLURAL, item_kinds=ITEM_KINDS_PLURAL, adopted=adopted,
                link_items=may("concept.read_draft", concept))


# --- list and freeze --------------------------------------------------------------------------

@versions_bp.get("/concept/versions/")
def index():
    concept = current_concept_or_404()
    versions = services.versions_of(concept, user=current_user)
    draft = draft_document(concept) if may("version.manage") else None
    last = versions[0] if versions else None
    return render_template("versions/index.html", concept=concept, versions=versions,
                           form=FreezeForm(formdata=None), draft=draft, last=last,
                           compare_form=_compare_form(versions),
                           **_doc_context(concept, versions))


def _compare_form(versions, a=None, b=None) -> CompareForm:
    form = CompareForm(formdata=None)
    choices = content_choices((str(v.number), f"{v.name} – {v.label}") for v in versions)
    if may("version.compare_draft", current_concept()):
        choices = choice_list([(DRAFT, _("aktueller Entwurf"))]) + choices
    form.a.choices = choices
    form.b.choices = choices
    if versions:
        form.b.data = b or str(versions[0].number)
        form.a.data = a or str(versions[1].number if len(versions) > 1 else versions[0].number)
    return form


@versions_bp.post("/concept/versions/")
@login_required
def freeze():
    require("version.manage")
    concept = current_concept_or_404()
    form = FreezeForm()
    if form.validate_on_submit():
        outcome = perform(
            lambda: services.freeze_version(concept, label=form.label.data,
                                            note=form.note.data, actor=current_user,
                                            visibility=form.visibility.data),
            lambda version: _("%(name)s ist eingefroren: %(n)d Elemente, %(c)d Kapitel.",
                              name=version.name, n=services.item_count(version),
                              c=len(version.chapters)),
            form=form, field="label")
        if outcome:
            return redirect(url_for("versions.show", number=outcome.value.number))
    versions = services.versions_of(concept, user=current_user)
    return render_template("versions/index.html", concept=concept, versions=versions, form=form,
                           draft=draft_document(concept),
                           last=versions[0] if versions else None,
                           compare_form=_compare_form(versions),
                           **_doc_context(concept, versions)), 400


@versions_bp.get("/concept/versions/compare")
def compare_choice():
    """The comparison chooser (works without JavaScript): redirect to the diff URL."""
    a, b = request.args.get("a", ""), request.args.get("b", "")
    if not all(ref == DRAFT or parse_int(ref) is not None for ref in (a, b)):
        abort(404)
    return redirect(url_for("versions.diff", a=a, b=b))


# --- one version ------------------------------------------------------------------------------

@versions_bp.get("/concept/versions/<int:number>")
def show(number: int):
    return _show_page(_version_or_404(current_concept_or_404(), number))


def _show_page(version, *, review_form: ReviewForm | None = None,
               adoption_form: AdoptionForm | None = None, status: int = 200):
    """A version; a staff form that did not validate is shown again with what was typed."""
    concept = current_concept_or_404()
    document = version_document(version)
    staff = may("version.manage")
    versions = services.versions_of(concept, user=current_user)
    context = _doc_context(concept, versions)
    refs = [document.item_ref(i) for i in document.items]
    return render_template(
        "versions/show.html", concept=concept, version=version, document=document,
        previous=_previous(versions, version),
        superseded=services.is_superseded(version, context["adopted"]),
        review=version.reviews[-1] if version.reviews else None,
        remark_round=_remark_round(version),
        remark_counts=services.remark_counts(refs) if may("version.see_internal") else {},
        visibility_form=VisibilityForm(formdata=None),
        review_form=review_form or (ReviewForm(formdata=None) if staff else None),
        adoption_form=adoption_form or (AdoptionForm(formdata=None) if staff else None),
        action_form=ActionForm(), **context), status


def _previous(versions, version):
    """The nearest earlier version the viewer may read (of `versions`, newest first)."""
    for v in versions:
        if v.number < version.number:
            return v
    return None


def _remark_round(version):
    """An open network round on this version the current user may write remarks in. Only
    rounds open now are read (with their audiences): a version no open round asks about costs
    one query."""
    now = utcnow()
    rounds = db.session.scalars(select(Round).where(
        Round.version_id == version.id, Round.opens_at <= now, Round.closes_at > now)
        .options(*audience_loads()).order_by(Round.id))
    return next((r for r in rounds if "remark" in (r.accepted_kinds or [])
                 and may("contribution.create", r)), None)


@versions_bp.post("/concept/versions/<int:number>/visibility")
@login_required
def visibility(number: int):
    require("version.manage")
    version = _version_or_404(current_concept_or_404(), number)
    form = VisibilityForm()
    if form.validate_on_submit():
        published = form.visibility.data == "published"
        perform(
            lambda: services.set_visibility(version, form.visibility.data, actor=current_user),
            _("%(name)s ist jetzt öffentlich.", name=version.name) if published else
            _("%(name)s ist jetzt nur noch intern sichtbar.", name=version.name))
    return redirect(url_for("versions.show", number=number))


@versions_bp.post("/concept/versions/<int:number>/review")
@login_required
def start_review(number: int):
    require("version.manage")
    version = _version_or_404(current_concept_or_404(), number)
    form = ReviewForm()
    if form.validate_on_submit():
        outcome = perform(
            lambda: services.open_review(version, deadline=form.deadline.data,
                                         message=form.message.data, actor=current_user),
            _("Die Prüfung ist eröffnet; die Steuerungsgruppe wurde benachrichtigt."),
            form=form, field="deadline")
        if outcome:
            return redirect(url_for("versions.show", number=number))
    return _show_page(version, review_form=form, status=400)


@versions_bp.post("/concept/versions/<int:number>/review/close")
@login_required
def close_review(number: int):
    require("version.manage")
    version = _version_or_404(current_concept_or_404(), number)
    if ActionForm().validate_on_submit() and version.open_review is not None:
        perform(lambda: services.close_review(version.open_review, actor=current_user),
                _("Die Prüfung ist abgeschlossen."))
    return redirect(url_for("versions.show", number=number))


@versions_bp.post("/concept/versions/<int:number>/adoptions")
@login_required
def adopt(number: int):
    require("version.manage")
    version = _version_or_404(current_concept_or_404(), number)
    form = AdoptionForm()
    if form.validate_on_submit():
        outcome = perform(
            lambda: services.record_adoption(
                version, body=form.body_name, adopted_on=form.adopted_on.data,
                resolution=form.resolution.data, document_ref=form.document_ref.data,
                actor=current_user),
            _("Der Beschluss ist eingetragen."), form=form, field="body_other")
        if outcome:
            return redirect(url_for("versions.show", number=number))
    return _show_page(version, adoption_form=form, status=400)


# --- compare ----------------------------------------------------------------------------------

def _document_for(concept, ref: str):
    if ref == DRAFT:
        if not may("version.compare_draft", concept):
            abort(404)
        return draft_document(concept)
    number = parse_int(ref)
    if number is None:
        abort(404)
    return version_document(_version_or_404(concept, number))


@versions_bp.get("/concept/versions/<a>/diff/<b>")
def diff(a: str, b: str):
    concept = current_concept_or_404()
    older, newer = _document_for(concept, a), _document_for(concept, b)
    result = compare(older, newer)
    versions = services.versions_of(concept, user=current_user)
    return render_template(
        "versions/diff.html", concept=concept, diff=result, a=a, b=b,
        summary=result.summary(), change_labels=CHANGE_LABELS, changes=CHANGES,
        summary_kinds=SUMMARY_KINDS, field_labels=ITEM_FIELD_LABELS,
        compare_form=_compare_form(versions, a, b), **_doc_context(concept, versions))


# --- review by the steering group -------------------------------------------------------------

def _review_of(version):
    review = version.reviews[-1] if version.reviews else None
    if review is None:
        abort(404)
    return review


def _sections(document):
    """The review goes chapter by chapter, then topic by topic: one page each."""
    return [("chapters", _("Kapitel"))] + [(s.topic.slug, s.topic.name)
                                           for s in document.sections if not s.draft.is_empty]


@versions_bp.get("/review/<int:number>")
@login_required
def review(number: int):
    require("version.see_internal")
    version = _version_or_404(current_concept_or_404(), number)
    review = _review_of(version)
    if not may("review.vote", review) and may("version.manage"):
        return redirect(url_for("versions.review_overview", number=number))
    return _review_page(version, review, request.args.get("part"))


def _review_page(version, review, part: str | None, *, failed: VerdictForm | None = None,
                 status: int = 200):
    """One part (the chapters, or one topic) of the review; `failed` is a verdict form that
    did not validate: it is shown again, with its errors, in place of that item's form."""
    concept = current_concept_or_404()
    document = version_document(version)
    sections = _sections(document)
    current = part or sections[0][0]
    if current not in dict(sections):
        abort(404)
    mine = {(v.version_item_id, v.version_chapter_id): v
            for v in services.verdicts_of(review, user=current_user)}
    section = next((s for s in document.sections if s.topic.slug == current), None)
    items = section.draft.items if section else []
    refs = [i.item_id for i in items]
    position = [key for key, _label in sections].index(current)
    topic_id = section.topic.topic_id if section else None
    topic_progress = progress_by(Contribution.topic_id, Contribution.topic_id == topic_id).get(
        topic_id) if section else None
    unjudged = sum(1 for i in items if (i.id, None) not in mine) if section else sum(
        1 for c in document.chapters if (None, c.id) not in mine)

    def form_for(target: str, key) -> VerdictForm:
        if failed is not None and failed.target_key == target:
            return failed
        return _verdict_form(target, mine.get(key))

    return render_template(
        "versions/review.html", concept=concept, version=version, review=review,
        document=document, sections=sections, current=current, section=section,
        next_part=sections[position + 1][0] if position + 1 < len(sections) else None,
        previous_part=sections[position - 1][0] if position > 0 else None,
        mine=mine, progress=services.review_progress(review, list(mine.values()), document),
        sources=services.sources_of_items(refs) if refs else {},
        topic_progress=topic_progress,
        may_vote=may("review.vote", review), form_for=form_for,
        failed=failed, unjudged=unjudged, **_doc_context(concept)), status


def _verdict_form(target: str, verdict: Verdict | None) -> VerdictForm:
    form = VerdictForm(formdata=None, prefix=target)
    form.target.data = target
    form.target_key = target
    if verdict is not None:
        form.verdict.data, form.remark.data = verdict.verdict, verdict.remark
    return form


@versions_bp.post("/review/<int:number>/verdicts")
@login_required
def vote(number: int):
    concept = current_concept_or_404()
    version = _version_or_404(concept, number)
    review = _review_of(version)
    require("review.vote", review)
    target = request.form.get("target_key", "")
    kind, _sep, raw_id = target.partition("-")
    target_id = parse_int(raw_id)
    form = VerdictForm(prefix=target)
    form.target_key = target
    version_item = version_chapter = None
    if kind == "item" and target_id is not None:
        version_item = db.session.get(VersionItem, target_id)
        if version_item is not None and version_item.version_id != version.id:
            version_item = None
    elif kind == "chapter" and target_id is not None:
        version_chapter = services.chapter_by_id(version, target_id)
    if version_item is None and version_chapter is None:
        abort(404)
    part = request.form.get("part", "")
    if not form.validate_on_submit():
        # Shown again in place, with the errors beside the fields and the choice kept.
        return _review_page(version, review, part or None, failed=form, status=400)
    outcome = perform(
        lambda: services.record_verdict(review, current_user, verdict=form.verdict.data,
                                        remark=form.remark.data, version_item=version_item,
                                        version_chapter=version_chapter),
        _("Ihr Votum ist gespeichert."), form=form, field="remark")
    if not outcome:
        return _review_page(version, review, part or None, failed=form, status=400)
    return redirect(url_for("versions.review", number=number, part=part or None) + f"#{target}")


@versions_bp.post("/review/<int:number>/agree-rest")
@login_required
def agree_rest(number: int):
    """"Agree" to everything of one part the member has not judged yet."""
    version = _version_or_404(current_concept_or_404(), number)
    review = _review_of(version)
    require("review.vote", review)
    if not ActionForm().validate_on_submit():
        abort(400)
    document = version_document(version)
    part = request.form.get("part", "")
    section = next((s for s in document.sections if s.topic.slug == part), None)
    if part == "chapters":
        targets = dict(version_chapters=document.chapters)
    elif section is not None:
        targets = dict(version_items=section.draft.items)
    else:
        abort(404)
    perform(lambda: services.agree_to_the_rest(review, current_user, **targets),
            lambda added: ngettext("Zustimmung zu %(num)d weiteren Element gespeichert.",
                                   "Zustimmung zu %(num)d weiteren Elementen gespeichert.",
                                   added))
    return redirect(url_for("versions.review", number=number, part=part))


@versions_bp.get("/review/<int:number>/overview")
@login_required
def review_overview(number: int):
    require("version.see_internal")
    version = _version_or_404(current_concept_or_404(), number)
    return _overview_page(version, _review_of(version))


def _overview_page(version, review, *, failed: tuple[int, AnswerForm] | None = None,
                   status: int = 200):
    """The matrix and all remarks; `failed` (verdict id, form) is an answer that did not
    validate, shown again at its remark with its errors and the typed text."""
    concept = current_concept_or_404()
    document = version_document(version)
    members, rows = services.review_matrix(review, document)
    remark_rows = [row for row in rows if row.remarks]
    refs = [i.item_id for i in document.items]
    partner_remarks = services.remarks_on_items(refs)
    done = {m.id: sum(1 for row in rows if m.id in row.verdicts) for m in members}
    return render_template(
        "versions/overview.html", concept=concept, version=version, review=review,
        document=document, members=members, rows=rows, remark_rows=remark_rows, done=done,
        objections=sum(1 for row in rows if row.objections),
        topic_names={s.topic.topic_id: s.topic.name for s in document.sections},
        partner_remarks={ref: r.contributions for ref, r in partner_remarks.items()
                         if r.contributions},
        answer_form=AnswerForm(formdata=None), failed_id=failed[0] if failed else None,
        failed_form=failed[1] if failed else None,
        **_doc_context(concept)), status


@versions_bp.post("/review/<int:number>/verdicts/<int:verdict_id>/answer")
@login_required
def answer(number: int, verdict_id: int):
    require("version.manage")
    version = _version_or_404(current_concept_or_404(), number)
    verdict = db.get_or_404(Verdict, verdict_id)
    if verdict.review.version_id != version.id:
        abort(404)
    form = AnswerForm()
    if form.validate_on_submit():
        outcome = perform(
            lambda: services.answer_remark(verdict, answer=form.answer.data,
                                           kind=form.answer_kind.data, actor=current_user),
            _("Die Antwort ist gespeichert; das Mitglied wurde benachrichtigt."),
            form=form, field="answer")
        if outcome:
            return redirect(url_for("versions.review_overview", number=number)
                            + f"#verdict-{verdict.id}")
    return _overview_page(version, verdict.review, failed=(verdict.id, form), status=400)

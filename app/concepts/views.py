"""Public pages of the concept: home with the process timeline, topic pages, the concept."""

from datetime import date

from flask import Blueprint, abort, render_template, request
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from app.concepts.models import ITEM_FIELD_LABELS, ITEM_KINDS_PLURAL, TOPIC_KINDS_PLURAL, Item
from app.concepts.services import current_concept, item_revisions, topic_by_slug
from app.contributions.listing import build_listing
from app.contributions.services import open_rounds_for
from app.core.forms import ActionForm
from app.core.permissions import may
from app.extensions import db
from app.versions import services as versions
from app.workbench.services import active_links, item_sources

concepts_bp = Blueprint("concepts", __name__)

REVISION_LABELS = {"created": _l("angelegt"), "edited": _l("geändert"),
                   "withdrawn": _l("zurückgezogen"), "restored": _l("wiederhergestellt")}


def _concept_or_404():
    concept = current_concept()
    if concept is None:
        abort(404)
    return concept


@concepts_bp.get("/")
def home():
    concept = current_concept()
    return render_template("concepts/home.html", concept=concept, today=date.today(),
                           kinds=TOPIC_KINDS_PLURAL)


@concepts_bp.get("/topics/<slug>")
def topic(slug: str):
    concept = _concept_or_404()
    topic = topic_by_slug(concept, slug)
    if topic is None:
        abort(404)
    return render_template("concepts/topic.html", concept=concept, topic=topic,
                           listing=build_listing(topic=topic, args=request.args,
                                                 user=current_user),
                           open_rounds=open_rounds_for(topic))


@concepts_bp.get("/concept/")
def concept():
    """The concept as the public reads it: the latest published (or adopted) version, else
    the draft for those who may read it."""
    concept = _concept_or_404()
    shown = versions.default_version(concept)
    readable = may("concept.read_draft", concept)
    if shown is not None:
        document = versions.version_document(shown)
    else:
        document = versions.draft_document(concept) if readable else None
    return render_template(
        "concepts/concept.html", concept=concept, document=document, shown=shown,
        adopted=versions.latest_adopted(concept, user=current_user), readable=readable,
        versions=versions.versions_of(concept, user=current_user),
        kinds=TOPIC_KINDS_PLURAL, item_kinds=ITEM_KINDS_PLURAL)


@concepts_bp.get("/concept/draft")
def draft():
    """The current working draft (changes every day; versions are its frozen states)."""
    concept = _concept_or_404()
    if not may("concept.read_draft", concept):
        abort(404)
    return render_template("concepts/draft.html", concept=concept,
                           document=versions.draft_document(concept),
                           last=next(iter(versions.versions_of(
                               concept, user=current_user)), None),
                           kinds=TOPIC_KINDS_PLURAL, item_kinds=ITEM_KINDS_PLURAL)


@concepts_bp.get("/concept/items/<int:item_id>")
def item(item_id: int):
    """One item of the draft with the contributions it is based on (provenance)."""
    concept = _concept_or_404()
    item = db.get_or_404(Item, item_id)
    staff = may("workbench.consolidate")
    if item.concept_id != concept.id or not may("concept.read_draft", concept) or (
            item.is_withdrawn and not staff):
        abort(404)
    sources = item_sources(item, user=current_user)
    links = {link.contribution_id: link for link in active_links(item_ids=[item.id])} \
        if staff else {}
    return render_template("concepts/item.html", concept=concept, item=item, sources=sources,
                           links=links, revisions=item_revisions(item) if staff else [],
                           remarks=versions.remarks_on_items([item.id]).get(item.id)
                           if may("version.see_internal") else None,
                           action_form=ActionForm(), revision_labels=REVISION_LABELS,
                           field_labels=ITEM_FIELD_LABELS)


@concepts_bp.get("/concept/chapters/<slug>")
def chapter(slug: str):
    concept = _concept_or_404()
    chapter = next((c for c in concept.chapters if c.slug == slug), None)
    if chapter is None:
        abort(404)
    return render_template("concepts/chapter.html", concept=concept, chapter=chapter,
                           readable=may("concept.read_draft", concept))

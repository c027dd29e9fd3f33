"""Public pages of the concept: home with the process timeline, topic pages, the concept."""

from datetime import date

from flask import Blueprint, abort, render_template, request

from app.concepts.models import TOPIC_KINDS_PLURAL
from app.concepts.services import current_concept, topic_by_slug
from app.contributions.listing import build_listing
from app.contributions.services import open_rounds_for
from app.core.permissions import can

concepts_bp = Blueprint("concepts", __name__)


def _concept_or_404():
    concept = current_concept()
    if concept is None:
        abort(404)
    return concept


def can_read_draft(concept) -> bool:
    return concept.draft_published or can("concept.see_draft")


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
                           listing=build_listing(topic=topic, args=request.args),
                           open_rounds=open_rounds_for(topic))


@concepts_bp.get("/concept/")
def concept():
    concept = _concept_or_404()
    return render_template("concepts/concept.html", concept=concept, kinds=TOPIC_KINDS_PLURAL,
                           readable=can_read_draft(concept))


@concepts_bp.get("/concept/chapters/<slug>")
def chapter(slug: str):
    concept = _concept_or_404()
    chapter = next((c for c in concept.chapters if c.slug == slug), None)
    if chapter is None:
        abort(404)
    return render_template("concepts/chapter.html", concept=concept, chapter=chapter,
                           readable=can_read_draft(concept))

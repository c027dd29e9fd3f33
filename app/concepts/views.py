"""Public pages of the concept: home with the process timeline, chapters. The pages under this
blueprint that show a higher module's content are that module's views, registered here so
their addresses stay: the topic page (app/contributions/views.py), the concept and the draft
(app/versions/views.py), an item with its provenance (app/workbench/views.py)."""

from datetime import date

from flask import Blueprint, abort, render_template
from flask_babel import force_locale
from flask_login import current_user

from app.concepts.glossary import GLOSSARY
from app.concepts.models import TOPIC_KINDS_PLURAL
from app.concepts.services import current_concept, current_concept_or_404, derived_timeline
from app.core.permissions import may

concepts_bp = Blueprint("concepts", __name__)


@concepts_bp.get("/")
def home():
    concept, today = current_concept(), date.today()
    cycle = derived_timeline(concept, user=current_user, today=today) if concept else []
    return render_template("concepts/home.html", concept=concept, today=today, cycle=cycle,
                           kinds=TOPIC_KINDS_PLURAL)


@concepts_bp.get("/concept/chapters/<slug>")
def chapter(slug: str):
    concept = current_concept_or_404()
    chapter = next((c for c in concept.chapters if c.slug == slug), None)
    if chapter is None:
        abort(404)
    return render_template("concepts/chapter.html", concept=concept, chapter=chapter,
                           readable=may("concept.read_draft", concept))


@concepts_bp.get("/help")
def help_page():
    """The process in plain language, with the glossary; public, also without a concept."""
    with force_locale("de"):  # the German word beside the explanation: it is on every letter
        german = {slug: str(term) for slug, term, _explanation in GLOSSARY}
    return render_template("concepts/help.html", concept=current_concept(), glossary=GLOSSARY,
                           german=german)

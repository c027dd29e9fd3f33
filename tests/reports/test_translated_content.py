"""Exports stay in the concept's language, even where staff translated its texts."""

from sqlalchemy import select

from app.concepts.models import Topic
from app.core import translations
from app.extensions import db


def _topic(slug="sprache") -> Topic:
    return db.session.scalar(select(Topic).where(Topic.slug == slug))


def test_exports_stay_in_the_concepts_language(client, published):
    topic = _topic()
    translations.apply(topic, {("name", "en"): "Language"})
    db.session.commit()
    html = client.get("/export/concept/print?lang=en").get_data(as_text=True)
    assert '<h3 id="topic-sprache-title">Sprache</h3>' in html and "Language" not in html
    data = client.get("/export/concept.json?lang=en").get_data(as_text=True)
    assert "Language" not in data

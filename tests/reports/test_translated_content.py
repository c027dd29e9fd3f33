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


def test_the_exports_page_names_rounds_in_the_readers_language(client, login, moderator,
                                                               published, make_round):
    """Issue 16: the page is in the reader's language; the files it offers are not."""
    translated = make_round(title="Online-Beteiligung")
    make_round(title="Dialogveranstaltung")
    translations.apply(translated, {("title", "en"): "Online participation"})
    db.session.commit()
    login(moderator)
    page = client.get("/export/?lang=en").get_data(as_text=True)
    assert '<th scope="row" lang="en" dir="ltr">Online participation</th>' in page
    assert '<th scope="row" lang="de" dir="ltr">Dialogveranstaltung</th>' in page
    assert ': <span lang="en" dir="ltr">Online participation</span></span></a>' in page

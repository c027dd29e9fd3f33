"""Issue 16: the implementation pages name the concept and an open round in the reader's
language where they are translated. The topics and measures are those of the adopted version
and stay as adopted (frozen versions keep the concept's language)."""

from app.core import translations
from app.extensions import db
from tests.implementation.test_cycle import open_round


def test_implementation_pages_in_english(client, login, concept, adopted, draft, moderator):
    measure = draft.measures[0]
    round_ = open_round(concept, adopted, moderator)
    translations.apply(concept, {("title", "en"): "Integration concept"})
    translations.apply(round_, {("title", "en"): "Integration conference"})
    translations.apply(measure.topic, {("name", "en"): "Language"})
    db.session.commit()

    overview = client.get("/implementation/?lang=en").get_data(as_text=True)
    assert "<title>Implementation – Integration concept" in overview
    page = client.get(f"/implementation/measures/{measure.id}?lang=en").get_data(as_text=True)
    assert (f'href="/rounds/{round_.id}"><span lang="en" dir="ltr">Integration conference'
            '</span></a>') in page
    # the adopted version's topic, as adopted
    assert '<span lang="de" dir="ltr">Sprache</span>' in page and "Language" not in page
    # the home page's timeline names the conference round
    home = client.get("/?lang=en").get_data(as_text=True)
    assert '<p lang="en" dir="ltr">Integration conference</p>' in home
    assert '<p lang="de" dir="ltr">' + round_.title + "</p>" in client.get(
        "/?lang=ar").get_data(as_text=True)  # no Arabic title: German, marked so

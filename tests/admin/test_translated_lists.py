"""Issue 16: the staff's lists of topics, chapters and timeline steps name them in the reader's
language where they are translated, the German original marked lang="de" otherwise."""

from app.core import translations
from app.extensions import db


def test_admin_lists_in_english(client, login, make_user, make_concept):
    concept = make_concept()
    sprache = next(t for t in concept.topics if t.slug == "sprache")
    chapter, milestone = concept.chapters[0], concept.milestones[0]
    translations.apply(sprache, {("name", "en"): "Language"})
    translations.apply(chapter, {("title", "en"): "Foreword"})
    translations.apply(milestone, {("title", "en"): "Dialogue event"})
    db.session.commit()
    login(make_user(roles={"moderator"}))

    topics = client.get("/admin/topics/?lang=en").get_data(as_text=True)
    assert f'href="/admin/topics/{sprache.id}" lang="en" dir="ltr">Language</a>' in topics
    assert 'lang="de" dir="ltr">Arbeit</a>' in topics  # not translated
    assert '<span lang="en" dir="ltr">Language</span> down' in topics  # the move button's text
    assert "<title>Language" in client.get(f"/admin/topics/{sprache.id}?lang=en").get_data(
        as_text=True)

    chapters = client.get("/admin/chapters/?lang=en").get_data(as_text=True)
    assert f'href="/admin/chapters/{chapter.id}" lang="en" dir="ltr">Foreword</a>' in chapters
    assert 'lang="de" dir="ltr">Umsetzung</a>' in chapters

    introduction = client.get("/admin/introduction?lang=en").get_data(as_text=True)
    assert (f'href="/admin/milestones/{milestone.id}"><span lang="en" dir="ltr">'
            'Dialogue event</span></a>') in introduction
    # the German reader reads the German originals
    topics = client.get("/admin/topics/?lang=de").get_data(as_text=True)
    assert ">Sprache</a>" in topics and "Language" not in topics

"""Translations of staff-written content (core.translations): stored per object, field and
language, read in the reader's language with German as the fallback, loaded without a query
per row, entered on the staff's forms, and kept out of exports."""

import pytest
from flask_babel import force_locale
from sqlalchemy import select

from app.concepts.models import Chapter, Topic
from app.core import translations
from app.core.audit import AuditEntry
from app.core.translations import ContentTranslation, localized
from app.extensions import db
from tests.query_counter import count_queries, queries_for


def _topic(slug="sprache") -> Topic:
    return db.session.scalar(select(Topic).where(Topic.slug == slug))


def test_a_translation_in_the_readers_language_else_german(app, make_concept):
    make_concept()
    topic = _topic()
    translations.apply(topic, {("name", "en"): "Language", ("name", "ar"): "اللغة"})
    db.session.commit()
    with force_locale("en"):
        name = localized(topic, "name")
        assert (name, name.lang) == ("Language", "en")
        assert str(name.attrs) == 'lang="en" dir="ltr"'
        description = localized(topic, "description")  # not translated: German, marked so
        assert (description, description.lang) == ("Über Sprache.", "de")
    with force_locale("ar"):
        assert str(localized(topic, "name").attrs) == 'lang="ar" dir="rtl"'
    with force_locale("de"):
        assert localized(topic, "name").lang == "de"
    assert localized(topic, "name", "ar") == "اللغة"


def test_apply_changes_removes_and_reports_what_changed(app, make_concept):
    make_concept()
    topic = _topic()
    before, after = translations.apply(topic, {("name", "en"): " Language ",
                                               ("description", "en"): "About **language**.",
                                               ("name", "ar"): ""})
    assert before == {"name@en": None, "description@en": None}
    assert after == {"name@en": "Language", "description@en": "About **language**."}
    stored = translations.translations_of(topic)
    assert stored[("description_html", "en")] == "<p>About <strong>language</strong>.</p>"
    # unchanged texts are not reported; an empty text removes the translation and its HTML
    before, after = translations.apply(topic, {("name", "en"): "Language",
                                               ("description", "en"): ""})
    assert (before, after) == ({"description@en": "About **language**."},
                               {"description@en": None})
    assert translations.translations_of(topic) == {("name", "en"): "Language"}


def test_markdown_of_a_translation_is_sanitized(app, make_concept):
    make_concept()
    topic = _topic()
    translations.apply(topic, {("description", "en"): "<script>x()</script>Hi"})
    html = translations.translations_of(topic)[("description_html", "en")]
    assert "<script>" not in html and "Hi" in html


def test_only_declared_fields_and_other_languages(app, make_concept):
    make_concept()
    topic = _topic()
    with pytest.raises(ValueError):
        translations.apply(topic, {("slug", "en"): "language"})
    with pytest.raises(ValueError):
        translations.apply(topic, {("name", "de"): "Sprache"})  # German is the original
    with pytest.raises(ValueError):
        translations.apply(topic, {("name", "xx"): "?"})


def test_one_query_per_object_type_whatever_the_number_of_objects(app, make_concept):
    concept = make_concept()
    topics = list(concept.topics)
    for topic in topics:
        translations.apply(topic, {("name", "en"): f"EN {topic.name}"})
    db.session.commit()
    german = [t.name for t in topics]  # loaded again after the commit, before counting
    translations.forget()
    with force_locale("en"), count_queries(app) as statements:
        translations.preload(topics)
        names = [localized(t, "name") for t in topics]
    assert names == [f"EN {name}" for name in german]
    assert len(statements) == 1
    with force_locale("de"), count_queries(app) as statements:
        translations.forget()
        assert [localized(t, "name") for t in topics] == german
    assert statements == []  # the original language needs no query


def test_home_page_queries_do_not_grow_with_translated_topics(app, client, make_concept):
    few = make_concept()
    for topic in few.topics:
        translations.apply(topic, {("name", "en"): topic.name + " (en)"})
    db.session.commit()
    baseline = queries_for(app, client, "/?lang=en")
    for n in range(8):
        topic = Topic(concept=few, kind="field", slug=f"extra-{n}", name=f"Extra {n}",
                      position=10 + n)
        db.session.add(topic)
        db.session.flush()
        translations.apply(topic, {("name", "en"): f"Extra {n} (en)"})
    db.session.commit()
    assert queries_for(app, client, "/?lang=en") == baseline


def test_pages_show_the_translation_and_mark_the_german_fallback(client, make_concept,
                                                                make_round):
    concept = make_concept()
    make_round(concept=concept, title="Online-Beteiligung")
    topic = _topic()
    translations.apply(topic, {("name", "ar"): "اللغة", ("description", "ar"): "عن اللغة."})
    translations.apply(concept, {("title", "ar"): "مفهوم الاندماج"})
    db.session.commit()
    home = client.get("/?lang=ar").get_data(as_text=True)
    assert '<h1 id="page-title" lang="ar" dir="rtl">مفهوم الاندماج</h1>' in home
    assert '<li lang="ar" dir="rtl"><a class="topic-tile topic-tile--field" href="/topics/sprache">اللغة</a></li>' in home  # noqa: E501
    # Arbeit has no Arabic name: German, marked as German
    assert '<li lang="de" dir="ltr"><a class="topic-tile topic-tile--field" href="/topics/arbeit">Arbeit</a></li>' in home  # noqa: E501
    page = client.get("/topics/sprache?lang=ar").get_data(as_text=True)
    assert '<h1 lang="ar" dir="rtl">اللغة</h1>' in page
    assert '<div class="prose lead" lang="ar" dir="rtl"><p>عن اللغة.</p></div>' in page
    page = client.get("/topics/sprache?lang=en").get_data(as_text=True)
    assert '<h1 lang="de" dir="ltr">Sprache</h1>' in page
    # the untranslated round's title inside an English sentence, marked as German
    assert 'round “<span lang="de" dir="ltr">Online-Beteiligung</span>” is open' in page
    rounds = client.get("/rounds/?lang=ar").get_data(as_text=True)
    assert 'lang="de" dir="ltr"><a href="/rounds/' in rounds  # the untranslated round title


def test_staff_enter_translations_on_the_topic_form(client, login, make_user, make_concept):
    make_concept()
    login(make_user(roles={"admin"}))
    topic = _topic()
    form = client.get(f"/admin/topics/{topic.id}").get_data(as_text=True)
    assert 'name="tr_name_en"' in form and 'name="tr_description_ar"' in form
    assert 'lang="ar"' in form and "Übersetzungen" in form
    response = client.post(f"/admin/topics/{topic.id}", data={
        "name": "Sprache", "kind": "field", "slug": "sprache", "description": "Über Sprache.",
        "lock_version": topic.lock_version, "tr_name_en": "Language", "tr_name_ar": "اللغة",
        "tr_description_en": "About *language*."})
    assert response.status_code == 302
    assert translations.translations_of(topic)[("name", "ar")] == "اللغة"
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "topic.updated"))
    assert entry.after == {"name@en": "Language", "name@ar": "اللغة",
                           "description@en": "About *language*."}
    form = client.get(f"/admin/topics/{topic.id}").get_data(as_text=True)
    assert 'value="Language"' in form  # the form shows what is stored
    assert "<h1 lang=\"en\" dir=\"ltr\">Language</h1>" in client.get(
        "/topics/sprache?lang=en").get_data(as_text=True)
    # emptying a field removes that translation
    client.post(f"/admin/topics/{topic.id}", data={
        "name": "Sprache", "kind": "field", "slug": "sprache", "description": "Über Sprache.",
        "lock_version": db.session.get(Topic, topic.id).lock_version, "tr_name_en": "",
        "tr_name_ar": "اللغة", "tr_description_en": "About *language*."})
    assert ("name", "en") not in translations.translations_of(topic)


def test_a_new_chapter_with_its_translated_title(client, login, make_user, make_concept):
    make_concept()
    login(make_user(roles={"moderator"}))
    client.post("/admin/chapters/new", data={"title": "Ausblick", "body": "Text.",
                                             "tr_title_en": "Outlook"})
    chapter = db.session.scalar(select(Chapter).where(Chapter.slug == "ausblick"))
    assert translations.translations_of(chapter) == {("title", "en"): "Outlook"}
    page = client.get("/concept/chapters/ausblick?lang=en").get_data(as_text=True)
    assert '<h1 lang="en" dir="ltr">Outlook</h1>' in page


def test_translations_of_deleted_rows_do_not_leak_into_other_types(app, make_concept):
    concept = make_concept()
    topic, chapter = concept.topics[0], concept.chapters[0]
    translations.apply(topic, {("name", "en"): "Topic in English"})
    db.session.commit()
    with force_locale("en"):
        assert localized(chapter, "title") == chapter.title  # same id, other type
    assert db.session.scalar(select(ContentTranslation.object_type)) == "topics"


def test_the_concept_pages_heading_is_the_translated_title(client, login, make_user,
                                                           make_concept):
    """Issue 16: the concept's title heads the concept page and the working draft; the
    document under it stays in the concept's language."""
    concept = make_concept()
    translations.apply(concept, {("title", "en"): "Integration concept"})
    translations.apply(_topic(), {("name", "en"): "Language"})
    db.session.commit()
    page = client.get("/concept/?lang=en").get_data(as_text=True)
    assert '<h1 lang="en" dir="ltr">Integration concept</h1>' in page
    login(make_user(roles={"moderator"}))
    draft = client.get("/concept/draft?lang=en").get_data(as_text=True)
    assert '<h1><span lang="en" dir="ltr">Integration concept</span><br>' in draft
    assert '<h3 id="topic-sprache-title" lang="de" dir="ltr">Sprache</h3>' in draft

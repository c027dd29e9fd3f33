"""Staff translate a round's title and description on the round form."""

from sqlalchemy import select

from app.core import translations
from app.core.audit import AuditEntry
from app.extensions import db
from app.rounds.models import Round


def test_round_form_saves_translations_with_audit(client, staff, make_concept, round_form):
    concept = make_concept()
    assert 'name="tr_title_ar"' in client.get("/rounds/new").get_data(as_text=True)
    response = client.post("/rounds/new", data=round_form(
        concept, tr_title_en="Online participation in summer",
        tr_description_ar="نجمع **الأفكار**."))
    assert response.status_code == 302
    round_ = db.session.scalar(select(Round))
    stored = translations.translations_of(round_)
    assert stored[("title", "en")] == "Online participation in summer"
    assert stored[("description_html", "ar")] == "<p>نجمع <strong>الأفكار</strong>.</p>"
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "round.created"))
    assert entry.after["title@en"] == "Online participation in summer"
    page = client.get(f"/rounds/{round_.id}?lang=ar").get_data(as_text=True)
    assert '<div class="prose" lang="ar" dir="rtl"><p>نجمع <strong>الأفكار</strong>.</p>' in page
    assert '<h1 lang="de" dir="ltr">Online-Beteiligung Sommer</h1>' in page  # no Arabic title

    # a change of a translation alone is saved and audited
    form = client.get(f"/rounds/{round_.id}/edit").get_data(as_text=True)
    assert 'value="Online participation in summer"' in form
    response = client.post(f"/rounds/{round_.id}/edit", data=round_form(
        concept, tr_title_en="Summer online participation", tr_description_ar="نجمع **الأفكار**.",
        lock_version=str(round_.lock_version)))
    assert response.status_code == 302
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "round.updated"))
    assert entry.before == {"title@en": "Online participation in summer"}
    assert entry.after == {"title@en": "Summer online participation"}


def test_round_form_names_the_topics_in_the_readers_language(client, staff, make_concept):
    """Issue 16: the topics' checkboxes on the (staff's) round form."""
    concept = make_concept()
    sprache = next(t for t in concept.topics if t.slug == "sprache")
    translations.apply(sprache, {("name", "en"): "Language"})
    db.session.commit()
    html = client.get("/rounds/new?lang=en").get_data(as_text=True)
    assert '<span lang="en" dir="ltr">Language</span> (Field of action)' in html
    assert '<span lang="de" dir="ltr">Arbeit</span> (Field of action)' in html
    assert "Sprache" not in html.split("<main", 1)[1]

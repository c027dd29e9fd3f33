"""Administration pages: users and roles, organisations, topics, chapters, audit log."""

from sqlalchemy import select

from app.accounts.models import Membership
from app.concepts.models import Chapter, Topic
from app.core.audit import AuditEntry
from app.extensions import db


def test_admin_searches_users_and_changes_roles(client, login, make_user):
    admin = make_user(roles={"admin"})
    target = make_user(email="mara@example.org", display_name="Mara")
    make_user(email="other@example.org")
    login(admin)
    html = client.get("/admin/users/?q=mara").get_data(as_text=True)
    assert "mara@example.org" in html and "other@example.org" not in html
    response = client.post(f"/admin/users/{target.id}",
                           data={"roles": ["moderator", "steering"], "active": "y"})
    assert response.status_code == 302
    db.session.refresh(target)
    assert target.roles == {"participant", "moderator", "steering"}
    html = client.get("/admin/users/?role=moderator").get_data(as_text=True)
    assert "mara@example.org" in html


def test_admin_locks_an_account(client, login, make_user):
    admin = make_user(roles={"admin"})
    target = make_user()
    login(admin)
    client.post(f"/admin/users/{target.id}", data={"roles": []})
    db.session.refresh(target)
    assert not target.active


def test_admin_cannot_lock_themselves(client, login, make_user):
    admin = make_user(roles={"admin"})
    login(admin)
    response = client.post(f"/admin/users/{admin.id}", data={"roles": ["admin"]})
    assert response.status_code == 200
    db.session.refresh(admin)
    assert admin.active


def test_moderator_verifies_and_sets_representative(client, login, make_user, make_organisation):
    member = make_user()
    organisation = make_organisation(members=[member])
    login(make_user(roles={"moderator"}))
    client.post(f"/admin/organisations/{organisation.id}/verify", data={"verified": "1"})
    membership = db.session.scalar(select(Membership))
    client.post(f"/admin/memberships/{membership.id}/representative", data={"value": "1"})
    db.session.refresh(organisation)
    db.session.refresh(membership)
    assert organisation.is_verified
    assert membership.is_representative
    html = client.get(f"/organisations/{organisation.id}").get_data(as_text=True)
    assert "badge--verified" in html
    client.post(f"/admin/memberships/{membership.id}/end")
    db.session.refresh(membership)
    assert membership.status == "ended" and not membership.is_representative


def test_unverified_organisations_listed_first(client, login, make_user, make_organisation):
    make_organisation(name="AAA bestätigt", verified=True)
    make_organisation(name="ZZZ offen")
    login(make_user(roles={"moderator"}))
    html = client.get("/admin/organisations/").get_data(as_text=True)
    assert html.index("ZZZ offen") < html.index("AAA bestätigt")
    html = client.get("/admin/organisations/?state=unverified").get_data(as_text=True)
    assert "AAA bestätigt" not in html


def test_create_edit_and_reorder_topics(client, login, make_user, make_concept):
    concept = make_concept()
    login(make_user(roles={"moderator"}))
    response = client.post("/admin/topics/new", data={
        "name": "Wohnen", "kind": "field", "slug": "", "description": "Über **Wohnen**."})
    assert response.status_code == 302
    topic = db.session.scalar(select(Topic).where(Topic.slug == "wohnen"))
    assert "<strong>Wohnen</strong>" in topic.description_html
    assert "Über <strong>Wohnen</strong>." in client.get("/topics/wohnen").get_data(as_text=True)
    # the new field comes last; move it up
    fields = [t.slug for t in db.session.scalars(
        select(Topic).where(Topic.concept_id == concept.id, Topic.kind == "field")
        .order_by(Topic.position))]
    assert fields == ["sprache", "arbeit", "wohnen"]
    client.post(f"/admin/topics/{topic.id}/move/up")
    fields = [t.slug for t in db.session.scalars(
        select(Topic).where(Topic.concept_id == concept.id, Topic.kind == "field")
        .order_by(Topic.position))]
    assert fields == ["sprache", "wohnen", "arbeit"]
    actions = set(db.session.scalars(select(AuditEntry.action)))
    assert {"topic.created", "topic.moved"} <= actions


def test_topic_slug_must_be_unique(client, login, make_user, make_concept):
    make_concept()
    login(make_user(roles={"moderator"}))
    response = client.post("/admin/topics/new", data={"name": "Sprache 2", "kind": "field",
                                                     "slug": "sprache"})
    assert response.status_code == 200
    assert "schon vergeben" in response.get_data(as_text=True)


def test_stale_topic_edit_is_refused(client, login, make_user, make_concept):
    make_concept()
    login(make_user(roles={"moderator"}))
    topic = db.session.scalar(select(Topic).where(Topic.slug == "sprache"))
    stale = topic.lock_version
    client.post(f"/admin/topics/{topic.id}", data={"name": "Sprache A", "kind": "field",
                                                   "slug": "sprache", "lock_version": stale})
    response = client.post(f"/admin/topics/{topic.id}", data={
        "name": "Sprache B", "kind": "field", "slug": "sprache", "lock_version": stale})
    assert response.status_code == 200
    assert "inzwischen geändert" in response.get_data(as_text=True)
    db.session.refresh(topic)
    assert topic.name == "Sprache A"


def test_create_edit_and_reorder_chapters(client, login, make_user, make_concept):
    make_concept()
    login(make_user(roles={"admin"}))
    response = client.post("/admin/chapters/new", data={
        "title": "Zahlen, Daten, Fakten", "body": "## Lage\n\n<script>x</script>Text"})
    assert response.status_code == 302
    chapter = db.session.scalar(select(Chapter).where(Chapter.slug == "zahlen-daten-fakten"))
    assert "<script>" not in chapter.body_html and "<h2>Lage</h2>" in chapter.body_html
    client.post(f"/admin/chapters/{chapter.id}/move/up")
    db.session.refresh(chapter)
    titles = [c.slug for c in db.session.scalars(select(Chapter).order_by(Chapter.position))]
    assert titles == ["vorwort", "zahlen-daten-fakten", "umsetzung"]
    response = client.post(f"/admin/chapters/{chapter.id}", data={
        "title": "Zahlen", "slug": "zahlen", "body": "Neu",
        "lock_version": chapter.lock_version - 1})
    assert response.status_code == 200  # stale lock version
    assert "inzwischen geändert" in response.get_data(as_text=True)


def test_audit_log_filters(client, login, make_user, make_concept):
    make_concept()
    admin = make_user(roles={"admin"}, display_name="Ada Admin")
    login(admin)
    client.post("/admin/topics/new", data={"name": "Wohnen", "kind": "field"})
    client.post("/admin/chapters/new", data={"title": "Neu"})
    html = client.get("/admin/audit/?object_type=topics").get_data(as_text=True)
    assert "topic.created" in html and "chapter.created" not in html
    html = client.get("/admin/audit/?action=chapter").get_data(as_text=True)
    assert "chapter.created" in html and "topic.created" not in html
    html = client.get("/admin/audit/?actor=ada").get_data(as_text=True)
    assert "topic.created" in html
    html = client.get("/admin/audit/?actor=nobody").get_data(as_text=True)
    assert "topic.created" not in html
    html = client.get("/admin/audit/?since=2999-01-01").get_data(as_text=True)
    assert "topic.created" not in html


def test_introduction_and_timeline_with_translations(client, login, make_user, make_concept):
    from app.concepts.models import Concept, Milestone
    from app.core import translations

    concept = make_concept()
    login(make_user(roles={"moderator"}))
    assert client.get("/admin/introduction").status_code == 200
    response = client.post("/admin/introduction", data={
        "title": "Integrationskonzept", "summary": "Gemeinsam **schreiben**.",
        "tr_summary_ar": "نكتب **معاً**.", "tr_title_en": "Integration concept"})
    assert response.status_code == 302
    concept = db.session.get(Concept, concept.id)
    assert translations.translations_of(concept)[("summary_html", "ar")] == (
        "<p>نكتب <strong>معاً</strong>.</p>")
    home = client.get("/?lang=ar").get_data(as_text=True)
    assert ('<div class="hero__text" lang="ar" dir="rtl"><p>نكتب <strong>معاً</strong>.</p></div>'
            in home)
    assert '<h1 id="page-title" lang="de" dir="ltr">Integrationskonzept</h1>' in home

    response = client.post("/admin/milestones/new", data={
        "title": "Integrationskonferenz", "starts_on": "2027-03-01",
        "tr_title_en": "Integration conference"})
    assert response.status_code == 302
    milestone = db.session.scalar(select(Milestone).where(
        Milestone.title == "Integrationskonferenz"))
    assert "Integration conference" in client.get("/?lang=en").get_data(as_text=True)
    response = client.post(f"/admin/milestones/{milestone.id}?lang=de", data={
        "title": "Integrationskonferenz", "starts_on": "2027-03-01", "ends_on": "2027-02-01"})
    assert response.status_code == 200 and "Das Ende muss nach dem Beginn liegen." in (
        response.get_data(as_text=True))
    actions = set(db.session.scalars(select(AuditEntry.action)))
    assert {"concept.introduction_saved", "milestone.created"} <= actions


def test_participants_cannot_edit_the_home_page(client, login, make_user, make_concept):
    make_concept()
    login(make_user())
    assert client.get("/admin/introduction").status_code == 403
    assert client.post("/admin/milestones/new", data={"title": "x"}).status_code == 403


def test_audit_log_reads_labels_references_and_only_changes(client, login, make_user):
    from app.core import audit

    admin = make_user(roles={"admin"})
    audit.record("contribution.outcome", actor=admin, object_type="contributions", object_id=70,
                 before={"outcome": "pending", "reason": None, "title": "Unverändert"},
                 after={"outcome": "not_taken_up", "reason": "Zu allgemein",
                        "title": "Unverändert"})
    audit.record("contribution.duplicate", actor=admin, object_type="contributions",
                 object_id=71, before={"duplicate_of": None}, after={"duplicate_of": 2})
    audit.record("contribution.captured", actor=admin, object_type="contributions",
                 object_id=72, after={"captured_by": admin.id, "credited_name": "Aylin K.",
                                      "credited_organisation": None})
    audit.record("review.verdict", actor=admin, object_type="verdicts", object_id=3,
                 after={"verdict": "agree_with_remarks"})
    audit.record("round.updated", actor=admin, object_type="rounds", object_id=4,
                 before={"publish_immediately": True, "title@en": None},
                 after={"publish_immediately": False, "title@en": "Summer round"})
    db.session.commit()
    login(admin)
    html = client.get("/admin/audit/").get_data(as_text=True)
    assert "<dt>Ergebnis</dt><dd><del dir=\"auto\">noch nicht bearbeitet</del> → " \
           "<ins dir=\"auto\">nicht aufgenommen</ins></dd>" in html
    assert "<dt>Begründung</dt><dd><del dir=\"auto\">leer</del> → " in html
    assert "Unverändert" not in html  # unchanged fields are left out
    assert "Beitrag B-0070" in html and "contributions #70" not in html
    assert "<dt>Gleiche Idee wie</dt><dd><del dir=\"auto\">leer</del> → " \
           "<ins dir=\"auto\">B-0002</ins></dd>" in html
    assert "<dt>Erfasst von</dt>" in html and f"Konto {admin.id}" in html
    assert "<dt>Name auf der Karte</dt>" in html
    assert "Organisation auf der Karte" not in html  # empty values of new things are left out
    assert "Zustimmung mit Anmerkungen" in html and "agree_with_remarks" not in html
    assert "<dt>Beiträge erscheinen sofort</dt><dd><del dir=\"auto\">ja</del> → " \
           "<ins dir=\"auto\">nein</ins></dd>" in html
    assert "<dt>Titel (English)</dt>" in html
    assert "Ergebnis gesetzt" in html and "Dublette markiert" in html
    for code in ("captured_by", "credited_name", "None", "False", "not_taken_up"):
        assert f">{code}<" not in html and f" {code} " not in html, code
    # values as written carry their language, labels (in the reader's language) none
    assert "<dt>Begründung</dt><dd><del dir=\"auto\">leer</del> → " \
           "<ins lang=\"de\" dir=\"auto\">Zu allgemein</ins></dd>" in html
    assert "<ins lang=\"en\" dir=\"auto\">Summer round</ins>" in html
    html = client.get("/admin/audit/?lang=en").get_data(as_text=True)
    assert "<del dir=\"auto\">yes</del> → <ins dir=\"auto\">no</ins>" in html
    assert "<ins lang=\"de\" dir=\"auto\">Zu allgemein</ins>" in html


def test_audit_log_shows_times_and_days_as_dates(client, login, make_user):
    """A round's opening and a progress entry's day stand in the log as the reader reads
    dates, in the site's time zone, not as ISO strings (and are not marked as German data)."""
    from app.core import audit

    admin = make_user(roles={"admin"})
    audit.record("round.updated", actor=admin, object_type="rounds", object_id=4,
                 before={"opens_at": "2026-03-01T08:00:00+00:00"},
                 after={"opens_at": "2026-03-02T17:30:00.123456+00:00"})
    audit.record("progress.updated", actor=admin, object_type="progress_entries",
                 object_id=5, before={"happened_on": "2026-04-30"},
                 after={"happened_on": "2026-05-01"})
    db.session.commit()
    login(admin)
    html = client.get("/admin/audit/").get_data(as_text=True)
    assert "2026-03-0" not in html and "2026-04-30" not in html and "T08:00" not in html
    assert '<del dir="auto">01.03.26, 09:00</del> → <ins dir="auto">02.03.26, 18:30</ins>' in html
    assert '<del dir="auto">30.04.2026</del> → <ins dir="auto">01.05.2026</ins>' in html

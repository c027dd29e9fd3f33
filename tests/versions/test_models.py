"""A frozen version never changes (DESIGN.md invariants): the model refuses any change or
deletion of its copies and of its identity, and later edits of the draft leave it as it was.
Also the small properties of versions, version items, reviews and verdicts."""

from datetime import date, datetime, timedelta

import pytest
from flask_babel import force_locale
from sqlalchemy import select

from app.concepts import services as concepts
from app.extensions import db
from app.versions import services as versions
from app.versions.models import (
    SNAPSHOT_MODELS,
    Adoption,
    FrozenVersionError,
    Review,
    Verdict,
    Version,
    VersionChapter,
    VersionItem,
    VersionTopic,
)
from app.workbench import services as workbench
from tests.versions.helpers import audit_entries, document_text, version_items


def other_value(value):
    """A different value of the same type (the guard refuses before any SQL is sent, so
    foreign keys need not point anywhere)."""
    if value is None:
        return 1
    if isinstance(value, bool):
        return not value
    if isinstance(value, int):
        return value + 1
    if isinstance(value, str):
        return value + " (geändert)"
    if isinstance(value, datetime):
        return value + timedelta(days=1)
    if isinstance(value, list):
        return [*value, ["neu", "Neu"]]
    if isinstance(value, dict):
        return {**value, "online": 99}
    raise AssertionError(f"no other value for {value!r}")


def snapshot_row(model, version):
    """A row of `model` in `version`; for items a measure (it has a parent and themes)."""
    query = select(model).where(model.version_id == version.id).order_by(model.id)
    if model is VersionItem:
        query = query.where(VersionItem.kind == "measure", VersionItem.responsible != "")
    return db.session.scalars(query).first()


SNAPSHOT_ATTRIBUTES = [(model, column.key) for model in SNAPSHOT_MODELS
                       for column in model.__table__.columns if column.key != "id"]


# --- the guard: no attribute of a copy may change -------------------------------------------

@pytest.mark.parametrize(("model", "attribute"), SNAPSHOT_ATTRIBUTES,
                         ids=[f"{m.__name__}.{a}" for m, a in SNAPSHOT_ATTRIBUTES])
def test_every_attribute_of_a_frozen_copy_is_refused(version, model, attribute):
    row = snapshot_row(model, version)
    assert row is not None
    before = getattr(row, attribute)
    setattr(row, attribute, other_value(before))
    with pytest.raises(FrozenVersionError):
        db.session.flush()
    db.session.rollback()
    db.session.expire_all()
    assert getattr(db.session.get(model, row.id), attribute) == before


def test_the_guard_also_stops_a_commit(version):
    item = snapshot_row(VersionItem, version)
    item.text = "Heimlich geändert"
    with pytest.raises(FrozenVersionError):
        db.session.commit()
    db.session.rollback()
    assert db.session.get(VersionItem, item.id).text == "Einen Dolmetscherpool aufbauen"


def test_setting_the_same_value_is_no_change(version):
    item = snapshot_row(VersionItem, version)
    item.text = item.text
    db.session.flush()  # nothing changed, nothing refused


@pytest.mark.parametrize("model", [Version, *SNAPSHOT_MODELS],
                         ids=lambda m: m.__name__)
def test_versions_and_their_copies_cannot_be_deleted(version, model):
    row = version if model is Version else snapshot_row(model, version)
    db.session.delete(row)
    with pytest.raises(FrozenVersionError):
        db.session.flush()
    db.session.rollback()
    assert db.session.get(model, row.id) is not None


@pytest.mark.parametrize("attribute", Version.FROZEN_FIELDS)
def test_a_versions_identity_is_frozen(version, attribute):
    before = getattr(version, attribute)
    setattr(version, attribute, other_value(before))
    with pytest.raises(FrozenVersionError, match=attribute):
        db.session.flush()
    db.session.rollback()
    db.session.expire_all()
    assert getattr(db.session.get(Version, version.id), attribute) == before


def test_visibility_may_change_directly(version):
    version.visibility = "published"
    version.published_at = datetime(2017, 12, 1)
    db.session.commit()
    db.session.expire_all()
    assert db.session.get(Version, version.id).is_published


def test_set_visibility_publishes_and_withdraws_with_audit(version, moderator):
    versions.set_visibility(version, "published", actor=moderator)
    db.session.commit()
    assert version.is_published and version.published_at is not None
    versions.set_visibility(version, "published", actor=moderator)  # no change, no entry
    versions.set_visibility(version, "internal", actor=moderator)
    db.session.commit()
    assert not version.is_published and version.published_at is None
    entries = audit_entries("version.visibility")
    assert [(e.before, e.after) for e in entries] == [
        ({"visibility": "internal"}, {"visibility": "published"}),
        ({"visibility": "published"}, {"visibility": "internal"})]
    assert {(e.object_type, e.object_id, e.actor_id) for e in entries} == {
        ("versions", version.id, moderator.id)}
    with pytest.raises(versions.VersionError):
        versions.set_visibility(version, "secret", actor=moderator)


# Copies can only be added while the version is being frozen (in the same transaction).
@pytest.mark.parametrize("model", SNAPSHOT_MODELS, ids=lambda m: m.__name__)
def test_no_copy_can_be_added_to_a_frozen_version(version, draft, topic, model):
    values = {
        VersionChapter: dict(slug="nachtrag", title="Nachtrag", position=99),
        VersionTopic: dict(topic_id=topic.id, kind="field", slug="neu", name="Neu",
                           position=99),
        VersionItem: dict(item_id=draft.gone.id, topic_id=topic.id, kind="measure",
                          text="Nachträglich eingeschoben", position=99),
    }[model]
    db.session.add(model(version_id=version.id, **values))
    with pytest.raises(FrozenVersionError):
        db.session.flush()
    db.session.rollback()


# --- later edits of the draft never reach a version ------------------------------------------

def test_editing_the_draft_after_freezing_leaves_the_version_unchanged(
        concept, draft, version, topic, moderator, make_item, make_contribution, round_):
    frozen = document_text(versions.version_document(version))
    chapter = concept.chapters[0]

    concepts.edit_item(draft.interpreters, values={
        "text": "Einen landkreisweiten Dolmetscherpool aufbauen", "responsible": "Landratsamt",
        "partners": "", "timeframe": "2019", "parent_id": draft.courses.id, "themes": []},
        actor=moderator, lock_version=draft.interpreters.lock_version)
    concepts.withdraw_item(draft.evening, reason="erledigt", actor=moderator)
    concepts.restore_item(draft.gone, actor=moderator)
    concepts.move_item(draft.mediation, "up", actor=moderator)
    concepts.save_chapter(concept, chapter, {"title": "Vorwort des Landrats",
                                             "slug": chapter.slug, "body": "Neu geschrieben."},
                          actor=moderator, lock_version=chapter.lock_version)
    concepts.save_topic(concept, topic, {"name": "Sprache und Verständigung", "slug": "sprache",
                                         "kind": "field", "description": "Neu."},
                        actor=moderator, lock_version=topic.lock_version)
    concept.title = "Integrationskonzept 2030"
    db.session.commit()
    make_item(topic, "municipal_idea", "Eine neue Idee")
    workbench.link_contributions([make_contribution(round=round_, topic=topic)], draft.main,
                                 actor=moderator)
    db.session.commit()
    db.session.expire_all()

    version = db.session.get(Version, version.id)
    assert document_text(versions.version_document(version)) == frozen
    draft_now = document_text(versions.draft_document(concept))
    assert draft_now != frozen
    assert draft_now["title"] == "Integrationskonzept 2030"
    assert draft_now["chapters"][0][1] == "Vorwort des Landrats"


def test_a_withdrawn_item_stays_in_the_version_it_was_frozen_in(draft, version, freeze,
                                                                 moderator):
    concepts.withdraw_item(draft.childcare, reason="entfällt", actor=moderator)
    db.session.commit()
    second = freeze("Zweiter Entwurf")
    first_refs = [vi.item_id for vi in version_items(version)]
    second_refs = [vi.item_id for vi in version_items(second)]
    assert draft.childcare.id in first_refs
    assert draft.childcare.id not in second_refs
    assert len(second_refs) == len(first_refs) - 1


# --- small properties ---------------------------------------------------------------------

def test_version_properties(version, moderator):
    assert not version.is_published and not version.is_adopted
    assert version.open_review is None
    with force_locale("de"):
        assert version.name == "Fassung 1"
    db.session.add(Adoption(version=version, body="Sozialausschuss",
                            adopted_on=date(2017, 11, 27)))
    closed = Review(version=version, deadline=date.today() + timedelta(days=3),
                    closed_at=datetime(2017, 11, 1))
    running = Review(version=version, deadline=date.today() + timedelta(days=3))
    db.session.add_all([closed, running])
    db.session.commit()
    db.session.expire_all()
    version = db.session.get(Version, version.id)
    assert version.is_adopted
    assert version.open_review.id == running.id


def test_a_review_is_open_until_closed_or_past_its_deadline(version):
    today = date.today()
    assert Review(version=version, deadline=today).is_open
    assert not Review(version=version, deadline=today - timedelta(days=1)).is_open
    assert not Review(version=version, deadline=today + timedelta(days=1),
                      closed_at=datetime(2017, 1, 1)).is_open


def test_version_items_read_like_draft_items(draft, version, theme):
    by_ref = versions.version_items_by_ref(version)
    measure = by_ref[draft.interpreters.id]
    assert measure.parent_id == draft.mediation.id
    assert measure.theme_names == ["Antidiskriminierung"]
    assert measure.themes == [["antidiskriminierung", "Antidiskriminierung"]]
    with force_locale("de"):
        assert measure.kind_label == "Maßnahme auf Landkreisebene"
        assert measure.label == "Maßnahme auf Landkreisebene: Einen Dolmetscherpool aufbauen"
    goal = by_ref[draft.main.id]
    assert goal.parent_id is None and goal.theme_names == []


def test_verdict_labels(review, member, version):
    item = snapshot_row(VersionItem, version)
    verdict = Verdict(review_id=review.id, user_id=member.id, version_item_id=item.id,
                      verdict="agree_with_remarks", remark="r", answer_kind="explained")
    with force_locale("de"):
        assert verdict.verdict_label == "Zustimmung mit Anmerkungen"
        assert verdict.answer_kind_label == "erläutert"

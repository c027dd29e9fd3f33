"""Draft items: the five kinds, the rules between them, revisions, the optimistic lock,
withdrawing (never deleting), restoring and ordering."""

import pytest
from sqlalchemy import select

from app.concepts import services as concepts
from app.concepts.models import Item, ItemRevision
from app.core.audit import AuditEntry
from app.extensions import db


@pytest.fixture
def ctx(app):
    yield


@pytest.fixture
def concept(make_concept):
    return make_concept()


@pytest.fixture
def topic(concept):
    return next(t for t in concept.topics if t.slug == "sprache")


@pytest.fixture
def other_topic(concept):
    return next(t for t in concept.topics if t.slug == "arbeit")


def create(topic, kind, text, actor=None, **values):
    item = concepts.create_item(topic, kind=kind, values={"text": text, **values}, actor=actor)
    db.session.commit()
    return item


def revisions(item) -> list[ItemRevision]:
    return list(db.session.scalars(select(ItemRevision).where(ItemRevision.item_id == item.id)
                                   .order_by(ItemRevision.id)))


def audit_entries(action: str) -> list[AuditEntry]:
    return list(db.session.scalars(select(AuditEntry).where(AuditEntry.action == action)
                                   .order_by(AuditEntry.id)))


def test_create_each_kind(ctx, topic, concept, staff):
    crosscutting = concept.crosscutting[0]
    main = create(topic, "main_goal", "Alle sprechen Deutsch.", staff)
    sub = create(topic, "sub_goal", "Mehr Kurse.", staff)
    measure = create(topic, "measure", "Abendkurse anbieten.", staff, parent_id=sub.id,
                     responsible="Amt für Migration", partners="VHS", timeframe="ab 2018",
                     themes=[crosscutting])
    idea = create(topic, "municipal_idea", "Sprachcafé im Rathaus.", staff)
    practice = create(topic, "best_practice", "Sprachpaten in Singen.", staff,
                      example_by="Caritas", example_where="Singen",
                      example_link="https://example.org/paten")

    assert measure.parent_id == sub.id and measure.responsible == "Amt für Migration"
    assert [t.slug for t in measure.themes] == [crosscutting.slug]
    assert practice.example_link == "https://example.org/paten"
    assert "<strong>" in create(topic, "municipal_idea", "Ein **fettes** Fest.").text_html
    draft = concepts.draft_of(topic)
    assert draft.main_goals == [main]
    assert [s.item for s in draft.sub_goals] == [sub]
    assert draft.sub_goals[0].measures == [measure]
    assert idea in draft.municipal_ideas and draft.best_practices == [practice]
    for item in (main, sub, measure, idea, practice):
        (revision,) = revisions(item)
        assert revision.action == "created" and revision.user_id == staff.id
        assert revision.after["text"] == item.text
    created = audit_entries("item.created")
    assert len(created) == 6
    assert {e.topic_id for e in created} == {topic.id}


@pytest.mark.parametrize("values", [{"text": ""}, {"text": "   "}, {"text": "x" * 3001},
                                    {"text": "Ok", "example_link": "javascript:alert(1)"}])
def test_invalid_values_are_refused(ctx, topic, values):
    with pytest.raises(concepts.ConceptError):
        concepts.create_item(topic, kind="best_practice", values=values, actor=None)


def test_unknown_kind_is_refused(ctx, topic):
    with pytest.raises(concepts.ConceptError):
        concepts.create_item(topic, kind="wish", values={"text": "x"}, actor=None)


def test_a_measure_needs_an_active_sub_goal_of_the_same_topic(ctx, topic, other_topic):
    with pytest.raises(concepts.ConceptError):
        concepts.create_item(topic, kind="measure", values={"text": "ohne"}, actor=None)
    foreign = create(other_topic, "sub_goal", "Anderes Thema")
    with pytest.raises(concepts.ConceptError):
        concepts.create_item(topic, kind="measure", values={"text": "x", "parent_id": foreign.id},
                             actor=None)
    main = create(topic, "main_goal", "Oberziel")
    with pytest.raises(concepts.ConceptError):
        concepts.create_item(topic, kind="measure", values={"text": "x", "parent_id": main.id},
                             actor=None)
    withdrawn = create(topic, "sub_goal", "Alt")
    concepts.withdraw_item(withdrawn, reason="überholt", actor=None)
    with pytest.raises(concepts.ConceptError):
        concepts.create_item(topic, kind="measure",
                             values={"text": "x", "parent_id": withdrawn.id}, actor=None)
    db.session.rollback()
    sub = create(topic, "sub_goal", "Aktiv")
    assert create(topic, "measure", "passt", parent_id=sub.id).parent_id == sub.id


def test_a_second_main_goal_is_refused(ctx, topic, other_topic):
    first = create(topic, "main_goal", "Erstes Oberziel")
    with pytest.raises(concepts.ConceptError, match="schon ein Oberziel"):
        concepts.create_item(topic, kind="main_goal", values={"text": "Zweites"}, actor=None)
    db.session.rollback()
    # Another topic may have its own; editing the one main goal is fine.
    create(other_topic, "main_goal", "Oberziel Arbeit")
    concepts.edit_item(first, values={"text": "Erstes, besser"}, actor=None, lock_version=None)
    db.session.commit()
    # Once the first is withdrawn a new one may be written; the old one cannot come back.
    concepts.withdraw_item(first, reason="neu gefasst", actor=None)
    second = create(topic, "main_goal", "Neues Oberziel")
    assert second.kind == "main_goal"
    with pytest.raises(concepts.ConceptError):
        concepts.restore_item(first, actor=None)


def test_edit_writes_a_revision_and_an_audit_entry(ctx, topic, staff):
    sub = create(topic, "sub_goal", "Mehr Kurse.")
    measure = create(topic, "measure", "Abendkurse.", parent_id=sub.id, responsible="Amt")
    version = measure.lock_version
    concepts.edit_item(measure, values={"text": "Abendkurse an der VHS.", "parent_id": sub.id,
                                        "responsible": "Amt", "timeframe": "2019"},
                       actor=staff, lock_version=version)
    db.session.commit()

    assert measure.lock_version > version
    assert measure.updated_by_id == staff.id
    revision = revisions(measure)[-1]
    assert revision.action == "edited" and revision.user_id == staff.id
    assert revision.before == {"text": "Abendkurse.", "timeframe": ""}
    assert revision.after == {"text": "Abendkurse an der VHS.", "timeframe": "2019"}
    (entry,) = audit_entries("item.updated")
    assert entry.topic_id == topic.id and entry.object_id == measure.id
    assert entry.actor_id == staff.id
    assert entry.before["text"] == "Abendkurse." and entry.after["text"].endswith("VHS.")
    assert [r.action for r in concepts.item_revisions(measure)] == ["edited", "created"]


def test_an_edit_without_changes_writes_nothing(ctx, topic):
    item = create(topic, "sub_goal", "Gleich")
    concepts.edit_item(item, values={"text": "Gleich"}, actor=None, lock_version=1)
    db.session.commit()
    assert [r.action for r in revisions(item)] == ["created"]
    assert audit_entries("item.updated") == []


def test_a_stale_lock_version_raises_a_conflict_with_mine(ctx, topic, staff):
    item = create(topic, "sub_goal", "Ursprung")
    opened = item.lock_version
    concepts.edit_item(item, values={"text": "Von Anna"}, actor=staff, lock_version=opened)
    db.session.commit()
    with pytest.raises(concepts.ItemConflict) as caught:
        concepts.edit_item(item, values={"text": "Von Ben", "timeframe": "bald"}, actor=staff,
                           lock_version=opened)
    db.session.rollback()
    assert caught.value.item is item
    assert caught.value.mine["text"] == "Von Ben" and caught.value.mine["timeframe"] == "bald"
    assert caught.value.mine["themes"] == []
    db.session.refresh(item)
    assert item.text == "Von Anna"
    assert [r.action for r in revisions(item)] == ["created", "edited"]


def test_withdraw_needs_a_reason_and_keeps_the_item(ctx, topic, staff):
    item = create(topic, "sub_goal", "Wird zurückgezogen")
    concepts.edit_item(item, values={"text": "Geändert"}, actor=staff, lock_version=None)
    db.session.commit()
    for reason in ("", "   ", None):
        with pytest.raises(concepts.ConceptError):
            concepts.withdraw_item(item, reason=reason, actor=staff)
    assert not item.is_withdrawn

    concepts.withdraw_item(item, reason="Doppelt", actor=staff)
    db.session.commit()
    db.session.expire_all()
    kept = db.session.get(Item, item.id)
    assert kept is not None and kept.is_withdrawn and kept.withdrawn_reason == "Doppelt"
    assert [r.action for r in revisions(kept)] == ["created", "edited", "withdrawn"]
    assert revisions(kept)[-1].after == {"reason": "Doppelt"}
    assert kept not in concepts.draft_of(topic).items
    assert kept in concepts.items_of([topic.id], include_withdrawn=True)
    (entry,) = audit_entries("item.withdrawn")
    assert entry.topic_id == topic.id

    concepts.restore_item(kept, actor=staff)
    db.session.commit()
    assert not kept.is_withdrawn and kept in concepts.draft_of(topic).items
    assert revisions(kept)[-1].action == "restored"
    assert audit_entries("item.restored")[0].topic_id == topic.id


def test_a_withdrawn_sub_goal_leaves_its_measures_unplaced(ctx, topic):
    sub = create(topic, "sub_goal", "Unterziel")
    measure = create(topic, "measure", "Maßnahme", parent_id=sub.id)
    concepts.withdraw_item(sub, reason="weg", actor=None)
    db.session.commit()
    draft = concepts.draft_of(topic)
    assert draft.sub_goals == [] and draft.unplaced_measures == [measure]


def test_move_up_and_down(ctx, topic, staff):
    a, b, c = (create(topic, "sub_goal", name) for name in "ABC")
    other_kind = create(topic, "municipal_idea", "Idee")

    def order():
        return [s.item.text for s in concepts.draft_of(topic).sub_goals]

    assert order() == ["A", "B", "C"]
    concepts.move_item(c, "up", actor=staff)
    db.session.commit()
    assert order() == ["A", "C", "B"]
    concepts.move_item(a, "down", actor=staff)
    db.session.commit()
    assert order() == ["C", "A", "B"]
    concepts.move_item(c, "up", actor=staff)  # already first: nothing happens
    concepts.move_item(b, "down", actor=staff)  # already last
    concepts.move_item(other_kind, "up", actor=staff)  # alone of its kind
    db.session.commit()
    assert order() == ["C", "A", "B"]
    moved = audit_entries("item.moved")
    assert len(moved) == 2 and {e.topic_id for e in moved} == {topic.id}


def test_measures_move_within_their_sub_goal(ctx, topic):
    first, second = create(topic, "sub_goal", "Eins"), create(topic, "sub_goal", "Zwei")
    m1 = create(topic, "measure", "M1", parent_id=first.id)
    m2 = create(topic, "measure", "M2", parent_id=first.id)
    other = create(topic, "measure", "M3", parent_id=second.id)
    concepts.move_item(m2, "up", actor=None)
    db.session.commit()
    draft = concepts.draft_of(topic)
    assert draft.sub_goals[0].measures == [m2, m1]
    assert draft.sub_goals[1].measures == [other]

"""Consolidation use cases: provenance links, duplicates, reasoned outcomes, reopening,
releasing a withdrawn item's contributions, notifications and progress."""

import pytest
from flask_babel import force_locale
from sqlalchemy import func, select

from app.concepts import services as concepts
from app.contributions.models import Comment, Contribution, Support
from app.core.audit import AuditEntry
from app.extensions import db
from app.notifications.models import Notification
from app.notifications.services import message_for, target_url
from app.workbench import services as workbench
from app.workbench.models import ItemLink


def reload(*objects):
    db.session.expire_all()
    return [db.session.get(type(o), o.id) for o in objects]


def links_of(contribution) -> list[ItemLink]:
    return list(db.session.scalars(select(ItemLink).where(
        ItemLink.contribution_id == contribution.id).order_by(ItemLink.id)))


def notifications(user, kind="outcome") -> list[Notification]:
    return list(db.session.scalars(select(Notification).where(
        Notification.user_id == user.id, Notification.kind == kind).order_by(Notification.id)))


def actions(action: str) -> list[AuditEntry]:
    return list(db.session.scalars(select(AuditEntry).where(AuditEntry.action == action)
                                   .order_by(AuditEntry.id)))


# --- links ------------------------------------------------------------------------------------

def test_links_are_many_to_many_with_a_note(topic, moderator, contribute, make_item):
    a, b, c = contribute(), contribute(), contribute()
    first, second = make_item(topic, text="Erstes"), make_item(topic, text="Zweites")

    assert workbench.link_contributions([a], first, note="Kern der Idee", actor=moderator) == 1
    assert workbench.link_contributions([a], second, actor=moderator) == 1
    assert workbench.link_contributions([a, b, c], first, actor=moderator) == 2  # a already
    db.session.commit()

    assert [link.item_id for link in links_of(a)] == [first.id, second.id]
    assert links_of(a)[0].note == "Kern der Idee" and links_of(a)[0].created_by_id == moderator.id
    assert workbench.link_counts([first.id, second.id]) == {first.id: 3, second.id: 1}
    for contribution in reload(a, b, c):
        assert contribution.outcome == "incorporated"
        assert contribution.outcome_by_id == moderator.id and contribution.outcome_at
    fed = workbench.items_by_contribution(reload(a, b))
    assert [i.id for i in fed[a.id]] == [first.id, second.id]
    assert [i.id for i in fed[b.id]] == [first.id]
    sources = workbench.item_sources(first, user=moderator)
    assert [s.id for s in sources] == [a.id, b.id, c.id]
    added = actions("item_link.added")
    assert len(added) == 4 and {e.topic_id for e in added} == {topic.id}


def test_linking_needs_a_selection_and_an_active_item(topic, moderator, contribute, make_item):
    item = make_item(topic)
    with pytest.raises(workbench.WorkbenchError):
        workbench.link_contributions([], item, actor=moderator)
    hidden = contribute(status="hidden")
    with pytest.raises(workbench.WorkbenchError, match=hidden.reference):
        workbench.link_contributions([hidden], item, actor=moderator)
    concepts.withdraw_item(item, reason="weg", actor=moderator)
    with pytest.raises(workbench.WorkbenchError):
        workbench.link_contributions([contribute()], item, actor=moderator)


def test_unlink_keeps_the_row_and_reopens_when_no_link_is_left(topic, moderator, contribute,
                                                               make_item):
    a = contribute()
    first, second = make_item(topic, text="Eins"), make_item(topic, text="Zwei")
    workbench.link_contributions([a], first, note="n", actor=moderator)
    workbench.link_contributions([a], second, actor=moderator)
    db.session.commit()
    link_first, link_second = links_of(a)

    workbench.unlink(link_first, actor=moderator)
    db.session.commit()
    (a,) = reload(a)
    assert a.outcome == "incorporated"  # still in the second item
    assert links_of(a)[0].removed_at is not None
    assert links_of(a)[0].removed_by_id == moderator.id

    workbench.unlink(links_of(a)[1], actor=moderator)
    db.session.commit()
    (a,) = reload(a)
    assert a.outcome == "pending"
    assert len(links_of(a)) == 2 and all(link.removed_at for link in links_of(a))
    removed = actions("item_link.removed")
    assert len(removed) == 2 and removed[0].before["item"] == first.id
    assert removed[0].topic_id == topic.id and removed[0].object_id == a.id
    assert workbench.link_counts([first.id, second.id]) == {}
    assert workbench.item_sources(first, user=moderator) == []

    # Linking again revives the old row instead of adding one.
    workbench.link_contributions([a], first, note="wieder", actor=moderator)
    db.session.commit()
    assert len(links_of(a)) == 2 and links_of(a)[0].removed_at is None
    assert links_of(a)[0].note == "wieder"
    assert reload(a)[0].outcome == "incorporated"


# --- duplicates -------------------------------------------------------------------------------

def test_mark_duplicates_follows_chains_to_the_original(topic, moderator, contribute,
                                                        make_item):
    original, copy, copy_of_copy, late = contribute(), contribute(), contribute(), contribute()
    item = make_item(topic)
    workbench.link_contributions([original], item, actor=moderator)
    assert workbench.mark_duplicates([copy], original, actor=moderator) == 1
    # Marking against a duplicate lands on its original.
    assert workbench.mark_duplicates([copy_of_copy], copy, actor=moderator) == 1
    db.session.commit()
    original, copy, copy_of_copy = reload(original, copy, copy_of_copy)
    assert copy.outcome == copy_of_copy.outcome == "duplicate"
    assert copy.duplicate_of_id == copy_of_copy.duplicate_of_id == original.id

    # When an original itself becomes a duplicate, its followers move on to the new root.
    workbench.mark_duplicates([original], late, actor=moderator)
    db.session.commit()
    original, copy, copy_of_copy = reload(original, copy, copy_of_copy)
    assert original.duplicate_of_id == copy.duplicate_of_id == late.id
    assert copy_of_copy.duplicate_of_id == late.id
    assert actions("contribution.duplicate")[0].topic_id == topic.id


def test_a_contribution_is_no_duplicate_of_itself(moderator, contribute):
    a, b = contribute(), contribute()
    with pytest.raises(workbench.WorkbenchError):
        workbench.mark_duplicates([a], a, actor=moderator)
    workbench.mark_duplicates([b], a, actor=moderator)
    with pytest.raises(workbench.WorkbenchError):  # b's root is a
        workbench.mark_duplicates([a], b, actor=moderator)
    hidden = contribute(status="hidden")
    with pytest.raises(workbench.WorkbenchError):
        workbench.mark_duplicates([contribute()], hidden, actor=moderator)


def test_a_duplicate_counts_where_its_original_is(topic, moderator, contribute, make_item):
    original, copy = contribute(), contribute()
    item = make_item(topic)
    workbench.link_contributions([original], item, actor=moderator)
    workbench.mark_duplicates([copy], original, actor=moderator)
    db.session.commit()
    assert [c.id for c in workbench.item_sources(item, user=None)] == [
        original.id, copy.id]
    fed = workbench.items_by_contribution(reload(original, copy))
    assert fed[copy.id] == [item] and fed[original.id] == [item]


# --- reasoned outcomes ------------------------------------------------------------------------

def test_decide_needs_a_reason_and_forwarded_a_body(moderator, contribute):
    a = contribute()
    with pytest.raises(workbench.WorkbenchError):
        workbench.decide([a], "not_taken_up", reason="  ", actor=moderator)
    with pytest.raises(workbench.WorkbenchError):
        workbench.decide([a], "forwarded", reason="Gemeinde", forwarded_to="", actor=moderator)
    with pytest.raises(workbench.WorkbenchError):
        workbench.decide([a], "incorporated", reason="x", actor=moderator)
    with pytest.raises(workbench.WorkbenchError):
        workbench.decide([a], "not_taken_up", reason="x" * 2001, actor=moderator)
    assert reload(a)[0].outcome == "pending"

    workbench.decide([a], "forwarded", reason="Aufgabe der Gemeinde",
                     forwarded_to="Stadt Singen", actor=moderator)
    db.session.commit()
    (a,) = reload(a)
    assert (a.outcome, a.outcome_reason, a.forwarded_to) == (
        "forwarded", "Aufgabe der Gemeinde", "Stadt Singen")
    workbench.decide([a], "not_taken_up", reason="Schon umgesetzt", forwarded_to="egal",
                     actor=moderator)
    db.session.commit()
    (a,) = reload(a)
    assert (a.outcome, a.outcome_reason, a.forwarded_to) == (
        "not_taken_up", "Schon umgesetzt", "")
    entry = actions("contribution.outcome")[-1]
    assert entry.before["outcome"] == "forwarded" and entry.after["outcome"] == "not_taken_up"


def test_decide_is_refused_for_linked_contributions(topic, moderator, contribute, make_item):
    linked, free = contribute(), contribute()
    workbench.link_contributions([linked], make_item(topic), actor=moderator)
    db.session.commit()
    with pytest.raises(workbench.WorkbenchError, match=linked.reference):
        workbench.decide([free, linked], "not_taken_up", reason="Nein", actor=moderator)
    db.session.rollback()
    free, linked = reload(free, linked)
    assert free.outcome == "pending" and linked.outcome == "incorporated"


def test_reopen_undoes_duplicates_and_decisions_but_not_links(topic, moderator, contribute,
                                                              make_item):
    original, copy, refused, linked = contribute(), contribute(), contribute(), contribute()
    workbench.mark_duplicates([copy], original, actor=moderator)
    workbench.decide([refused], "not_taken_up", reason="Nein", actor=moderator)
    workbench.link_contributions([linked], make_item(topic), actor=moderator)
    db.session.commit()
    assert workbench.reopen([copy, refused, linked], actor=moderator) == 2
    db.session.commit()
    copy, refused, linked = reload(copy, refused, linked)
    assert (copy.outcome, copy.duplicate_of_id) == ("pending", None)
    assert (refused.outcome, refused.outcome_reason) == ("pending", "")
    assert linked.outcome == "incorporated"


def test_withdrawing_an_item_releases_contributions_fed_only_by_it(topic, moderator,
                                                                   contribute, make_item):
    only, both = contribute(), contribute()
    doomed, kept = make_item(topic, text="Weg"), make_item(topic, text="Bleibt")
    workbench.link_contributions([only, both], doomed, actor=moderator)
    workbench.link_contributions([both], kept, actor=moderator)
    db.session.commit()

    concepts.withdraw_item(doomed, reason="zusammengelegt", actor=moderator)
    assert workbench.release_withdrawn_item(doomed, actor=moderator) == 1
    db.session.commit()
    only, both = reload(only, both)
    assert only.outcome == "pending" and both.outcome == "incorporated"
    assert links_of(only)[0].removed_at is None  # the link stays as history
    assert workbench.active_links(contribution_ids=[only.id]) == []
    assert workbench.items_by_contribution([only, both]) == {only.id: [], both.id: [kept]}


# --- what consolidation never touches, and who is told -----------------------------------------

def test_consolidation_never_changes_what_participants_wrote(topic, moderator, contribute,
                                                             make_item, make_user):
    author = make_user()
    target, other = contribute(author=author, title="Mein Titel", body="Mein **Text**"), \
        contribute()
    db.session.add(Support(contribution_id=target.id, user_id=make_user().id))
    db.session.add(Comment(contribution_id=target.id, author_id=make_user().id,
                           body="Gute Idee", body_html="<p>Gute Idee</p>"))
    db.session.commit()

    def state():
        (c,) = reload(target)
        return (c.title, c.body, c.body_html, c.author_id, c.status, c.topic_id, c.kind,
                db.session.scalar(select(func.count(Support.id))
                                  .where(Support.contribution_id == c.id)),
                [(m.body, m.author_id) for m in db.session.scalars(
                    select(Comment).where(Comment.contribution_id == c.id))])

    before = state()
    item = make_item(topic)
    workbench.link_contributions([target], item, note="x", actor=moderator)
    workbench.unlink(links_of(target)[0], actor=moderator)
    workbench.mark_duplicates([target], other, actor=moderator)
    workbench.reopen([target], actor=moderator)
    workbench.decide([target], "forwarded", reason="Gemeinde", forwarded_to="Konstanz",
                     actor=moderator)
    workbench.reopen([target], actor=moderator)
    db.session.commit()
    assert state() == before


def test_the_author_is_told_when_the_outcome_changes(topic, moderator, contribute, make_item,
                                                     make_user):
    author = make_user()
    a = contribute(author=author, title="Abendkurse")
    first, second = make_item(topic, text="Eins"), make_item(topic, text="Zwei")
    workbench.link_contributions([a], first, actor=moderator)
    db.session.commit()
    (note,) = notifications(author)
    assert note.params["outcome"] == "incorporated" and f"/contributions/{a.id}" in target_url(note)
    with force_locale("de"):
        assert message_for(note) == ("Was aus Ihrem Beitrag „Abendkurse“ geworden ist: "
                                     "eingeflossen")

    # A second link does not change the outcome: no new notification.
    workbench.link_contributions([a], second, note="auch hier", actor=moderator)
    db.session.commit()
    assert len(notifications(author)) == 1

    for link in links_of(a):
        workbench.unlink(link, actor=moderator)
    workbench.decide([a], "not_taken_up", reason="Nein", actor=moderator)
    # The same outcome with another reason is no new outcome either.
    workbench.decide([a], "not_taken_up", reason="Doch nicht", actor=moderator)
    db.session.commit()
    assert [n.params["outcome"] for n in notifications(author)] == [
        "incorporated", "pending", "not_taken_up"]
    with force_locale("de"):
        assert message_for(notifications(author)[-1]).endswith(": nicht aufgenommen")


def test_the_outcome_label_is_translated_for_the_reader(topic, moderator, contribute,
                                                        make_item, make_user):
    author = make_user(language="en")
    a = contribute(author=author, title="Evening classes")
    workbench.link_contributions([a], make_item(topic), actor=moderator)
    db.session.commit()
    (note,) = notifications(author)
    with force_locale("en"):
        text = message_for(note)
    assert text == "What became of your contribution “Evening classes”: incorporated"
    assert note.params["outcome"] == "incorporated"  # stored as a code, not as German text


def test_contributions_without_author_are_fine(topic, moderator, make_contribution, round_,
                                               make_item):
    from app.contributions.models import Contribution as C

    card = make_contribution(round=round_, topic=topic)
    db.session.execute(db.update(C).where(C.id == card.id).values(author_id=None))
    db.session.commit()
    (card,) = reload(card)
    workbench.link_contributions([card], make_item(topic), actor=moderator)
    db.session.commit()
    assert reload(card)[0].outcome == "incorporated"
    assert db.session.scalar(select(func.count(Notification.id))) == 0


# --- progress ---------------------------------------------------------------------------------

def test_progress_counts_published_contributions_only(topic, round_, moderator, contribute,
                                                      make_item):
    done = contribute()
    contribute()
    contribute(status="hidden")
    contribute(status="withdrawn")
    contribute(status="pending")
    workbench.decide([done], "not_taken_up", reason="Nein", actor=moderator)
    db.session.commit()
    progress = workbench.progress_by(Contribution.topic_id)[topic.id]
    assert (progress.total, progress.processed, progress.pending) == (2, 1, 1)
    assert progress.percent == 50 and not progress.done
    assert workbench.progress_by(Contribution.round_id)[round_.id].total == 2
    empty = workbench.Progress()
    assert empty.percent == 100 and not empty.done


def test_workbench_rows_filter_by_outcome_and_list_pending_approval(topic, moderator,
                                                                    contribute):
    open_, decided, waiting = contribute(), contribute(), contribute(status="pending")
    contribute(status="hidden")
    workbench.decide([decided], "not_taken_up", reason="Nein", actor=moderator)
    db.session.commit()
    rows, total = workbench.workbench_rows(topic, {"outcome": "pending"}, page=1, per_page=50)
    assert [r.contribution.id for r in rows] == [open_.id, waiting.id] and total == 2
    rows, total = workbench.workbench_rows(topic, {}, page=1, per_page=2)
    assert total == 3 and len(rows) == 2

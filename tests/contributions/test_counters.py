"""The support and comment counters kept on each contribution (issue 15) always equal a fresh
COUNT: after every use case that moves them, after rows added directly through the session,
and after bulk inserts recounted with `services.recount`."""

from sqlalchemy import func, insert, select

from app.contributions import services
from app.contributions.models import Comment, Contribution, Support
from app.core.sanitize import render_markdown
from app.extensions import db
from app.moderation import services as moderation


def fresh_counts(contribution) -> tuple[int, int]:
    """(supports, published comments) counted now, and the stored counters read back from the
    database (not from the session's copy)."""
    supports = db.session.scalar(select(func.count(Support.id)).where(
        Support.contribution_id == contribution.id))
    comments = db.session.scalar(select(func.count(Comment.id)).where(
        Comment.contribution_id == contribution.id, Comment.status == "published"))
    return supports, comments


def stored_counts(contribution) -> tuple[int, int]:
    row = db.session.execute(
        select(Contribution.support_count, Contribution.comment_count)
        .where(Contribution.id == contribution.id)).one()
    return tuple(row)


def assert_counters(contribution, supports: int, comments: int) -> None:
    assert fresh_counts(contribution) == (supports, comments)
    assert stored_counts(contribution) == (supports, comments)
    # The loaded object follows the row, so the page showing it after the change is right.
    assert (contribution.support_count, contribution.comment_count) == (supports, comments)


def test_a_new_contribution_starts_at_zero(make_contribution):
    assert_counters(make_contribution(), 0, 0)


def test_support_and_unsupport(make_contribution, participant, other, make_user):
    contribution = make_contribution(author=participant)
    services.toggle_support(contribution, other)
    db.session.commit()
    assert_counters(contribution, 1, 0)
    services.toggle_support(contribution, make_user())
    db.session.commit()
    assert_counters(contribution, 2, 0)
    services.toggle_support(contribution, other)  # taken back
    db.session.commit()
    assert_counters(contribution, 1, 0)
    assert services.support_count(contribution) == 1


def test_support_does_not_change_the_lock_version(make_contribution, participant, other):
    """A support is no edit: an author editing the text meanwhile gets no conflict."""
    contribution = make_contribution(author=participant)
    version = contribution.lock_version
    services.toggle_support(contribution, other)
    db.session.commit()
    assert contribution.lock_version == version


def test_a_rolled_back_support_leaves_the_counter(make_contribution, participant, other):
    contribution = make_contribution(author=participant)
    services.toggle_support(contribution, other)
    db.session.rollback()
    assert_counters(contribution, 0, 0)


def test_comment_and_reply(make_contribution, participant, other):
    contribution = make_contribution(author=participant)
    top, _ = services.add_comment(contribution, author=other, body="Gute Idee!")
    services.add_comment(contribution, author=participant, body="Danke", parent=top)
    db.session.commit()
    assert_counters(contribution, 0, 2)
    # The same text sent twice within two minutes is stored once and counted once.
    services.add_comment(contribution, author=other, body="Gute Idee!")
    db.session.commit()
    assert_counters(contribution, 0, 2)


def test_hide_and_restore_a_comment(make_contribution, participant, other, moderator):
    contribution = make_contribution(author=participant)
    comment, _ = services.add_comment(contribution, author=other, body="Unfreundlich")
    services.add_comment(contribution, author=participant, body="Freundlich")
    db.session.commit()
    assert_counters(contribution, 0, 2)
    moderation.hide_comment(comment, "Beleidigung", actor=moderator)
    db.session.commit()
    assert_counters(contribution, 0, 1)
    moderation.restore_comment(comment, actor=moderator)
    db.session.commit()
    assert_counters(contribution, 0, 2)


def test_rows_added_through_the_session_are_counted(make_contribution, make_user):
    """Paths past the use cases (the demo loader, fixtures) keep the counters as well."""
    contribution = make_contribution()
    people = [make_user() for _ in range(3)]
    for person in people:
        db.session.add(Support(contribution_id=contribution.id, user_id=person.id))
    db.session.add(Comment(contribution_id=contribution.id, author_id=people[0].id, body="x",
                           body_html="<p>x</p>"))
    db.session.add(Comment(contribution_id=contribution.id, author_id=people[1].id, body="y",
                           body_html="<p>y</p>", status="hidden"))
    db.session.commit()
    assert_counters(contribution, 3, 1)
    support = db.session.scalar(select(Support).where(Support.user_id == people[2].id))
    db.session.delete(support)
    db.session.commit()
    assert_counters(contribution, 2, 1)


def test_recount_after_bulk_inserts(make_contribution, make_user):
    """`insert()` bypasses the session's flush (the load generator); recount puts it right."""
    contribution, untouched = make_contribution(), make_contribution()
    people = [make_user() for _ in range(4)]
    db.session.execute(insert(Support), [{"contribution_id": contribution.id,
                                          "user_id": p.id} for p in people])
    db.session.execute(insert(Comment), [
        {"contribution_id": contribution.id, "author_id": p.id, "body": "b",
         "body_html": render_markdown("b", "basic"), "status": status}
        for p, status in zip(people, ["published", "published", "hidden", "published"],
                             strict=True)])
    services.recount([contribution.id])
    db.session.commit()
    assert_counters(contribution, 4, 3)
    assert_counters(untouched, 0, 0)
    services.recount()
    db.session.commit()
    assert_counters(contribution, 4, 3)

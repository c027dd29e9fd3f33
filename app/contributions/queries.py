"""The read side of contributions that other modules build their queries from: loader options
for lists and the support and comment counts as correlated subqueries. It depends on models
only, so any module above contributions may use it without an import cycle."""

from sqlalchemy import case, func, select
from sqlalchemy.orm import joinedload, selectinload

from app.contributions.models import Comment, Contribution, Support
from app.core.permissions import PUBLIC_STATUSES
from app.extensions import db
from app.rounds.models import Round


def contribution_list_loads(via=None, *, themes: bool = True):
    """Loader options for lists of contributions: the round, topic, author and organisation
    each row shows (joined) and, unless `themes=False`, the cross-cutting themes (one more
    query). Their own relationships stay lazy; a list never touches them per row. `via` is
    the loader that reaches the contributions (e.g. `joinedload(Flag.contribution)`), if they
    are not the query's own entity."""
    def joined(attr, **kw):
        return via.joinedload(attr, **kw) if via is not None else joinedload(attr, **kw)

    loads = [joined(Contribution.round, innerjoin=True), joined(Contribution.topic, innerjoin=True),
             joined(Contribution.author), joined(Contribution.organisation)]
    if themes:
        loads.append(via.selectinload(Contribution.themes) if via is not None
                     else selectinload(Contribution.themes))
    return tuple(loads)


def support_count_subquery():
    """The number of supports of each selected contribution, as a column to select."""
    return (select(func.count(Support.id)).where(Support.contribution_id == Contribution.id)
            .correlate(Contribution).scalar_subquery())


def comment_count_subquery():
    """The number of published comments of each selected contribution, as a column to select."""
    return (select(func.count(Comment.id))
            .where(Comment.contribution_id == Contribution.id, Comment.status == "published")
            .correlate(Contribution).scalar_subquery())


def contribution_counts(rounds: list[Round]) -> dict[int, dict[str, int]]:
    """{round id: {"public": n, "pending": m}} for all `rounds` in one query ("public": what
    everyone may see, `permissions.PUBLIC_STATUSES`)."""
    ids = [r.id for r in rounds]
    counts = {i: {"public": 0, "pending": 0} for i in ids}
    if not ids:
        return counts
    rows = db.session.execute(
        select(Contribution.round_id,
               func.count(case((Contribution.status.in_(PUBLIC_STATUSES), 1))),
               func.count(case((Contribution.status == "pending", 1))))
        .where(Contribution.round_id.in_(ids)).group_by(Contribution.round_id)
    )
    for round_id, public, pending in rows:
        counts[round_id] = {"public": public, "pending": pending}
    return counts

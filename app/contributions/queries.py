"""The read side of contributions that other modules build their queries from: loader options
for lists and the support and comment counts (counters kept on the row). It depends on models
only, so any module above contributions may use it without an import cycle."""

from sqlalchemy import case, func, select
from sqlalchemy.orm import joinedload, selectinload

from app.contributions.models import Contribution
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

    # Reached through another relationship (flags, comments: outer joins), "unnested" makes
    # round and topic outer joins of their own instead of an inner join nested inside the
    # outer one, which SQLite evaluated over the whole contributions table (issue 15: the
    # moderation page took seconds). As a query's own entity they stay inner joins, as other
    # modules' options for the same path expect (implementation.cycle).
    inner = "unnested" if via is not None else True
    loads = [joined(Contribution.round, innerjoin=inner),
             joined(Contribution.topic, innerjoin=inner),
             joined(Contribution.author), joined(Contribution.organisation)]
    if themes:
        loads.append(via.selectinload(Contribution.themes) if via is not None
                     else selectinload(Contribution.themes))
    return tuple(loads)


def support_count_column():
    """The number of supports of each selected contribution, as a column to select: the
    counter kept on the row (was a correlated COUNT subquery, which made every list cost as
    much as the round had rows, issue 15)."""
    return Contribution.support_count


def comment_count_column():
    """The number of published comments of each selected contribution, as a column to select
    (the counter kept on the row)."""
    return Contribution.comment_count


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

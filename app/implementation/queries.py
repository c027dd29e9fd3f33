"""The read side of implementation: the measures of an adopted version with their records,
entries of a measure, the versions a measure appeared in. Each function is one query (or a
fixed few), so pages make the same number of queries however many measures there are."""

from sqlalchemy import and_, func, select
from sqlalchemy.orm import joinedload, selectinload

from app.accounts.models import User
from app.concepts.models import Item
from app.core.permissions import listed_versions
from app.extensions import db
from app.implementation.models import (
    ImplementationRecord,
    ImplementationStatus,
    MeasureFollower,
    ProgressEntry,
)
from app.rounds.queries import audience_loads
from app.versions.models import Adoption, Version, VersionItem, VersionTopic


def statuses() -> list[ImplementationStatus]:
    return list(db.session.scalars(select(ImplementationStatus)
                                   .order_by(ImplementationStatus.position,
                                             ImplementationStatus.id)))


def version_topics(version: Version) -> list[VersionTopic]:
    return list(db.session.scalars(
        select(VersionTopic).where(VersionTopic.version_id == version.id)
        .order_by(VersionTopic.kind.desc(), VersionTopic.position, VersionTopic.id)))


def goal_and_measure_copies(version: Version) -> list[VersionItem]:
    """Sub-goals and measures of a version, in their order."""
    return list(db.session.scalars(
        select(VersionItem).where(VersionItem.version_id == version.id,
                                  VersionItem.kind.in_(("sub_goal", "measure")))
        .order_by(VersionItem.position, VersionItem.id)))


def _record_loads():
    return (joinedload(ImplementationRecord.status),
            selectinload(ImplementationRecord.organisations))


def records_by_item(item_ids) -> dict[int, ImplementationRecord]:
    ids = list(item_ids)
    if not ids:
        return {}
    return {r.item_id: r for r in db.session.scalars(
        select(ImplementationRecord).where(ImplementationRecord.item_id.in_(ids))
        .options(*_record_loads()))}


def withdrawn_measures(concept_id: int, version: Version) -> list[tuple[VersionItem, Item]]:
    """Measures of an earlier adopted version that the given one no longer holds: their
    newest adopted copy and the draft item (with the reason it was withdrawn)."""
    in_version = select(VersionItem.item_id).where(VersionItem.version_id == version.id)
    adopted = select(Adoption.version_id)
    newest = (select(VersionItem.item_id, func.max(VersionItem.version_id).label("vid"))
              .join(Version, Version.id == VersionItem.version_id)
              .where(Version.concept_id == concept_id, Version.number < version.number,
                     VersionItem.version_id.in_(adopted), VersionItem.kind == "measure",
                     VersionItem.item_id.not_in(in_version))
              .group_by(VersionItem.item_id).subquery())
    rows = db.session.execute(
        select(VersionItem, Item)
        .join(newest, and_(newest.c.item_id == VersionItem.item_id,
                           newest.c.vid == VersionItem.version_id))
        .join(Item, Item.id == VersionItem.item_id)
        .order_by(VersionItem.position, VersionItem.id)).all()
    return [(copy, item) for copy, item in rows]


def entries_of(record: ImplementationRecord) -> list[ProgressEntry]:
    """All entries of a measure, newest first, hidden ones included (shown as placeholders)."""
    return list(db.session.scalars(
        select(ProgressEntry).where(ProgressEntry.record_id == record.id)
        .options(joinedload(ProgressEntry.author), joinedload(ProgressEntry.organisation),
                 joinedload(ProgressEntry.status), joinedload(ProgressEntry.previous_status))
        .order_by(ProgressEntry.happened_on.desc(), ProgressEntry.id.desc())))


def copies_of(item_id: int) -> list[tuple[VersionItem, Version]]:
    """Every frozen copy of a draft item with its version (adoptions loaded, and the audience
    of its rounds, which rule "version.read" asks), oldest first."""
    rows = db.session.execute(
        select(VersionItem, Version).join(Version, Version.id == VersionItem.version_id)
        .where(VersionItem.item_id == item_id)
        .options(selectinload(Version.adoptions),
                 *audience_loads(via=selectinload(Version.rounds)))
        .order_by(Version.number)).all()
    return [(copy, version) for copy, version in rows]


def followers_of(item_ids) -> list[tuple[int, int]]:
    """(draft item id, user id) of everyone following one of the measures, oldest first."""
    return [tuple(row) for row in db.session.execute(
        select(MeasureFollower.item_id, MeasureFollower.user_id)
        .where(MeasureFollower.item_id.in_(list(item_ids))).order_by(MeasureFollower.id))]


def is_following(item_id: int, user: User) -> bool:
    return db.session.scalar(select(func.count(MeasureFollower.id)).where(
        MeasureFollower.item_id == item_id, MeasureFollower.user_id == user.id)) > 0


def first_adoptions(item_ids, *, user) -> dict:
    """Draft item id -> the date the first adopted version holding it (among those `user` may
    find) was adopted."""
    ids = list(item_ids)
    if not ids:
        return {}
    query = (select(VersionItem.item_id, func.min(Adoption.adopted_on))
             .join(Adoption, Adoption.version_id == VersionItem.version_id)
             .where(VersionItem.item_id.in_(ids)).group_by(VersionItem.item_id))
    query = query.join(Version, Version.id == VersionItem.version_id).where(
        listed_versions(user, Version))
    return dict(db.session.execute(query).all())

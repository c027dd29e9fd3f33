"""The audit log page's query. It lives in admin, not in core.audit, because it filters by the
actor's name and address, which accounts own, and core is below accounts."""

from datetime import datetime, time, timedelta

from sqlalchemy import func, or_, select
from sqlalchemy.orm import selectinload

from app.accounts.models import User
from app.core.audit import AuditEntry


def search_entries(*, action: str | None = None, object_type: str | None = None,
                   actor: str | None = None, object_id: int | None = None, since=None,
                   until=None):
    """A query for the audit log page, newest first; every filter optional."""
    query = select(AuditEntry).options(selectinload(AuditEntry.actor)).order_by(
        AuditEntry.id.desc())
    if action:
        query = query.where(AuditEntry.action.contains(action.strip(), autoescape=True))
    if object_type:
        query = query.where(AuditEntry.object_type == object_type)
    if object_id is not None:
        query = query.where(AuditEntry.object_id == object_id)
    if actor:
        like = f"%{actor.strip().lower()}%"
        query = query.join(User, User.id == AuditEntry.actor_id).where(
            or_(func.lower(User.email).like(like), func.lower(User.display_name).like(like))
        )
    if since:
        query = query.where(AuditEntry.created_at >= datetime.combine(since, time.min))
    if until:
        query = query.where(
            AuditEntry.created_at < datetime.combine(until + timedelta(days=1), time.min)
        )
    return query

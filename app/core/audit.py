"""The audit log: who did what to which object, when, with the values before and after."""

from datetime import datetime

from flask import has_request_context, request
from sqlalchemy import JSON, ForeignKey, String, Text, select
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core.time import utcnow
from app.extensions import db


class AuditEntry(db.Model):
    __tablename__ = "audit_entries"

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    action: Mapped[str] = mapped_column(String(80), index=True)
    object_type: Mapped[str] = mapped_column(String(40), index=True)
    object_id: Mapped[int | None] = mapped_column(index=True)
    summary: Mapped[str] = mapped_column(Text, default="")
    before: Mapped[dict | None] = mapped_column(JSON)
    after: Mapped[dict | None] = mapped_column(JSON)
    ip_address: Mapped[str | None] = mapped_column(String(45))
    # Consolidation entries name their topic, so the workbench can show a topic's history.
    topic_id: Mapped[int | None] = mapped_column(ForeignKey("topics.id"), index=True)

    actor = relationship("User", foreign_keys=[actor_id])


def record(action: str, obj=None, *, actor, summary: str = "", before=None, after=None,
           object_type: str | None = None, object_id: int | None = None,
           topic_id: int | None = None) -> AuditEntry:
    """Add an audit entry to the current transaction (the caller commits). `actor` is the
    person the use case acts for (None for the system: a command, a scheduled job); the
    address the request came from is kept when there is one."""
    if obj is not None:
        if obj.id is None:
            db.session.flush()  # the id is assigned on flush
        object_type = object_type or obj.__tablename__
        object_id = object_id if object_id is not None else obj.id
    entry = AuditEntry(
        actor_id=getattr(actor, "id", None),
        action=action,
        object_type=object_type or "",
        object_id=object_id,
        summary=summary,
        before=before,
        after=after,
        ip_address=request.remote_addr if has_request_context() else None,
        topic_id=topic_id,
    )
    db.session.add(entry)
    return entry


def changes(obj, fields: list[str], new_values: dict) -> tuple[dict, dict]:
    """Before/after dicts of the fields whose values differ (for audit entries)."""
    before, after = {}, {}
    for field in fields:
        old = getattr(obj, field)
        new = new_values.get(field, old)
        if old != new:
            before[field] = _jsonable(old)
            after[field] = _jsonable(new)
    return before, after


def _jsonable(value):
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, list | tuple | set):
        return [_jsonable(v) for v in value]
    return str(value)


def object_types() -> list[str]:
    return list(db.session.scalars(
        select(AuditEntry.object_type).distinct().order_by(AuditEntry.object_type)
    ))

"""Reusable reasons for hiding content, and the public record of moderation decisions."""

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.core.time import utcnow
from app.core.translations import translatable
from app.extensions import db

REASON_PURPOSES = ("hide", "not_taken_up", "forwarded")


@translatable("title", "text", copied=("text",))
class ReasonTemplate(db.Model):
    """A reason staff can pick when hiding content (e.g. "personal attack") or when a
    contribution is not taken up or forwarded in consolidation (e.g. "municipal task")."""

    __tablename__ = "moderation_reasons"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(120))
    text: Mapped[str] = mapped_column(Text)
    position: Mapped[int] = mapped_column(default=0)
    active: Mapped[bool] = mapped_column(default=True)
    purpose: Mapped[str] = mapped_column(String(20), default="hide", server_default="hide",
                                         index=True)


class ModerationDecision(db.Model):
    """One moderation action, as the public moderation log shows it (no personal data)."""

    __tablename__ = "moderation_decisions"

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    action: Mapped[str] = mapped_column(String(30))  # approved, hidden, restored, edited, ...
    contribution_id: Mapped[int | None] = mapped_column(ForeignKey("contributions.id"),
                                                        index=True)
    comment_id: Mapped[int | None] = mapped_column(ForeignKey("comments.id"), index=True)
    reason: Mapped[str] = mapped_column(Text, default="")
    moderator_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

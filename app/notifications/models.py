"""A notification for one user about something that concerns them."""

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.core.time import utcnow
from app.extensions import db


class Notification(db.Model):
    __tablename__ = "notifications"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    # reply, moderation, outcome, supported_changed, invitation
    kind: Mapped[str] = mapped_column(String(30))
    # Rendered in the reader's language when shown: message id plus its parameters.
    params: Mapped[dict] = mapped_column(JSON, default=dict)
    # What it is about, as a route and its parameters (the URL is built when it is shown or
    # mailed, with the base URL from configuration); `link` is the site-relative path kept by
    # notifications stored before routes were.
    endpoint: Mapped[str] = mapped_column(String(80), default="")
    endpoint_args: Mapped[dict] = mapped_column(JSON, default=dict)
    link: Mapped[str] = mapped_column(String(300), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    read_at: Mapped[datetime | None]
    # When it went out by e-mail (immediately or in a digest); None: not (yet) mailed.
    emailed_at: Mapped[datetime | None]


class NotificationOptOut(db.Model):
    """A kind of notification one user switched off (only kinds a module registered as
    optional can be switched off)."""

    __tablename__ = "notification_opt_outs"
    __table_args__ = (UniqueConstraint("user_id", "kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(30))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

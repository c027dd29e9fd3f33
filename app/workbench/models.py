"""Provenance: the many-to-many links between draft items and contributions."""

from datetime import datetime

from sqlalchemy import ForeignKey, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core.time import utcnow
from app.extensions import db


class ItemLink(db.Model):
    """"This item is based on that contribution", with an optional note. Removing a link
    sets `removed_at` (and writes the audit log); the row stays as history."""

    __tablename__ = "item_links"

    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("items.id"), index=True)
    contribution_id: Mapped[int] = mapped_column(ForeignKey("contributions.id"), index=True)
    note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    removed_at: Mapped[datetime | None] = mapped_column(index=True)
    removed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    item = relationship("Item")
    contribution = relationship("Contribution")

    @property
    def is_active(self) -> bool:
        return self.removed_at is None

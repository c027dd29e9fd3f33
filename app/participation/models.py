"""What the participation report stores itself: the staff's introduction above it. Its
figures are computed from the contributions, comments and supports (with the group and page
language each kept of its writer) and are not stored."""

from datetime import datetime

from sqlalchemy import ForeignKey, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core.time import utcnow
from app.extensions import db

MAX_INTRODUCTION = 4000


class ReportIntroduction(db.Model):
    """A few paragraphs by staff above the report (one per concept), Markdown."""

    __tablename__ = "participation_introductions"

    id: Mapped[int] = mapped_column(primary_key=True)
    concept_id: Mapped[int] = mapped_column(ForeignKey("concepts.id"), unique=True)
    body: Mapped[str] = mapped_column(Text, default="")
    body_html: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    lock_version: Mapped[int] = mapped_column(default=1)

    updated_by = relationship("User")

    __mapper_args__ = {"version_id_col": lock_version}

"""The concept and its structure: topics (fields of action, cross-cutting themes), chapters and
the public timeline of the participatory process. Items, versions and reviews build on these."""

from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core.time import utcnow
from app.extensions import db

TOPIC_KINDS = {
    "field": _l("Handlungsfeld"),
    "crosscutting": _l("Querschnittsthema"),
}
TOPIC_KINDS_PLURAL = {
    "field": _l("Handlungsfelder"),
    "crosscutting": _l("Querschnittsthemen"),
}


class Concept(db.Model):
    __tablename__ = "concepts"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    # Who writes it, e.g. "Landkreis Konstanz, Amt für Migration und Integration".
    owner: Mapped[str] = mapped_column(String(200), default="")
    summary: Mapped[str] = mapped_column(Text, default="")
    summary_html: Mapped[str] = mapped_column(Text, default="")
    # The language the concept's own texts are written in (marked up as such on every page).
    language: Mapped[str] = mapped_column(String(5), default="de")
    # Until versions exist, one switch says whether the public may read the draft.
    draft_published: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    topics: Mapped[list["Topic"]] = relationship(
        back_populates="concept", order_by=lambda: (Topic.kind.desc(), Topic.position, Topic.id)
    )
    chapters: Mapped[list["Chapter"]] = relationship(
        back_populates="concept", order_by=lambda: (Chapter.position, Chapter.id)
    )
    milestones: Mapped[list["Milestone"]] = relationship(
        back_populates="concept", order_by=lambda: (Milestone.starts_on, Milestone.position)
    )

    @property
    def fields(self) -> list["Topic"]:
        return [t for t in self.topics if t.kind == "field"]

    @property
    def crosscutting(self) -> list["Topic"]:
        return [t for t in self.topics if t.kind == "crosscutting"]


class Topic(db.Model):
    """A field of action (Handlungsfeld) or a cross-cutting theme (Querschnittsthema)."""

    __tablename__ = "topics"
    __table_args__ = (UniqueConstraint("concept_id", "slug"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    concept_id: Mapped[int] = mapped_column(ForeignKey("concepts.id"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    slug: Mapped[str] = mapped_column(String(80))
    name: Mapped[str] = mapped_column(String(160))
    description: Mapped[str] = mapped_column(Text, default="")
    description_html: Mapped[str] = mapped_column(Text, default="")
    position: Mapped[int] = mapped_column(default=0)
    lock_version: Mapped[int] = mapped_column(default=1)

    concept: Mapped[Concept] = relationship(back_populates="topics")

    __mapper_args__ = {"version_id_col": lock_version}

    @property
    def kind_label(self) -> str:
        return str(TOPIC_KINDS.get(self.kind, self.kind))


class Chapter(db.Model):
    """A prose chapter of the concept (foreword, purpose, process, ...), written in Markdown."""

    __tablename__ = "chapters"
    __table_args__ = (UniqueConstraint("concept_id", "slug"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    concept_id: Mapped[int] = mapped_column(ForeignKey("concepts.id"), index=True)
    slug: Mapped[str] = mapped_column(String(80))
    title: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text, default="")
    body_html: Mapped[str] = mapped_column(Text, default="")
    position: Mapped[int] = mapped_column(default=0)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    lock_version: Mapped[int] = mapped_column(default=1)

    concept: Mapped[Concept] = relationship(back_populates="chapters")

    __mapper_args__ = {"version_id_col": lock_version}


class Milestone(db.Model):
    """A step of the participatory process, shown on the public timeline."""

    __tablename__ = "milestones"

    id: Mapped[int] = mapped_column(primary_key=True)
    concept_id: Mapped[int] = mapped_column(ForeignKey("concepts.id"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    starts_on: Mapped[date]
    ends_on: Mapped[date | None]
    # "month": only month and year are meaningful (as in the county's paper).
    precision: Mapped[str] = mapped_column(String(10), default="month")
    position: Mapped[int] = mapped_column(default=0)

    concept: Mapped[Concept] = relationship(back_populates="milestones")

    def state(self, today: date) -> str:
        end = self.ends_on or self.starts_on
        if today < self.starts_on:
            return "upcoming"
        if self.precision == "month":
            end_month = (end.year, end.month)
            return "current" if (today.year, today.month) <= end_month else "done"
        return "current" if today <= end else "done"

"""The concept and its structure: topics (fields of action, cross-cutting themes), chapters and
the public timeline of the participatory process. Items, versions and reviews build on these."""

from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import JSON, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core.labels import Labels
from app.core.tables import link_table
from app.core.time import utcnow
from app.core.translations import translatable
from app.extensions import db

TOPIC_KINDS = Labels(field=_l("Handlungsfeld"), crosscutting=_l("Querschnittsthema"))
TOPIC_KINDS_PLURAL = Labels(field=_l("Handlungsfelder"), crosscutting=_l("Querschnittsthemen"))


@translatable("title", "summary", markdown=("summary",))
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


@translatable("name", "description", markdown=("description",))
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
        return TOPIC_KINDS.label(self.kind)


@translatable("title")
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


@translatable("title", "description")
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


# --- the draft: items per topic ------------------------------------------------------------

ITEM_KINDS = Labels(main_goal=_l("Oberziel"), sub_goal=_l("Unterziel"),
                    measure=_l("Maßnahme auf Landkreisebene"),
                    municipal_idea=_l("Idee für die kommunale Ebene"),
                    best_practice=_l("Best-Practice-Beispiel"))
ITEM_KINDS_PLURAL = Labels(main_goal=_l("Oberziel"), sub_goal=_l("Unterziele"),
                           measure=_l("Maßnahmen"),
                           municipal_idea=_l("Ideen für die kommunale Ebene"),
                           best_practice=_l("Best-Practice-Beispiele"))
# The fields an item keeps revisions of (and that the edit form changes).
ITEM_FIELDS = ["text", "responsible", "partners", "timeframe", "example_by", "example_where",
               "example_link", "parent_id", "themes"]
# How revisions and diffs name those fields.
ITEM_FIELD_LABELS = {"text": _l("Text"), "responsible": _l("Verantwortlich"),
                     "partners": _l("Kooperationspartner"), "timeframe": _l("Zeitrahmen"),
                     "example_by": _l("Wer"), "example_where": _l("Wo"),
                     "example_link": _l("Link"), "parent_id": _l("Unterziel"),
                     "themes": _l("Querschnittsthemen")}

def item_label(kind_label: str, text: str) -> str:
    """A short handle of an item (draft or frozen copy) for lists and selects: kind and the
    start of the text."""
    text = " ".join(text.split())
    return f"{kind_label}: {text[:90]}{'…' if len(text) > 90 else ''}"


item_themes = link_table("item_themes", ("item_id", "items"), ("topic_id", "topics"))


class Item(db.Model):
    """One element of a topic's draft: a goal, a measure, a municipal idea or a best practice.

    Withdrawn items stay (with their history and provenance); the draft just no longer shows
    them. `lock_version` stops two moderators from silently overwriting each other."""

    __tablename__ = "items"

    id: Mapped[int] = mapped_column(primary_key=True)
    concept_id: Mapped[int] = mapped_column(ForeignKey("concepts.id"), index=True)
    topic_id: Mapped[int] = mapped_column(ForeignKey("topics.id"), index=True)
    kind: Mapped[str] = mapped_column(String(20), index=True)
    # A measure belongs to a sub-goal.
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("items.id"), index=True)
    text: Mapped[str] = mapped_column(Text)
    text_html: Mapped[str] = mapped_column(Text, default="")
    # Measures: who is responsible, with whom, when; the level is the county for now.
    responsible: Mapped[str] = mapped_column(String(300), default="")
    partners: Mapped[str] = mapped_column(Text, default="")
    timeframe: Mapped[str] = mapped_column(String(120), default="")
    level: Mapped[str] = mapped_column(String(20), default="county")
    # Best-practice examples: who runs it, where, a link.
    example_by: Mapped[str] = mapped_column(String(300), default="")
    example_where: Mapped[str] = mapped_column(String(200), default="")
    example_link: Mapped[str] = mapped_column(String(500), default="")
    position: Mapped[int] = mapped_column(default=0)
    withdrawn_at: Mapped[datetime | None]
    withdrawn_reason: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    lock_version: Mapped[int] = mapped_column(default=1)

    topic: Mapped[Topic] = relationship(foreign_keys=[topic_id])
    parent: Mapped["Item | None"] = relationship(remote_side=[id])
    themes: Mapped[list[Topic]] = relationship(secondary=item_themes,
                                               order_by=Topic.position)
    updated_by = relationship("User", foreign_keys=[updated_by_id])

    __mapper_args__ = {"version_id_col": lock_version}

    @property
    def kind_label(self) -> str:
        return ITEM_KINDS.label(self.kind)

    @property
    def is_withdrawn(self) -> bool:
        return self.withdrawn_at is not None

    @property
    def label(self) -> str:
        return item_label(self.kind_label, self.text)

    def snapshot(self) -> dict:
        """The revisioned fields as plain values (for revisions, audit and conflicts)."""
        values = {f: getattr(self, f) for f in ITEM_FIELDS if f != "themes"}
        values["themes"] = sorted(t.slug for t in self.themes)
        return values


class ItemRevision(db.Model):
    """One change of an item: who, when, the values before and after."""

    __tablename__ = "item_revisions"

    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("items.id"), index=True)
    action: Mapped[str] = mapped_column(String(30))  # created, edited, withdrawn, restored
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    before: Mapped[dict | None] = mapped_column(JSON)
    after: Mapped[dict | None] = mapped_column(JSON)

    user = relationship("User")

"""Frozen versions of the concept, the steering group's review of them, and their adoption.

A version is a snapshot: its chapters, topics and items are copies made when it was frozen.
`guard_frozen_snapshots` refuses, at flush time, any change or deletion of those copies and of
a version's identity, so that no code path can alter what the steering group reviewed or what
a committee adopted (DESIGN.md: "A frozen version never changes")."""

from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import JSON, ForeignKey, String, Text, UniqueConstraint, event, inspect
from sqlalchemy.orm import Mapped, Session, mapped_column, relationship

from app.concepts.models import ITEM_KINDS, item_label
from app.core import audit
from app.core.labels import Labels
from app.core.time import utcnow
from app.extensions import db

VISIBILITIES = Labels(internal=_l("intern (Verwaltung und Steuerungsgruppe)"),
                      published=_l("veröffentlicht"))
ADOPTING_BODIES = ["Sozialausschuss", "Steuerungsgruppe Integration", "Kreistag"]
VERDICTS = Labels(agree=_l("Zustimmung"), agree_with_remarks=_l("Zustimmung mit Anmerkungen"),
                  object=_l("Einwand"))
ANSWER_KINDS = Labels(resolved=_l("in der nächsten Fassung berücksichtigt"),
                      explained=_l("erläutert"))


class FrozenVersionError(Exception):
    """Someone tried to change a frozen version."""


class Version(db.Model):
    __tablename__ = "versions"
    __table_args__ = (UniqueConstraint("concept_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    concept_id: Mapped[int] = mapped_column(ForeignKey("concepts.id"), index=True)
    number: Mapped[int]
    label: Mapped[str] = mapped_column(String(200))
    note: Mapped[str] = mapped_column(Text, default="")
    note_html: Mapped[str] = mapped_column(Text, default="")
    # The concept's title as it was when frozen (the document's title page).
    title: Mapped[str] = mapped_column(String(200), default="")
    frozen_at: Mapped[datetime] = mapped_column(default=utcnow)
    frozen_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    # The only things that may change after freezing: who may read it.
    visibility: Mapped[str] = mapped_column(String(20), default="internal")
    published_at: Mapped[datetime | None]

    frozen_by = relationship("User", foreign_keys=[frozen_by_id])
    chapters: Mapped[list["VersionChapter"]] = relationship(
        order_by="VersionChapter.position", back_populates="version")
    topics: Mapped[list["VersionTopic"]] = relationship(
        order_by="(VersionTopic.kind.desc(), VersionTopic.position)", back_populates="version")
    adoptions: Mapped[list["Adoption"]] = relationship(
        order_by="Adoption.adopted_on", back_populates="version")
    reviews: Mapped[list["Review"]] = relationship(
        order_by="Review.id", back_populates="version")
    # Network rounds in which invited partners remark on this version's items.
    rounds = relationship("Round", viewonly=True, order_by="Round.id")

    FROZEN_FIELDS = ("concept_id", "number", "label", "note", "note_html", "title", "frozen_at",
                     "frozen_by_id")

    @property
    def is_published(self) -> bool:
        return self.visibility == "published"

    @property
    def is_adopted(self) -> bool:
        return bool(self.adoptions)

    @property
    def open_review(self) -> "Review | None":
        return next((r for r in self.reviews if r.is_open), None)

    @property
    def name(self) -> str:
        return str(_l("Fassung %(n)d", n=self.number))


class VersionChapter(db.Model):
    """A chapter as it read when the version was frozen."""

    __tablename__ = "version_chapters"

    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("versions.id"), index=True)
    chapter_id: Mapped[int | None] = mapped_column(ForeignKey("chapters.id"))
    slug: Mapped[str] = mapped_column(String(80))
    title: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text, default="")
    body_html: Mapped[str] = mapped_column(Text, default="")
    position: Mapped[int] = mapped_column(default=0)

    version: Mapped[Version] = relationship(back_populates="chapters")


class VersionTopic(db.Model):
    """A field of action or cross-cutting theme as named when the version was frozen."""

    __tablename__ = "version_topics"

    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("versions.id"), index=True)
    topic_id: Mapped[int] = mapped_column(ForeignKey("topics.id"))
    kind: Mapped[str] = mapped_column(String(20))
    slug: Mapped[str] = mapped_column(String(80))
    name: Mapped[str] = mapped_column(String(160))
    description_html: Mapped[str] = mapped_column(Text, default="")
    position: Mapped[int] = mapped_column(default=0)

    version: Mapped[Version] = relationship(back_populates="topics")


class VersionItem(db.Model):
    """An item of the draft as it was when the version was frozen, with its provenance counts.

    `item_id` names the draft item it was copied from, so that versions can be compared item
    by item and remarks reach the item in the workbench."""

    __tablename__ = "version_items"
    __table_args__ = (UniqueConstraint("version_id", "item_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("versions.id"), index=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("items.id"), index=True)
    topic_id: Mapped[int] = mapped_column(ForeignKey("topics.id"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    parent_item_id: Mapped[int | None] = mapped_column(ForeignKey("items.id"))
    text: Mapped[str] = mapped_column(Text)
    text_html: Mapped[str] = mapped_column(Text, default="")
    responsible: Mapped[str] = mapped_column(String(300), default="")
    partners: Mapped[str] = mapped_column(Text, default="")
    timeframe: Mapped[str] = mapped_column(String(120), default="")
    example_by: Mapped[str] = mapped_column(String(300), default="")
    example_where: Mapped[str] = mapped_column(String(200), default="")
    example_link: Mapped[str] = mapped_column(String(500), default="")
    # Cross-cutting themes as [[slug, name], ...] in their order.
    themes: Mapped[list] = mapped_column(JSON, default=list)
    position: Mapped[int] = mapped_column(default=0)
    # Provenance when frozen: how many contributions it is based on, and where they came from.
    source_count: Mapped[int] = mapped_column(default=0)
    sources: Mapped[dict] = mapped_column(JSON, default=dict)

    version: Mapped[Version] = relationship()

    # The same names as Item, so that arrange() and the templates read both.
    @property
    def parent_id(self) -> int | None:
        return self.parent_item_id

    @property
    def kind_label(self) -> str:
        return ITEM_KINDS.label(self.kind)

    @property
    def theme_names(self) -> list[str]:
        return [name for _slug, name in self.themes or []]

    @property
    def label(self) -> str:
        return item_label(self.kind_label, self.text)


class Adoption(db.Model):
    """A body adopted a version: which body, when, with which resolution."""

    __tablename__ = "adoptions"

    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("versions.id"), index=True)
    body: Mapped[str] = mapped_column(String(200))
    adopted_on: Mapped[date]
    resolution: Mapped[str] = mapped_column(Text, default="")
    document_ref: Mapped[str] = mapped_column(String(300), default="")
    recorded_at: Mapped[datetime] = mapped_column(default=utcnow)
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    version: Mapped[Version] = relationship(back_populates="adoptions")


class Review(db.Model):
    """The steering group's review of one version, open until its deadline or until closed."""

    __tablename__ = "reviews"

    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("versions.id"), index=True)
    deadline: Mapped[date]
    message: Mapped[str] = mapped_column(Text, default="")
    opened_at: Mapped[datetime] = mapped_column(default=utcnow)
    opened_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    closed_at: Mapped[datetime | None]

    version: Mapped[Version] = relationship(back_populates="reviews")

    @property
    def is_open(self) -> bool:
        return self.closed_at is None and date.today() <= self.deadline


class Verdict(db.Model):
    """One steering member's verdict on one item (or chapter) of a reviewed version, with the
    staff's answer to the remark."""

    __tablename__ = "verdicts"
    __table_args__ = (
        UniqueConstraint("review_id", "user_id", "version_item_id",
                         name="uq_verdicts_review_user_item"),
        UniqueConstraint("review_id", "user_id", "version_chapter_id",
                         name="uq_verdicts_review_user_chapter"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    review_id: Mapped[int] = mapped_column(ForeignKey("reviews.id"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    version_item_id: Mapped[int | None] = mapped_column(ForeignKey("version_items.id"),
                                                        index=True)
    version_chapter_id: Mapped[int | None] = mapped_column(ForeignKey("version_chapters.id"))
    verdict: Mapped[str] = mapped_column(String(30))
    remark: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    answer: Mapped[str] = mapped_column(Text, default="")
    answer_kind: Mapped[str] = mapped_column(String(20), default="")
    answered_at: Mapped[datetime | None]
    answered_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    review: Mapped[Review] = relationship()
    user = relationship("User", foreign_keys=[user_id])
    answered_by = relationship("User", foreign_keys=[answered_by_id])
    version_item: Mapped[VersionItem | None] = relationship()
    version_chapter: Mapped[VersionChapter | None] = relationship()

    @property
    def verdict_label(self) -> str:
        return VERDICTS.label(self.verdict)

    @property
    def answer_kind_label(self) -> str:
        return ANSWER_KINDS.label(self.answer_kind)


SNAPSHOT_MODELS = (VersionChapter, VersionTopic, VersionItem)
# session.info key: ids of the versions being frozen in the current transaction, the only ones
# that may still receive copies.
FREEZING = "versions_being_frozen"


def allow_copies(session, version: Version) -> None:
    session.info.setdefault(FREEZING, set()).add(version.id)


@event.listens_for(Session, "after_commit")
@event.listens_for(Session, "after_soft_rollback")
def _end_freezing(session, *args) -> None:
    session.info.pop(FREEZING, None)


@event.listens_for(Session, "before_flush")
def guard_frozen_snapshots(session, flush_context, instances) -> None:
    freezing = session.info.get(FREEZING, set())
    for obj in session.new:
        if isinstance(obj, SNAPSHOT_MODELS) and obj.version_id not in freezing and not (
                obj.version is not None and obj.version in session.new):
            raise FrozenVersionError(
                f"version {obj.version_id} is frozen: no new {obj.__tablename__}")
    for obj in session.dirty:
        if isinstance(obj, SNAPSHOT_MODELS) and session.is_modified(obj):
            raise FrozenVersionError(f"{obj.__tablename__} {obj.id} belongs to a frozen version")
        if isinstance(obj, Version):
            state = inspect(obj)
            changed = [f for f in Version.FROZEN_FIELDS
                       if state.attrs[f].history.has_changes()]
            if changed:
                raise FrozenVersionError(f"version {obj.number}: {', '.join(changed)} are frozen")
    for obj in session.deleted:
        if isinstance(obj, (Version, *SNAPSHOT_MODELS)):
            raise FrozenVersionError(f"{obj.__tablename__} {obj.id} belongs to a frozen version")


# How the audit log names versions, reviews and verdicts, their fields and actions.
audit.describe(Version.__tablename__, label=_l("Fassung"),
               fields={"visibility": _l("Sichtbarkeit"), "number": _l("Nummer"),
                       "chapters": _l("Kapitel"), "items": _l("Elemente"),
                       "adopted_on": _l("Beschlossen am"), "body": _l("Gremium"),
                       "resolution": _l("Beschluss"), "document_ref": _l("Drucksache")},
               values={"visibility": VISIBILITIES})
audit.describe(Review.__tablename__, label=_l("Prüfung"), fields={"deadline": _l("Frist")})
audit.describe(Verdict.__tablename__, label=_l("Votum"),
               fields={"verdict": _l("Votum"), "remark": _l("Anmerkung"),
                       "answer": _l("Antwort des Amts"), "answer_kind": _l("Art der Antwort")},
               values={"verdict": VERDICTS, "answer_kind": ANSWER_KINDS})
audit.describe_actions({
    "version.frozen": _l("Fassung eingefroren"),
    "version.visibility": _l("Sichtbarkeit der Fassung geändert"),
    "version.adopted": _l("Beschluss eingetragen"),
    "review.opened": _l("Prüfung durch die Steuerungsgruppe eröffnet"),
    "review.closed": _l("Prüfung abgeschlossen"),
    "review.verdict": _l("Votum abgegeben"),
    "review.answered": _l("Votum beantwortet")})

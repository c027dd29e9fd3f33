"""Contributions and everything hanging off them. Nothing here is ever hard-deleted: hiding and
withdrawing are states, edits keep revisions (DESIGN.md invariants)."""

from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint, event, inspect
from sqlalchemy.orm import Mapped, Session, mapped_column, relationship
from sqlalchemy.orm.attributes import set_committed_value
from sqlalchemy.orm.util import identity_key

from app.core.labels import Labels
from app.core.search import indexed
from app.core.tables import link_table
from app.core.time import utcnow
from app.extensions import db
from app.rounds.models import CONTRIBUTION_KINDS  # noqa: F401  (re-exported; rounds own the kinds)

# A contribution's life: pending (waits for approval) -> published; hidden by moderation;
# withdrawn by its author. All of them stay in the database.
STATUSES = Labels(pending=_l("wartet auf Freigabe"), published=_l("veröffentlicht"),
                  hidden=_l("ausgeblendet"), withdrawn=_l("zurückgezogen"))
# What consolidation did with it (filled by the workbench).
OUTCOMES = Labels(pending=_l("noch nicht bearbeitet"), incorporated=_l("eingeflossen"),
                  duplicate=_l("zusammengeführt"), not_taken_up=_l("nicht aufgenommen"),
                  forwarded=_l("weitergeleitet"))
SOURCES = Labels({"online": _l("online"), "event": _l("Dialogveranstaltung"),
                  "import": _l("Import")})  # "import" is a Python keyword
LANGUAGES = Labels(de="Deutsch", en="English", ar="العربية", tr="Türkçe", uk="Українська",
                   ru="Русский", fa="فارسی", other=_l("andere"))
MAX_TEXT = 5000

contribution_themes = link_table("contribution_themes", ("contribution_id", "contributions"),
                                 ("topic_id", "topics"))
# A theme's contributions (topic pages, the theme filter): the primary key starts with the
# contribution, so without this the whole table is read.
Index("ix_contribution_themes_topic", contribution_themes.c.topic_id,
      contribution_themes.c.contribution_id)


@indexed  # the full-text search index (app/core/search.py) holds contributions
class Contribution(db.Model):
    __tablename__ = "contributions"

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("rounds.id"), index=True)
    topic_id: Mapped[int] = mapped_column(ForeignKey("topics.id"), index=True)
    kind: Mapped[str] = mapped_column(String(20), index=True)
    title: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    body_html: Mapped[str] = mapped_column(Text)
    language: Mapped[str] = mapped_column(String(8), default="de", index=True)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    # Submitted on behalf of this (verified) organisation by one of its representatives.
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"),
                                                        index=True)
    source: Mapped[str] = mapped_column(String(20), default="online")
    # Cards from an offline event: where they were written, who wrote them (as given on the
    # card; never the staff member who typed them), who typed them, the photo of the card.
    event_id: Mapped[int | None] = mapped_column(ForeignKey("events.id"), index=True)
    station_id: Mapped[int | None] = mapped_column(ForeignKey("stations.id"), index=True)
    credited_name: Mapped[str | None] = mapped_column(String(160))
    credited_organisation: Mapped[str | None] = mapped_column(String(200))
    credited_group: Mapped[str | None] = mapped_column(String(30))
    captured_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    photo_path: Mapped[str | None] = mapped_column(String(255))
    import_batch_id: Mapped[int | None] = mapped_column(ForeignKey("import_batches.id"),
                                                        index=True)
    # Recognises an imported row on a second import of the same file.
    content_hash: Mapped[str | None] = mapped_column(String(64), index=True)
    # "Same as B-0123": a duplicate stays a contribution of its own, linked to the other.
    duplicate_of_id: Mapped[int | None] = mapped_column(ForeignKey("contributions.id"),
                                                        index=True)
    # A remark on a draft item (kind "remark", in a round on a version) names that item.
    item_id: Mapped[int | None] = mapped_column(ForeignKey("items.id"), index=True)
    status: Mapped[str] = mapped_column(String(20), default="published", index=True)
    outcome: Mapped[str] = mapped_column(String(20), default="pending", index=True)
    # Why not taken up or forwarded (and to whom); who set the outcome, when.
    outcome_reason: Mapped[str] = mapped_column(Text, default="", server_default="")
    forwarded_to: Mapped[str] = mapped_column(String(200), default="", server_default="")
    outcome_at: Mapped[datetime | None]
    outcome_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    hidden_reason: Mapped[str | None] = mapped_column(Text)
    hidden_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    lock_version: Mapped[int] = mapped_column(default=1)
    # Who took part, as it was when they did (the participation report counts a person's
    # group then, not as their profile says today): the group stated in the profile or on the
    # card, and the language of the pages they used.
    participant_group: Mapped[str | None] = mapped_column(String(30))
    ui_language: Mapped[str | None] = mapped_column(String(8))
    # Kept on the row in the same transaction as the change that moves them (the flush hook
    # `_keep_counters` below: a support added or taken back, a comment published, hidden or
    # restored), and recounted after bulk `insert()`s (`services.recount`): lists show and
    # sort by them without counting supports and comments per row (issue 15).
    # comment_count: published comments, as lists show.
    support_count: Mapped[int] = mapped_column(default=0, server_default="0")
    comment_count: Mapped[int] = mapped_column(default=0, server_default="0")

    # Indexes in the order of each list's filter and sort: a round's or topic's page of 20
    # reads 20 index entries instead of sorting all of the round's rows; the moderation page
    # finds the latest hidden rows without a scan.
    __table_args__ = (
        Index("ix_contributions_round_created", "round_id", "created_at", "id"),
        Index("ix_contributions_round_supports", "round_id", "support_count", "created_at"),
        Index("ix_contributions_round_comments", "round_id", "comment_count", "created_at"),
        Index("ix_contributions_topic_created", "topic_id", "created_at", "id"),
        Index("ix_contributions_author_created", "author_id", "created_at", "id"),
        Index("ix_contributions_status_hidden", "status", "hidden_at"),
        # The workbench's counts per outcome of a topic; remarks counted per draft item.
        Index("ix_contributions_topic_status_outcome", "topic_id", "status", "outcome"),
        Index("ix_contributions_item_kind_status", "item_id", "kind", "status"),
        # A round's contributions counted from the index alone: per status (the rounds page)
        # and a round list's total with its language and kind filters and the visibility
        # condition (status, or the viewer's own: author_id); issue 15.
        Index("ix_contributions_round_status_filters", "round_id", "status", "language",
              "kind", "author_id"),
        # A round list filtered by kind and language, newest first, read in index order
        # however few contributions match.
        Index("ix_contributions_round_kind_language", "round_id", "kind", "language",
              "created_at", "id"),
        # Counted from the index alone as well: a topic page's total (its topic, the rounds
        # the viewer may see, the visibility condition and the filters) and a round list's
        # total filtered by a field of action; issue 15.
        Index("ix_contributions_topic_status_filters", "topic_id", "status", "round_id",
              "kind", "language", "author_id"),
        Index("ix_contributions_round_topic_filters", "round_id", "topic_id", "kind",
              "status", "language", "author_id"),
    )

    round = relationship("Round")
    topic = relationship("Topic")
    author = relationship("User", foreign_keys=[author_id])
    duplicate_of = relationship("Contribution", remote_side=[id], foreign_keys=[duplicate_of_id])
    organisation = relationship("Organisation")
    item = relationship("Item")
    themes = relationship("Topic", secondary=contribution_themes,
                          order_by="Topic.position")
    revisions: Mapped[list["ContributionRevision"]] = relationship(
        back_populates="contribution", order_by="ContributionRevision.id.desc()")

    __mapper_args__ = {"version_id_col": lock_version}

    @property
    def reference(self) -> str:
        """The human reference number shown everywhere, e.g. B-0042."""
        return f"B-{self.id:04d}"

    @property
    def kind_label(self) -> str:
        return CONTRIBUTION_KINDS.label(self.kind)

    @property
    def status_label(self) -> str:
        return STATUSES.label(self.status)

    @property
    def outcome_label(self) -> str:
        return OUTCOMES.label(self.outcome)

    @property
    def source_label(self) -> str:
        return SOURCES.label(self.source)

    @property
    def is_hidden(self) -> bool:
        return self.status == "hidden"


class ContributionRevision(db.Model):
    """The text of a contribution as it was before an edit."""

    __tablename__ = "contribution_revisions"

    id: Mapped[int] = mapped_column(primary_key=True)
    contribution_id: Mapped[int] = mapped_column(ForeignKey("contributions.id"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    body_html: Mapped[str] = mapped_column(Text)
    # Valid from created_at of the previous state until edited_at.
    edited_at: Mapped[datetime] = mapped_column(default=utcnow)
    edited_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    note: Mapped[str] = mapped_column(Text, default="")

    contribution = relationship(Contribution, back_populates="revisions")
    edited_by = relationship("User")


class Comment(db.Model):
    __tablename__ = "comments"

    id: Mapped[int] = mapped_column(primary_key=True)
    contribution_id: Mapped[int] = mapped_column(ForeignKey("contributions.id"), index=True)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("comments.id"), index=True)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    body: Mapped[str] = mapped_column(Text)
    body_html: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(20), default="published", index=True)
    hidden_reason: Mapped[str | None] = mapped_column(Text)
    hidden_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    # As on Contribution: the writer's group and page language when they wrote it.
    participant_group: Mapped[str | None] = mapped_column(String(30))
    ui_language: Mapped[str | None] = mapped_column(String(8))

    # The moderation page's latest hidden comments; a contribution's thread in order.
    __table_args__ = (
        Index("ix_comments_status_hidden", "status", "hidden_at"),
        Index("ix_comments_contribution_created", "contribution_id", "created_at"),
    )

    contribution = relationship(Contribution)
    author = relationship("User")
    parent = relationship("Comment", remote_side=[id])

    @property
    def is_hidden(self) -> bool:
        return self.status == "hidden"


class Support(db.Model):
    """One person's support for a contribution (at most one each)."""

    __tablename__ = "supports"
    __table_args__ = (UniqueConstraint("contribution_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    contribution_id: Mapped[int] = mapped_column(ForeignKey("contributions.id"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # As on Contribution: the supporter's group and page language when they supported it.
    participant_group: Mapped[str | None] = mapped_column(String(30))
    ui_language: Mapped[str | None] = mapped_column(String(8))


class Flag(db.Model):
    """A report ("report this") of a contribution or a comment, with the reporter's reason."""

    __tablename__ = "flags"

    OPEN, DISMISSED, ACTIONED = "open", "dismissed", "actioned"

    id: Mapped[int] = mapped_column(primary_key=True)
    contribution_id: Mapped[int | None] = mapped_column(ForeignKey("contributions.id"),
                                                        index=True)
    comment_id: Mapped[int | None] = mapped_column(ForeignKey("comments.id"), index=True)
    reporter_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    reason: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(20), default=OPEN, index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    decided_at: Mapped[datetime | None]
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    # The open flags, the longest waiting first (the moderation page).
    __table_args__ = (Index("ix_flags_status_created", "status", "created_at"),)

    contribution = relationship(Contribution)
    comment = relationship(Comment)
    reporter = relationship("User", foreign_keys=[reporter_id])


# --- the counters on contributions --------------------------------------------------------------

def _comment_delta(comment: Comment, *, new: bool = False, deleted: bool = False) -> int:
    """How a flushed comment moves its contribution's count of published comments."""
    if new:
        return 1 if comment.status == "published" else 0
    if deleted:
        history = inspect(comment).attrs.status.history
        was = history.deleted[0] if history.deleted else comment.status
        return -1 if was == "published" else 0
    history = inspect(comment).attrs.status.history
    if not history.deleted:
        return 0
    was, now = history.deleted[0], comment.status
    return (now == "published") - (was == "published")


@event.listens_for(Session, "after_flush")
def _keep_counters(session, _flush_context) -> None:
    """Move support_count and comment_count of the contributions whose supports or published
    comments this flush added, deleted or changed, by SQL in the same transaction: whatever
    path adds a support or hides a comment (use case, demo loader, restore), the counter
    follows, and two people supporting at once both count. The UPDATE does not touch
    lock_version: a support is no edit, an author editing meanwhile gets no conflict."""
    deltas: dict[int, list[int]] = {}

    def add(contribution_id, supports=0, comments=0):
        if contribution_id is not None and (supports or comments):
            entry = deltas.setdefault(contribution_id, [0, 0])
            entry[0] += supports
            entry[1] += comments

    for obj in session.new:
        if isinstance(obj, Support):
            add(obj.contribution_id, supports=1)
        elif isinstance(obj, Comment):
            add(obj.contribution_id, comments=_comment_delta(obj, new=True))
    for obj in session.deleted:
        if isinstance(obj, Support):
            add(obj.contribution_id, supports=-1)
        elif isinstance(obj, Comment):
            add(obj.contribution_id, comments=_comment_delta(obj, deleted=True))
    for obj in session.dirty:
        if isinstance(obj, Comment) and obj not in session.new:
            add(obj.contribution_id, comments=_comment_delta(obj))
    if not deltas:
        return
    table = Contribution.__table__
    connection = session.connection()
    for contribution_id, (supports, comments) in sorted(deltas.items()):
        row = connection.execute(
            table.update().where(table.c.id == contribution_id)
            .values(support_count=table.c.support_count + supports,
                    comment_count=table.c.comment_count + comments)
            .returning(table.c.support_count, table.c.comment_count)).first()
        loaded = session.identity_map.get(identity_key(Contribution, contribution_id))
        if row is not None and loaded is not None:
            set_committed_value(loaded, "support_count", row.support_count)
            set_committed_value(loaded, "comment_count", row.comment_count)

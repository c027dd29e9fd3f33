"""The implementation record of a measure, its dated progress entries (with revisions) and the
list of statuses staff can edit.

A record belongs to the draft item (the measure), not to a version: when a later version is
adopted, the history goes on on the same measure. Nothing here is ever hard-deleted: entries
are hidden with a reason, edits keep revisions."""

from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import JSON, Column, ForeignKey, String, Table, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core.time import utcnow
from app.extensions import db

# The statuses a new installation starts with: code -> (German name, default progress in %,
# counted in the roll-up). Staff may rename them, change the percentages and add more.
DEFAULT_STATUSES = {
    "planned": ("geplant", 0, True),
    "in_progress": ("in Umsetzung", 50, True),
    "done": ("umgesetzt", 100, True),
    "paused": ("pausiert", 25, True),
    "dropped": ("aufgegeben", 0, False),
}
# The default names in the reader's language (a renamed status shows its new name).
STATUS_LABELS = {
    "planned": _l("geplant"),
    "in_progress": _l("in Umsetzung"),
    "done": _l("umgesetzt"),
    "paused": _l("pausiert"),
    "dropped": _l("aufgegeben"),
}
MAX_ENTRY_TEXT = 5000


class ImplementationStatus(db.Model):
    """One status of the editable list (geplant, in Umsetzung, ...)."""

    __tablename__ = "implementation_statuses"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(80))
    default_progress: Mapped[int] = mapped_column(default=0)
    # "aufgegeben" is left out of the roll-up of sub-goals, topics and the concept.
    counts_in_rollup: Mapped[bool] = mapped_column(default=True)
    position: Mapped[int] = mapped_column(default=0)
    lock_version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": lock_version}

    @property
    def label(self) -> str:
        """The name in the reader's language while it is still the default one."""
        default = DEFAULT_STATUSES.get(self.code)
        if default is not None and self.name == default[0]:
            return str(STATUS_LABELS[self.code])
        return self.name


record_organisations = Table(
    "implementation_record_organisations",
    db.metadata,
    Column("record_id", ForeignKey("implementation_records.id", ondelete="CASCADE"),
           primary_key=True),
    Column("organisation_id", ForeignKey("organisations.id", ondelete="CASCADE"),
           primary_key=True),
)


class ImplementationRecord(db.Model):
    """The implementation state of one measure (a draft item of kind "measure")."""

    __tablename__ = "implementation_records"

    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("items.id"), unique=True)
    status_id: Mapped[int] = mapped_column(ForeignKey("implementation_statuses.id"), index=True)
    # None: the status's default percentage.
    progress_override: Mapped[int | None]
    # Taken from the adopted item when the record is made; staff may change them here.
    responsible: Mapped[str] = mapped_column(String(300), default="")
    partners: Mapped[str] = mapped_column(Text, default="")
    starts_on: Mapped[date | None]
    ends_on: Mapped[date | None]
    # The date of the newest visible entry ("Stand veraltet" when it is too old).
    last_entry_on: Mapped[date | None] = mapped_column(index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    lock_version: Mapped[int] = mapped_column(default=1)

    item = relationship("Item")
    status: Mapped[ImplementationStatus] = relationship()
    # Organisations whose active representatives may post progress entries.
    organisations = relationship("Organisation", secondary=record_organisations,
                                 order_by="Organisation.name")

    __mapper_args__ = {"version_id_col": lock_version}

    @property
    def progress(self) -> int:
        if self.progress_override is not None:
            return self.progress_override
        return self.status.default_progress


class ProgressEntry(db.Model):
    """A dated note on what happened, optionally changing status and progress."""

    __tablename__ = "progress_entries"

    id: Mapped[int] = mapped_column(primary_key=True)
    record_id: Mapped[int] = mapped_column(ForeignKey("implementation_records.id"), index=True)
    happened_on: Mapped[date]
    text: Mapped[str] = mapped_column(Text, default="")
    text_html: Mapped[str] = mapped_column(Text, default="")
    link: Mapped[str] = mapped_column(String(500), default="")
    # A status change: the status before and after (both None when it did not change).
    previous_status_id: Mapped[int | None] = mapped_column(
        ForeignKey("implementation_statuses.id"))
    status_id: Mapped[int | None] = mapped_column(ForeignKey("implementation_statuses.id"))
    progress: Mapped[int | None]
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    # Written by a representative on behalf of this (responsible) organisation.
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    hidden_at: Mapped[datetime | None]
    hidden_reason: Mapped[str] = mapped_column(Text, default="")
    hidden_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    lock_version: Mapped[int] = mapped_column(default=1)

    record: Mapped[ImplementationRecord] = relationship()
    status = relationship(ImplementationStatus, foreign_keys=[status_id])
    previous_status = relationship(ImplementationStatus, foreign_keys=[previous_status_id])
    author = relationship("User", foreign_keys=[author_id])
    organisation = relationship("Organisation")

    __mapper_args__ = {"version_id_col": lock_version}

    @property
    def is_hidden(self) -> bool:
        return self.hidden_at is not None

    @property
    def changes_status(self) -> bool:
        return self.status_id is not None and self.status_id != self.previous_status_id


class ProgressEntryRevision(db.Model):
    """One change of an entry: created, edited, hidden, restored; with the values before and
    after."""

    __tablename__ = "progress_entry_revisions"

    id: Mapped[int] = mapped_column(primary_key=True)
    entry_id: Mapped[int] = mapped_column(ForeignKey("progress_entries.id"), index=True)
    action: Mapped[str] = mapped_column(String(30))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    before: Mapped[dict | None] = mapped_column(JSON)
    after: Mapped[dict | None] = mapped_column(JSON)


class MeasureFollower(db.Model):
    """Someone who wants to hear when a measure's status changes."""

    __tablename__ = "measure_followers"
    __table_args__ = (UniqueConstraint("item_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("items.id"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

"""The yearly progress report ("Umsetzungsbericht"): a frozen snapshot, made for the
integration conference, of every measure's state, the roll-up per topic and the progress
entries of a reporting period, with an introduction written by staff.

Like a frozen version, a report never changes: `guard_progress_reports` refuses, at flush
time, any change or deletion of a report and its rows, and any row added to a report that is
not being created in the same flush. Texts, names and figures are copies, so that what the
conference discussed stays readable when measures, statuses or organisations change later."""

from datetime import date, datetime

from sqlalchemy import JSON, ForeignKey, String, Text, UniqueConstraint, event
from sqlalchemy.orm import Mapped, Session, mapped_column, relationship

from app.core.time import utcnow
from app.extensions import db
from app.implementation.models import DEFAULT_STATUSES, STATUS_LABELS

MAX_TITLE = 200
MAX_INTRO = 20000


class FrozenReportError(Exception):
    """Someone tried to change a progress report after it was made."""


def status_label(code: str | None, name: str | None) -> str:
    """A status's name in the reader's language while it is still the default one (as
    ImplementationStatus.label)."""
    default = DEFAULT_STATUSES.get(code or "")
    if default is not None and name == default[0]:
        return str(STATUS_LABELS[code])
    return name or ""


class ProgressReport(db.Model):
    __tablename__ = "progress_reports"
    __table_args__ = (UniqueConstraint("concept_id", "period_start", "period_end"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    concept_id: Mapped[int] = mapped_column(ForeignKey("concepts.id"), index=True)
    # The adopted version whose measures the report is about.
    version_id: Mapped[int] = mapped_column(ForeignKey("versions.id"))
    # The report before it ("what changed since"), fixed when it is made.
    previous_id: Mapped[int | None] = mapped_column(ForeignKey("progress_reports.id"))
    title: Mapped[str] = mapped_column(String(MAX_TITLE))
    period_start: Mapped[date]
    period_end: Mapped[date]
    intro: Mapped[str] = mapped_column(Text, default="")
    intro_html: Mapped[str] = mapped_column(Text, default="")
    # The concept's roll-up: mean over `parts` topics, resting on `measures` measures.
    percent: Mapped[int | None]
    measures: Mapped[int] = mapped_column(default=0)
    parts: Mapped[int] = mapped_column(default=0)
    # Published when made: the public reads it as soon as its version is public.
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    version = relationship("Version")
    previous = relationship("ProgressReport", remote_side=[id])
    created_by = relationship("User")


class ProgressReportTopic(db.Model):
    """A field of action or cross-cutting theme with its roll-up when the report was made.
    `sub_goals`: [[sub-goal item id or None, text, percent or None, measures], ...]."""

    __tablename__ = "progress_report_topics"

    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("progress_reports.id"), index=True)
    topic_id: Mapped[int] = mapped_column(ForeignKey("topics.id"))
    kind: Mapped[str] = mapped_column(String(20))
    slug: Mapped[str] = mapped_column(String(80))
    name: Mapped[str] = mapped_column(String(160))
    position: Mapped[int] = mapped_column(default=0)
    percent: Mapped[int | None]
    measures: Mapped[int] = mapped_column(default=0)
    parts: Mapped[int] = mapped_column(default=0)
    # Cross-cutting themes: the measures of other topics marked with the theme.
    tagged_percent: Mapped[int | None]
    tagged_measures: Mapped[int] = mapped_column(default=0)
    sub_goals: Mapped[list] = mapped_column(JSON, default=list)

    report: Mapped[ProgressReport] = relationship()


class ProgressReportMeasure(db.Model):
    """One measure's state when the report was made."""

    __tablename__ = "progress_report_measures"
    __table_args__ = (UniqueConstraint("report_id", "item_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("progress_reports.id"), index=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("items.id"))
    topic_id: Mapped[int] = mapped_column(ForeignKey("topics.id"))
    sub_goal_item_id: Mapped[int | None] = mapped_column(ForeignKey("items.id"))
    position: Mapped[int] = mapped_column(default=0)
    text: Mapped[str] = mapped_column(Text)
    text_html: Mapped[str] = mapped_column(Text, default="")
    responsible: Mapped[str] = mapped_column(String(300), default="")
    organisations: Mapped[str] = mapped_column(Text, default="")  # names, one a line
    status_code: Mapped[str] = mapped_column(String(40))
    status_name: Mapped[str] = mapped_column(String(80))
    progress: Mapped[int] = mapped_column(default=0)
    counts_in_rollup: Mapped[bool] = mapped_column(default=True)
    # False: withdrawn from the adopted concept (with the reason), kept for its history.
    in_concept: Mapped[bool] = mapped_column(default=True)
    withdrawn_reason: Mapped[str] = mapped_column(Text, default="")
    last_entry_on: Mapped[date | None]
    themes: Mapped[list] = mapped_column(JSON, default=list)  # [[slug, name], ...]

    report: Mapped[ProgressReport] = relationship()

    @property
    def status_label(self) -> str:
        return status_label(self.status_code, self.status_name)


class ProgressReportEntry(db.Model):
    """A progress entry of the reporting period, as it read when the report was made."""

    __tablename__ = "progress_report_entries"

    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("progress_reports.id"), index=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("items.id"))
    entry_id: Mapped[int] = mapped_column(ForeignKey("progress_entries.id"))
    happened_on: Mapped[date]
    text: Mapped[str] = mapped_column(Text, default="")
    text_html: Mapped[str] = mapped_column(Text, default="")
    link: Mapped[str] = mapped_column(String(500), default="")
    status_code: Mapped[str | None] = mapped_column(String(40))  # a status change: the new one
    status_name: Mapped[str | None] = mapped_column(String(80))
    progress: Mapped[int | None]
    # Written by (the name is read from the account, which deleting it anonymises) or on
    # behalf of an organisation (its name as it was).
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    organisation_name: Mapped[str] = mapped_column(String(200), default="")

    report: Mapped[ProgressReport] = relationship()
    author = relationship("User")

    @property
    def status_label(self) -> str:
        return status_label(self.status_code, self.status_name)


SNAPSHOT_ROWS = (ProgressReportTopic, ProgressReportMeasure, ProgressReportEntry)


@event.listens_for(Session, "before_flush")
def guard_progress_reports(session, flush_context, instances) -> None:
    for obj in session.new:
        if isinstance(obj, SNAPSHOT_ROWS) and obj.report not in session.new:
            raise FrozenReportError(f"progress report {obj.report_id} is frozen: "
                                    f"no new {obj.__tablename__}")
    for obj in session.dirty:
        if isinstance(obj, (ProgressReport, *SNAPSHOT_ROWS)) and session.is_modified(obj):
            raise FrozenReportError(f"{obj.__tablename__} {obj.id} is frozen")
    for obj in session.deleted:
        if isinstance(obj, (ProgressReport, *SNAPSHOT_ROWS)):
            raise FrozenReportError(f"{obj.__tablename__} {obj.id} is frozen")

"""The yearly progress report: the use case that makes one (a frozen snapshot of the overview
of `progress.py`, with the roll-up by its rules, and the entries of the reporting period) and
the reading side the report page and the exports share (measures per topic and sub-goal, the
period's entries per measure, what changed since the previous report). Writes flush, never
commit; reading makes the same few queries however many measures a report holds."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from flask_babel import format_date
from flask_babel import gettext as _
from sqlalchemy import exc, select
from sqlalchemy.orm import joinedload

from app.concepts.models import Concept
from app.core import audit
from app.core.permissions import can, listed_progress_reports
from app.core.sanitize import render_markdown
from app.extensions import db
from app.implementation import progress
from app.implementation.models import ImplementationRecord, ProgressEntry
from app.implementation.report_models import (
    MAX_INTRO,
    MAX_TITLE,
    ProgressReport,
    ProgressReportEntry,
    ProgressReportMeasure,
    ProgressReportTopic,
)
from app.implementation.services import ImplementationError
from app.versions.models import Version

DATE = "dd.MM.yyyy"
DONE = "done"


def _day(value: date) -> str:
    return format_date(value, DATE)


# --- making a report ----------------------------------------------------------------------------

def suggested_period(concept: Concept, *, today: date | None = None) -> tuple[date, date]:
    """From the day after the latest report (or the first of January) up to today."""
    today = today or date.today()
    latest = latest_report(concept)
    if latest is not None and latest.period_end < today:
        return date.fromordinal(latest.period_end.toordinal() + 1), today
    return date(today.year, 1, 1), today


def latest_report(concept: Concept) -> ProgressReport | None:
    return db.session.scalar(select(ProgressReport).where(ProgressReport.concept_id == concept.id)
                             .order_by(ProgressReport.period_end.desc()).limit(1))


def _check_period(concept: Concept, start: date | None, end: date | None, today: date) -> None:
    if start is None:
        raise ImplementationError(_("Bitte geben Sie den Beginn des Berichtszeitraums an."),
                                  field="period_start")
    if end is None:
        raise ImplementationError(_("Bitte geben Sie das Ende des Berichtszeitraums an."),
                                  field="period_end")
    if end < start:
        raise ImplementationError(_("Das Ende des Berichtszeitraums liegt vor seinem Beginn."),
                                  field="period_end")
    if end > today:
        raise ImplementationError(_("Das Ende des Berichtszeitraums liegt in der Zukunft."),
                                  field="period_end")
    overlapping = db.session.scalar(
        select(ProgressReport).where(ProgressReport.concept_id == concept.id,
                                     ProgressReport.period_start <= end,
                                     ProgressReport.period_end >= start)
        .order_by(ProgressReport.period_start).limit(1))
    if overlapping is not None:
        raise ImplementationError(
            _("Für diesen Zeitraum gibt es schon einen Bericht: „%(title)s“ (%(start)s – "
              "%(end)s). Berichtszeiträume dürfen sich nicht überschneiden.",
              title=overlapping.title, start=_day(overlapping.period_start),
              end=_day(overlapping.period_end)), field="period_start")
    latest = latest_report(concept)
    if latest is not None and start < latest.period_start:
        # The snapshot is today's state: it cannot stand for a period before the latest report.
        raise ImplementationError(
            _("Ein neuer Bericht folgt auf den letzten („%(title)s“, bis %(end)s); sein "
              "Zeitraum kann nicht davor liegen.", title=latest.title,
              end=_day(latest.period_end)), field="period_start")


def create_progress_report(concept: Concept, *, title: str, period_start: date | None,
                           period_end: date | None, intro: str = "", actor,
                           today: date | None = None) -> ProgressReport:
    """Freeze every measure's state, the roll-up and the entries of the period into a new
    report. Refused (nothing written) for a period that overlaps an existing report's."""
    if not can("implementation.create_report", user=actor):
        raise ImplementationError(_("Nur die Verwaltung darf Umsetzungsberichte erstellen."))
    today = today or date.today()
    title = " ".join((title or "").split())
    if not title:
        raise ImplementationError(_("Bitte geben Sie dem Bericht einen Titel."), field="title")
    if len(title) > MAX_TITLE:
        raise ImplementationError(_("Höchstens %(n)d Zeichen.", n=MAX_TITLE), field="title")
    intro = (intro or "").strip()
    if len(intro) > MAX_INTRO:
        raise ImplementationError(_("Höchstens %(n)d Zeichen.", n=MAX_INTRO), field="intro")
    _check_period(concept, period_start, period_end, today)
    overview = progress.overview(concept, user=actor, today=today)
    if overview.version is None:
        raise ImplementationError(_("Es ist noch keine Fassung des Konzepts beschlossen."))
    report = ProgressReport(
        concept_id=concept.id, version_id=overview.version.id,
        previous=latest_report(concept), title=title, period_start=period_start,
        period_end=period_end, intro=intro, intro_html=render_markdown(intro, "basic"),
        percent=overview.figure.percent, measures=overview.figure.measures,
        parts=overview.figure.parts, created_by_id=getattr(actor, "id", None))
    db.session.add(report)
    try:
        db.session.flush()
    except exc.IntegrityError:  # the same period, saved by someone else a moment ago
        # (the caller rolls the transaction back, as after any refusal)
        raise ImplementationError(_("Für diesen Zeitraum gibt es schon einen Bericht."),
                                  field="period_start") from None
    counts = _write_snapshot(report, overview)
    audit.record("implementation.report_created", report, actor=actor, summary=title,
                 after={"period": [period_start.isoformat(), period_end.isoformat()],
                        "version": overview.version.number, **counts})
    return report


def _write_snapshot(report: ProgressReport, overview: progress.Overview) -> dict:
    """The rows of the report, inserted in one statement per table (400 measures with ten
    entries each are 4,400 rows)."""
    topics = [dict(
        report_id=report.id, topic_id=t.topic.topic_id, kind=t.topic.kind, slug=t.topic.slug,
        name=t.topic.name, position=position, percent=t.figure.percent,
        measures=t.figure.measures, parts=t.figure.parts,
        tagged_percent=t.tagged.percent if t.tagged else None,
        tagged_measures=t.tagged.measures if t.tagged else 0,
        sub_goals=[[g.sub_goal.item_id if g.sub_goal else None,
                    g.sub_goal.text if g.sub_goal else "", g.figure.percent, g.figure.measures]
                   for g in t.sub_goals])
        for position, t in enumerate(overview.topics, start=1)]
    states = overview.measures + overview.withdrawn
    sub_goal_ids = {g.sub_goal.item_id for t in overview.topics for g in t.sub_goals
                    if g.sub_goal is not None}
    measures = [dict(
        report_id=report.id, item_id=m.item_id, topic_id=m.copy.topic_id,
        sub_goal_item_id=m.copy.parent_item_id if m.copy.parent_item_id in sub_goal_ids
        else None, position=position, text=m.copy.text, text_html=m.copy.text_html,
        responsible=m.responsible, organisations="\n".join(o.name for o in m.organisations),
        status_code=m.status.code, status_name=m.status.name, progress=m.progress,
        counts_in_rollup=m.status.counts_in_rollup, in_concept=m.in_concept,
        withdrawn_reason=m.withdrawn_reason, last_entry_on=m.last_entry_on,
        themes=list(m.copy.themes or []))
        for position, m in enumerate(states, start=1)]
    entries = [dict(
        report_id=report.id, item_id=item_id, entry_id=e.id, happened_on=e.happened_on,
        text=e.text, text_html=e.text_html, link=e.link,
        status_code=e.status.code if e.changes_status else None,
        status_name=e.status.name if e.changes_status else None, progress=e.progress,
        author_id=e.author_id, organisation_name=e.organisation.name if e.organisation else "")
        for item_id, e in _period_entries(report, [m.item_id for m in states])]
    for model, rows in ((ProgressReportTopic, topics), (ProgressReportMeasure, measures),
                        (ProgressReportEntry, entries)):
        if rows:
            db.session.execute(model.__table__.insert(), rows)
    return {"topics": len(topics), "measures": len(measures), "entries": len(entries)}


def _period_entries(report: ProgressReport, item_ids: list[int]) -> list[tuple]:
    """(draft item id, entry) for the visible entries of the period, oldest first."""
    if not item_ids:
        return []
    return list(db.session.execute(
        select(ImplementationRecord.item_id, ProgressEntry)
        .join(ImplementationRecord, ImplementationRecord.id == ProgressEntry.record_id)
        .where(ImplementationRecord.item_id.in_(item_ids), ProgressEntry.hidden_at.is_(None),
               ProgressEntry.happened_on >= report.period_start,
               ProgressEntry.happened_on <= report.period_end)
        .options(joinedload(ProgressEntry.status), joinedload(ProgressEntry.organisation))
        .order_by(ProgressEntry.happened_on, ProgressEntry.id)).all())


# --- reading ------------------------------------------------------------------------------------

def reports_of(concept: Concept, *, user) -> list[ProgressReport]:
    """The reports `user` may read, newest period first."""
    return list(db.session.scalars(
        select(ProgressReport).join(Version, Version.id == ProgressReport.version_id)
        .where(ProgressReport.concept_id == concept.id, listed_progress_reports(user, Version))
        .options(joinedload(ProgressReport.version))
        .order_by(ProgressReport.period_end.desc(), ProgressReport.id.desc())))


def report_by_id(concept: Concept, report_id: int) -> ProgressReport | None:
    return db.session.scalar(
        select(ProgressReport).where(ProgressReport.id == report_id,
                                     ProgressReport.concept_id == concept.id)
        .options(joinedload(ProgressReport.version).selectinload(Version.adoptions),
                 joinedload(ProgressReport.previous)))


@dataclass
class GoalSection:
    """A sub-goal of a topic (None: measures without one) with its figure and measures."""

    item_id: int | None
    text: str
    percent: int | None
    measure_count: int
    measures: list[ProgressReportMeasure] = field(default_factory=list)


@dataclass
class TopicSection:
    topic: ProgressReportTopic
    goals: list[GoalSection]

    @property
    def measures(self) -> list[ProgressReportMeasure]:
        return [m for g in self.goals for m in g.measures]


@dataclass
class StatusChange:
    measure: ProgressReportMeasure
    before: ProgressReportMeasure


@dataclass
class Changes:
    """What changed since the previous report (None: this is the first)."""

    previous: ProgressReport | None
    status_changes: list[StatusChange] = field(default_factory=list)
    new: list[ProgressReportMeasure] = field(default_factory=list)
    finished: list[ProgressReportMeasure] = field(default_factory=list)
    withdrawn: list[ProgressReportMeasure] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not (self.status_changes or self.new or self.finished or self.withdrawn)


@dataclass
class ReportDocument:
    """A report as its page and exports read it."""

    report: ProgressReport
    concept: Concept
    topics: list[TopicSection]
    measures: list[ProgressReportMeasure]
    withdrawn: list[ProgressReportMeasure]
    entries: dict[int, list[ProgressReportEntry]]
    changes: Changes

    @property
    def fields(self) -> list[TopicSection]:
        return [t for t in self.topics if t.topic.kind == "field"]

    @property
    def crosscutting(self) -> list[TopicSection]:
        return [t for t in self.topics if t.topic.kind == "crosscutting"]

    @property
    def entry_count(self) -> int:
        return sum(len(e) for e in self.entries.values())

    def status_counts(self) -> list[tuple[str, str, int]]:
        """(code, label, number of measures) in the order the statuses first appear."""
        counted: dict[str, list] = {}
        for m in self.measures:
            counted.setdefault(m.status_code, [m.status_label, 0])[1] += 1
        return [(code, label, n) for code, (label, n) in counted.items()]


def _rows(model, report_id: int) -> list:
    """The topics or the measures of a report, in their order."""
    return list(db.session.scalars(select(model).where(model.report_id == report_id)
                                   .order_by(model.position, model.id)))


def report_document(report: ProgressReport, concept: Concept) -> ReportDocument:
    """Everything a report shows, in four or five queries."""
    topics = _rows(ProgressReportTopic, report.id)
    measures = _rows(ProgressReportMeasure, report.id)
    entries: dict[int, list[ProgressReportEntry]] = defaultdict(list)
    for entry in db.session.scalars(
            select(ProgressReportEntry).where(ProgressReportEntry.report_id == report.id)
            .options(joinedload(ProgressReportEntry.author))
            .order_by(ProgressReportEntry.happened_on, ProgressReportEntry.id)):
        entries[entry.item_id].append(entry)
    current = [m for m in measures if m.in_concept]
    by_goal: dict[tuple, list] = defaultdict(list)
    for m in current:
        by_goal[(m.topic_id, m.sub_goal_item_id)].append(m)
    sections = []
    for topic in topics:
        goals = [GoalSection(item_id, text, percent, count,
                             by_goal.get((topic.topic_id, item_id), []))
                 for item_id, text, percent, count in topic.sub_goals]
        sections.append(TopicSection(topic, goals))
    previous = (_rows(ProgressReportMeasure, report.previous_id)
                if report.previous_id is not None else None)
    return ReportDocument(report, concept, sections, current,
                          [m for m in measures if not m.in_concept], dict(entries),
                          changes_since(report.previous, previous, measures))


def changes_since(previous: ProgressReport | None, before: list | None,
                  now: list[ProgressReportMeasure]) -> Changes:
    """Status changes, measures new in the concept, measures finished ("umgesetzt") and
    measures withdrawn since the previous report."""
    changes = Changes(previous)
    if previous is None or before is None:
        return changes
    earlier = {m.item_id: m for m in before}
    for m in now:
        old = earlier.get(m.item_id)
        if not m.in_concept:
            if old is not None and old.in_concept:
                changes.withdrawn.append(m)
            continue
        if old is None or not old.in_concept:
            changes.new.append(m)
        elif old.status_code != m.status_code:
            changes.status_changes.append(StatusChange(m, old))
        if m.status_code == DONE and (old is None or old.status_code != DONE):
            changes.finished.append(m)
    return changes

"""The reading side of implementation: each measure's state (status, progress, "Stand
veraltet"), the roll-up from measures to sub-goals, topics and the concept, and the story of a
measure from the cards it came from to its status today. Nothing here writes."""

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime

from flask import current_app
from sqlalchemy import select

from app.accounts.models import Organisation
from app.concepts.models import Concept, Item
from app.contributions.models import Contribution
from app.core.permissions import can
from app.extensions import db
from app.implementation import queries
from app.implementation.models import (
    DEFAULT_STATUSES,
    ImplementationRecord,
    ImplementationStatus,
    ProgressEntry,
)
from app.versions.models import Version, VersionItem, VersionTopic
from app.versions.services import latest_adopted


def default_statuses() -> list[ImplementationStatus]:
    """The default list, as objects not added to the session (for reading before any write)."""
    return [ImplementationStatus(code=code, name=name, default_progress=progress,
                                 counts_in_rollup=counts, position=position)
            for position, (code, (name, progress, counts))
            in enumerate(DEFAULT_STATUSES.items(), start=1)]


def status_list() -> list[ImplementationStatus]:
    return queries.statuses() or default_statuses()


# --- reading: the state of each measure ---------------------------------------------------------

def adopted_version(concept: Concept, *, user) -> Version | None:
    """The version implementation follows: the newest adopted one among those `user` may find
    (published ones, for the public: `user=None`)."""
    return latest_adopted(concept, user=user)


def months_before(day: date, months: int) -> date:
    month = day.month - 1 - months
    year, month = day.year + month // 12, month % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise ValueError(day)  # pragma: no cover


def stale_before(today: date | None = None) -> date:
    """Measures whose newest entry is older than this are "veraltet"."""
    return months_before(today or date.today(),
                         current_app.config.get("IMPLEMENTATION_STALE_MONTHS", 6))


@dataclass
class MeasureState:
    """One measure as the pages show it: its adopted text, its record (or the defaults)."""

    copy: VersionItem  # the text as adopted
    topic: VersionTopic | None
    sub_goal: VersionItem | None
    status: ImplementationStatus
    record: ImplementationRecord | None = None
    adopted_on: date | None = None
    in_concept: bool = True
    withdrawn_reason: str = ""
    stale_from: date | None = None

    @property
    def item_id(self) -> int:
        return self.copy.item_id

    @property
    def progress(self) -> int:
        return self.record.progress if self.record is not None else self.status.default_progress

    @property
    def responsible(self) -> str:
        return self.record.responsible if self.record is not None else self.copy.responsible

    @property
    def partners(self) -> str:
        return self.record.partners if self.record is not None else self.copy.partners

    @property
    def organisations(self) -> list[Organisation]:
        return list(self.record.organisations) if self.record is not None else []

    @property
    def last_entry_on(self) -> date | None:
        return self.record.last_entry_on if self.record is not None else None

    @property
    def counts(self) -> bool:
        """Counted in the roll-up: part of the adopted concept and not given up."""
        return self.in_concept and self.status.counts_in_rollup

    @property
    def is_stale(self) -> bool:
        """No entry for the configured months. A measure given up or fully implemented
        awaits no further news, so it is never "veraltet"."""
        reference = self.last_entry_on or self.adopted_on
        return (self.counts and self.progress < 100 and self.stale_from is not None
                and reference is not None and reference < self.stale_from)

    @property
    def theme_slugs(self) -> list[str]:
        return [slug for slug, _name in self.copy.themes or []]

    @property
    def lock_version(self) -> int | None:
        return self.record.lock_version if self.record is not None else None


@dataclass
class Figure:
    """A rolled-up progress: the mean, and the number of measures it rests on."""

    percent: int | None
    measures: int
    parts: int = 0  # how many sub-goals (topic) or topics (concept) the mean is taken over


def _mean(values: list[int]) -> int | None:
    return round(sum(values) / len(values)) if values else None


@dataclass
class SubGoalRollup:
    sub_goal: VersionItem | None
    measures: list[MeasureState]
    figure: Figure


@dataclass
class TopicRollup:
    topic: VersionTopic
    sub_goals: list[SubGoalRollup]
    figure: Figure
    # Cross-cutting themes: the measures of other topics marked with this theme.
    tagged: Figure | None = None


@dataclass
class Overview:
    concept: Concept
    version: Version | None
    adopted_on: date | None
    statuses: list[ImplementationStatus]
    measures: list[MeasureState] = field(default_factory=list)
    topics: list[TopicRollup] = field(default_factory=list)
    figure: Figure = field(default_factory=lambda: Figure(None, 0))
    withdrawn: list[MeasureState] = field(default_factory=list)

    @property
    def fields(self) -> list[TopicRollup]:
        return [t for t in self.topics if t.topic.kind == "field"]

    @property
    def crosscutting(self) -> list[TopicRollup]:
        return [t for t in self.topics if t.topic.kind == "crosscutting"]

    def status_counts(self, measures: list[MeasureState] | None = None) -> list[tuple]:
        counted = Counter(m.status.code for m in (self.measures if measures is None
                                                  else measures))
        return [(s, counted.get(s.code, 0)) for s in self.statuses]

    @property
    def responsible_bodies(self) -> list[str]:
        """Who is named responsible: the bodies of the measures and their organisations."""
        names = {m.responsible for m in self.measures if m.responsible}
        names |= {o.name for m in self.measures for o in m.organisations}
        return sorted(names, key=str.casefold)

    def filtered(self, filters: dict) -> list[MeasureState]:
        measures = self.measures
        if filters.get("topic"):
            measures = [m for m in measures if m.topic and m.topic.slug == filters["topic"]]
        if filters.get("theme"):
            measures = [m for m in measures if filters["theme"] in m.theme_slugs
                        or (m.topic and m.topic.slug == filters["theme"])]
        if filters.get("status"):
            measures = [m for m in measures if m.status.code == filters["status"]]
        if filters.get("responsible"):
            wanted = filters["responsible"].casefold()
            measures = [m for m in measures if wanted == m.responsible.casefold()
                        or any(wanted == o.name.casefold() for o in m.organisations)]
        if filters.get("stale"):
            measures = [m for m in measures if m.is_stale]
        return measures


def overview(concept: Concept, *, user, today: date | None = None) -> Overview:
    """Every measure of the adopted version `user` may see with its state, and the roll-up
    (fixed queries)."""
    version = adopted_version(concept, user=user)
    statuses = status_list()
    if version is None:
        return Overview(concept, None, None, statuses)
    adopted_on = min(a.adopted_on for a in version.adoptions)
    first = statuses[0]
    stale_from = stale_before(today)
    topics = queries.version_topics(version)
    topic_by_id = {t.topic_id: t for t in topics}
    copies = queries.goal_and_measure_copies(version)
    sub_goals = {c.item_id: c for c in copies if c.kind == "sub_goal"}
    measure_copies = [c for c in copies if c.kind == "measure"]
    withdrawn = queries.withdrawn_measures(concept.id, version)
    ids = [c.item_id for c in measure_copies] + [c.item_id for c, _item in withdrawn]
    records = queries.records_by_item(ids)
    # "Stand veraltet" and the earliest date of an entry count from a measure's first adoption
    first_adopted = queries.first_adoptions(ids, user=user)

    def state(copy, **extra) -> MeasureState:
        record = records.get(copy.item_id)
        return MeasureState(copy=copy, topic=topic_by_id.get(copy.topic_id),
                            sub_goal=sub_goals.get(copy.parent_item_id),
                            status=record.status if record is not None else first,
                            record=record, stale_from=stale_from,
                            adopted_on=first_adopted.get(copy.item_id, adopted_on), **extra)

    result = Overview(concept, version, adopted_on, statuses,
                      measures=[state(c) for c in measure_copies],
                      withdrawn=[state(c, in_concept=False,
                                       withdrawn_reason=item.withdrawn_reason or "")
                                 for c, item in withdrawn])
    _roll_up(result, topics, sub_goals)
    return result


def _roll_up(result: Overview, topics: list[VersionTopic], sub_goals: dict) -> None:
    """Sub-goal: mean of its measures (without those given up); topic: mean of its sub-goals;
    concept: mean of its topics. Every figure keeps the number of measures it rests on."""
    by_sub_goal: dict[tuple[int, int | None], list[MeasureState]] = defaultdict(list)
    # progress of the counted measures marked with each cross-cutting theme, in list order
    by_theme: dict[str, list[int]] = defaultdict(list)
    for measure in result.measures:
        parent = measure.copy.parent_item_id if measure.copy.parent_item_id in sub_goals else None
        by_sub_goal[(measure.copy.topic_id, parent)].append(measure)
        if measure.counts:
            for slug in dict.fromkeys(measure.theme_slugs):
                by_theme[slug].append(measure.progress)
    goals_of: dict[int, list[VersionItem]] = defaultdict(list)
    for goal in sub_goals.values():
        goals_of[goal.topic_id].append(goal)
    topic_figures = []
    for topic in topics:
        rollups = []
        order = goals_of.get(topic.topic_id, [])
        for goal in [*order, None]:
            measures = by_sub_goal.get((topic.topic_id, goal.item_id if goal else None), [])
            if goal is None and not measures:
                continue
            counted = [m.progress for m in measures if m.counts]
            rollups.append(SubGoalRollup(goal, measures, Figure(_mean(counted), len(counted))))
        with_figure = [r.figure for r in rollups if r.figure.percent is not None]
        figure = Figure(_mean([f.percent for f in with_figure]),
                        sum(f.measures for f in with_figure), len(with_figure))
        tagged = None
        if topic.kind == "crosscutting":
            marked = by_theme.get(topic.slug, [])
            tagged = Figure(_mean(marked), len(marked))
        if rollups or (tagged and tagged.measures):
            result.topics.append(TopicRollup(topic, rollups, figure, tagged))
        if figure.percent is not None:
            topic_figures.append(figure)
    result.figure = Figure(_mean([f.percent for f in topic_figures]),
                           sum(f.measures for f in topic_figures), len(topic_figures))


def measure_state(concept: Concept, item: Item, *, user,
                  today: date | None = None, version: Version | None = None,
                  copies: list | None = None) -> MeasureState | None:
    """One measure's state (None when no adopted version ever held it). A page that has
    the adopted version and the item's copies (queries.copies_of) already passes them."""
    include_internal = can("version.see_internal", user=user)
    version = version or adopted_version(concept, user=user)
    if version is None or item.kind != "measure":
        return None
    copies = queries.copies_of(item.id) if copies is None else copies
    adopted = [(c, v) for c, v in copies if v.adoptions
               and (include_internal or v.is_published) and v.number <= version.number]
    if not adopted:
        return None
    copy, holding = adopted[-1]
    records = queries.records_by_item([item.id])
    record = records.get(item.id)
    first_adoption = min(a.adopted_on for _c, v in adopted for a in v.adoptions)
    sub_goal = None
    if copy.parent_item_id is not None:
        sub_goal = db.session.scalar(select(VersionItem).where(
            VersionItem.version_id == holding.id, VersionItem.item_id == copy.parent_item_id))
    topic = db.session.scalar(select(VersionTopic).where(
        VersionTopic.version_id == holding.id, VersionTopic.topic_id == copy.topic_id))
    return MeasureState(copy=copy, topic=topic, sub_goal=sub_goal,
                        status=record.status if record is not None else status_list()[0],
                        record=record, adopted_on=first_adoption,
                        in_concept=holding.id == version.id,
                        withdrawn_reason=(item.withdrawn_reason or "")
                        if holding.id != version.id else "",
                        stale_from=stale_before(today))


# --- the story of a measure ---------------------------------------------------------------------

@dataclass
class StoryStep:
    """One dated step in a measure's story, from a card at an event to "umgesetzt"."""

    when: date
    kind: str  # contribution, item, version, adoption, status, withdrawn
    contribution: Contribution | None = None
    version: Version | None = None
    entry: ProgressEntry | None = None
    text: str = ""


def _day(value) -> date:
    return value.date() if isinstance(value, datetime) else value


def story(item: Item, sources: list[Contribution], copies: list[tuple],
          entries: list[ProgressEntry]) -> list[StoryStep]:
    steps = [StoryStep(_day(c.created_at), "contribution", contribution=c) for c in sources]
    steps.append(StoryStep(_day(item.created_at), "item"))
    for _copy, version in copies:
        steps.append(StoryStep(_day(version.frozen_at), "version", version=version))
        for adoption in version.adoptions:
            steps.append(StoryStep(adoption.adopted_on, "adoption", version=version,
                                   text=adoption.body))
    for entry in entries:
        if entry.changes_status:
            steps.append(StoryStep(entry.happened_on, "status", entry=entry))
    if item.withdrawn_at is not None:
        steps.append(StoryStep(_day(item.withdrawn_at), "withdrawn",
                               text=item.withdrawn_reason or ""))
    order = {"contribution": 0, "item": 1, "version": 2, "adoption": 3, "status": 4,
             "withdrawn": 5}
    return sorted(steps, key=lambda s: (s.when, order[s.kind]))

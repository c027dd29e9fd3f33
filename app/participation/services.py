"""The participation report: its figures (computed with a fixed number of queries, whatever
the number of contributions), kept for a minute or until the data changes, and the staff's
introduction above it.

Definitions (the page shows them too):
- contribution: a contribution of any kind except remarks on draft items, online or from the
  cards and lists of an event, in any state (published, waiting for approval, hidden,
  withdrawn: counted as such, never shown);
- remark: a contribution of the kind "remark on a draft item";
- participant: an account that wrote a contribution, a remark or a comment, or supported a
  contribution (not the office's: moderators and administrators); cards and imported lists
  are not accounts and are counted as contributions;
- a participant's group and page language: as stored with their first activity in the scope
  (the profile at that moment), not as the profile says today."""

import statistics
import threading
import time
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from flask import current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import case, func, select, union_all

from app.accounts.models import (
    GROUPS,
    LANGUAGE_CHOICES,
    ORGANISATION_KINDS,
    Organisation,
    User,
    UserRole,
)
from app.concepts.models import Concept, Topic
from app.contributions.models import (
    OUTCOMES,
    STATUSES,
    Comment,
    Contribution,
    Support,
    contribution_themes,
)
from app.core import audit, pagecache
from app.core.actions import Refusal, check_lock
from app.core.labels import Labels
from app.core.permissions import STAFF_ROLES, can
from app.core.sanitize import render_markdown
from app.core.time import as_utc, utcnow
from app.events.models import Event, Station
from app.extensions import db
from app.participation.models import MAX_INTRODUCTION, ReportIntroduction
from app.participation.tables import Line, Table
from app.rounds.models import Round
from app.versions.models import Version, VersionItem
from app.versions.services import latest_adopted

audit.describe("participation_introductions", label=_l("Einleitung des Beteiligungsberichts"))
audit.describe_actions(
    {"report.introduction": _l("Einleitung des Beteiligungsberichts gespeichert")})

CACHE_SECONDS = 60  # the longest a change that the fingerprint does not see takes to show
# A change the fingerprint sees shows on the next request, but the figures are computed at
# most once in this time (a busy process would otherwise compute them on every request: at
# 20,000 contributions that is half a second, against 40 ms for a page from the cache).
REFRESH_SECONDS = 10
NOT_STATED = "none"
OTHER = "other"
NO_THEME = "none"

CHANNELS = Labels(online=_l("online"), network=_l("Netzwerkrunden"),
                  event=_l("Karten der Dialogveranstaltung"), import_=_l("importierte Listen"))
ACTIVITIES = Labels(contributions=_l("Beiträge"), remarks=_l("Anmerkungen zu Entwürfen"),
                    comments=_l("Kommentare"), supports=_l("Unterstützungen"),
                    people=_l("Personen"))
PEOPLE_COLUMNS = Labels(people=_l("Personen (online)"), cards=_l("Karten und Listen"))
GROUP_ROWS = Labels({**GROUPS, NOT_STATED: _l("keine Angabe")})
LANGUAGE_ROWS = Labels({**LANGUAGE_CHOICES, NOT_STATED: _l("nicht bekannt")})
# What became of a contribution: its outcome, or its state where it left the process.
RESULTS = Labels(incorporated=OUTCOMES["incorporated"], duplicate=OUTCOMES["duplicate"],
                 not_taken_up=OUTCOMES["not_taken_up"], forwarded=OUTCOMES["forwarded"],
                 pending=_l("noch offen"), hidden=STATUSES["hidden"],
                 withdrawn=STATUSES["withdrawn"])
VERIFIED = Labels(verified=_l("bestätigt"), unverified=_l("nicht bestätigt"))
COUNT = Labels(count=_l("Anzahl"))
ITEM_FIGURES = Labels(measures=_l("Maßnahmen der beschlossenen Fassung"),
                      measures_with_input=_l("davon aus Beiträgen entstanden"),
                      items_with_input=_l("Ziele und Maßnahmen aus Beiträgen"),
                      median=_l("Beiträge je Element: Median"),
                      minimum=_l("Beiträge je Element: wenigstens"),
                      maximum=_l("Beiträge je Element: höchstens"))


class IntroductionError(Refusal):
    pass


# --- the report -------------------------------------------------------------------------------

@dataclass
class Week:
    start: date
    count: int


@dataclass
class Marker:
    """A round (from..to) or an event (a day) on the timeline."""

    kind: str  # "round" or "event"
    text: str
    start: date
    end: date


@dataclass
class Report:
    concept_id: int
    round_id: int | None
    computed_at: datetime
    staff: bool
    totals: Table  # activities × count (contributions, remarks, comments, supports, people)
    statuses: Table  # contribution states × count
    rounds: Table | None  # rounds × activities (whole concept only)
    channels: Table  # channels × contributions/remarks
    groups: Table  # groups × people/cards (people: privacy rule)
    languages: Table  # page languages × people (privacy rule)
    organisations: Table  # organisation kinds × verified/unverified
    card_organisations: int  # distinct organisations named on cards and lists
    topics: Table  # topics × field/cross-cutting (contributions)
    matrix: Table  # fields × cross-cutting themes (contributions, without totals)
    events: Table  # events × cards
    stations: Table | None  # stations × cards (staff)
    weeks: list[Week]
    markers: list[Marker]
    results: Table  # topics × results
    reasons: list[tuple[str, int]]  # most frequent reasons for "not taken up"
    forwarded: list[tuple[str, int]]  # to whom, how many
    adopted: Table | None  # figures about the adopted version's items (whole concept only)
    adopted_version: str = ""
    processing: Table | None = None  # who set how many outcomes (staff)
    round_title: str = ""

    @property
    def tables(self) -> dict[str, Table]:
        """Every table by key, in the order of the page (for CSV and JSON)."""
        found = [self.totals, self.statuses, self.rounds, self.channels, self.groups,
                 self.languages, self.organisations, self.topics, self.matrix, self.events,
                 self.stations, self.results, self.adopted, self.processing]
        return {t.key: t for t in found if t is not None}


def _week(day: date) -> date:
    return day - timedelta(days=day.weekday())


def _as_date(value) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


class _Scope:
    """The rounds a report covers, and the conditions on contributions that select them."""

    def __init__(self, concept: Concept, round_: Round | None):
        self.concept = concept
        self.round = round_

    def of_rounds(self, column):
        if self.round is not None:
            return column == self.round.id
        return column.in_(select(Round.id).where(Round.concept_id == self.concept.id))

    @property
    def contributions(self):
        return self.of_rounds(Contribution.round_id)


def _channel(source, round_kind) -> str:
    if source == "event":
        return "event"
    if source == "import":
        return "import_"
    return "network" if round_kind == "network" else "online"


def compute_report(concept: Concept, round_: Round | None = None, *, staff: bool = False,
                   user=None) -> Report:
    """The report of the whole concept or of one round, without the cache. `staff`: with the
    figures only staff see (per station, who set how many outcomes)."""
    scope = _Scope(concept, round_)
    topics = list(db.session.scalars(
        select(Topic).where(Topic.concept_id == concept.id).order_by(Topic.position, Topic.id)))
    rounds = list(db.session.scalars(
        select(Round).where(Round.concept_id == concept.id)
        .order_by(Round.opens_at, Round.id)))
    round_kinds = {r.id: r.kind for r in rounds}
    # Rounds for invited networks count in every figure, but only staff see them named.
    listed = [r for r in rounds if staff or can("round.view", r, user=None)]

    # 1. Contributions by round, channel, kind, state, topic and outcome: one grouped query.
    is_remark = case((Contribution.kind == "remark", 1), else_=0)
    rows = db.session.execute(
        select(Contribution.round_id, Contribution.source, is_remark, Contribution.status,
               Contribution.topic_id, Contribution.outcome, func.count())
        .where(scope.contributions)
        .group_by(Contribution.round_id, Contribution.source, is_remark, Contribution.status,
                  Contribution.topic_id, Contribution.outcome)).all()
    per_round = defaultdict(Counter)
    channels, statuses, topic_counts, results = Counter(), Counter(), Counter(), Counter()
    for round_id, source, remark, status, topic_id, outcome, count in rows:
        kind = "remarks" if remark else "contributions"
        per_round[round_id][kind] += count
        channels[(_channel(source, round_kinds.get(round_id)), kind)] += count
        if remark:
            continue
        statuses[(status, "count")] += count
        topic_counts[topic_id] += count
        result = status if status in ("hidden", "withdrawn") else outcome
        results[(str(topic_id), result if result in RESULTS else "pending")] += count

    # 2. Comments and supports per round.
    for model in (Comment, Support):
        kind = "comments" if model is Comment else "supports"
        for round_id, count in db.session.execute(
                select(Contribution.round_id, func.count(model.id))
                .join(Contribution, model.contribution_id == Contribution.id)
                .where(scope.contributions).group_by(Contribution.round_id)):
            per_round[round_id][kind] += count

    # 3. People: each with the group and page language of their first activity in the scope.
    people_rows = _people(scope)
    office = set(db.session.scalars(
        select(UserRole.user_id).where(UserRole.role.in_(STAFF_ROLES))))
    first: dict[int, tuple] = {}
    rounds_of: dict[int, set] = defaultdict(set)
    for person, round_id, group, language, at in people_rows:
        if person in office:
            continue
        rounds_of[person].add(round_id)
        if person not in first or as_utc(at) < as_utc(first[person][2]):
            first[person] = (group, language, at)
    for round_ids in rounds_of.values():
        for round_id in round_ids:
            per_round[round_id]["people"] += 1
    groups = Counter()
    languages = Counter()
    for group, language, _at in first.values():
        groups[(group if group in GROUPS else NOT_STATED, "people")] += 1
        languages[(language if language in LANGUAGE_CHOICES else NOT_STATED, "people")] += 1
    for group, count in db.session.execute(
            select(Contribution.participant_group, func.count())
            .where(scope.contributions, Contribution.author_id.is_(None))
            .group_by(Contribution.participant_group)):
        groups[(group if group in GROUPS else NOT_STATED, "cards")] += count

    # 4. Organisations that took part (through a representative), and those named on cards.
    organisations = Counter()
    verified = case((Organisation.verified_at.is_not(None), "verified"), else_="unverified")
    for kind, state, count in db.session.execute(
            select(Organisation.kind, verified, func.count(func.distinct(Organisation.id)))
            .join(Contribution, Contribution.organisation_id == Organisation.id)
            .where(scope.contributions).group_by(Organisation.kind, verified)):
        organisations[(kind, state)] += count
    card_organisations = db.session.scalar(
        select(func.count(func.distinct(Contribution.credited_organisation)))
        .where(scope.contributions, Contribution.credited_organisation.is_not(None))) or 0

    # 5. Fields of action × cross-cutting themes (a contribution counts once per theme).
    matrix = Counter()
    for topic_id, theme_id, count in db.session.execute(
            select(Contribution.topic_id, contribution_themes.c.topic_id, func.count())
            .outerjoin(contribution_themes,
                       contribution_themes.c.contribution_id == Contribution.id)
            .where(scope.contributions, Contribution.kind != "remark")
            .group_by(Contribution.topic_id, contribution_themes.c.topic_id)):
        matrix[(str(topic_id), str(theme_id) if theme_id else NO_THEME)] += count

    # 6. Cards per event and station.
    stations = list(db.session.execute(
        select(Station.id, Station.name, Event.id, Event.title, Event.held_on)
        .join(Event, Station.event_id == Event.id).where(scope.of_rounds(Event.round_id))
        .order_by(Event.held_on, Event.id, Station.position, Station.id)))
    per_station = dict(db.session.execute(
        select(Contribution.station_id, func.count()).where(
            scope.contributions, Contribution.station_id.is_not(None))
        .group_by(Contribution.station_id)).all())

    # 7. Contributions per day, bucketed into weeks here.
    day = func.date(Contribution.created_at)
    days = db.session.execute(
        select(day, func.count()).where(scope.contributions).group_by(day)).all()

    # 8. Reasons for "not taken up" and where contributions were forwarded.
    reason = case((Contribution.outcome == "forwarded", Contribution.forwarded_to),
                  else_=Contribution.outcome_reason)
    reasons, forwarded = Counter(), Counter()
    for outcome, text, count in db.session.execute(
            select(Contribution.outcome, reason, func.count())
            .where(scope.contributions, Contribution.kind != "remark",
                   Contribution.status.in_(("published", "pending")),
                   Contribution.outcome.in_(("not_taken_up", "forwarded")))
            .group_by(Contribution.outcome, reason)):
        target = forwarded if outcome == "forwarded" else reasons
        target[(text or "").strip()] += count

    report = Report(
        concept_id=concept.id, round_id=round_.id if round_ else None, computed_at=utcnow(),
        staff=staff, round_title=round_.title if round_ else "",
        totals=_totals_table(per_round, len(first)),
        statuses=Table("states", [Line(s, STATUSES) for s in STATUSES],
                       [Line("count", COUNT)], dict(statuses), totals=True),
        rounds=None if round_ else _rounds_table(listed, per_round),
        channels=Table("channels", [Line(c, CHANNELS) for c in CHANNELS],
                       [Line(k, ACTIVITIES) for k in ("contributions", "remarks")],
                       dict(channels)),
        groups=Table("groups", [Line(g, GROUP_ROWS) for g in GROUP_ROWS],
                     [Line(c, PEOPLE_COLUMNS) for c in PEOPLE_COLUMNS], dict(groups),
                     people=True, across=False),
        languages=Table("languages", [Line(code, LANGUAGE_ROWS) for code in LANGUAGE_ROWS],
                        [Line("people", ACTIVITIES)], dict(languages), people=True),
        organisations=Table("organisations",
                            [Line(k, ORGANISATION_KINDS) for k in ORGANISATION_KINDS],
                            [Line(v, VERIFIED) for v in VERIFIED], dict(organisations)),
        card_organisations=card_organisations,
        topics=_topics_table(topics, topic_counts),
        matrix=_matrix_table(topics, matrix),
        events=_events_table(stations, per_station),
        stations=_stations_table(stations, per_station) if staff else None,
        weeks=_weeks(days),
        markers=_markers(listed if round_ is None else [round_], stations),
        results=Table("results", [Line(str(t.id), text=t.name) for t in topics],
                      [Line(r, RESULTS) for r in RESULTS], dict(results)),
        reasons=_most_frequent(reasons, 5),
        forwarded=_most_frequent(forwarded, 10),
        adopted=None, processing=None,
    )
    if round_ is None:
        version = latest_adopted(concept, user=user)
        if version is not None:
            report.adopted = _adopted_table(version)
            # Named when shown, in the reader's language (the report is kept for every reader).
            report.adopted_version = _l("Fassung %(n)d", n=version.number)
    if staff:
        report.processing = _processing_table(scope)
    return report


def _people(scope: _Scope) -> list[tuple]:
    """(person, round, group, page language, first time) for every account that took part:
    the earliest of each kind of activity per person, round, group and language."""
    parts = [
        select(Contribution.author_id.label("person"), Contribution.round_id.label("round_id"),
               Contribution.participant_group.label("grp"),
               Contribution.ui_language.label("lang"), Contribution.created_at.label("at"))
        .where(scope.contributions, Contribution.author_id.is_not(None)),
    ]
    for model, person in ((Comment, Comment.author_id), (Support, Support.user_id)):
        parts.append(
            select(person.label("person"), Contribution.round_id.label("round_id"),
                   model.participant_group.label("grp"), model.ui_language.label("lang"),
                   model.created_at.label("at"))
            .join(Contribution, model.contribution_id == Contribution.id)
            .where(scope.contributions, person.is_not(None)))
    activity = union_all(*parts).subquery()
    return list(db.session.execute(
        select(activity.c.person, activity.c.round_id, activity.c.grp, activity.c.lang,
               func.min(activity.c.at))
        .group_by(activity.c.person, activity.c.round_id, activity.c.grp, activity.c.lang)))


def _totals_table(per_round, people: int) -> Table:
    sums = Counter({("people", "count"): people})
    for counts in per_round.values():
        for kind, count in counts.items():
            if kind != "people":
                sums[(kind, "count")] += count
    table = Table("overview", [Line(k, ACTIVITIES) for k in ACTIVITIES],
                  [Line("count", COUNT)], dict(sums), totals=False)
    if 0 < people < 5:
        table.hidden = {("people", "count")}
    return table


def _rounds_table(rounds, per_round) -> Table:
    cells = {(str(r.id), kind): per_round[r.id][kind] for r in rounds
             for kind in ACTIVITIES}
    # People are counted per round; one person in two rounds is one participant overall, so
    # this table has no totals (the overview has the number of people).
    table = Table("rounds", [Line(str(r.id), text=r.title) for r in rounds],
                  [Line(k, ACTIVITIES) for k in ACTIVITIES], cells, totals=False)
    # The people column is about people: fewer than 5 are not shown.
    table.hidden = {(str(r.id), "people") for r in rounds
                    if 0 < per_round[r.id]["people"] < 5}
    return table


def _topics_table(topics, counts) -> Table:
    return Table("topics", [Line(str(t.id), text=t.name) for t in topics],
                 [Line("count", Labels(count=_l("Beiträge")))],
                 {(str(t.id), "count"): counts[t.id] for t in topics})


def _matrix_table(topics, matrix) -> Table:
    fields = [t for t in topics if t.kind == "field"]
    themes = [t for t in topics if t.kind == "crosscutting"]
    columns = [Line(str(t.id), text=t.name) for t in themes]
    columns.append(Line(NO_THEME, Labels({NO_THEME: _l("ohne Querschnittsthema")})))
    # Rows: the fields of action; contributions filed under a cross-cutting theme itself are
    # shown in a row of their own.
    rows = [Line(str(t.id), text=t.name) for t in fields]
    cells = {key: count for key, count in matrix.items()
             if key[0] in {r.code for r in rows}}
    direct = Counter()
    for (topic_id, theme_id), count in matrix.items():
        if topic_id not in {r.code for r in rows}:
            direct[(OTHER, topic_id if theme_id == NO_THEME else theme_id)] += count
    if direct:
        rows.append(Line(OTHER, Labels({OTHER: _l("direkt zu einem Querschnittsthema")})))
        cells.update(direct)
    return Table("topic_matrix", rows, columns, cells, totals=False)


def _events_table(stations, per_station) -> Table:
    events, cells = {}, Counter()
    for station_id, _name, event_id, title, held_on in stations:
        events.setdefault(event_id, (title, held_on))
        cells[(str(event_id), "count")] += per_station.get(station_id, 0)
    return Table("events", [Line(str(i), text=t) for i, (t, _d) in events.items()],
                 [Line("count", Labels(count=_l("Karten")))], dict(cells))


def _stations_table(stations, per_station) -> Table:
    return Table("stations", [Line(str(s[0]), text=f"{s[3]}: {s[1]}") for s in stations],
                 [Line("count", Labels(count=_l("Karten")))],
                 {(str(s[0]), "count"): per_station.get(s[0], 0) for s in stations})


def _weeks(days) -> list[Week]:
    per_week = Counter()
    for day, count in days:
        per_week[_week(_as_date(day))] += count
    if not per_week:
        return []
    start, end = min(per_week), max(per_week)
    weeks = []
    while start <= end:
        weeks.append(Week(start, per_week[start]))
        start += timedelta(days=7)
    return weeks


def _markers(rounds, stations) -> list[Marker]:
    markers = [Marker("round", r.title, as_utc(r.opens_at).date(), as_utc(r.closes_at).date())
               for r in rounds]
    seen = set()
    for _sid, _name, event_id, title, held_on in stations:
        if event_id not in seen:
            seen.add(event_id)
            markers.append(Marker("event", title, held_on, held_on))
    return markers


def _most_frequent(counter: Counter, limit: int) -> list[tuple[str, int]]:
    return sorted(counter.items(), key=lambda pair: (-pair[1], pair[0]))[:limit]


def _adopted_table(version: Version) -> Table:
    items = db.session.execute(
        select(VersionItem.kind, VersionItem.source_count)
        .where(VersionItem.version_id == version.id)).all()
    measures = [count for kind, count in items if kind == "measure"]
    with_input = [count for _kind, count in items if count > 0]
    cells = {("measures", "count"): len(measures),
             ("measures_with_input", "count"): sum(1 for c in measures if c > 0),
             ("items_with_input", "count"): len(with_input)}
    if with_input:
        cells[("median", "count")] = statistics.median(with_input)
        cells[("minimum", "count")] = min(with_input)
        cells[("maximum", "count")] = max(with_input)
    return Table("adopted_version", [Line(k, ITEM_FIGURES) for k in ITEM_FIGURES
                                     if (k, "count") in cells],
                 [Line("count", COUNT)], cells, totals=False)


def _processing_table(scope: _Scope) -> Table:
    """Staff only: how many outcomes each member of staff set, and how many are open."""
    who = func.coalesce(User.display_name, "")
    rows = db.session.execute(
        select(Contribution.outcome_by_id, who, Contribution.outcome, func.count())
        .outerjoin(User, Contribution.outcome_by_id == User.id)
        .where(scope.contributions, Contribution.kind != "remark",
               Contribution.status.in_(("published", "pending")))
        .group_by(Contribution.outcome_by_id, who, Contribution.outcome)).all()
    names, cells = {}, Counter()
    for user_id, name, outcome, count in rows:
        code = str(user_id) if user_id else NOT_STATED
        names[code] = name if user_id else ""
        cells[(code, outcome if outcome in OUTCOMES else "pending")] += count
    lines = [Line(code, text=name) if code != NOT_STATED
             else Line(code, Labels({NOT_STATED: _l("noch niemand")}))
             for code, name in sorted(names.items(), key=lambda pair: pair[1])]
    return Table("processing", lines, [Line(o, OUTCOMES) for o in OUTCOMES], dict(cells))


# --- kept for a minute, or until the contributions change --------------------------------------

_cache: dict = {}
_cache_lock = threading.Lock()


def _fingerprint() -> tuple:
    """Changes whenever the data changes. With the page cache on (the default), the page
    generation: one row that every writing transaction raises (core.pagecache), read by its
    key, whatever the number of contributions. Without it, the counts and largest ids below,
    which read every contribution and support (at 20,000 contributions, 60 ms on each
    request; issue 15): they change whenever a contribution is added or changed (its
    lock_version counts every update, e.g. an outcome or a hiding), a comment is written or a
    support given or taken back. Anything else (an organisation confirmed, a version adopted)
    shows within CACHE_SECONDS."""
    if pagecache.enabled():
        return ("generation", pagecache.generation())
    return tuple(db.session.execute(select(
        select(func.count(Contribution.id)).scalar_subquery(),
        select(func.coalesce(func.sum(Contribution.lock_version), 0)).scalar_subquery(),
        select(func.max(Contribution.updated_at)).scalar_subquery(),
        select(func.max(Comment.id)).scalar_subquery(),
        select(func.count(Support.id)).scalar_subquery(),
        select(func.max(Support.id)).scalar_subquery())).one())


def _clock() -> float:
    return time.monotonic()


def participation_report(concept: Concept, round_: Round | None = None, *,
                         staff: bool = False, user=None) -> Report:
    """The report, from the cache while it is current: computed less than CACHE_SECONDS ago
    and nothing changed since (see _fingerprint), or changed but computed less than
    REFRESH_SECONDS ago."""
    key = (current_app.config.get("SQLALCHEMY_DATABASE_URI"), concept.id,
           round_.id if round_ else None, staff)
    stamp = _fingerprint()
    now = _clock()
    with _cache_lock:
        entry = _cache.get(key)
    if entry is not None:
        stored, computed_at, report = entry
        age = now - computed_at
        if age < REFRESH_SECONDS or (stored == stamp and age < CACHE_SECONDS):
            return report
    report = compute_report(concept, round_, staff=staff, user=user)
    with _cache_lock:
        if len(_cache) > 64:
            _cache.clear()
        _cache[key] = (stamp, now, report)
    return report


def forget_reports() -> None:
    """Empty the cache (tests start each with a new database under the same address)."""
    with _cache_lock:
        _cache.clear()


# --- the introduction ---------------------------------------------------------------------------

def introduction(concept: Concept) -> ReportIntroduction | None:
    return db.session.scalar(select(ReportIntroduction).where(
        ReportIntroduction.concept_id == concept.id))


def save_introduction(concept: Concept, body: str, *, actor,
                      lock_version: int | None = None) -> ReportIntroduction:
    """Write the introduction above the report (Markdown; empty removes it from the page)."""
    if not can("report.introduce", concept, user=actor):
        raise IntroductionError(_("Nur die Geschäftsstelle kann die Einleitung schreiben."))
    body = (body or "").strip()
    if len(body) > MAX_INTRODUCTION:
        raise IntroductionError(_("Die Einleitung darf höchstens %(max)d Zeichen lang sein.",
                                  max=MAX_INTRODUCTION))
    intro = introduction(concept)
    before = intro.body if intro is not None else ""
    if intro is None:
        intro = ReportIntroduction(concept_id=concept.id)
        db.session.add(intro)
    elif lock_version is not None:
        check_lock(intro, lock_version)
    intro.body, intro.body_html = body, render_markdown(body) if body else ""
    intro.updated_at, intro.updated_by_id = utcnow(), actor.id
    db.session.flush()
    audit.record("report.introduction", intro, actor=actor, summary=concept.title,
                 before={"body": before}, after={"body": body})
    return intro

"""The next cycle after adoption: staff open a round for the integration conference on the
adopted version, in which participants and invited networks remark on the progress of its
measures and propose new ones; those remarks on a measure's page ("Anmerkungen zum Stand"); and
the cycle on the process timeline: adoption, implementation, conference round, next version.
The use case flushes but never commits; the rest only reads."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from app.concepts.models import Concept, Item
from app.concepts.services import TimelineStep, register_timeline_source
from app.contributions.models import Contribution
from app.contributions.queries import contribution_list_loads
from app.core import audit, translations
from app.core.actions import Refusal
from app.core.permissions import can, visible_contributions
from app.core.time import as_utc, utcnow
from app.extensions import db
from app.implementation import progress
from app.rounds import services as rounds
from app.rounds.models import Round, round_topics
from app.rounds.queries import audience_loads
from app.versions.models import Adoption, Version, VersionItem
from app.versions.services import is_superseded, versions_of

# What a conference round asks for unless staff choose otherwise: remarks on the progress of
# adopted measures, and new measures.
CONFERENCE_KINDS = ("remark", "measure")


class CycleError(Refusal):
    """A use case refused; the message is shown to the user."""


# --- opening a round for the integration conference ------------------------------------------

def latest_adoption(concept: Concept, *, user) -> Adoption | None:
    """The newest adoption of the version implementation follows (None before any)."""
    version = progress.adopted_version(concept, user=user)
    return version.adoptions[-1] if version is not None and version.adoptions else None


def open_conference_round(adoption: Adoption, values: dict, *, actor) -> Round:
    """Open a round on the adopted version of `adoption` (values as for rounds.save_round):
    remarks in it name the version's measures, so they appear on each measure's page and, like
    every contribution, in the workbench. Refused for a version a later adoption superseded."""
    if not can("round.open_conference", adoption, user=actor):
        raise CycleError(_("Sie können keine Runde zur Integrationskonferenz eröffnen."))
    version = adoption.version
    concept = db.session.get(Concept, version.concept_id)
    if is_superseded(version, progress.adopted_version(concept, user=actor)):
        raise CycleError(_("Diese Fassung ist durch eine später beschlossene Fassung abgelöst. "
                           "Eröffnen Sie die Runde auf der neuesten beschlossenen Fassung."))
    if "remark" not in (values.get("accepted_kinds") or ()):
        raise CycleError(_("Eine Runde zur Integrationskonferenz nimmt Anmerkungen zum Stand "
                           "der Maßnahmen an: bitte wählen Sie diese Art aus."))
    round_ = rounds.save_round(concept, None,
                               {**values, "version_id": version.id, "adoption_id": adoption.id},
                               actor=actor)
    audit.record("round.conference_opened", round_, actor=actor, summary=round_.title,
                 after={"version": version.number, "adoption_id": adoption.id,
                        "adopted_on": adoption.adopted_on.isoformat(), "body": adoption.body})
    return round_


# --- a measure's page: remarks on its progress, and where to add one ---------------------------

@dataclass
class MeasureConference:
    """Remarks on a measure's progress made in conference rounds (hidden ones included, shown
    as placeholders; withdrawn ones left out) and the open conference rounds in which one can
    add one."""

    remarks: list[Contribution] = field(default_factory=list)
    open_rounds: list[Round] = field(default_factory=list)


def measure_conference(item: Item, *, user) -> MeasureConference:
    """What a measure's page shows of the conference rounds (three queries)."""
    via = joinedload(Contribution.round, innerjoin=True)
    remarks = db.session.scalars(
        select(Contribution).join(Round, Round.id == Contribution.round_id)
        .where(Contribution.item_id == item.id, Contribution.kind == "remark",
               Round.adoption_id.is_not(None), Contribution.status != "withdrawn",
               visible_contributions(user, Contribution))
        .options(*contribution_list_loads(themes=False), *audience_loads(via=via))
        .order_by(Contribution.created_at.desc(), Contribution.id.desc())).all()
    now = utcnow()
    holding = select(VersionItem.version_id).where(VersionItem.item_id == item.id)
    open_rounds = db.session.scalars(
        select(Round).join(round_topics, round_topics.c.round_id == Round.id)
        .where(Round.adoption_id.is_not(None), Round.version_id.in_(holding),
               round_topics.c.topic_id == item.topic_id,
               Round.opens_at <= now, Round.closes_at > now)
        .options(*audience_loads()).order_by(Round.closes_at, Round.id)).all()
    return MeasureConference(
        remarks=[c for c in remarks if can("round.view", c.round, user=user)],
        open_rounds=[r for r in open_rounds if "remark" in (r.accepted_kinds or ())
                     and can("round.view", r, user=user)
                     and (user is None or not user.is_authenticated
                          or can("contribution.create", r, user=user))])


# --- the cycle on the process timeline --------------------------------------------------------

ROUND_STATES = {"open": "current", "closed": "done", "upcoming": "upcoming"}


def conference_rounds(concept: Concept, *, user) -> list[Round]:
    """The conference rounds of `concept` that `user` may see, oldest first."""
    found = db.session.scalars(
        select(Round).where(Round.concept_id == concept.id, Round.adoption_id.is_not(None))
        .options(*audience_loads()).order_by(Round.opens_at, Round.id)).all()
    return [r for r in found if can("round.view", r, user=user)]


def _version_steps(version: Version, next_adopted: Version | None, today: date,
                   *, first: bool) -> list[TimelineStep]:
    steps = []
    if not first:
        steps.append(TimelineStep("version", _("Neue Fassung: %(version)s", version=version.name),
                                  as_utc(version.frozen_at).date(), description=version.label,
                                  endpoint="versions.show", args={"number": version.number}))
    for adoption in version.adoptions:
        steps.append(TimelineStep(
            "adoption", _("Beschluss von %(version)s", version=version.name), adoption.adopted_on,
            state="done" if adoption.adopted_on <= today else "upcoming",
            description=adoption.body, endpoint="versions.show",
            args={"number": version.number}))
    if version.adoptions:
        starts = version.adoptions[0].adopted_on
        ends = next_adopted.adoptions[0].adopted_on if next_adopted is not None else None
        steps.append(TimelineStep(
            "implementation", _("Umsetzung der Maßnahmen aus %(version)s", version=version.name),
            starts, ends, state="done" if ends is not None and ends <= today else
            ("current" if starts <= today else "upcoming"),
            endpoint="implementation.index" if next_adopted is None else None))
    return steps


def _conference_step(round_: Round) -> TimelineStep:
    return TimelineStep("conference", _("Runde zur Integrationskonferenz"),
                        as_utc(round_.opens_at).date(), as_utc(round_.closes_at).date(),
                        state=ROUND_STATES[round_.phase()],
                        description=translations.localized(round_, "title"),
                        endpoint="rounds.show", args={"round_id": round_.id})


def cycle_steps(concept: Concept, *, user, today: date) -> list[TimelineStep]:
    """From the first adoption on: each adoption, the implementation that follows it until
    the next adopted version, the conference rounds on it, and each later version. Only what
    `user` may find (published versions and rounds they may see, for the public)."""
    listed = sorted(versions_of(concept, user=user), key=lambda v: v.number)
    adopted = [v for v in listed if v.adoptions]
    if not adopted:
        return []
    on_version = defaultdict(list)
    for round_ in conference_rounds(concept, user=user):
        on_version[round_.version_id].append(round_)
    steps: list[TimelineStep] = []
    for version in listed[listed.index(adopted[0]):]:
        later = [v for v in adopted if v.number > version.number]
        steps += _version_steps(version, later[0] if later else None, today,
                                first=version is adopted[0])
        steps += [_conference_step(r) for r in on_version.pop(version.id, [])]
    steps += [_conference_step(r) for rounds_ in on_version.values() for r in rounds_]
    # sorted() is stable: on one day the steps keep the cycle's order in which they were made
    return sorted(steps, key=lambda s: s.starts_on)


register_timeline_source(cycle_steps)

"""The next cycle: a round for the integration conference on the adopted version, remarks on
a measure's progress in it, the next adopted version continuing the same measures, and the
cycle on the process timeline."""

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from app.concepts import services as concepts
from app.contributions import services as contributions
from app.core.actions import Refusal
from app.core.audit import AuditEntry
from app.core.time import utcnow
from app.extensions import db
from app.implementation import cycle, progress, queries, services
from app.rounds import services as rounds
from app.versions import services as versions
from app.versions.services import remarks_on_items
from tests.implementation.conftest import adopt


def conference_values(concept, **changes) -> dict:
    now = utcnow()
    values = {"title": "Integrationskonferenz 2018", "description": "Wie weit sind wir?",
              "kind": "event", "opens_at": now - timedelta(hours=1),
              "closes_at": now + timedelta(days=30), "audience": "all",
              "accepted_kinds": ["remark", "measure"], "publish_immediately": True,
              "topics": list(concept.topics), "networks": [], "organisations": []}
    return {**values, **changes}


def open_round(concept, adopted, moderator, **changes):
    round_ = cycle.open_conference_round(adopted.adoptions[0],
                                         conference_values(concept, **changes),
                                         actor=moderator)
    db.session.commit()
    return round_


def remark(round_, measure, author, text="Die Kurse sind voll, es braucht eine zweite Gruppe."):
    contribution, _created = contributions.create_contribution(
        round_, author=author, kind="remark", topic=measure.topic, item=measure,
        title="Stand der Sprachkurse", body=text)
    db.session.commit()
    return contribution


def test_staff_open_a_conference_round_on_the_adopted_version(concept, adopted, moderator):
    round_ = open_round(concept, adopted, moderator)
    assert round_.version_id == adopted.id and round_.adoption_id == adopted.adoptions[0].id
    assert round_.is_conference and round_.is_open
    actions = db.session.scalars(select(AuditEntry.action).where(
        AuditEntry.object_type == "rounds", AuditEntry.object_id == round_.id)).all()
    assert set(actions) == {"round.created", "round.conference_opened"}
    opened = db.session.scalar(select(AuditEntry).where(
        AuditEntry.action == "round.conference_opened"))
    assert opened.after["version"] == adopted.number and opened.actor_id == moderator.id


def test_opening_is_refused_to_participants_and_without_remarks(concept, adopted, moderator,
                                                                participant):
    with pytest.raises(Refusal):
        cycle.open_conference_round(adopted.adoptions[0], conference_values(concept),
                                    actor=participant)
    with pytest.raises(Refusal, match="Anmerkungen"):
        cycle.open_conference_round(adopted.adoptions[0],
                                    conference_values(concept, accepted_kinds=["measure"]),
                                    actor=moderator)
    db.session.rollback()
    assert not db.session.scalars(select(AuditEntry).where(
        AuditEntry.action.like("round.%"))).all()


def test_a_superseded_version_gets_no_conference_round(concept, adopted, moderator):
    adopt(concept, moderator, label="Fortschreibung", adopted_on=date.today())
    with pytest.raises(Refusal, match="abgelöst"):
        cycle.open_conference_round(adopted.adoptions[0], conference_values(concept),
                                    actor=moderator)


def test_a_conference_round_stays_on_its_version(concept, adopted, moderator):
    round_ = open_round(concept, adopted, moderator)
    values = {**conference_values(concept), "version_id": None}
    with pytest.raises(Refusal, match="bleibt bei der beschlossenen Fassung"):
        rounds.save_round(concept, round_, values, actor=moderator,
                          lock_version=round_.lock_version)


def test_remarks_show_on_the_measure_and_reach_the_workbench(concept, adopted, draft, moderator,
                                                             participant, other):
    measure, elsewhere = draft.measures[0], draft.measures[1]
    round_ = open_round(concept, adopted, moderator)
    mine = remark(round_, measure, participant)
    found = cycle.measure_conference(measure, user=None)
    assert found.remarks == [mine] and found.open_rounds == [round_]
    assert cycle.measure_conference(elsewhere, user=None).remarks == []
    # the workbench's remarks on a draft item (and its item page) hold it like any remark
    assert remarks_on_items([measure.id])[measure.id].contributions == [mine]
    # hidden: still listed, as a placeholder; pending: only for its author and staff
    mine.status = "hidden"
    pending = remark(round_, measure, other, text="Noch nicht freigegeben.")
    pending.status = "pending"
    db.session.commit()
    assert cycle.measure_conference(measure, user=None).remarks == [mine]
    assert cycle.measure_conference(measure, user=other).remarks == [pending, mine]
    pending.status = "withdrawn"
    db.session.commit()
    assert cycle.measure_conference(measure, user=moderator).remarks == [mine]


def test_a_remark_in_an_ordinary_network_round_is_no_progress_remark(concept, adopted, draft,
                                                                    moderator, participant):
    values = {**conference_values(concept, title="Netzwerkrunde"), "version_id": adopted.id}
    network_round = rounds.save_round(concept, None, values, actor=moderator)
    db.session.commit()
    remark(network_round, draft.measures[0], participant)
    found = cycle.measure_conference(draft.measures[0], user=None)
    assert found.remarks == [] and found.open_rounds == []


def test_closed_or_invited_rounds_offer_no_link(concept, adopted, draft, moderator,
                                                participant, make_organisation):
    measure = draft.measures[0]
    closed = open_round(concept, adopted, moderator,
                        opens_at=utcnow() - timedelta(days=40),
                        closes_at=utcnow() - timedelta(days=1))
    assert closed.phase() == "closed"
    partner = make_organisation(verified=True)
    open_round(concept, adopted, moderator, audience="invited", organisations=[partner])
    assert cycle.measure_conference(measure, user=participant).open_rounds == []
    assert cycle.measure_conference(measure, user=None).open_rounds == []


def test_the_next_adopted_version_continues_the_same_measures(concept, adopted, draft,
                                                              moderator, participant,
                                                              state_of):
    """Adopt v1, give a measure a state, open the conference round, remark on the measure,
    write the next version from it, adopt that: the measure keeps its record and history."""
    measure = draft.measures[0]
    state = state_of(measure)
    services.post_entry(state, actor=moderator, text="Erste Kurse laufen.",
                        happened_on=date.today() - timedelta(days=200),
                        status=services.status_by_code("in_progress"))
    db.session.commit()
    record_id = state_of(measure).record.id

    round_ = open_round(concept, adopted, moderator)
    mine = remark(round_, measure, participant)
    contributions.create_contribution(round_, author=participant, kind="measure",
                                      topic=measure.topic, title="Sprachcafé für Eltern",
                                      body="Ein offenes Sprachcafé an Grundschulen.")
    # the next version takes the remark up: an edit of the measure and a new one
    concepts.edit_item(measure, values={"text": "Maßnahme sprache 1.1, mit zweiter Gruppe",
                                        "parent_id": measure.parent_id},
                       actor=moderator, lock_version=measure.lock_version)
    db.session.commit()
    second = adopt(concept, moderator, label="Fortschreibung 2019", adopted_on=date.today())

    after = state_of(measure)
    assert progress.adopted_version(concept, user=None).id == second.id
    assert after.copy.version_id == second.id and "zweiter Gruppe" in after.copy.text
    assert after.record.id == record_id and after.status.code == "in_progress"
    assert [e.text for e in queries.entries_of(after.record)] == ["Erste Kurse laufen."]
    assert after.in_concept
    # the remark made on version 1 is still on the measure's page
    assert cycle.measure_conference(measure, user=None).remarks == [mine]
    # the overview follows version 2 with the same record
    overview = progress.overview(concept, user=None)
    assert overview.version.id == second.id
    assert next(m for m in overview.measures if m.item_id == measure.id).record.id == record_id


def test_the_cycle_on_the_process_timeline(concept, adopted, draft, moderator):
    today = date.today()
    steps = cycle.cycle_steps(concept, user=None, today=today)
    assert [s.kind for s in steps] == ["adoption", "implementation"]
    assert steps[1].state == "current" and steps[1].ends_on is None
    round_ = open_round(concept, adopted, moderator)
    internal = versions.freeze_version(concept, label="Entwurf der Fortschreibung",
                                       actor=moderator)
    db.session.commit()
    # the public sees no internal version; staff see it
    assert [s.kind for s in cycle.cycle_steps(concept, user=None, today=today)] == [
        "adoption", "implementation", "conference"]
    assert [s.kind for s in cycle.cycle_steps(concept, user=moderator, today=today)] == [
        "adoption", "implementation", "conference", "version"]
    versions.record_adoption(internal, body="Kreistag", adopted_on=today, actor=moderator)
    versions.set_visibility(internal, "published", actor=moderator)
    db.session.commit()
    steps = cycle.cycle_steps(concept, user=None, today=today)
    assert [s.kind for s in steps] == ["adoption", "implementation", "conference", "version",
                                       "adoption", "implementation"]
    first_adoption, first_impl, conference = steps[:3]
    assert first_adoption.starts_on == adopted.adoptions[0].adopted_on
    assert first_impl.ends_on == today and first_impl.state == "done"
    assert conference.description == round_.title and conference.state == "current"
    assert conference.args == {"round_id": round_.id}
    assert steps[-1].state == "current" and steps[-1].endpoint == "implementation.index"
    assert first_impl.endpoint is None

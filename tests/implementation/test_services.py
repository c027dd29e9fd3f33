"""Use cases of implementation: roll-up, status changes and who hears of them, who may
report, optimistic locking, nothing hard-deleted, the audit log."""

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from app.concepts import services as concepts
from app.core.actions import StaleEdit
from app.core.audit import AuditEntry
from app.extensions import db
from app.implementation import progress, services
from app.implementation.models import (
    ImplementationRecord,
    ProgressEntry,
    ProgressEntryRevision,
)
from app.notifications.models import Notification
from app.notifications.services import message_for, set_opt_outs
from tests.implementation.conftest import adopt


def status(code):
    return services.status_by_code(code)


def set_status(state, code, actor, **kwargs):
    entry = services.post_entry(state, actor=actor, status=status(code), **kwargs)
    db.session.commit()
    return entry


def test_measures_start_planned_with_the_adopted_responsible_body(concept, adopted, draft):
    overview = progress.overview(concept, user=None)
    assert len(overview.measures) == 6
    first = overview.measures[0]
    assert first.status.code == "planned" and first.progress == 0 and first.record is None
    assert first.responsible == "Amt für Migration"
    # reading writes nothing
    assert db.session.scalar(select(func.count(ImplementationRecord.id))) == 0


def test_roll_up_leaves_out_dropped_measures(concept, adopted, draft, moderator, state_of):
    m = draft.measures  # sprache: goal 1 -> m0, m1; goal 2 -> m2, m3; arbeit: goal -> m4, m5
    set_status(state_of(m[0]), "done", moderator)  # 100
    set_status(state_of(m[1]), "dropped", moderator)  # left out
    set_status(state_of(m[2]), "in_progress", moderator)  # 50
    services.post_entry(state_of(m[3]), actor=moderator, progress=30, text="Ein Drittel")
    set_status(state_of(m[4]), "paused", moderator)  # 25
    db.session.commit()
    overview = progress.overview(concept, user=None)
    sprache = next(t for t in overview.topics if t.topic.slug == "sprache")
    goal_1, goal_2 = sprache.sub_goals
    assert (goal_1.figure.percent, goal_1.figure.measures) == (100, 1)
    assert (goal_2.figure.percent, goal_2.figure.measures) == (40, 2)
    assert (sprache.figure.percent, sprache.figure.measures, sprache.figure.parts) == (70, 3, 2)
    arbeit = next(t for t in overview.topics if t.topic.slug == "arbeit")
    assert (arbeit.figure.percent, arbeit.figure.measures) == (12, 2)  # mean of 25 and 0
    assert (overview.figure.percent, overview.figure.measures, overview.figure.parts) == (41, 5, 2)
    theme = next(t for t in overview.topics if t.topic.slug == "antidiskriminierung")
    assert (theme.tagged.percent, theme.tagged.measures) == (25, 1)
    counts = dict((s.code, n) for s, n in overview.status_counts())
    assert counts == {"planned": 2, "in_progress": 1, "done": 1, "paused": 1, "dropped": 1}


def test_status_change_notifies_author_supporter_and_followers(
        concept, adopted, draft, idea, author, supporter, moderator, make_user, state_of):
    follower = make_user(display_name="Fatma Folgt")
    services.follow(draft.measures[0], follower)
    db.session.commit()
    set_status(state_of(draft.measures[0]), "in_progress", moderator, text="Es geht los.")
    notes = {n.user_id: n for n in db.session.scalars(
        select(Notification).where(Notification.kind == "implementation"))}
    assert set(notes) == {author.id, supporter.id, follower.id}
    text = message_for(notes[author.id])
    assert idea.reference in text and "in Umsetzung" in text and "Maßnahme sprache 1.1" in text
    assert notes[supporter.id].params["variant"] == "supporter"
    assert notes[author.id].endpoint == "implementation.measure"
    assert notes[author.id].endpoint_args == {"item_id": draft.measures[0].id}
    # a note without a status change tells nobody
    services.post_entry(state_of(draft.measures[0]), actor=moderator, text="Nur ein Bericht")
    db.session.commit()
    assert db.session.scalar(select(func.count(Notification.id)).where(
        Notification.kind == "implementation")) == 3


def test_people_can_switch_these_notifications_off(concept, adopted, draft, idea, author,
                                                   supporter, moderator, state_of):
    set_opt_outs(author, ["implementation"])
    db.session.commit()
    set_status(state_of(draft.measures[0]), "done", moderator)
    users = set(db.session.scalars(select(Notification.user_id).where(
        Notification.kind == "implementation")))
    assert users == {supporter.id}


def test_representatives_of_a_responsible_organisation_may_report(
        concept, adopted, draft, moderator, representative, partner, make_user, state_of):
    measure = draft.measures[0]
    with pytest.raises(services.ImplementationError):
        services.post_entry(state_of(measure), actor=representative, text="Wir haben begonnen.")
    db.session.rollback()
    state = state_of(measure)
    services.edit_record(state, actor=moderator, responsible="Amt für Migration",
                         partners="Caritas", starts_on=None, ends_on=None,
                         organisations=[partner], progress_override=None,
                         lock_version=None)
    db.session.commit()
    entry = services.post_entry(state_of(measure), actor=representative,
                                text="Wir haben begonnen.", status=status("in_progress"))
    db.session.commit()
    assert entry.organisation_id == partner.id
    assert state_of(measure).status.code == "in_progress"
    # a representative of the organisation for another measure may not
    with pytest.raises(services.ImplementationError):
        services.post_entry(state_of(draft.measures[1]), actor=representative, text="Auch hier")
    db.session.rollback()
    # nor may an ordinary participant
    with pytest.raises(services.ImplementationError):
        services.post_entry(state_of(measure), actor=make_user(), text="Ich auch")


def test_bad_input_is_refused_and_nothing_is_written(concept, adopted, draft, moderator,
                                                    state_of):
    state = state_of(draft.measures[0])
    cases = [dict(text="x", progress=101), dict(text="x", progress=-1),
             dict(text="x", happened_on=date.today() + timedelta(days=1)),
             dict(text="x", happened_on=date.today() - timedelta(days=2000)),
             dict(text="x", link="javascript:alert(1)"), dict(text="")]
    for values in cases:
        with pytest.raises(services.ImplementationError):
            services.post_entry(state, actor=moderator, **values)
        db.session.rollback()
    assert db.session.scalar(select(func.count(ProgressEntry.id))) == 0
    assert services.status_by_code("nonsense") is None
    assert services.status_by_code("  IN   umsetzung ").code == "in_progress"


def test_optimistic_locking_of_the_record(concept, adopted, draft, moderator, state_of):
    state = state_of(draft.measures[0])
    record = services.edit_record(state, actor=moderator, responsible="A", partners="",
                                  starts_on=None, ends_on=None, organisations=[],
                                  progress_override=None)
    db.session.commit()
    opened = record.lock_version
    services.edit_record(state_of(draft.measures[0]), actor=moderator, responsible="B",
                         partners="", starts_on=None, ends_on=None, organisations=[],
                         progress_override=None, lock_version=opened)
    db.session.commit()
    with pytest.raises(StaleEdit):
        services.edit_record(state_of(draft.measures[0]), actor=moderator, responsible="C",
                             partners="", starts_on=None, ends_on=None, organisations=[],
                             progress_override=None, lock_version=opened)
    db.session.rollback()
    assert state_of(draft.measures[0]).responsible == "B"


def test_entries_are_hidden_and_edited_never_deleted(concept, adopted, draft, moderator,
                                                    state_of):
    entry = services.post_entry(state_of(draft.measures[0]), actor=moderator,
                                text="Erster Bericht", happened_on=date.today())
    db.session.commit()
    services.edit_entry(entry, actor=moderator, text="Erster Bericht, korrigiert",
                        lock_version=entry.lock_version)
    services.hide_entry(entry, reason="Personenbezogene Daten", actor=moderator)
    db.session.commit()
    assert db.session.scalar(select(func.count(ProgressEntry.id))) == 1
    actions = list(db.session.scalars(select(ProgressEntryRevision.action)
                                      .order_by(ProgressEntryRevision.id)))
    assert actions == ["created", "edited", "hidden"]
    assert entry.is_hidden and entry.record.last_entry_on is None
    audit = set(db.session.scalars(select(AuditEntry.action)))
    assert {"implementation.record_created", "implementation.entry_posted",
            "implementation.entry_edited", "implementation.entry_hidden"} <= audit


def test_stale_after_the_configured_months(app, concept, adopted, draft, moderator, state_of):
    # adopted 400 days ago
    assert all(m.is_stale for m in progress.overview(concept, user=None).measures)
    services.post_entry(state_of(draft.measures[0]), actor=moderator, text="Aktuell")
    db.session.commit()
    stale = {m.item_id for m in progress.overview(concept, user=None).measures if m.is_stale}
    assert draft.measures[0].id not in stale and len(stale) == 5
    app.config["IMPLEMENTATION_STALE_MONTHS"] = 24
    try:
        assert not any(m.is_stale for m in progress.overview(concept, user=None).measures)
    finally:
        app.config["IMPLEMENTATION_STALE_MONTHS"] = 6


def test_given_up_or_finished_measures_are_never_stale(concept, adopted, draft, moderator,
                                                      state_of):
    # adopted 400 days ago; the entries are 300 days old, older than the six months
    long_ago = date.today() - timedelta(days=300)
    for measure, code in zip(draft.measures[:3], ("dropped", "done", "in_progress"), strict=True):
        services.post_entry(state_of(measure), actor=moderator, text="Stand",
                            status=status(code), happened_on=long_ago)
    db.session.commit()
    stale = {m.item_id for m in progress.overview(concept, user=None).measures if m.is_stale}
    assert draft.measures[0].id not in stale and draft.measures[1].id not in stale
    assert draft.measures[2].id in stale


def test_bulk_status_with_one_note(concept, adopted, draft, moderator, state_of):
    states = [m for m in progress.overview(concept, user=None).measures][:3]
    assert services.set_status_of_many(states, status("in_progress"), note="Start 2018",
                                       actor=moderator) == 3
    db.session.commit()
    entries = list(db.session.scalars(select(ProgressEntry)))
    assert len(entries) == 3 and {e.text for e in entries} == {"Start 2018"}
    assert all(e.status.code == "in_progress" for e in entries)


def test_a_withdrawn_measure_keeps_its_history(concept, adopted, draft, moderator, state_of):
    measure = draft.measures[0]
    set_status(state_of(measure), "in_progress", moderator, text="Begonnen")
    concepts.withdraw_item(measure, reason="in Maßnahme 1.2 aufgegangen", actor=moderator)
    db.session.commit()
    adopt(concept, moderator, label="Zweite Fassung", adopted_on=date.today())
    overview = progress.overview(concept, user=None)
    assert measure.id not in {m.item_id for m in overview.measures}
    withdrawn = overview.withdrawn
    assert [m.item_id for m in withdrawn] == [measure.id]
    assert withdrawn[0].withdrawn_reason == "in Maßnahme 1.2 aufgegangen"
    state = state_of(measure)
    assert not state.in_concept and state.status.code == "in_progress"
    assert len(state.record and services.queries.entries_of(state.record)) == 1


def test_ask_for_update_mails_the_representatives(concept, adopted, draft, moderator,
                                                  representative, partner, state_of):
    from app.core.outbox import OutboxMessage

    with pytest.raises(services.ImplementationError):
        services.ask_for_update(state_of(draft.measures[0]), actor=moderator)
    db.session.rollback()
    services.edit_record(state_of(draft.measures[0]), actor=moderator, responsible="",
                         partners="", starts_on=None, ends_on=None, organisations=[partner],
                         progress_override=None)
    assert services.ask_for_update(state_of(draft.measures[0]), actor=moderator,
                                   message="Bis Ende Mai, bitte.") == 1
    db.session.commit()
    mail = db.session.scalar(select(OutboxMessage))
    assert mail.recipient == representative.email
    assert f"/implementation/measures/{draft.measures[0].id}#new-entry" in mail.body
    assert "Bis Ende Mai" in mail.body


def test_me_contributions_hook_names_the_state(concept, adopted, draft, idea, moderator,
                                               state_of):
    from app.contributions.services import item_notes

    set_status(state_of(draft.measures[0]), "in_progress", moderator)
    notes = item_notes([draft.measures[0].id, draft.goals[0].id])
    assert notes == {draft.measures[0].id: ["Umsetzung: in Umsetzung (50 %)"]}


def test_data_download_holds_entries_and_followed_measures(concept, adopted, draft, moderator,
                                                          representative, partner, state_of):
    from app.accounts.privacy import SECTIONS

    services.edit_record(state_of(draft.measures[0]), actor=moderator, responsible="",
                         partners="", starts_on=None, ends_on=None, organisations=[partner],
                         progress_override=None)
    services.post_entry(state_of(draft.measures[0]), actor=representative, text="Begonnen")
    services.follow(draft.measures[1], representative)
    db.session.commit()
    loads = {s.key: s.load for s in SECTIONS}
    (entry,) = loads["implementation_entries"](representative)
    assert entry["text"] == "Begonnen" and entry["on_behalf_of"] == "Caritas Konstanz"
    (followed,) = loads["measures_followed"](representative)
    assert followed["measure_id"] == draft.measures[1].id


def test_bulk_status_skips_measures_already_there(concept, adopted, draft, moderator):
    states = progress.overview(concept, user=None).measures[:2]
    assert services.set_status_of_many(states, status("planned"), actor=moderator) == 0
    assert services.set_status_of_many(states, status("planned"), note="Geprüft",
                                       actor=moderator) == 2


def test_stale_counts_from_the_first_adoption(concept, adopted, draft, moderator):
    adopt(concept, moderator, label="Zweite Fassung", adopted_on=date.today())
    overview = progress.overview(concept, user=None)
    assert overview.adopted_on == date.today()
    assert all(m.adopted_on < date.today() and m.is_stale for m in overview.measures)

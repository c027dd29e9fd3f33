"""Staff create and edit rounds: times in Europe/Berlin stored as UTC, clear errors that keep
what was typed, optimistic locking and an audit trail."""

from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from app.core.audit import AuditEntry
from app.core.time import as_utc
from app.extensions import db
from app.rounds.models import Round


def _errors(html: str) -> str:
    return html.split('class="error-summary"', 1)[1].split("</div>", 1)[0]


def test_new_round_form_has_sensible_defaults(client, staff, make_concept):
    make_concept()
    html = client.get("/rounds/new").get_data(as_text=True)
    assert "Neue Beteiligungsrunde" in html
    assert "Europe/Berlin" in html
    assert 'type="date"' in html and 'type="time"' in html
    assert 'value="23:59"' in html
    assert 'checked id="topics-0"' in html  # all topics preselected
    # Checkboxes of a group are not each "required" (only the group is).
    assert 'name="topics" required' not in html


def test_moderator_creates_a_round(client, staff, make_concept, round_form):
    concept = make_concept()
    arbeit = next(t for t in concept.topics if t.slug == "arbeit")
    response = client.post("/rounds/new", data=round_form(
        concept, topics=[str(arbeit.id)], publish="after_approval", kind="event"))
    assert response.status_code == 302
    round_ = db.session.scalar(select(Round))
    assert response.headers["Location"].endswith(f"/rounds/{round_.id}")
    assert round_.title == "Online-Beteiligung Sommer"
    assert "<strong>Ideen</strong>" in round_.description_html
    assert round_.kind == "event" and round_.audience == "all"
    assert [t.slug for t in round_.topics] == ["arbeit"]
    assert round_.accepted_kinds == ["goal", "measure"]
    assert round_.publish_immediately is False
    assert round_.created_by_id == staff.id
    # 09:00 in Konstanz on 1 March (CET, UTC+1) is 08:00 UTC; 18:00 on 31 March (CEST) 16:00.
    assert as_utc(round_.opens_at) == datetime(2026, 3, 1, 8, 0, tzinfo=UTC)
    assert as_utc(round_.closes_at) == datetime(2026, 3, 31, 16, 0, tzinfo=UTC)
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "round.created"))
    assert entry.object_id == round_.id and entry.actor_id == staff.id
    assert entry.after["title"] == "Online-Beteiligung Sommer"
    assert entry.after["topics"] == ["arbeit"]


def test_edit_form_shows_local_times_and_saves_changes(client, staff, make_concept,
                                                       round_form):
    concept = make_concept()
    client.post("/rounds/new", data=round_form(concept))
    round_ = db.session.scalar(select(Round))
    html = client.get(f"/rounds/{round_.id}/edit").get_data(as_text=True)
    assert 'value="2026-03-01"' in html and 'value="09:00"' in html
    assert 'value="18:00"' in html
    response = client.post(f"/rounds/{round_.id}/edit", data=round_form(
        concept, title="Neuer Titel", closes_on="2026-04-30", lock_version="1"))
    assert response.status_code == 302
    db.session.refresh(round_)
    assert round_.title == "Neuer Titel"
    assert as_utc(round_.closes_at) == datetime(2026, 4, 30, 16, 0, tzinfo=UTC)
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "round.updated"))
    assert entry.before == {"title": "Online-Beteiligung Sommer",
                            "closes_at": "2026-03-31T16:00:00+00:00"}
    assert entry.after == {"title": "Neuer Titel", "closes_at": "2026-04-30T16:00:00+00:00"}


def test_saving_without_changes_writes_no_audit_entry(client, staff, make_concept, round_form):
    concept = make_concept()
    client.post("/rounds/new", data=round_form(concept))
    round_ = db.session.scalar(select(Round))
    client.post(f"/rounds/{round_.id}/edit", data=round_form(concept, lock_version="1"))
    assert db.session.scalar(
        select(AuditEntry).where(AuditEntry.action == "round.updated")) is None


def test_saving_a_round_with_seconds_and_line_breaks_unchanged_writes_no_audit_entry(
        client, staff, make_concept, round_form):
    """A round made elsewhere (the demo, a script) may start at 09:00:30 and have a description
    with line breaks as "\\n". The form shows whole minutes, and a browser sends a textarea's
    line breaks as "\\r\\n": saving the form unchanged is no change of either."""
    concept = make_concept()
    client.post("/rounds/new", data=round_form(concept))
    round_ = db.session.scalar(select(Round))
    round_.opens_at = datetime(2026, 3, 1, 8, 0, 30, 5000, tzinfo=UTC)
    round_.description = "Wir sammeln **Ideen**.\n\nUnd Vorschläge."
    db.session.commit()
    response = client.post(f"/rounds/{round_.id}/edit", data=round_form(
        concept, description="Wir sammeln **Ideen**.\r\n\r\nUnd Vorschläge.",
        lock_version=str(round_.lock_version)))
    assert response.status_code == 302
    assert db.session.scalar(
        select(AuditEntry).where(AuditEntry.action == "round.updated")) is None
    db.session.refresh(round_)
    assert as_utc(round_.opens_at) == datetime(2026, 3, 1, 8, 0, 30, 5000, tzinfo=UTC)
    # A time the form changes is saved to the minute, and a change of the text is one.
    client.post(f"/rounds/{round_.id}/edit", data=round_form(
        concept, opens_time="09:01", description="Wir sammeln Ideen.\r\nNeu.",
        lock_version=str(round_.lock_version)))
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "round.updated"))
    assert entry.after == {"opens_at": "2026-03-01T08:01:00+00:00",
                           "description": "Wir sammeln Ideen.\nNeu."}, entry.after


@pytest.mark.parametrize("overrides, message", [
    ({"closes_on": "2026-02-28"}, "Das Ende muss nach dem Beginn liegen."),
    ({"closes_on": "2026-03-01", "closes_time": "09:00"}, "Das Ende muss nach dem Beginn liegen."),
    ({"topics": None}, "Bitte wählen Sie mindestens ein Thema."),
    ({"accepted_kinds": None}, "Bitte wählen Sie mindestens eine Art von Beiträgen."),
    ({"audience": "invited"}, "Bitte laden Sie mindestens ein Netzwerk oder eine Organisation"),
    ({"title": "   "}, "Titel"),
    ({"opens_on": "2026-02-31"}, "Beginn (Datum)"),
    ({"closes_time": "25:99"}, "Ende (Uhrzeit)"),
    ({"topics": ["999999"]}, "Themen der Runde"),
    ({"kind": "party"}, "Art der Runde"),
])
def test_form_errors_are_clear_and_keep_the_text(client, staff, make_concept, round_form,
                                                 overrides, message):
    concept = make_concept()
    data = round_form(concept, description="Mein langer Text, der nicht verloren geht.",
                      **overrides)
    response = client.post("/rounds/new", data=data)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert message in _errors(html)
    assert "Mein langer Text, der nicht verloren geht." in html
    assert db.session.scalar(select(Round)) is None


def test_stale_edit_is_refused(client, staff, make_concept, round_form):
    concept = make_concept()
    client.post("/rounds/new", data=round_form(concept))
    round_ = db.session.scalar(select(Round))
    client.post(f"/rounds/{round_.id}/edit",
                data=round_form(concept, title="Erste Änderung", lock_version="1"))
    response = client.post(f"/rounds/{round_.id}/edit",
                           data=round_form(concept, title="Zweite Änderung", lock_version="1"))
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "Jemand anderes hat das inzwischen geändert" in html
    assert "Zweite Änderung" in html  # what was typed is still there
    db.session.refresh(round_)
    assert round_.title == "Erste Änderung"


def test_changing_only_topics_bumps_the_lock_version(client, staff, make_concept, round_form):
    concept = make_concept()
    client.post("/rounds/new", data=round_form(concept))
    round_ = db.session.scalar(select(Round))
    first = concept.topics[0]
    client.post(f"/rounds/{round_.id}/edit",
                data=round_form(concept, topics=[str(first.id)], lock_version="1"))
    response = client.post(f"/rounds/{round_.id}/edit",
                           data=round_form(concept, title="Spät", lock_version="1"))
    assert "Jemand anderes hat das inzwischen geändert" in response.get_data(as_text=True)


def test_audience_all_invites_nobody(client, staff, make_concept, round_form, make_network):
    concept = make_concept()
    network = make_network()
    client.post("/rounds/new", data=round_form(concept, networks=[str(network.id)]))
    round_ = db.session.scalar(select(Round))
    assert round_.audience == "all" and round_.networks == []


def test_no_concept_yet(client, staff):
    response = client.get("/rounds/new")
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/rounds/")

"""The yearly progress report: a frozen snapshot (later changes to measures do not reach it),
periods that overlap refused with nothing written, what changed since the previous report,
the pages with their permissions, and a report page whose SQL does not grow with measures."""

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from app.core.audit import AuditEntry
from app.extensions import db
from app.implementation import progress, report_services, services
from app.implementation.report_models import (
    FrozenReportError,
    ProgressReport,
    ProgressReportEntry,
    ProgressReportMeasure,
)
from app.implementation.services import ImplementationError
from tests.implementation.conftest import adopt, build_draft
from tests.query_counter import queries_for

TODAY = date.today()
LAST_YEAR = (date(TODAY.year - 1, 1, 1), date(TODAY.year - 1, 12, 31))


def set_status(state, code, actor, *, on=None, text=""):
    services.post_entry(state, actor=actor, status=services.status_by_code(code), text=text,
                        happened_on=on, check_dates=False)
    db.session.commit()


def make_report(concept, actor, period=LAST_YEAR, title="Umsetzungsbericht", intro=""):
    report = report_services.create_progress_report(
        concept, title=title, period_start=period[0], period_end=period[1], intro=intro,
        actor=actor)
    db.session.commit()
    return report


def document_of(report, concept):
    return report_services.report_document(report_services.report_by_id(concept, report.id),
                                           concept)


def needs_login(response) -> bool:
    """401: the app answers with the way to the login."""
    return response.status_code == 302 and "/auth/login" in response.location


def count(model):
    return db.session.scalar(select(func.count(model.id)))


# --- the use case --------------------------------------------------------------------------------

def test_report_freezes_states_roll_up_and_the_period_entries(concept, adopted, draft, moderator,
                                                              state_of):
    m = draft.measures
    set_status(state_of(m[0]), "done", moderator, on=date(TODAY.year - 1, 3, 1),
               text="Im **März** fertig.")
    set_status(state_of(m[1]), "in_progress", moderator, on=date(TODAY.year - 2, 6, 1),
               text="Vor dem Zeitraum.")
    report = make_report(concept, moderator, intro="Für die <script>x</script> *Konferenz*.")
    assert "<script>" not in report.intro_html and "<em>Konferenz</em>" in report.intro_html
    overview = progress.overview(concept, user=moderator)
    assert (report.percent, report.measures, report.parts) == (
        overview.figure.percent, overview.figure.measures, overview.figure.parts)
    document = document_of(report, concept)
    assert len(document.measures) == 6
    by_item = {r.item_id: r for r in document.measures}
    assert by_item[m[0].id].status_label == "umgesetzt" and by_item[m[0].id].progress == 100
    entries = document.entries[m[0].id]
    assert [e.text for e in entries] == ["Im **März** fertig."]
    assert "<strong>März</strong>" in entries[0].text_html
    assert m[1].id not in document.entries  # its entry lies before the period
    sprache = next(t for t in document.topics if t.topic.slug == "sprache")
    assert [g.measure_count for g in sprache.goals] == [2, 2]
    assert sprache.topic.percent == next(t for t in overview.topics
                                         if t.topic.slug == "sprache").figure.percent
    audit = db.session.scalar(select(AuditEntry).where(
        AuditEntry.action == "implementation.report_created"))
    assert audit.after["measures"] == 6 and audit.after["entries"] == 1


def test_later_changes_to_measures_do_not_change_the_report(concept, adopted, draft, moderator,
                                                            state_of):
    report = make_report(concept, moderator)
    before = [(r.item_id, r.status_code, r.progress, r.text)
              for r in document_of(report, concept).measures]
    set_status(state_of(draft.measures[0]), "done", moderator, on=LAST_YEAR[1],
               text="Nachgetragen")
    status = services.status_by_code("done")
    services.save_status(status, name="abgeschlossen", default_progress=100,
                         counts_in_rollup=True, actor=moderator)
    db.session.commit()
    db.session.expire_all()
    document = document_of(report, concept)
    assert [(r.item_id, r.status_code, r.progress, r.text) for r in document.measures] == before
    assert document.entries == {}


def test_report_rows_can_never_change(concept, adopted, draft, moderator):
    report = make_report(concept, moderator)
    row = db.session.scalar(select(ProgressReportMeasure))
    row.progress = 99
    with pytest.raises(FrozenReportError):
        db.session.flush()
    db.session.rollback()
    report = db.session.get(ProgressReport, report.id)
    report.title = "Anders"
    with pytest.raises(FrozenReportError):
        db.session.flush()
    db.session.rollback()
    db.session.delete(db.session.get(ProgressReport, report.id))
    with pytest.raises(FrozenReportError):
        db.session.flush()
    db.session.rollback()
    db.session.add(ProgressReportEntry(report_id=report.id, item_id=row.item_id, entry_id=1,
                                       happened_on=TODAY))
    with pytest.raises(FrozenReportError):
        db.session.flush()
    db.session.rollback()


@pytest.mark.parametrize("period", [
    LAST_YEAR,  # the same
    (date(TODAY.year - 1, 6, 1), date(TODAY.year - 1, 6, 30)),  # inside
    (date(TODAY.year - 1, 12, 31), TODAY),  # touching its last day
])
def test_overlapping_period_is_refused_and_nothing_is_written(concept, adopted, draft,
                                                              moderator, period):
    make_report(concept, moderator)
    rows = count(ProgressReportMeasure)
    with pytest.raises(ImplementationError) as refused:
        report_services.create_progress_report(concept, title="Noch einmal",
                                               period_start=period[0], period_end=period[1],
                                               actor=moderator)
    assert refused.value.field == "period_start"
    assert "gibt es schon einen Bericht" in str(refused.value)
    db.session.rollback()
    assert count(ProgressReport) == 1 and count(ProgressReportMeasure) == rows


@pytest.mark.parametrize("start, end, field, words", [
    (date(2025, 5, 1), date(2025, 4, 30), "period_end", "vor seinem Beginn"),
    (TODAY - timedelta(days=3), TODAY + timedelta(days=1), "period_end", "in der Zukunft"),
    (None, TODAY, "period_start", "Beginn"),
])
def test_bad_periods_get_clear_errors(concept, adopted, draft, moderator, start, end, field,
                                      words):
    with pytest.raises(ImplementationError) as refused:
        report_services.create_progress_report(concept, title="Bericht", period_start=start,
                                               period_end=end, actor=moderator)
    assert refused.value.field == field and words in str(refused.value)


def test_a_period_before_the_latest_report_is_refused(concept, adopted, draft, moderator):
    make_report(concept, moderator)
    with pytest.raises(ImplementationError) as refused:
        report_services.create_progress_report(
            concept, title="Nachzügler", period_start=date(TODAY.year - 3, 1, 1),
            period_end=date(TODAY.year - 3, 12, 31), actor=moderator)
    assert "folgt auf den letzten" in str(refused.value)


def test_only_staff_create_reports_and_only_after_adoption(concept, draft, moderator,
                                                           participant):
    with pytest.raises(ImplementationError):
        report_services.create_progress_report(concept, title="Bericht",
                                               period_start=LAST_YEAR[0],
                                               period_end=LAST_YEAR[1], actor=participant)
    with pytest.raises(ImplementationError) as refused:
        report_services.create_progress_report(concept, title="Bericht",
                                               period_start=LAST_YEAR[0],
                                               period_end=LAST_YEAR[1], actor=moderator)
    assert "beschlossen" in str(refused.value)
    db.session.rollback()
    assert count(ProgressReport) == 0


def test_changes_since_the_previous_report(concept, adopted, draft, moderator, state_of):
    m = draft.measures
    set_status(state_of(m[0]), "in_progress", moderator)
    set_status(state_of(m[1]), "in_progress", moderator)
    first = make_report(concept, moderator, period=(date(TODAY.year - 2, 1, 1),
                                                    date(TODAY.year - 2, 12, 31)))
    set_status(state_of(m[0]), "done", moderator)  # finished (and a status change)
    set_status(state_of(m[2]), "paused", moderator)  # a status change
    # a new version: one measure withdrawn, one new
    from app.concepts import services as concepts
    concepts.withdraw_item(m[5], reason="Landesprogramm", actor=moderator)
    topic = m[4].topic
    new = concepts.create_item(topic, kind="measure", values={
        "text": "Neue Maßnahme", "parent_id": m[4].parent_id}, actor=moderator)
    db.session.commit()
    adopt(concept, moderator, label="Zweite Fassung", adopted_on=TODAY - timedelta(days=10))
    second = make_report(concept, moderator)
    assert second.previous_id == first.id
    changes = document_of(second, concept).changes
    assert changes.previous.id == first.id
    assert {(c.measure.item_id, c.before.status_code, c.measure.status_code)
            for c in changes.status_changes} == {(m[0].id, "in_progress", "done"),
                                                 (m[2].id, "planned", "paused")}
    assert [r.item_id for r in changes.new] == [new.id]
    assert [r.item_id for r in changes.finished] == [m[0].id]
    assert [r.item_id for r in changes.withdrawn] == [m[5].id]
    assert document_of(first, concept).changes.previous is None


# --- pages ---------------------------------------------------------------------------------------

def test_create_needs_staff(client, login, concept, adopted, draft, participant):
    assert needs_login(client.get("/implementation/reports/new"))
    assert needs_login(client.post("/implementation/reports/new"))
    login(participant)
    assert client.get("/implementation/reports/new").status_code == 403
    assert client.post("/implementation/reports/new", data={
        "title": "X", "period_start": "2025-01-01", "period_end": "2025-12-31"}
    ).status_code == 403
    assert count(ProgressReport) == 0


def test_staff_create_a_report_and_the_public_reads_it(client, login, concept, adopted, draft,
                                                       moderator, state_of):
    set_status(state_of(draft.measures[0]), "done", moderator, on=LAST_YEAR[0],
               text="Alles erledigt.")
    login(moderator)
    form = client.get("/implementation/reports/new")
    assert form.status_code == 200 and "Umsetzungsbericht" in form.get_data(as_text=True)
    response = client.post("/implementation/reports/new", data={
        "title": "Umsetzungsbericht 2025", "period_start": LAST_YEAR[0].isoformat(),
        "period_end": LAST_YEAR[1].isoformat(), "intro": "Liebe Konferenz"})
    assert response.status_code == 302
    report = db.session.scalar(select(ProgressReport))
    assert response.headers["Location"].endswith(f"/implementation/reports/{report.id}")
    again = client.post("/implementation/reports/new", data={
        "title": "Umsetzungsbericht 2025", "period_start": LAST_YEAR[0].isoformat(),
        "period_end": LAST_YEAR[1].isoformat()})
    assert again.status_code == 400
    assert "gibt es schon einen Bericht" in again.get_data(as_text=True)
    future = client.post("/implementation/reports/new", data={
        "title": "Zukunft", "period_start": TODAY.isoformat(),
        "period_end": (TODAY + timedelta(days=5)).isoformat()})
    assert future.status_code == 400 and "in der Zukunft" in future.get_data(as_text=True)
    assert count(ProgressReport) == 1
    client.post("/auth/logout")

    listing = client.get("/implementation/reports/").get_data(as_text=True)
    assert "Umsetzungsbericht 2025" in listing and "Neuen Umsetzungsbericht" not in listing
    page = client.get(f"/implementation/reports/{report.id}")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    for text in ("Umsetzungsbericht 2025", "Liebe Konferenz", "Alles erledigt.",
                 "Maßnahme sprache 1.1", "umgesetzt", "Mittelwert aus",
                 "Dies ist der erste Umsetzungsbericht"):
        assert text in html, text
    assert "/implementation/reports/" in client.get("/implementation/").get_data(as_text=True)
    assert client.get("/implementation/reports/999").status_code == 404


def test_report_of_an_internal_version_is_for_staff_only(client, login, concept, draft,
                                                         moderator):
    from app.versions import services as versions
    version = versions.freeze_version(concept, label="Intern", actor=moderator)
    versions.record_adoption(version, body="Sozialausschuss",
                             adopted_on=TODAY - timedelta(days=400), actor=moderator)
    db.session.commit()
    report = make_report(concept, moderator, title="Interner Bericht")
    assert needs_login(client.get(f"/implementation/reports/{report.id}"))
    listing = client.get("/implementation/reports/").get_data(as_text=True)
    assert "Interner Bericht" not in listing and "noch keinen Umsetzungsbericht" in listing
    assert needs_login(client.get(f"/export/progress-reports/{report.id}.docx"))
    login(moderator)
    assert client.get(f"/implementation/reports/{report.id}").status_code == 200


def test_manage_page_links_the_reports(client, login, concept, adopted, draft, moderator):
    login(moderator)
    html = client.get("/implementation/manage").get_data(as_text=True)
    assert "/implementation/reports/new" in html and "/implementation/reports/" in html


def test_report_page_queries_do_not_grow_with_measures(app, client, concept, moderator):
    few = build_draft(concept, moderator, measures_per_goal=1)
    adopt(concept, moderator)
    for measure in few.measures:
        state = progress.measure_state(concept, measure, user=moderator)
        set_status(state, "in_progress", moderator, on=date(TODAY.year - 2, 5, 1), text="a")
    small = make_report(concept, moderator, period=(date(TODAY.year - 2, 1, 1),
                                                    date(TODAY.year - 2, 12, 31)))
    many = build_draft(concept, moderator, measures_per_goal=5)
    adopt(concept, moderator, label="Zweite Fassung", adopted_on=TODAY - timedelta(days=30))
    for measure in many.measures:
        state = progress.measure_state(concept, measure, user=moderator)
        for day in (2, 3, 4):
            set_status(state, "in_progress" if day % 2 else "done", moderator,
                       on=date(TODAY.year - 1, 5, day), text=f"Eintrag {day}")
    large = make_report(concept, moderator)
    assert len(document_of(large, concept).measures) > 3 * len(document_of(small, concept)
                                                               .measures)
    # the small one has no previous report to compare with: one query fewer
    assert queries_for(app, client, f"/implementation/reports/{large.id}") == queries_for(
        app, client, f"/implementation/reports/{small.id}") + 1
    first = make_report(concept, moderator, period=(TODAY - timedelta(days=5), TODAY))
    assert queries_for(app, client, f"/implementation/reports/{first.id}") == queries_for(
        app, client, f"/implementation/reports/{large.id}")

"""The demo's implementation: states and entries over two years, a partner's representative
writing some of them, some measures "veraltet"; loading again adds nothing."""

from collections import Counter

from sqlalchemy import func, select

from app.concepts.services import current_concept
from app.demo.implementation import PARTNER_REPRESENTATIVE, load_implementation
from app.extensions import db
from app.implementation import progress, report_services
from app.implementation.models import ProgressEntry
from tests.demo_copy import load_demo_copy


def test_demo_measures_have_states_and_entries(app, client):
    load_demo_copy()
    concept = current_concept()
    overview = progress.overview(concept, user=None)
    assert overview.measures and all(m.record is not None for m in overview.measures)
    per_measure = Counter(db.session.scalars(select(ProgressEntry.record_id)))
    assert set(per_measure.values()) <= {2, 3, 4}
    assert len(per_measure) == len(overview.measures)
    assert any(m.is_stale for m in overview.measures)
    assert not all(m.is_stale for m in overview.measures)
    statuses = {m.status.code for m in overview.measures}
    assert {"in_progress", "done", "dropped"} <= statuses
    partner_entries = db.session.scalar(
        select(func.count(ProgressEntry.id)).where(ProgressEntry.organisation_id.is_not(None)))
    assert partner_entries > 0
    response = client.post("/auth/login", data={"email": PARTNER_REPRESENTATIVE[0],
                                                "password": "demo-password-2026"})
    assert response.status_code == 302
    assert client.get("/implementation/").status_code == 200
    measure = overview.measures[0]
    assert client.get(f"/implementation/measures/{measure.item_id}").status_code == 200
    report = report_services.latest_report(concept)
    assert report is not None and report.title.startswith("Umsetzungsbericht")
    document = report_services.report_document(report, concept)
    assert len(document.measures) == len(overview.measures) and document.entry_count > 0
    assert client.get(f"/implementation/reports/{report.id}").status_code == 200
    assert load_implementation(concept) == dict.fromkeys(
        ("implementation_statuses", "implementation_records", "progress_entries",
         "partner_representatives", "progress_reports"), 0)

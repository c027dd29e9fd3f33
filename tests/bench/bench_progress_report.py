"""The yearly progress report of a large concept (issue 13): the demo plus generated measures
under its sub-goals until the adopted version holds 400 measures, each with a record and ten
progress entries in the reporting period (some changing the status, some by a partner
organisation). Run: python -m tests.bench.bench_progress_report (TEST_DATABASE_URL selects
PostgreSQL, an empty or disposable database: its tables are dropped; the default is a
temporary SQLite file).

Times making the report (the use case and its commit, once: a period can be reported only
once), then, through the WSGI test client (server time only, one untimed warm-up request each),
the report page, its DOCX (goal: 2 s), its XLSX and its PDF (when WeasyPrint is installed;
rendered into an empty cache folder each run). Prints median, 95th percentile, SQL statements
and size. `--profile` profiles the DOCX once more.
"""

import argparse
import os
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from sqlalchemy import func, select

from app import create_app
from app.accounts.services import find_user_by_email
from app.concepts.models import Item
from app.concepts.services import create_item, current_concept
from app.core.storage import storage
from app.extensions import db
from app.implementation import progress, report_services, services
from app.implementation.models import ImplementationRecord, ProgressEntry
from app.reports import pdf
from app.versions.services import freeze_version, record_adoption, set_visibility
from config import DevelopmentConfig
from tests.bench.bench_versions import Counter, _fresh_database, _login, _profiled, _stats

GOAL_MS = 2000.0
PAGES = [  # (label, path pattern, runs); {id} is the report's id
    ("report page", "/implementation/reports/{id}", 10),
    ("report DOCX", "/export/progress-reports/{id}.docx", 10),
    ("report XLSX", "/export/progress-reports/{id}.xlsx", 10),
    ("report PDF (rendered)", "/export/progress-reports/{id}.pdf", 2),
]
TEXTS = [
    "Treffen mit den Kooperationspartnern; die nächsten Schritte sind abgestimmt.",
    "Ein weiterer Kurs hat in **Singen** begonnen, die Warteliste wird kürzer.",
    "Zwischenbericht an den Sozialausschuss: Die Nachfrage bleibt hoch, die Räume reichen "
    "knapp; eine zweite Gruppe ist für den Herbst geplant.",
    "Die Finanzierung für das nächste Haushaltsjahr ist beantragt.",
]


def _measures_up_to(concept, moderator, wanted: int) -> int:
    """Add measures under the draft's sub-goals until it holds `wanted`."""
    have = db.session.scalar(select(func.count(Item.id)).where(
        Item.kind == "measure", Item.withdrawn_at.is_(None)))
    goals = list(db.session.scalars(select(Item).where(Item.kind == "sub_goal",
                                                       Item.withdrawn_at.is_(None))))
    for n in range(max(0, wanted - have)):
        goal = goals[n % len(goals)]
        create_item(goal.topic, kind="measure", actor=moderator, values={
            "text": f"Generierte Maßnahme {n + 1}: Beratung und Begleitung in der Gemeinde "
                    f"{n % 25 + 1}", "parent_id": goal.id, "responsible": "Amt für Migration",
            "partners": "Volkshochschule, Caritas"})
    db.session.commit()
    return max(have, wanted)


def _entries(concept, moderator, per_measure: int, start: date) -> int:
    """Records for every measure of the adopted version and `per_measure` entries each in the
    period, written in bulk (the use case is measured elsewhere)."""
    overview = progress.overview(concept, user=moderator)
    statuses = {s.code: s for s in progress.status_list()}
    for state in overview.measures:
        services.record_for(state, actor=moderator)
    db.session.flush()
    records = queries_records(state.item_id for state in overview.measures)
    rows = []
    for index, record in enumerate(records):
        codes = ["in_progress", None, None, "paused", None, "in_progress", None, None, None,
                 "done" if index % 3 == 0 else None]
        previous = statuses["planned"].id
        for n in range(per_measure):
            code = codes[n % len(codes)]
            new = statuses[code].id if code else None
            text = TEXTS[n % len(TEXTS)]
            rows.append(dict(record_id=record.id, happened_on=start + timedelta(days=n * 2),
                             text=text, text_html=f"<p>{text}</p>",
                             link="", previous_status_id=previous if new else None,
                             status_id=new, author_id=moderator.id, lock_version=1))
            previous = new or previous
        record.status_id = previous
        record.last_entry_on = start + timedelta(days=(per_measure - 1) * 2)
    db.session.execute(ProgressEntry.__table__.insert(), rows)
    db.session.commit()
    return len(rows)


def queries_records(item_ids) -> list:
    return list(db.session.scalars(select(ImplementationRecord).where(
        ImplementationRecord.item_id.in_(list(item_ids))).order_by(ImplementationRecord.id)))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--measures", type=int, default=400)
    parser.add_argument("--entries", type=int, default=10, help="entries per measure")
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--no-pdf", action="store_true", help="leave out the PDF")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        url = os.environ.get("TEST_DATABASE_URL") or f"sqlite:///{Path(tmp) / 'bench.db'}"
        app = create_app(DevelopmentConfig, SQLALCHEMY_DATABASE_URI=url, RATELIMIT_ENABLED=False,
                         WTF_CSRF_ENABLED=False, PASSWORD_HASH_METHOD="pbkdf2:sha256:1000",
                         PHOTO_FOLDER=str(Path(tmp) / "photos"),
                         EXPORT_CACHE_FOLDER=str(Path(tmp) / "cache"), JOBS_PERIODIC=False)
        # The job worker renders the PDF in this process (as with `make run`); the request
        # waits for it, so the time is the time to the PDF.
        pdf.WAIT_SECONDS = 600
        _fresh_database(app)
        today = date.today()
        with app.app_context():
            counter = Counter(db.engine)
            concept = current_concept()
            moderator = find_user_by_email("moderation@example.org")
            measures = _measures_up_to(concept, moderator, args.measures)
            version = freeze_version(concept, label="Fassung für den Bericht", actor=moderator)
            record_adoption(version, body="Kreistag", adopted_on=today - timedelta(days=28),
                            actor=moderator)
            set_visibility(version, "published", actor=moderator)
            db.session.commit()
            start = today - timedelta(days=25)
            entries = _entries(concept, moderator, args.entries, start)
            print(f"Adopted version {version.number}: {measures} measures, {entries} entries "
                  f"in the period.")
            began = time.perf_counter()
            counter.count = 0
            report = report_services.create_progress_report(
                concept, title="Umsetzungsbericht Messung", period_start=start - timedelta(days=1),
                period_end=today, intro="Messung", actor=moderator)
            db.session.commit()
            made = (time.perf_counter() - began) * 1000
            print(f"{'making the report':24} {made:9.1f} ms once  {counter.count:5d} SQL")
            report_id = report.id
        client = _login(app, "moderation@example.org")
        print(f"{'':24} {'median':>9} {'p95':>9} {'CPU med':>9} {'SQL':>5} {'bytes':>9}")
        for label, pattern, runs in PAGES:
            path = pattern.format(id=report_id)
            if args.no_pdf and path.endswith(".pdf"):
                continue
            before = _empty_cache(app, Path(tmp) / "cache") if path.endswith(".pdf") else None
            median, p95, cpu, statements, size = _timed(client, path, runs, counter, before)
            flag = "  OVER GOAL" if path.endswith(".docx") and median > GOAL_MS else ""
            print(f"{label:24} {median:7.1f}ms {p95:7.1f}ms {cpu:7.1f}ms {statements:5d} "
                  f"{size:9d}{flag}")
        if args.profile:
            with _profiled("report DOCX", True):
                client.get(f"/export/progress-reports/{report_id}.docx")


def _timed(client, path: str, runs: int, counter: Counter, before=None) -> tuple:
    """Median and p95 of the wall time, median of the process's CPU time (the server runs in
    this process: on a busy machine the wall time also counts other programs' turns), SQL
    statements and size of the last response; after one warm-up request."""
    walls, cpus = [], []
    for run in range(runs + 1):
        if before:
            before()
        counter.count = 0
        wall, cpu = time.perf_counter(), time.process_time()
        response = client.get(path)
        body = response.get_data()
        assert response.status_code == 200, (path, response.status_code)
        if run:
            walls.append(time.perf_counter() - wall)
            cpus.append(time.process_time() - cpu)
    return (*_stats(walls), _stats(cpus)[0], counter.count, len(body))


def _empty_cache(app, folder: Path):
    """Before each request: no PDF on disk or in the storage, so the job renders it."""
    def empty() -> None:
        for file in folder.glob("*.pdf"):
            file.unlink()
        with app.app_context():
            storage().prune("exports/", 0)
            db.session.commit()

    return empty


if __name__ == "__main__":
    main()

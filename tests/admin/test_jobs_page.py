"""The admin's page of background jobs: what waits, runs or failed, and starting a failed job
again (issue 15: a visible state for staff)."""

from sqlalchemy import select

from app.core import jobs
from app.core.audit import AuditEntry
from app.core.time import utcnow
from app.extensions import db
from app.versions.models import Version
from tests.core import job_tasks
from tests.query_counter import PAGE_STATEMENTS, queries_for


def _job(name="tests.flaky", key="a", state=jobs.FAILED, **values) -> jobs.Job:
    job = jobs.Job(name=name, key=key, state=state, params=values.pop("params", {}),
                   attempts=values.pop("attempts", 3), queued_at=utcnow(), **values)
    db.session.add(job)
    db.session.commit()
    return job


def test_only_admins_see_the_jobs_page(client, login, make_user):
    assert client.get("/admin/jobs/").status_code == 302  # to the login
    login(make_user(roles={"moderator"}))
    assert client.get("/admin/jobs/").status_code == 403
    assert client.post(f"/admin/jobs/{_job().id}/retry").status_code == 403
    assert "Hintergrundaufgaben" not in client.get("/admin/").get_data(as_text=True)


def test_the_page_shows_failed_jobs_first_with_their_error(client, login, make_user,
                                                          make_concept):
    version = Version(concept_id=make_concept().id, number=4, label="Entwurf")
    db.session.add(version)
    db.session.commit()
    _job("reports.pdf", "done-one", state=jobs.DONE, attempts=1, finished_at=utcnow())
    _job("reports.pdf", "broken", last_error="OSError: no space left on device",
         subject=f"version:{version.id}")
    _job("outbox.send", jobs.PERIODIC_KEY, state=jobs.DONE, attempts=1, finished_at=utcnow())
    login(make_user(roles={"admin"}))
    assert "Hintergrundaufgaben" in client.get("/admin/").get_data(as_text=True)
    html = client.get("/admin/jobs/").get_data(as_text=True)
    assert "PDF erstellen" in html and "Fassung 4" in html and "version:" not in html
    assert "OSError: no space left on device" in html
    assert html.index("fehlgeschlagen</span>") < html.index("erledigt</span>")
    assert "fehlgeschlagen (1)" in html and "erledigt (1)" in html and "alle (2)" in html
    assert html.count("Neu starten") == 1  # only the failed job offers it
    # The periodic tasks stand below the list, with their last run (not in it between runs).
    assert html.count("E-Mails aus dem Postausgang versenden") == 1
    assert "Zuletzt beendet:" in html and "Noch nie gelaufen." in html  # the digest: never
    assert "Tägliche Zusammenfassung versenden" in html

    only_done = client.get("/admin/jobs/?state=done").get_data(as_text=True)
    assert "no space left" not in only_done and "Neu starten" not in only_done
    assert "no space left" in client.get("/admin/jobs/?state=nonsense").get_data(as_text=True)


def test_a_failed_job_started_again_runs_with_its_params(client, login, make_user, job_worker):
    admin = make_user(roles={"admin"})
    job = _job(params={"failures": 0, "label": "again"}, last_error="RuntimeError: failure")
    login(admin)
    response = client.post(f"/admin/jobs/{job.id}/retry", follow_redirects=True)
    assert "wieder eingereiht" in response.get_data(as_text=True)
    job_worker.join()
    db.session.rollback()
    job = db.session.get(jobs.Job, job.id)
    assert (job.state, job.attempts, job.last_error) == (jobs.DONE, 1, None)
    assert job_tasks.CALLS[-1] == {"label": "again"}
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "job.retried"))
    assert entry.actor_id == admin.id and entry.object_id == job.id


def test_a_job_that_did_not_fail_is_not_started_again(client, login, make_user):
    job = _job(state=jobs.DONE, attempts=1)
    login(make_user(roles={"admin"}))
    response = client.post(f"/admin/jobs/{job.id}/retry", follow_redirects=True)
    assert "Nur eine fehlgeschlagene Aufgabe" in response.get_data(as_text=True)
    db.session.rollback()
    assert db.session.get(jobs.Job, job.id).state == jobs.DONE
    assert db.session.scalar(select(AuditEntry).where(AuditEntry.action == "job.retried")) is None
    assert client.post("/admin/jobs/99999/retry").status_code == 404


def test_the_jobs_page_makes_the_same_statements_for_many_jobs(app, client, login, make_user):
    login(make_user(roles={"admin"}))
    _job(key="first")
    few = queries_for(app, client, "/admin/jobs/")
    for n in range(60):
        _job(key=f"more-{n}", state=(jobs.FAILED, jobs.DONE, jobs.QUEUED)[n % 3])
    assert queries_for(app, client, "/admin/jobs/") == few <= PAGE_STATEMENTS

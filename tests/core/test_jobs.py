"""Background jobs (app/core/jobs.py): asked for inside a transaction and sent after its
commit, run once however often they are asked for while queued, retried after a failure, their
state kept for staff; periodic jobs queued once per run by any number of schedulers. The same
with Redis when TEST_REDIS_URL is set (CI), including a worker process killed with SIGKILL in
the middle of a job: another worker runs it again."""

import os
import signal
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from uuid import uuid4

import pytest
from sqlalchemy import select

from app import create_app
from app.core import jobs
from app.core.time import as_utc
from app.extensions import db
from config import TestingConfig
from tests.core import job_tasks
from tests.shared import redis_url

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def calls():
    job_tasks.CALLS.clear()
    yield job_tasks.CALLS
    job_tasks.CALLS.clear()


def _job(name: str, key: str = "", *, fresh: bool = True) -> jobs.Job:
    """The job's row; `fresh`: in a new transaction (what other threads and processes
    committed), else within the current one."""
    if fresh:
        db.session.rollback()
    return db.session.scalar(select(jobs.Job).where(jobs.Job.name == name, jobs.Job.key == key))


def _until(condition, what: str, seconds: float = 60):
    """Polls (no assertion on time: the bound only ends a hang)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.05)
    raise AssertionError(f"never happened: {what}")


# --- the embedded broker (the default: `make run`) ------------------------------------------

def test_a_job_runs_after_the_commit_with_its_params(app, job_worker, calls):
    jobs.enqueue("tests.note", "a", subject="thing:1", value=7)
    assert _job("tests.note", "a", fresh=False).state == jobs.QUEUED  # flushed, not sent
    db.session.commit()
    job_worker.join()
    job = _job("tests.note", "a")
    assert calls == [{"value": 7}]
    assert (job.state, job.attempts, job.subject) == (jobs.DONE, 1, "thing:1")
    assert job.finished_at is not None and job.last_error is None


def test_a_job_of_a_change_that_rolls_back_is_never_sent(app, job_worker, calls):
    jobs.enqueue("tests.note", "b", value=1)
    db.session.rollback()
    job_worker.join()
    assert calls == [] and _job("tests.note", "b") is None


def test_asking_again_while_queued_runs_it_once(app, calls):
    for _ in range(3):
        jobs.enqueue("tests.note", "c", value=2)
        db.session.commit()
    assert len(db.session.scalars(select(jobs.Job).where(jobs.Job.key == "c")).all()) == 1
    # One message: the second and third asked for nothing new.
    assert app.extensions["kw_jobs"].broker.queues[jobs.QUEUE].qsize() == 1
    app.extensions["kw_jobs"].drain()  # a worker starting beside it sends nothing again
    assert calls == [{"value": 2}]
    assert (_job("tests.note", "c").state, _job("tests.note", "c").attempts) == (jobs.DONE, 1)


def test_a_message_for_another_job_leaves_the_row_alone(app, calls):
    """A message names its task and the id of its row; a row of another task with that id (ids
    start again in an emptied database) is not run with the wrong function."""
    job = jobs.enqueue("tests.note", "f", value=3)
    db.session.commit()
    jobs._execute(app, "tests.flaky", job.id)  # what the worker does with a stale message
    job = _job("tests.note", "f")
    assert (job.state, job.attempts, calls) == (jobs.QUEUED, 0, [])


def test_a_done_job_asked_again_runs_again(app, job_worker, calls):
    jobs.enqueue("tests.note", "d", value=1)
    db.session.commit()
    job_worker.join()
    jobs.enqueue("tests.note", "d", value=2)
    db.session.commit()
    job_worker.join()
    assert calls == [{"value": 1}, {"value": 2}]
    assert _job("tests.note", "d").attempts == 2


def test_a_failing_job_is_retried_until_it_succeeds(app, job_worker, calls):
    jobs.enqueue("tests.flaky", "e", failures=2, label="e")
    db.session.commit()
    job_worker.join()
    job = _job("tests.flaky", "e")
    assert len(calls) == 3
    assert (job.state, job.attempts, job.last_error) == (jobs.DONE, 3, None)


def test_a_job_failing_every_time_is_marked_failed_with_its_error(app, job_worker, calls):
    jobs.enqueue("tests.flaky", "f", failures=99, label="f")
    db.session.commit()
    job_worker.join()
    job = _job("tests.flaky", "f")
    assert len(calls) == 3  # the first run and max_retries=2 more
    assert (job.state, job.attempts) == (jobs.FAILED, 3)
    assert job.last_error == "RuntimeError: failure f"


def test_an_unknown_job_is_refused_at_once(app):
    with pytest.raises(LookupError):
        jobs.enqueue("tests.nothing")


def test_a_queued_job_left_by_a_stopped_process_is_sent_again(app, calls):
    """The embedded broker keeps messages in memory: a new process sends what the database
    says is still queued or running."""
    jobs.enqueue("tests.note", "g", value=3)
    db.session.commit()
    runtime = app.extensions["kw_jobs"]
    runtime.broker.flush_all()  # the process ended: its messages are gone
    job = _job("tests.note", "g")
    job.state = jobs.RUNNING  # and it was in the middle of the job
    db.session.commit()
    runtime.drain()  # a new process starts its worker
    assert calls == [{"value": 3}] and _job("tests.note", "g").state == jobs.DONE


# --- periodic jobs ----------------------------------------------------------------------------

def test_periodic_jobs_are_queued_once_per_run_by_any_number_of_schedulers(app):
    now = datetime(2026, 12, 3, 10, 0, tzinfo=UTC)
    first = jobs.queue_due(now)
    assert "outbox.send" in first
    assert "notifications.digest" not in first  # daily at 7: not before tomorrow
    assert jobs.queue_due(now) == []  # a second scheduler at the same moment
    outbox = _job("outbox.send", jobs.PERIODIC_KEY)
    assert outbox.state == jobs.QUEUED
    assert as_utc(outbox.due_at) == now + timedelta(seconds=30)
    outbox.state = jobs.DONE
    db.session.commit()
    assert jobs.queue_due(now + timedelta(seconds=10)) == []
    assert jobs.queue_due(now + timedelta(seconds=31)) == ["outbox.send"]
    digest = _job("notifications.digest", jobs.PERIODIC_KEY)
    assert as_utc(digest.due_at) == datetime(2026, 12, 4, 6, 0, tzinfo=UTC)  # 7:00 CET
    assert "notifications.digest" in jobs.queue_due(datetime(2026, 12, 4, 6, 0, tzinfo=UTC))


def test_the_daily_hour_follows_summer_time(app):
    digest = jobs._tasks["notifications.digest"]
    summer = datetime(2026, 7, 1, 12, 0, tzinfo=UTC)
    assert jobs.next_due(digest, summer) == datetime(2026, 7, 2, 5, 0, tzinfo=UTC)  # 7:00 CEST


def test_the_periodic_outbox_job_delivers_the_outbox(app, job_worker, smtp_server):
    from app.core.outbox import OutboxMessage, queue_mail

    queue_mail("someone@example.org", "test", "digest", notifications=[("Hallo", "/x")])
    db.session.commit()
    assert jobs.queue_due() == ["outbox.send"]
    job_worker.join()
    message = db.session.scalar(select(OutboxMessage))
    assert message.status == "sent" and len(smtp_server.messages) == 1


# --- Redis (CI): several processes, a killed worker -------------------------------------------

@pytest.fixture
def redis_app(app):
    """An app whose jobs go through Redis, under a namespace of this test only (other test
    processes and the rate-limit tests share the Redis database); its keys are removed
    afterwards."""
    import redis

    url = redis_url("the jobs")
    namespace = f"kw-test-jobs-{uuid4().hex}"
    made = create_app(TestingConfig, SQLALCHEMY_DATABASE_URI=app.config["SQLALCHEMY_DATABASE_URI"],
                      JOBS_REDIS_URL=url, JOBS_NAMESPACE=namespace,
                      JOBS_HEARTBEAT_SECONDS=1, JOBS_MAINTENANCE_CHANCE=1_000_000)
    made.kw_namespace = namespace
    yield made
    made.extensions["kw_jobs"].stop_worker()
    client = redis.Redis.from_url(url)
    for key in client.scan_iter(f"{namespace}*", count=1000):
        client.delete(key)
    with made.app_context():
        db.session.remove()


def test_a_job_through_redis(redis_app, calls):
    runtime = redis_app.extensions["kw_jobs"]
    assert type(runtime.broker).__name__ == "RedisBroker"
    with redis_app.app_context():
        jobs.enqueue("tests.note", "r", value=5)
        db.session.commit()
        runtime.start_worker(1, periodic=False)
        _until(lambda: _job("tests.note", "r").state == jobs.DONE, "the job ran")
    assert calls == [{"value": 5}]


def _start_worker(redis_app, log: Path) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen(
        [sys.executable, "-m", "tests.core.job_worker_process",
         redis_app.config["SQLALCHEMY_DATABASE_URI"], redis_app.config["JOBS_REDIS_URL"],
         redis_app.kw_namespace], cwd=ROOT, env=env, stdout=log.open("w"),
        stderr=subprocess.STDOUT)


def test_a_job_survives_a_worker_killed_in_the_middle_of_it(redis_app, tmp_path):
    folder = tmp_path / "job"
    folder.mkdir()
    with redis_app.app_context():
        jobs.enqueue("tests.slow", "k", folder=str(folder))
        db.session.commit()
    first = _start_worker(redis_app, tmp_path / "first.log")
    second = None
    try:
        _until(lambda: (folder / f"started-{first.pid}").exists(), "the first worker started it")
        first.send_signal(signal.SIGKILL)  # in the middle of the job: no chance to clean up
        first.wait(30)
        assert not (folder / f"done-{first.pid}").exists()
        with redis_app.app_context():
            assert _job("tests.slow", "k").state == jobs.RUNNING  # as the killed worker left it
        (folder / "release").write_text("")  # the next run may finish
        second = _start_worker(redis_app, tmp_path / "second.log")
        with redis_app.app_context():
            _until(lambda: _job("tests.slow", "k").state == jobs.DONE,
                   "another worker ran the job again", seconds=90)
            assert _job("tests.slow", "k").attempts == 2
        assert (folder / f"started-{second.pid}").exists()
        assert (folder / f"done-{second.pid}").exists()
    finally:
        for process in (first, second):
            if process is not None and process.poll() is None:
                process.terminate()
                process.wait(30)


def test_a_job_nobody_took_is_sent_again_once_per_period(app, calls):
    """The broker was away at the commit: the scheduler sends it again after RESEND_AFTER,
    and not at every tick while it waits in a long queue."""
    jobs.enqueue("tests.note", "h", value=4)
    db.session.commit()
    runtime = app.extensions["kw_jobs"]
    runtime.broker.flush_all()  # the message never arrived
    job = _job("tests.note", "h")
    job.queued_at = job.queued_at - jobs.RESEND_AFTER - timedelta(minutes=1)
    db.session.commit()
    assert jobs.resend(older_than=jobs.RESEND_AFTER) == 1
    assert jobs.resend(older_than=jobs.RESEND_AFTER) == 0  # the next tick
    runtime.drain()
    assert calls == [{"value": 4}] and _job("tests.note", "h").state == jobs.DONE

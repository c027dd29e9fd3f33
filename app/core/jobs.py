"""Background jobs: slow and periodic work that does not belong in a request (issue 15).

The queue is Dramatiq (pyproject.toml says why). Two modes, chosen by `JOBS_REDIS_URL`:

- embedded (the default, nothing to install or start): an in-memory broker and a worker with a
  few threads inside the web process, started with its first request (`make run` starts
  everything). Messages live in that process only; what a stopped process left queued or
  running is sent again when the next one starts, because every job has a row in `jobs`.
- Redis: `flask --app app jobs worker` processes on any host take the jobs. Dramatiq's Redis
  broker acknowledges a message only after the job returned; the unacknowledged messages of a
  worker whose heartbeat stopped (killed, host gone) go back to the queue, so a job runs at
  least once (`JOBS_HEARTBEAT_SECONDS`, `JOBS_MAINTENANCE_CHANCE`).

A module declares its job once (`@task("reports.pdf")`) and asks for it inside its use case
(`enqueue(...)`): a row in `jobs` is written in the same transaction, and the message leaves
after the commit (if the change rolls back, so does the job). Asking again for a job that is
queued or running adds nothing; the row's `state` (queued, running, done, failed) with its
attempts and last error is what staff see. Failures are retried with growing pauses
(`max_retries`). Periodic jobs (`every=`) are queued by the scheduler that runs beside each
worker; several workers on several hosts queue each run once (a compare-and-set on `due_at`).

Jobs must be idempotent: after a killed worker, the same job runs again."""

import logging
import os
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from flask import Flask, current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import (
    JSON,
    DateTime,
    Integer,
    String,
    Text,
    UniqueConstraint,
    case,
    event,
    func,
    select,
)
from sqlalchemy import update as sql_update
from sqlalchemy.orm import Mapped, mapped_column

from app.core import audit
from app.core.actions import Refusal
from app.core.tables import insert_or_ignore
from app.core.time import as_utc, utcnow
from app.extensions import db

log = logging.getLogger(__name__)

QUEUED, RUNNING, DONE, FAILED = "queued", "running", "done", "failed"
ACTIVE = (QUEUED, RUNNING)
QUEUE = "kw"
PERIODIC_KEY = "periodic"
RESEND_AFTER = timedelta(minutes=15)  # a queued job nobody took by then is sent once more
TICK_SECONDS = 10  # how often the scheduler looks for periodic jobs that are due


class Job(db.Model):
    """The state of one job (by name and key); asked again, the row is reused."""

    __tablename__ = "jobs"
    __table_args__ = (UniqueConstraint("name", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(80))  # the task, e.g. "reports.pdf"
    key: Mapped[str] = mapped_column(String(200))  # which one of its jobs, e.g. a content hash
    subject: Mapped[str | None] = mapped_column(String(80), index=True)  # e.g. "version:3"
    params: Mapped[dict] = mapped_column(JSON, default=dict)
    state: Mapped[str] = mapped_column(String(10), default=QUEUED)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(Text)
    queued_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    started_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    due_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))  # periodic only

    @property
    def active(self) -> bool:
        return self.state in ACTIVE


@dataclass(frozen=True)
class Task:
    name: str
    function: Callable
    max_retries: int
    every: timedelta | None
    time_limit: timedelta
    at_hour: int | None = None
    label: object = None  # what staff read on the jobs page (admin.jobs)


_tasks: dict[str, Task] = {}


def task(name: str, *, label=None, max_retries: int = 5, every: timedelta | None = None,
         at_hour: int | None = None, time_limit: timedelta = timedelta(minutes=30)):
    """Declare `function(**params)` as the job `name` (run in an app context; it commits its
    own work). `label`: its name for staff. `every`: also run it periodically; with
    `at_hour`, daily at that hour of the app's time zone (TIMEZONE)."""
    if at_hour is not None:
        every = timedelta(days=1)

    def declare(function: Callable) -> Callable:
        _tasks[name] = Task(name, function, max_retries, every, time_limit, at_hour, label)
        return function
    return declare


# --- asking for a job ----------------------------------------------------------------------------

def enqueue(name: str, key: str = "", *, subject: str | None = None, **params) -> Job:
    """Ask for the job `name`/`key` with `params` in the current transaction; its message is
    sent after the commit. A job of that name and key already queued adds nothing; one that
    is running is queued again (it runs once more with the new params after this run)."""
    if name not in _tasks:
        raise LookupError(f"no job named {name!r} is declared")
    job = db.session.scalar(select(Job).where(Job.name == name, Job.key == key))
    if job is not None and job.state == QUEUED:
        return job
    if job is None:
        insert_or_ignore(Job, name=name, key=key, params={}, state=DONE, attempts=0,
                         queued_at=utcnow())
        job = db.session.scalar(select(Job).where(Job.name == name, Job.key == key))
        if job.state == QUEUED:  # asked for at the same moment elsewhere: that one counts
            return job
    _fill(job, subject, params)
    db.session.info.setdefault("kw_jobs_to_send", {})[job.id] = name
    return job


def _fill(job: Job, subject, params) -> None:
    job.subject = subject or job.subject  # who asks without one keeps what it is about
    job.params = params
    job.state = QUEUED
    job.queued_at = utcnow()
    job.last_error = None
    db.session.flush()


def latest(subject: str, names: tuple[str, ...] | None = None) -> Job | None:
    """The most recently asked job about `subject` (of one of `names`)."""
    query = select(Job).where(Job.subject == subject)
    if names:
        query = query.where(Job.name.in_(names))
    return db.session.scalar(query.order_by(Job.queued_at.desc(), Job.id.desc()).limit(1))


@event.listens_for(db.session, "after_commit")
def _send_after_commit(session) -> None:
    pending = session.info.pop("kw_jobs_to_send", None)
    if pending:
        _send(pending.items())


@event.listens_for(db.session, "after_soft_rollback")
def _forget_after_rollback(session, _previous) -> None:
    if not session.in_transaction():
        session.info.pop("kw_jobs_to_send", None)


def _send(pairs) -> None:
    """Send the messages of committed jobs (id, name). A broker that is away loses nothing:
    the row stays queued and the scheduler sends it again (RESEND_AFTER)."""
    runtime = current_app.extensions.get("kw_jobs")
    if runtime is None:
        return
    for job_id, name in pairs:
        try:
            runtime.actor(name).send(job_id)
        except Exception:  # a broker outage must not fail the request that was committed
            log.exception("job %s (%s) not sent; it is sent again later", job_id, name)


# --- running a job -------------------------------------------------------------------------------

def _execute(app: Flask, name: str, job_id: int) -> None:
    """Dramatiq's actor for every task: mark the row running, run, mark it done (or note the
    error and raise, so that Dramatiq retries after a pause)."""
    definition = _tasks[name]
    with app.app_context():
        job = db.session.get(Job, job_id)
        if job is None or job.name != name or (
                job.state in (DONE, FAILED) and job.finished_at is not None
                and job.finished_at >= job.queued_at):
            db.session.rollback()
            return  # finished after it was last asked for (a message sent twice), or the
            # row is another job's (ids start again after a restore into an empty database)
        job.state = RUNNING
        job.attempts += 1
        job.started_at = utcnow()
        params = dict(job.params or {})
        db.session.commit()
        started = job.started_at
        try:
            definition.function(**params)
            db.session.commit()
        except Exception as exc:
            db.session.rollback()
            _finish(job_id, started, error=f"{type(exc).__name__}: {exc}"[:2000],
                    final=job.attempts > definition.max_retries)
            raise
        _finish(job_id, started)


def _finish(job_id: int, started, *, error: str | None = None, final: bool = True) -> None:
    """Done or failed, unless the job was asked for again meanwhile (then it stays queued)."""
    db.session.execute(
        sql_update(Job).where(Job.id == job_id, Job.state == RUNNING, Job.started_at == started)
        .values(state=FAILED if error and final else (QUEUED if error else DONE),
                finished_at=utcnow(), last_error=error))
    db.session.commit()


# --- the broker and the workers ------------------------------------------------------------------

class Runtime:
    """The broker of one app and its actors; the embedded worker and the scheduler, once
    started."""

    def __init__(self, app: Flask) -> None:
        url = app.config.get("JOBS_REDIS_URL")
        if url:
            from dramatiq.brokers.redis import RedisBroker

            self.broker = RedisBroker(
                url=url, namespace=app.config["JOBS_NAMESPACE"],
                heartbeat_timeout=int(app.config["JOBS_HEARTBEAT_SECONDS"] * 1000),
                maintenance_chance=app.config["JOBS_MAINTENANCE_CHANCE"])
            self.actors = {}
        self.embedded = not url
        self.backoff = int(app.config["JOBS_MIN_BACKOFF_SECONDS"] * 1000)
        self.app = app
        if self.embedded:
            self._new_broker()
        for name in _tasks:
            self.actor(name)
        self.worker = None
        self.stop_scheduler = threading.Event()
        self._lock = threading.Lock()

    def _new_broker(self) -> None:
        from dramatiq.brokers.stub import StubBroker

        self.broker = StubBroker()
        self.broker.declare_queue(QUEUE)
        self.actors = {}

    def actor(self, name: str):
        """The Dramatiq actor of the task `name` (declared on first use: a task declared after
        the app was made, as in tests, works too)."""
        import dramatiq

        if name not in self.actors:
            definition, app = _tasks[name], self.app

            def run(job_id):
                _execute(app, name, job_id)

            self.actors[name] = dramatiq.Actor(
                run, broker=self.broker, actor_name=name, queue_name=QUEUE, priority=0,
                options={"max_retries": definition.max_retries, "min_backoff": self.backoff,
                         "max_backoff": max(self.backoff, 3_600_000),
                         "time_limit": int(definition.time_limit.total_seconds() * 1000)})
        return self.actors[name]

    def start_worker(self, threads: int, *, periodic: bool = True) -> None:
        """A Dramatiq worker with `threads` threads in this process; with `periodic`, the
        scheduler too."""
        from dramatiq import Worker

        with self._lock:
            if self.worker is not None:
                return
            # Looked at before the worker starts taking messages (after, a message it took
            # already would look lost and run twice).
            left_over = self.embedded and not any(
                queue.qsize() for queue in self.broker.queues.values())
            self.worker = Worker(self.broker, queues={QUEUE}, worker_threads=threads,
                                 worker_timeout=200)
            self.worker.start()
            self.stop_scheduler = threading.Event()
        if left_over:
            # What a previous process (or a stopped worker) left in its memory. A broker that
            # holds messages already belongs to this process, with nothing lost: sending its
            # jobs again would run them twice.
            with self.app.app_context():
                resend(older_than=timedelta(0), running_too=True)
        if periodic:
            threading.Thread(target=self._schedule, args=(self.stop_scheduler,),
                             name="kw-jobs-scheduler", daemon=True).start()

    def stop_worker(self) -> None:
        """Stop taking jobs; the running ones finish first."""
        with self._lock:
            self.stop_scheduler.set()
            if self.worker is not None:
                self.worker.stop()
                self.worker = None
                if self.embedded:
                    # Its memory is gone, as when a process ends (messages it had taken but
                    # not run are lost with it): a new worker starts on a fresh broker and
                    # sends again what the rows say is queued or running.
                    self._new_broker()

    def _schedule(self, stop: threading.Event) -> None:
        while True:
            try:
                with self.app.app_context():
                    queue_due()
                    resend(older_than=RESEND_AFTER)
            except Exception:
                log.exception("the job scheduler failed this time; it tries again")
            if stop.wait(TICK_SECONDS):
                return

    def drain(self, timeout: float = 60) -> None:
        """Embedded mode: run every queued job in this process now, then stop (tests)."""
        self.start_worker(1, periodic=False)
        try:
            self.join(timeout)
        finally:
            self.stop_worker()

    def join(self, timeout: float = 60) -> None:
        """Embedded mode: wait until every message sent so far was processed (tests)."""
        self.broker.join(QUEUE, timeout=int(timeout * 1000), fail_fast=False)
        if self.worker is not None:
            self.worker.join()


def init_app(app: Flask) -> None:
    runtime = Runtime(app)
    app.extensions["kw_jobs"] = runtime
    if runtime.embedded and app.config.get("JOBS_EMBEDDED_WORKER"):
        threads = app.config["JOBS_EMBEDDED_THREADS"]

        @app.before_request
        def _start_embedded_worker():
            if runtime.worker is None:
                runtime.start_worker(threads, periodic=app.config["JOBS_PERIODIC"])


def runtime() -> Runtime:
    return current_app.extensions["kw_jobs"]


def may_run_soon() -> bool:
    """Whether a job queued now may be taken while a request waits: with Redis a worker
    elsewhere may; embedded, only if this process runs its worker."""
    current = runtime()
    return not current.embedded or current.worker is not None


# --- periodic jobs and lost messages --------------------------------------------------------------

def next_due(definition: Task, now: datetime) -> datetime:
    """The next run after `now`: `every` later, or the next `at_hour` o'clock locally."""
    if definition.at_hour is None:
        return now + definition.every
    zone = ZoneInfo(current_app.config.get("BABEL_DEFAULT_TIMEZONE") or "UTC")
    local = now.astimezone(zone)
    due = local.replace(hour=definition.at_hour, minute=0, second=0, microsecond=0)
    if due <= local:
        due = (local + timedelta(days=1)).replace(hour=definition.at_hour, minute=0,
                                                  second=0, microsecond=0)
    return due.astimezone(UTC)


def queue_due(now: datetime | None = None) -> list[str]:
    """Queue every periodic job whose time has come; each run once, whichever scheduler of
    whichever host gets there first (the row's `due_at` is compared and set in one UPDATE)."""
    now = now or utcnow()
    queued = []
    for definition in _tasks.values():
        if definition.every is None:
            continue
        job = db.session.scalar(select(Job).where(Job.name == definition.name,
                                                  Job.key == PERIODIC_KEY))
        if job is None:
            first = now if definition.at_hour is None else next_due(definition, now)
            insert_or_ignore(Job, name=definition.name, key=PERIODIC_KEY, params={},
                             state=DONE, attempts=0, queued_at=now, due_at=first)
            db.session.commit()
            job = db.session.scalar(select(Job).where(Job.name == definition.name,
                                                      Job.key == PERIODIC_KEY))
        if job.state == QUEUED or job.due_at is not None and as_utc(job.due_at) > now:
            continue
        won = db.session.execute(
            sql_update(Job).where(Job.id == job.id, Job.due_at == job.due_at)
            .values(due_at=next_due(definition, now), state=QUEUED, queued_at=now, attempts=0)
        ).rowcount
        db.session.commit()
        if won:
            _send([(job.id, definition.name)])
            queued.append(definition.name)
    return queued


def resend(*, older_than: timedelta, running_too: bool = False) -> int:
    """Send again the messages of jobs queued longer than `older_than` (a broker that was away
    at the commit; the embedded broker of a process that ended). Sent twice, a job runs once:
    the second message finds it done. Their `queued_at` moves on, so that a long queue is not
    sent again at every tick."""
    now = utcnow()
    states = ACTIVE if running_too else (QUEUED,)
    pairs = [tuple(pair) for pair in db.session.execute(select(Job.id, Job.name).where(
        Job.state.in_(states), Job.queued_at <= now - older_than)) if pair[1] in _tasks]
    if pairs:
        db.session.execute(sql_update(Job).where(Job.id.in_([i for i, _ in pairs]))
                           .values(queued_at=now))
    db.session.commit()
    _send(pairs)
    return len(pairs)


def worker_threads_default() -> int:
    return max(2, min(4, os.cpu_count() or 2))


# --- what staff see and do (the admin's jobs page) -----------------------------------------------

STATE_LABELS = {FAILED: _l("fehlgeschlagen"), RUNNING: _l("läuft"), QUEUED: _l("wartet"),
                DONE: _l("erledigt")}
audit.describe("jobs", label=_l("Hintergrundaufgabe"))
audit.describe_actions({"job.retried": _l("Hintergrundaufgabe neu gestartet")})


# What a job is about ("version:3"), named for staff by the module that owns the kind: a
# function from the ids of that kind to their names (one query for a page of jobs).
_SUBJECT_NAMES: dict[str, Callable[[list[str]], dict[str, str]]] = {}


def describe_subjects(kind: str, names: Callable[[list[str]], dict[str, str]]) -> None:
    _SUBJECT_NAMES[kind] = names


def subject_labels(subjects) -> dict[str, str]:
    """{subject: its name for staff} (the subject itself where its kind has no names)."""
    ids: dict[str, list[str]] = {}
    for subject in set(subjects):
        kind, _, ident = subject.partition(":")
        ids.setdefault(kind, []).append(ident)
    labels = {}
    for kind, idents in ids.items():
        names = _SUBJECT_NAMES[kind](idents) if kind in _SUBJECT_NAMES else {}
        for ident in idents:
            labels[f"{kind}:{ident}"] = names.get(ident, f"{kind}:{ident}")
    return labels


def label_of(name: str) -> str:
    """The name staff read for the task `name` (its code where it has none)."""
    definition = _tasks.get(name)
    return str(definition.label) if definition is not None and definition.label else name


# The rows of periodic tasks between their runs: shown with the periodic tasks instead.
_LISTED = ~((Job.key == PERIODIC_KEY) & (Job.state == DONE))


def counts() -> dict[str, int]:
    """Jobs by state, every state listed (in the order of STATE_LABELS)."""
    found = dict(db.session.execute(
        select(Job.state, func.count()).where(_LISTED).group_by(Job.state)).all())
    return {state: found.get(state, 0) for state in STATE_LABELS}


def listing(state: str | None = None):
    """The jobs for staff (a statement to paginate): failed first, then running and waiting,
    then the rest; the most recently asked for first within each."""
    query = select(Job).where(_LISTED)
    if state is not None:
        query = query.where(Job.state == state)
    first = case((Job.state == FAILED, 0), (Job.state == RUNNING, 1), (Job.state == QUEUED, 2),
                 else_=3)
    return query.order_by(first, Job.queued_at.desc(), Job.id.desc())


@dataclass(frozen=True)
class Periodic:
    label: str
    every: timedelta
    at_hour: int | None
    job: Job | None  # its row (when it last ran, when it is due), once a scheduler ran


def periodic() -> list[Periodic]:
    """The periodic tasks and their rows."""
    definitions = [d for d in _tasks.values() if d.every is not None]
    rows = {job.name: job for job in db.session.scalars(select(Job).where(
        Job.key == PERIODIC_KEY, Job.name.in_([d.name for d in definitions])))}
    return [Periodic(label_of(d.name), d.every, d.at_hour, rows.get(d.name))
            for d in sorted(definitions, key=lambda d: label_of(d.name))]


def retry(job: Job, *, actor) -> Job:
    """Queue a failed job again, with its parameters and a fresh count of attempts."""
    if job.state != FAILED:
        raise Refusal(_l("Nur eine fehlgeschlagene Aufgabe kann neu gestartet werden."))
    if job.name not in _tasks:
        raise Refusal(_l("Diese Aufgabe gibt es in dieser Version nicht mehr."))
    enqueue(job.name, job.key, subject=job.subject, **dict(job.params or {}))
    job.attempts = 0
    audit.record("job.retried", job, actor=actor, summary=label_of(job.name))
    return job

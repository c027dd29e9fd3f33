"""Operations: `flask outbox send`, `flask jobs worker|list`, `flask backup PATH`,
`flask restore PATH`."""

import signal
import threading
import time

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy import select

from app.core import jobs, search
from app.core.backup import BackupError, read_backup, write_backup
from app.core.outbox import send_pending
from app.extensions import db


@click.group("outbox", help="E-mail outbox.")
def outbox_cli():
    pass


@outbox_cli.command("send")
@click.option("--loop", is_flag=True, help="Keep running and send every --interval seconds.")
@click.option("--interval", default=30, show_default=True, help="Seconds between rounds.")
@click.option("--limit", default=100, show_default=True, help="Messages per round.")
@with_appcontext
def send_command(loop: bool, interval: int, limit: int):
    """Deliver due messages by SMTP; failures are retried later, nothing is dropped."""
    while True:
        result = send_pending(limit=limit)
        click.echo(
            f"sent {result['sent']}, will retry {result['retry']}, failed {result['failed']}"
        )
        if not loop:
            break
        time.sleep(interval)


@click.command("backup")
@click.argument("path", type=click.Path(dir_okay=False, writable=True))
@with_appcontext
def backup_command(path: str):
    """Write the whole database to PATH (gzip-compressed JSON)."""
    counts = write_backup(path)
    click.echo(f"Backup written to {path}: {sum(counts.values())} rows in {len(counts)} tables")


@click.command("restore")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
@with_appcontext
def restore_command(path: str):
    """Fill an empty, migrated database from a backup written by `flask backup`."""
    try:
        counts = read_backup(path)
        search.rebuild_index()
    except BackupError as exc:
        db.session.rollback()
        raise click.ClickException(str(exc)) from exc
    db.session.commit()
    click.echo(f"Restored {sum(counts.values())} rows in {len(counts)} tables from {path}")


@click.group("jobs", help="Background jobs (PDFs, mails, digests, similarity vectors).")
def jobs_cli():
    pass


@jobs_cli.command("worker")
@click.option("--threads", default=jobs.worker_threads_default(), show_default=True,
              help="Jobs run at the same time in this process.")
@with_appcontext
def worker_command(threads: int):
    """Run jobs from Redis (JOBS_REDIS_URL) until SIGTERM or Ctrl-C; start one or more on any
    host. Also queues the periodic jobs (the outbox, the daily digest)."""
    if not current_app.config.get("JOBS_REDIS_URL"):
        raise click.ClickException(
            "JOBS_REDIS_URL is not set: jobs run inside the web process (embedded), "
            "a separate worker would never see them.")
    runtime = jobs.runtime()
    stop = threading.Event()
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda *_: stop.set())
    runtime.start_worker(threads, periodic=current_app.config["JOBS_PERIODIC"])
    click.echo(f"worker with {threads} threads started", err=True)
    stop.wait()
    click.echo("stopping: running jobs finish first", err=True)
    runtime.stop_worker()


@jobs_cli.command("list")
@click.option("--all", "everything", is_flag=True, help="Also jobs that are done.")
@with_appcontext
def list_command(everything: bool):
    """The jobs and their state (queued, running, failed; with --all also done)."""
    query = select(jobs.Job).order_by(jobs.Job.queued_at.desc()).limit(200)
    if not everything:
        query = query.where(jobs.Job.state != jobs.DONE)
    for job in db.session.scalars(query):
        click.echo(f"{job.id:>6} {job.state:<8} {job.name:<28} {job.key[:24]:<24} "
                   f"attempts={job.attempts} {job.last_error or ''}".rstrip())

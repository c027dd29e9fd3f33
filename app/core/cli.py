"""Operations: `flask outbox send`, `flask backup PATH`, `flask restore PATH`."""

import time

import click
from flask.cli import with_appcontext

from app.core import search
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

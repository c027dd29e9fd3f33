"""`flask outbox ...`: deliver queued e-mail."""

import time

import click
from flask.cli import with_appcontext

from app.core.outbox import send_pending


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

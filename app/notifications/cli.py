"""`flask outbox digest`: the daily summary of notifications, meant for cron."""

import click
from flask.cli import with_appcontext

from app.extensions import db
from app.notifications.services import send_digests


@click.command("digest")
@with_appcontext
def digest_command():
    """Queue one digest e-mail per user who chose daily summaries (then run `outbox send`)."""
    count = send_digests()
    db.session.commit()
    click.echo(f"digests queued: {count}")

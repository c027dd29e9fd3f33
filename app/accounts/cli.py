"""`flask users ...`: manage accounts from the command line; `flask privacy purge`: delete
mails and notifications after the retention period."""

import click
from flask import current_app
from flask.cli import with_appcontext

from app.accounts import privacy, services
from app.accounts.models import ROLES
from app.extensions import db


@click.group("users", help="User accounts.")
def users_cli():
    pass


@users_cli.command("create")
@click.option("--email", required=True)
@click.option("--name", "display_name", help="Display name (default: the e-mail's local part).")
@click.option("--role", "roles", multiple=True, type=click.Choice(sorted(ROLES)),
              help="Role to grant; repeat for several.")
@click.password_option(help="Password (asked for when not given).")
@with_appcontext
def create_command(email: str, display_name: str | None, roles: tuple[str, ...], password: str):
    """Create a confirmed account with the given roles."""
    problems = services.password_problems(password, email=email,
                                          display_name=display_name or "")
    if problems:
        raise click.ClickException(" ".join(problems))
    try:
        user = services.create_user(email=email, display_name=display_name or email.split("@")[0],
                                    password=password, roles=set(roles))
    except services.AccountError as exc:
        raise click.ClickException(str(exc)) from exc
    db.session.commit()
    click.echo(f"Created user {user.id} <{user.email}> with roles {', '.join(sorted(user.roles))}")


@click.group("privacy", help="Personal data: how long it is kept.")
def privacy_cli():
    pass


@privacy_cli.command("purge")
@click.option("--days", type=click.IntRange(min=1),
              help="Age in days (default: the RETENTION_DAYS setting).")
@with_appcontext
def purge_command(days: int | None):
    """Delete sent or failed mails and notifications older than the retention period (queued
    mails are never deleted). Meant for a daily cron job."""
    removed = privacy.purge_expired(days=days)
    db.session.commit()
    click.echo(f"deleted {removed['mails']} mails and {removed['notifications']} notifications "
               f"older than {days or current_app.config['RETENTION_DAYS']} days"
               + (f", and {removed['logins']} ended logins" if removed["logins"] else ""))

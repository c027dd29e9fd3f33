"""`flask demo ...`: the demo of the Konstanz case."""

import click
from flask.cli import with_appcontext

from app.demo.services import database_is_empty, load_demo
from app.extensions import db


@click.group("demo", help="Demo data.")
def demo_cli():
    pass


@demo_cli.command("load")
@click.option("--if-empty", is_flag=True, help="Only load into a database without users.")
@with_appcontext
def load_command(if_empty: bool):
    """Load the Konstanz demo (safe to run again)."""
    if if_empty and not database_is_empty():
        click.echo("Database is not empty; demo not loaded.")
        return
    added = load_demo()
    db.session.commit()
    click.echo("Demo loaded: " + ", ".join(f"{n} {k}" for k, n in added.items()))

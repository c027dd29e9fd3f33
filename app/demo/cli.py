"""`flask demo ...`: the demo of the Konstanz case, and synthetic large data for benchmarks."""

from time import perf_counter

import click
from flask.cli import with_appcontext

from app.core import planner
from app.demo.generator import GenerateError, generate_load_data
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
    planner.analyze()
    click.echo("Demo loaded: " + ", ".join(f"{n} {k}" for k, n in added.items()))


@demo_cli.command("generate")
@click.option("--contributions", "contributions", type=click.IntRange(min=0), required=True,
              help="How many contributions to add.")
@click.option("--comments-per", type=click.IntRange(min=0), default=2, show_default=True,
              help="Comments per contribution on average.")
@click.option("--supports-per", type=click.IntRange(min=1), default=3, show_default=True,
              help="Supports per contribution on average.")
@click.option("--users", type=click.IntRange(min=2), default=None,
              help="Generated people who write, comment and support "
                   "[default: one per 20 contributions, at least 20].")
@click.option("--organisations", type=click.IntRange(min=0), default=0, show_default=True,
              help="Verified generated organisations with generated members; about 10% of "
                   "the contributions are then written for one by its representative.")
@click.option("--seed", type=int, default=1, show_default=True,
              help="The same seed gives the same texts.")
@click.option("--topic", "topic", metavar="SLUG", default=None,
              help="Put all contributions into this topic (default: spread over all topics).")
@click.option("--items", type=click.IntRange(min=0), default=0, show_default=True,
              help="Draft items to add to the topic(s); about 60% of the new contributions "
                   "are then linked to them (incorporated).")
@with_appcontext
def generate_command(contributions: int, comments_per: int, supports_per: int,
                     users: int | None, organisations: int, seed: int, topic: str | None,
                     items: int):
    """Add synthetic contributions, supports and comments to the round "Lastdaten"."""
    started = perf_counter()
    try:
        counts = generate_load_data(contributions, comments_per=comments_per, seed=seed,
                                    topic=topic, items=items, supports_per=supports_per,
                                    users=users, organisations=organisations)
    except GenerateError as error:
        db.session.rollback()
        raise click.ClickException(str(error)) from error
    db.session.commit()
    analyzed = planner.analyze()  # PostgreSQL plans the lists with the new numbers at once
    seconds = perf_counter() - started
    drafted = (f"{counts['items']} items, {counts['item_links']} links "
               f"({counts['incorporated']} contributions incorporated), " if items else "")
    click.echo(f"Round 'Lastdaten' (id {counts['round_id']}): {counts['contributions']} "
               f"contributions, {counts['supports']} supports, {counts['comments']} comments, "
               f"{drafted}{counts['users']} new users, {counts['organisations']} new "
               f"organisations{' (statistics refreshed with VACUUM ANALYZE)' if analyzed else ''}, "
               f"in {seconds:.1f} s.")

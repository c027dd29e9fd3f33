"""The schema comes from migrations: upgrade an empty database to head, compare with the
models, and downgrade again — on SQLite, and on PostgreSQL when TEST_DATABASE_URL is set."""

import os
from pathlib import Path

import flask_migrate
import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, inspect, text
from sqlalchemy.engine import make_url

from app import create_app
from app.core.search import is_search_object
from app.extensions import db
from config import TestingConfig, _database_url

MIGRATIONS = str(Path(__file__).resolve().parent.parent / "migrations")


@pytest.fixture
def empty_database_url(tmp_path):
    server_url = os.environ.get("TEST_DATABASE_URL")
    if not server_url:
        yield f"sqlite:///{tmp_path / 'migrations.db'}"
        return
    url = make_url(_database_url(server_url))
    name = f"{url.database}_migrations"
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    yield url.set(database=name).render_as_string(hide_password=False)
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def test_upgrade_from_empty_matches_models_and_downgrades(empty_database_url):
    app = create_app(TestingConfig, SQLALCHEMY_DATABASE_URI=empty_database_url)
    with app.app_context():
        flask_migrate.upgrade(directory=MIGRATIONS)
        with db.engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={
                "compare_type": True,
                "include_object": lambda obj, name, *args: not is_search_object(name)})
            differences = compare_metadata(context, db.metadata)
        assert differences == [], differences
        tables = set(inspect(db.engine).get_table_names())
        assert {"users", "organisations", "concepts", "topics", "chapters",
                "audit_entries", "outbox_messages"} <= tables
        flask_migrate.downgrade(directory=MIGRATIONS, revision="base")
        assert set(inspect(db.engine).get_table_names()) <= {"alembic_version"}
        db.session.remove()
        db.engine.dispose()

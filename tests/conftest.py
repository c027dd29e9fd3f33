"""Test fixtures: one app per session, a fresh (emptied) database for every test.

Tests run on SQLite; set TEST_DATABASE_URL to run them on PostgreSQL.
"""

import os
import tempfile
from pathlib import Path

import pytest
from flask.testing import FlaskClient
from sqlalchemy import text

from app import create_app
from app.core import search
from app.extensions import db as _db
from app.extensions import limiter
from config import TestingConfig, _database_url

pytest_plugins = ["tests.factories"]


def test_database_url(tmp_dir: Path) -> str:
    url = os.environ.get("TEST_DATABASE_URL")
    if url:
        os.environ["DATABASE_URL"] = url
        return _database_url(url)
    return f"sqlite:///{tmp_dir / 'test.db'}"


@pytest.fixture(scope="session")
def database_url():
    with tempfile.TemporaryDirectory(prefix="kw-tests-") as tmp:
        yield test_database_url(Path(tmp))


class FreshContextClient(FlaskClient):
    """Each request gets its own app context, as in production: `g`, the logged-in user and
    the database session are not shared with the test or with other requests."""

    def open(self, *args, **kwargs):
        with self.application.app_context():
            return super().open(*args, **kwargs)


@pytest.fixture(scope="session")
def app(database_url):
    app = create_app(TestingConfig, SQLALCHEMY_DATABASE_URI=database_url,
                     PHOTO_FOLDER=tempfile.mkdtemp(prefix="kw-test-photos-"),
                     IMPORT_FOLDER=tempfile.mkdtemp(prefix="kw-test-imports-"))
    app.test_client_class = FreshContextClient
    with app.app_context():
        _db.drop_all()
        _db.create_all()
    yield app
    with app.app_context():
        _db.session.remove()
        _db.drop_all()
        _db.engine.dispose()


def empty_all_tables() -> None:
    tables = _db.metadata.sorted_tables
    if _db.engine.dialect.name == "postgresql":
        names = ", ".join(f'"{t.name}"' for t in tables)
        _db.session.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
    else:
        for table in reversed(tables):
            _db.session.execute(table.delete())
        search.clear_index()
    _db.session.commit()


@pytest.fixture(autouse=True)
def db(app):
    """A fresh database for every test (all tables emptied afterwards)."""
    with app.app_context():
        yield _db
        _db.session.rollback()
        empty_all_tables()
        _db.session.remove()
        if app.config["RATELIMIT_ENABLED"]:
            limiter.reset()


@pytest.fixture
def client(app):
    return app.test_client()


class Login:
    def __init__(self, client):
        self.client = client

    def __call__(self, user, password="correct horse battery staple"):
        response = self.client.post(
            "/auth/login", data={"email": user.email, "password": password}
        )
        assert response.status_code == 302, response.get_data(as_text=True)[:500]
        return response


@pytest.fixture
def login(client):
    return Login(client)

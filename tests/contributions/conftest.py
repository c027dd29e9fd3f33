"""Fixtures of the contributions tests: people, a round, and counting SQL statements."""

from contextlib import contextmanager

import pytest
from sqlalchemy import event

from app.extensions import db


@pytest.fixture
def participant(make_user):
    return make_user(display_name="Amira")


@pytest.fixture
def other(make_user):
    return make_user(display_name="Bernd")


@pytest.fixture
def moderator(make_user):
    return make_user(roles={"moderator"}, display_name="Moderation")


@pytest.fixture
def open_round(make_round):
    return make_round(phase="open")


def form_data(round_, **overrides):
    """A valid contribution form for `round_` (first topic, first accepted kind)."""
    data = {"kind": round_.accepted_kinds[0], "topic": str(round_.topics[0].id),
            "title": "Mehr Sprachkurse am Abend",
            "body": "Viele arbeiten tagsüber. **Abendkurse** würden helfen.",
            "language": "de", "on_behalf": ""}
    data.update(overrides)
    return data


@contextmanager
def count_queries(app):
    statements = []

    def before(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement)

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", before)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", before)


@pytest.fixture
def queries_for(app, client):
    def count(path) -> int:
        with count_queries(app) as statements:
            response = client.get(path)
        assert response.status_code == 200, path
        return len(statements)

    return count


@pytest.fixture
def switch_to(client, login):
    """Log out whoever is logged in, then log in `user`."""
    def switch(user):
        client.post("/auth/logout")
        return login(user)

    return switch

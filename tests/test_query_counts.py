"""The number of SQL queries a page makes does not grow with the number of rows."""

from contextlib import contextmanager

import pytest
from sqlalchemy import event

from app.core import audit
from app.extensions import db


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


def queries_for(app, client, path) -> int:
    with count_queries(app) as statements:
        response = client.get(path)
    assert response.status_code == 200, path
    return len(statements)


@pytest.fixture
def populate(make_user, make_organisation):
    def add(n):
        for _ in range(n):
            member, representative = make_user(), make_user()
            organisation = make_organisation(members=[member], representatives=[representative],
                                             verified=True)
            audit.record("organisation.verified", organisation, actor=representative)
        db.session.commit()

    return add


@pytest.mark.parametrize("path", ["/", "/organisations/", "/admin/organisations/",
                                  "/admin/users/", "/admin/audit/", "/admin/topics/",
                                  "/concept/"])
def test_query_count_is_constant(app, client, login, make_user, make_concept, populate, path):
    make_concept()
    login(make_user(roles={"admin"}))
    populate(2)
    few = queries_for(app, client, path)
    populate(15)
    many = queries_for(app, client, path)
    assert many == few, f"{path}: {few} queries with few rows, {many} with more"

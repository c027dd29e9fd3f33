"""Counting the SQL statements a request makes (for "queries do not grow with rows" tests)."""

from contextlib import contextmanager

from sqlalchemy import event

from app.extensions import db

# Issue 15: every public and staff page makes at most this many SQL statements per request,
# for the roles that use it, whatever the number of rows.
PAGE_STATEMENTS = 15


@contextmanager
def count_queries(app):
    """Collect every SQL statement sent while the block runs."""
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


def queries_for(app, client, path: str) -> int:
    """How many statements GET `path` makes; the page must answer 200."""
    with count_queries(app) as statements:
        response = client.get(path)
    assert response.status_code == 200, (path, response.status_code)
    return len(statements)

"""Planner statistics after bulk inserts (app/core/planner.py)."""

from sqlalchemy import text

from app.core import planner
from app.extensions import db


def test_analyze_vacuums_on_postgresql_only(make_contribution):
    """On PostgreSQL the tables are vacuumed too, so that a count an index covers (a round
    list's total) need not read the table (issue 15); SQLite needs nothing."""
    make_contribution()
    db.session.commit()
    ran = planner.analyze("contributions")
    if db.engine.dialect.name != "postgresql":
        assert ran is False
        return
    assert ran is True
    vacuumed, analyzed = db.session.execute(text(
        "SELECT last_vacuum, last_analyze FROM pg_stat_user_tables "
        "WHERE relname = 'contributions'")).one()
    assert vacuumed is not None and analyzed is not None

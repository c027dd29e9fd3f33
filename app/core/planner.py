"""Statistics for PostgreSQL's query planner after many rows arrived at once.

Autovacuum analyses a table only after a share of its rows changed, and until it does the
planner plans with the numbers of an empty table (a sequential scan where an index fits, a
nested loop over 20,000 rows). Until a table is vacuumed, its new rows are also not marked
visible to all, so a count that an index covers (a round list's total) still reads the table
(index-only scans need the visibility map). Bulk paths (`demo generate`, `demo load`, imports)
call `analyze()` after their commit, which does both (`VACUUM (ANALYZE)`, outside a
transaction; it visits only the pages that changed). SQLite keeps no statistics unless asked
and plans well enough from the indexes, so there it does nothing.
"""

from app.extensions import db

# The tables that bulk paths fill and the lists read.
BULK_TABLES = ("contributions", "contribution_themes", "comments", "supports", "flags",
               "users", "item_links")


# Fewer new rows than this are left to autovacuum (a handful of cards changes no plan).
MANY_ROWS = 200


def analyze(*tables: str) -> bool:
    """VACUUM (ANALYZE) `tables` (default BULK_TABLES) on PostgreSQL; call it after the
    commit. Returns whether it ran."""
    if db.engine.dialect.name != "postgresql":
        return False
    # VACUUM refuses to run inside a transaction block.
    with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        for table in tables or BULK_TABLES:
            connection.exec_driver_sql(f'VACUUM (ANALYZE) "{table}"')
    return True

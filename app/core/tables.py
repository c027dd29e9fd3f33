"""Small building blocks for models."""

from sqlalchemy import Column, ForeignKey, Table

from app.extensions import db


def link_table(name: str, *columns: tuple[str, str]) -> Table:
    """A many-to-many table: one primary-key column per (column name, referenced table),
    each deleted with the row it points to."""
    return Table(name, db.metadata, *(
        Column(column, ForeignKey(f"{table}.id", ondelete="CASCADE"), primary_key=True)
        for column, table in columns))


def insert_or_ignore(model, **values) -> bool:
    """Insert a row unless one with the same unique key exists (written at the same moment by
    another process, too); True if this one was inserted. One statement instead of a savepoint,
    which SQLite's Python driver would commit when it is the transaction's first statement."""
    if db.session.get_bind().dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    statement = insert(model.__table__).values(**values).on_conflict_do_nothing()
    return db.session.execute(statement).rowcount == 1

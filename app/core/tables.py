"""Small building blocks for models."""

from sqlalchemy import Column, ForeignKey, Table

from app.extensions import db


def link_table(name: str, *columns: tuple[str, str]) -> Table:
    """A many-to-many table: one primary-key column per (column name, referenced table),
    each deleted with the row it points to."""
    return Table(name, db.metadata, *(
        Column(column, ForeignKey(f"{table}.id", ondelete="CASCADE"), primary_key=True)
        for column, table in columns))

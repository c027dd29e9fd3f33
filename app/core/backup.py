"""Backup and restore of the whole database as one portable file (gzip-compressed JSON).

Portable between SQLite and PostgreSQL, because rows are written as JSON values and read back
through the same SQLAlchemy table definitions. Restore only fills an empty, migrated database.
"""

import base64
import datetime as dt
import gzip
import json
from pathlib import Path

from sqlalchemy import Date, DateTime, LargeBinary, bindparam, func, select, text

from app.core.time import utcnow
from app.extensions import db

FORMAT = "konzeptwerkstatt-backup/1"


class BackupError(Exception):
    pass


def _schema_revision() -> str | None:
    try:
        return db.session.execute(text("SELECT version_num FROM alembic_version")).scalar()
    except Exception:  # noqa: BLE001 - a database without Alembic (tests) has no revision
        db.session.rollback()
        return None


def _to_json(value):
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, bytes):  # stored sentence vectors
        return base64.b64encode(value).decode("ascii")
    return value


def write_backup(path: str | Path) -> dict:
    """Write every row of every table; returns the row count per table."""
    counts = {}
    tables = []
    for table in db.metadata.sorted_tables:
        rows = db.session.execute(select(table)).mappings().all()
        counts[table.name] = len(rows)
        tables.append({"name": table.name,
                       "rows": [{k: _to_json(v) for k, v in row.items()} for row in rows]})
    document = {"format": FORMAT, "created_at": utcnow().isoformat(),
                "revision": _schema_revision(), "tables": tables}
    with gzip.open(path, "wt", encoding="utf-8") as handle:
        json.dump(document, handle, ensure_ascii=False)
    return counts


def _from_json(column, value):
    if value is None:
        return None
    if isinstance(column.type, DateTime):
        return dt.datetime.fromisoformat(value)
    if isinstance(column.type, Date):
        return dt.date.fromisoformat(value)
    if isinstance(column.type, LargeBinary):
        return base64.b64decode(value)
    return value


def read_backup(path: str | Path) -> dict:
    """Insert the rows of a backup into an empty database; returns the row count per table."""
    try:
        with gzip.open(path, "rt", encoding="utf-8") as handle:
            document = json.load(handle)
    except (OSError, ValueError) as exc:
        raise BackupError(f"Not a readable backup file: {exc}") from exc
    if document.get("format") != FORMAT:
        raise BackupError("Not a Konzeptwerkstatt backup file.")
    revision = _schema_revision()
    if document.get("revision") and revision and document["revision"] != revision:
        raise BackupError(f"Backup is of schema {document['revision']}, the database is at "
                          f"{revision}: migrate to the same revision first.")
    known = {t.name: t for t in db.metadata.sorted_tables}
    for table in known.values():
        if db.session.scalar(select(func.count()).select_from(table)):
            raise BackupError(f"Table {table.name} is not empty; restore needs an empty "
                              "database.")
    counts = {}
    for entry in document["tables"]:
        table = known.get(entry["name"])
        if table is None:
            raise BackupError(f"Unknown table {entry['name']} in backup.")
        rows = [{name: _from_json(table.c[name], value) for name, value in row.items()}
                for row in entry["rows"]]
        # A row may point to a later row of its own table (a contribution marked as duplicate
        # of a newer one): insert those references empty, then fill them in.
        own = [c.name for c in table.c
               if any(fk.column.table is table for fk in c.foreign_keys)]
        later = [{"_id": row["id"], **{f"_{name}": row.get(name) for name in own}}
                 for row in rows if any(row.get(name) is not None for name in own)]
        if rows:
            db.session.execute(table.insert(), [{**row, **dict.fromkeys(own)} for row in rows]
                               if later else rows)
        if later:
            db.session.execute(
                table.update().where(table.c.id == bindparam("_id"))
                .values({name: bindparam(f"_{name}") for name in own}), later)
        counts[table.name] = len(rows)
    if db.engine.dialect.name == "postgresql":
        for table in known.values():
            if "id" in table.c:
                next_id = (db.session.scalar(select(func.max(table.c.id))) or 0) + 1
                db.session.execute(
                    text("SELECT setval(pg_get_serial_sequence(:table, 'id'), :next, false)"),
                    {"table": table.name, "next": next_id},
                )
    return counts

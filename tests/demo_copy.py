"""The demo for tests that only need it as data: `load_demo()` runs once per test process
(each xdist worker is one), later calls copy its rows back into the emptied database.

load_demo() takes seconds (Markdown, similarity links, card photos); copying its rows takes a
fraction of that. Tests of the loader itself (tests/test_demo*.py) still call load_demo().
"""

from sqlalchemy import func, select, text

from app.core import search
from app.core.storage import storage
from app.extensions import db

_copy: dict | None = None  # table name -> rows, "photos" -> {storage key: bytes}


def _tables():
    return db.metadata.sorted_tables


def _is_empty() -> bool:
    return not any(db.session.scalar(select(func.count()).select_from(t)) for t in _tables())


def _photos() -> dict[str, bytes]:
    """The demo's card photos in the storage (app/core/storage.py), by key: the storage a
    test configures may be another than the one the copy was made with."""
    from app.contributions.models import Contribution
    from app.events.services import photo_key

    files = storage()
    keys = [photo_key(name) for name in db.session.scalars(
        select(Contribution.photo_path).where(Contribution.photo_path.is_not(None)))]
    return {key: files.get(key) for key in keys}


def load_demo_copy() -> None:
    """The state `load_demo(); db.session.commit()` leaves in an empty database."""
    global _copy
    from app.demo.services import load_demo

    if not _is_empty():  # a copy only fits an empty database: load it the slow way
        load_demo()
        db.session.commit()
        return
    if _copy is not None:
        _restore(_copy)
        return
    load_demo()
    db.session.commit()
    copy = {t.name: _in_key_order(t, [dict(row._mapping) for row in db.session.execute(t.select())])
            for t in _tables()}
    if db.engine.dialect.name == "sqlite":
        copy[search.FTS_TABLE] = [dict(row._mapping) for row in db.session.execute(
            text("SELECT rowid AS id, words FROM contributions_fts"))]
    copy["photos"] = _photos()
    db.session.commit()
    _copy = copy


def column_is_int(column) -> bool:
    try:
        return column.type.python_type is int
    except NotImplementedError:
        return False


def _in_key_order(table, rows: list[dict]) -> list[dict]:
    """Rows of a table that points at itself (replies, duplicates): those pointed at first."""
    own = [fk.parent.name for fk in table.foreign_keys if fk.column.table is table]
    if not own:
        return rows
    key = next(iter(table.primary_key.columns)).name
    done, ordered, waiting = set(), [], rows
    while waiting:
        ready = [r for r in waiting if all(r[c] is None or r[c] in done for c in own)]
        assert ready, f"{table.name}: rows point at each other"
        ordered += ready
        done.update(r[key] for r in ready)
        waiting = [r for r in waiting if r[key] not in done]
    return ordered


def _restore(copy: dict) -> None:
    postgresql = db.engine.dialect.name == "postgresql"
    for table in _tables():
        if copy[table.name]:
            db.session.execute(table.insert(), copy[table.name])
    if postgresql:
        for table in _tables():
            columns = list(table.primary_key.columns)
            if len(columns) == 1 and column_is_int(columns[0]):
                for column in columns:
                    db.session.execute(select(func.setval(
                        func.pg_get_serial_sequence(table.name, column.name),
                        func.coalesce(func.max(column), 0) + 1, False)))
    elif copy[search.FTS_TABLE]:
        db.session.execute(search._INSERT_ROW, copy[search.FTS_TABLE])
    db.session.commit()
    files = storage()
    for key, data in copy["photos"].items():
        if data is not None and not files.exists(key):
            files.put(key, data)
    db.session.commit()

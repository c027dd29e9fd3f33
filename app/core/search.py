"""Full-text search over contributions behind one interface, with German stemming:
SQLite uses an FTS5 table filled with Snowball-stemmed words; PostgreSQL a stored column
`contributions.search_vector` (generated from title and text as `to_tsvector('german', ...)`,
so the database keeps it up to date on every insert and edit) with a GIN index. Either way
"Sprachkurse" finds "Sprachkurs". The column lives outside the model (PostgreSQL only), like
the FTS table.
"""

import re
from functools import lru_cache

import snowballstemmer
from sqlalchemy import DDL, event, func, literal_column, select, text
from sqlalchemy.orm import Session

from app.extensions import db

FTS_TABLE = "contributions_fts"
PG_INDEX = "ix_contributions_search_vector"
PG_COLUMN = "search_vector"
# Before migration 0015: a GIN index over the expression, which every search recomputed per
# row (the recheck of the index's matches, and the count).
PG_OLD_INDEX = "ix_contributions_fulltext"
_stemmer = snowballstemmer.stemmer("german")
_WORD = re.compile(r"\w+", re.UNICODE)

SQLITE_CREATE = ("CREATE VIRTUAL TABLE IF NOT EXISTS contributions_fts USING fts5(words, "
                 "tokenize='unicode61 remove_diacritics 2')")
SQLITE_DROP = "DROP TABLE IF EXISTS contributions_fts"
_DELETE_ROW = text("DELETE FROM contributions_fts WHERE rowid = :id")
_INSERT_ROW = text("INSERT INTO contributions_fts(rowid, words) VALUES (:id, :words)")
_CLEAR = text("DELETE FROM contributions_fts")
_MATCH = text("contributions_fts MATCH :fts_query")
PG_ADD_COLUMN = (f"ALTER TABLE contributions ADD COLUMN IF NOT EXISTS {PG_COLUMN} tsvector "
                 "GENERATED ALWAYS AS (to_tsvector('german'::regconfig, "
                 "coalesce(title, '') || ' ' || coalesce(body, ''))) STORED")
PG_CREATE = f"CREATE INDEX IF NOT EXISTS {PG_INDEX} ON contributions USING gin ({PG_COLUMN})"


@lru_cache(maxsize=50_000)
def _stem(word: str) -> str:
    return _stemmer.stemWord(word)


def stem_words(value: str) -> list[str]:
    # Stemming is slow in pure Python and texts repeat their words: each word is stemmed once.
    return [_stem(w.lower()) for w in _WORD.findall(value or "")]


def is_search_object(name: str | None) -> bool:
    """Objects of the search index that live outside the models (for migrations)."""
    return bool(name) and (name.startswith(FTS_TABLE)
                           or name in (PG_INDEX, PG_COLUMN, PG_OLD_INDEX))


def _tsvector(model):
    """The stored column (PostgreSQL), read as it is: nothing is computed per row."""
    return literal_column(f"{model.__tablename__}.{PG_COLUMN}")


def query_stems(query_text: str) -> list[str]:
    """Stems to look for as prefixes. Snowball keeps a final -s in some plurals ("Sprachkurse"
    -> "sprachkurs", but "Sprachkurs" -> "sprachkur"), so it is dropped from search terms."""
    stems = []
    for stem in stem_words(query_text):
        if len(stem) > 4 and stem.endswith("s"):
            stem = stem[:-1]
        if stem not in stems:
            stems.append(stem)
    return stems


def matching(model, query_text: str):
    """A WHERE clause: rows of `model` (Contribution) whose title or text match `query_text`:
    every word of the query, stemmed, as a prefix of a stemmed word of the contribution."""
    stems = query_stems(query_text)
    if not stems:
        return model.id.is_(None)
    if db.engine.dialect.name == "postgresql":
        # 'simple': the stems are already stemmed, as Snowball stems them in to_tsvector('german')
        tsquery = " & ".join(f"'{stem}':*" for stem in stems)
        return _tsvector(model).op("@@")(func.to_tsquery(literal_column("'simple'"), tsquery))
    fts_query = " ".join(f'"{stem}"*' for stem in stems)
    ids = select(literal_column("rowid")).select_from(text(FTS_TABLE)).where(
        _MATCH.bindparams(fts_query=fts_query))
    return model.id.in_(ids)


# The model whose rows the index holds (Contribution). Contributions register it
# (app/contributions/models.py): core sits below every module and imports none of them.
_indexed_model = None


def indexed(model):
    """Class decorator: `model` (with `title` and `body`) is the one the index holds."""
    global _indexed_model
    _indexed_model = model
    return model


def _sync_sqlite_index(session: Session, flush_context) -> None:
    if session.get_bind().dialect.name != "sqlite" or _indexed_model is None:
        return
    changed = [o for o in list(session.new) + list(session.dirty)
               if isinstance(o, _indexed_model) and o.id is not None]
    for contribution in changed:
        _index_row(session, contribution)


def _index_row(session, contribution) -> None:
    words = " ".join(stem_words(f"{contribution.title} {contribution.body}"))
    session.execute(_DELETE_ROW, {"id": contribution.id})
    session.execute(_INSERT_ROW, {"id": contribution.id, "words": words})


def clear_index() -> None:
    if db.engine.dialect.name == "sqlite":
        db.session.execute(_CLEAR)


def rebuild_index() -> int:
    """Rebuild the SQLite index from all contributions (after a restore, for instance)."""
    if db.engine.dialect.name != "sqlite":
        return 0
    clear_index()
    count = 0
    for contribution in db.session.scalars(select(_indexed_model)):
        _index_row(db.session, contribution)
        count += 1
    return count


def init_app(app) -> None:
    if not event.contains(db.session, "after_flush", _sync_sqlite_index):
        event.listen(db.session, "after_flush", _sync_sqlite_index)


# The index follows the tables wherever they are created (create_all in tests).
event.listen(db.metadata, "after_create", DDL(SQLITE_CREATE).execute_if(dialect="sqlite"))
event.listen(db.metadata, "after_create", DDL(PG_ADD_COLUMN).execute_if(dialect="postgresql"))
event.listen(db.metadata, "after_create", DDL(PG_CREATE).execute_if(dialect="postgresql"))
event.listen(db.metadata, "before_drop", DDL(SQLITE_DROP).execute_if(dialect="sqlite"))

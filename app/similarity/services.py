"""Similarity of stored contributions: suggestions for the capture form and the consolidation
workbench (similar contributions, similar draft items), and clusters of contributions that say
the same thing.

Every call makes a constant number of queries: one for the candidates and one for their stored
vectors. A lookup only reads: missing or outdated vectors are computed in memory for that one
request. Vectors are stored where the text is written (a listener on the contributions module's
create and edit use cases, inside their transaction) and by `flask similarity index`, which
computes all missing ones ahead of time. Nothing is computed while importing cards, so imports
stay fast: an import queues the job `similarity.index` (app/core/jobs.py), which computes them
in the background.
"""

import hashlib
import threading
from collections import OrderedDict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
from flask_babel import lazy_gettext as _l
from sqlalchemy import insert, select, update

from app.concepts.models import Item
from app.contributions.models import Contribution
from app.contributions.services import register_text_listener
from app.core import jobs
from app.core.time import utcnow
from app.extensions import db
from app.similarity import engine
from app.similarity.lexical import Suggestion, card_text
from app.similarity.models import ContributionVector

STATUSES = ("published", "pending")
# Suggestions below MIN_SCORE are not shown; from CONFIDENT on they are marked "very similar".
# Chosen on the development set: 2% of the cards without a true match reach CONFIDENT, and
# 83% of the suggestions that reach it are true matches.
MIN_SCORE = 0.05
CONFIDENT = 0.35


@dataclass
class Vectors:
    by_id: dict[int, np.ndarray]
    computed: int


def _text(row) -> str:
    return card_text(row.title, row.body)


def _candidate_rows(topic_id: int, exclude_id: int | None = None) -> list:
    query = (select(Contribution.id, Contribution.title, Contribution.body)
             .where(Contribution.topic_id == topic_id, Contribution.status.in_(STATUSES))
             .order_by(Contribution.id))
    if exclude_id is not None:
        query = query.where(Contribution.id != exclude_id)
    return db.session.execute(query).all()


def _vectors_for(rows: Sequence, *, store: bool = False) -> Vectors:
    """Stored vectors of the rows (id, title, body); missing or outdated ones are computed in
    one batch (one query). With `store` they are also written to the session (the caller
    commits); without, nothing is written."""
    if not rows or not engine.embeddings_available():
        return Vectors({}, 0)
    wanted = {row.id: engine.text_hash(_text(row)) for row in rows}
    stored = {v.contribution_id: v for v in db.session.execute(
        select(ContributionVector.contribution_id, ContributionVector.model,
               ContributionVector.text_hash, ContributionVector.vector)
        .where(ContributionVector.contribution_id.in_(wanted)))}
    by_id, stale = {}, []
    for row in rows:
        vector = stored.get(row.id)
        if (vector is not None and vector.model == engine.MODEL_NAME
                and vector.text_hash == wanted[row.id]):
            by_id[row.id] = engine.from_bytes(vector.vector)
        else:
            stale.append(row)
    if stale:
        matrix = engine.encode([_text(row) for row in stale])
        new, renewed = [], []
        for row, values in zip(stale, matrix, strict=True):
            by_id[row.id] = values
            (renewed if row.id in stored else new).append({
                "contribution_id": row.id, "model": engine.MODEL_NAME,
                "text_hash": wanted[row.id], "vector": engine.to_bytes(values),
                "created_at": utcnow()})
        if store and new:
            db.session.execute(insert(ContributionVector), new)
        if store and renewed:
            db.session.execute(update(ContributionVector), renewed)
    return Vectors(by_id, len(stale))


def ensure_vectors(contribution_ids: Iterable[int]) -> Vectors:
    """Compute the missing or outdated vectors of these contributions (the caller commits)."""
    ids = list(dict.fromkeys(contribution_ids))
    if not ids:
        return Vectors({}, 0)
    rows = db.session.execute(
        select(Contribution.id, Contribution.title, Contribution.body)
        .where(Contribution.id.in_(ids))).all()
    return _vectors_for(rows, store=True)


def store_vector(contribution: Contribution) -> None:
    """Keep the vector of a contribution whose text was just written (a listener of the
    contributions module; the use case's caller commits)."""
    _vectors_for([contribution], store=True)


register_text_listener(store_vector)


INDEX_BATCH = 500


@jobs.task("similarity.index", label=_l("Ähnlichkeiten neuer Beiträge berechnen"), max_retries=3)
def index_job() -> None:
    """The missing vectors of all visible contributions, in batches (queued after an import
    of cards; `flask similarity index` does the same at once)."""
    if not engine.embeddings_available():
        return
    ids = visible_contribution_ids()
    for start in range(0, len(ids), INDEX_BATCH):
        ensure_vectors(ids[start:start + INDEX_BATCH])
        db.session.commit()


def index_later() -> None:
    """Queue the computation of missing vectors (after the current transaction commits)."""
    jobs.enqueue("similarity.index")


def visible_contribution_ids() -> list[int]:
    return list(db.session.scalars(
        select(Contribution.id).where(Contribution.status.in_(STATUSES))
        .order_by(Contribution.id)))


def _index(rows: Sequence) -> engine.Index:
    vectors = _vectors_for(rows)
    return engine.Index([(row.id, _text(row)) for row in rows], vectors.by_id)


def _suggestions(found, rows_by_id) -> list[Suggestion]:
    return [Suggestion(i, rows_by_id[i].title, rows_by_id[i].body, round(score, 3), CONFIDENT)
            for i, score in found if score >= MIN_SCORE]


def similar_contributions(topic_id: int, text: str, limit: int = 5,
                          exclude_id: int | None = None) -> list[Suggestion]:
    """The contributions of a topic most similar to `text` (e.g. a card being captured), best
    first."""
    if not (text or "").strip():
        return []
    rows = _candidate_rows(topic_id, exclude_id)
    if not rows:
        return []
    found = _index(rows).query(text, limit)
    return _suggestions(found, {row.id: row for row in rows})


def similar_to(contribution: Contribution, limit: int = 5,
               candidates: Sequence[Contribution] | None = None) -> list[Suggestion]:
    """Other visible contributions of the contribution's topic (or among `candidates`) that are
    most similar to it, best first."""
    if candidates is None:
        rows = _candidate_rows(contribution.topic_id)
    else:
        rows = [c for c in candidates if c.status in STATUSES]
    rows = [row for row in rows if row.id != contribution.id]
    if not rows:
        return []
    found = _index([*rows, contribution]).top_k(contribution.id, limit)
    return _suggestions(found, {row.id: row for row in rows})


@dataclass
class ItemSuggestion:
    item: Item
    score: float


def similar_items(contribution: Contribution, items: list[Item],
                  limit: int = 3) -> list[ItemSuggestion]:
    """The draft items whose text is closest to the contribution (by words and letters: items
    are few and change often, so they get no stored sentence vectors)."""
    if not items:
        return []
    index = engine.Index(((item.id, item.text) for item in items), use_embeddings=False)
    by_id = {item.id: item for item in items}
    found = index.query(card_text(contribution.title, contribution.body), limit)
    return [ItemSuggestion(by_id[i], round(score, 3)) for i, score in found if score >= MIN_SCORE]


@dataclass
class ContributionGroup:
    """A proposed group of contributions (see engine.Group): `members` are proposed (ticked on
    the groups page, unless the group's level is only "possible"), `possible` are offered (not
    ticked); `level` is how sure the group is and `cohesion` the score that says so."""

    members: list[Contribution]
    possible: list[Contribution]
    cohesion: float
    level: str

    @property
    def percent(self) -> int:
        return max(0, round(self.cohesion * 100))


def clusters(contributions: Sequence) -> list[ContributionGroup]:
    """Groups of the given contributions (or rows with their id, title and body) that say the
    same thing (two or more members each), the surest and largest first. Call it per topic.
    The same texts give the same groups: see `_groups_of`."""
    contributions = list(contributions)
    if len(contributions) < 2:
        return []
    by_id = {c.id: c for c in contributions}
    return [ContributionGroup([by_id[i] for i in group.members],
                              [by_id[i] for i in group.possible], group.cohesion, group.level)
            for group in _groups_of(contributions)]


# Groups are a function of the cards' ids and texts (and the engine's parameters): they are kept
# per process under a hash of them, so that the groups page shown again, to another moderator
# or after an action elsewhere, is not clustered again (half a second for 2,000 cards). Any
# change to the cards compared (one added, an edited text, one decided or marked as a
# duplicate, so no longer unprocessed) makes another key; nothing has to be invalidated.
_GROUPS_KEPT = 16
_groups_kept: OrderedDict[str, list[engine.Group]] = OrderedDict()
_groups_lock = threading.Lock()


def _groups_key(items: Sequence[tuple[int, str]]) -> str:
    digest = hashlib.sha256(repr(engine.group_parameters()).encode())
    for item_id, text in items:
        digest.update(f"\x1e{item_id}\x1f{text}".encode())
    return digest.hexdigest()


def _groups_of(rows: Sequence) -> list[engine.Group]:
    items = [(row.id, _text(row)) for row in rows]
    key = _groups_key(items)
    with _groups_lock:
        found = _groups_kept.get(key)
        if found is not None:
            _groups_kept.move_to_end(key)
            return found
    vectors = _vectors_for(rows)
    found = engine.Index(items, vectors.by_id).groups()
    with _groups_lock:
        _groups_kept[key] = found
        while len(_groups_kept) > _GROUPS_KEPT:
            _groups_kept.popitem(last=False)
    return found


def forget_groups() -> None:
    """Empty the kept groups (for tests that change how groups are made)."""
    with _groups_lock:
        _groups_kept.clear()


def level_percent() -> dict[str, int]:
    """The lowest cohesion of each level of sureness, in percent (for the groups page)."""
    return {level: round(score * 100)
            for level, score in zip(engine.LEVELS, engine.LEVEL_SCORES, strict=True)}

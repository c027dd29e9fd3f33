"""A simple, fast lexical similarity of short cards, for the "similar to B-0123" warning of
the import preview (the capture form and the workbench use the engine in engine.py). Also the
text that every method compares (`card_text`) and the suggestion they return (`Suggestion`).

Each text becomes two sets: its Snowball-stemmed words (without common function words) and
the character 4-grams of its words (which forgive typos, missing umlauts and compounds). The
score of two texts is a weighted sum of the cosine similarities of both sets. The features of
existing contributions are cached by text, so a lookup in a topic of 2,000 cards costs one
query and a few thousand set intersections.
"""

import math
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from sqlalchemy import select

from app.contributions.models import Contribution
from app.core.search import stem_words
from app.extensions import db

# Tuned on ../shared/data/similarity-dev.jsonl (tests/bench/similarity_eval.py).
WORD_WEIGHT = 0.3
GRAM = 4
# Suggestions below this score are not shown at all; from CONFIDENT on they are marked
# "very similar" (no card without a true duplicate in the development set reached it).
MIN_SCORE = 0.05
CONFIDENT = 0.45
STATUSES = ("published", "pending")

STOPWORDS = frozenset(stem_words(
    "der die das den dem des ein eine einer eines einem einen und oder aber auch noch nicht "
    "kein keine ist sind war sein wird werden wurde hat haben für fur mit von vom zu zum zur "
    "in im an am auf aus bei nach über unter vor um es er sie wir ich ihr man mir mich uns "
    "sich so wie was wer wo dass daß da dann wenn als bis durch sehr mehr viel viele alle "
    "jeder jede mal schon nur gibt gut brauchen sollte sollen soll muss müssen kann können "
    "the a an and or of to for in on at is are be we our there with more need should"))


_WORD = re.compile(r"\w+", re.UNICODE)
_STOP_SURFACE = frozenset(_WORD.findall(
    "der die das den dem des ein eine einer eines einem einen und oder aber auch noch nicht "
    "kein keine ist sind war sein wird werden wurde hat haben fur mit von vom zum zur "
    "auf aus bei nach uber unter vor sie wir ich ihr man mir mich uns sich wie was wer dass "
    "dann wenn als bis durch sehr mehr viel viele alle the and for are with more need"))


@dataclass
class Suggestion:
    """A similar contribution and its score; `threshold` is the score from which the method
    that found it is confident (this lexical one, or the engine in engine.py)."""

    contribution_id: int
    title: str
    body: str
    score: float
    threshold: float = CONFIDENT

    @property
    def reference(self) -> str:
        return f"B-{self.contribution_id:04d}"

    @property
    def confident(self) -> bool:
        return self.score >= self.threshold


def _normalise(text: str) -> str:
    text = unicodedata.normalize("NFKC", text or "").lower()
    return (text.replace("ä", "a").replace("ö", "o").replace("ü", "u").replace("ß", "ss"))


@lru_cache(maxsize=20_000)
def features(text: str) -> tuple[frozenset, frozenset]:
    """(stemmed content words, character trigrams) of a text."""
    normalised = _normalise(text)
    words = frozenset(w for w in stem_words(normalised) if len(w) > 1 and w not in STOPWORDS)
    grams = set()
    for word in _WORD.findall(normalised):
        if len(word) < 3 or word in _STOP_SURFACE:
            continue
        padded = f" {word} "
        grams.update(padded[i:i + GRAM] for i in range(len(padded) - GRAM + 1))
    return words, frozenset(grams)


def _cosine(a: frozenset, b: frozenset) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / math.sqrt(len(a) * len(b))


def score(a: str, b: str) -> float:
    """Similarity of two texts between 0 and 1."""
    return score_features(features(a), features(b))


def score_features(fa, fb) -> float:
    """Similarity of two texts given by their `features`."""
    return WORD_WEIGHT * _cosine(fa[0], fb[0]) + (1 - WORD_WEIGHT) * _cosine(fa[1], fb[1])


def card_text(title: str, body: str) -> str:
    """The text compared: the body, and the title too if it is not just the body's start."""
    title, body = (title or "").strip(), (body or "").strip()
    if not title or body.startswith(title.rstrip("…").rstrip()):
        return body
    return f"{title} {body}"


def similar_contributions(topic_id: int, text: str, limit: int = 5,
                          exclude_id: int | None = None) -> list[Suggestion]:
    """The contributions of a topic most similar to `text`, best first (one query)."""
    wanted = features(text)
    if not wanted[0] and not wanted[1]:
        return []
    rows = db.session.execute(
        select(Contribution.id, Contribution.title, Contribution.body)
        .where(Contribution.topic_id == topic_id, Contribution.status.in_(STATUSES))).all()
    scored = []
    for row in rows:
        if row.id == exclude_id:
            continue
        value = score_features(wanted, features(card_text(row.title, row.body)))
        if value >= MIN_SCORE:
            scored.append((value, row))
    scored.sort(key=lambda pair: (-pair[0], pair[1].id))
    return [Suggestion(row.id, row.title, row.body, round(value, 3))
            for value, row in scored[:limit]]

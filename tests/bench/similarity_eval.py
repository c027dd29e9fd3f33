"""How well the capture form's "same as" hint finds cards of the same idea.

Loads ../shared/data/similarity-dev.jsonl (cards labelled by idea; see its README) into a
fresh database as contributions of their topics, then asks similar_contributions() for each
card's top 5 in its own topic (the card itself excluded), as the capture form does, and prints
precision@5 and recall@5 as the README defines them, the share of singletons that get a
"confident" suggestion, and the lookup times. Run: python -m tests.bench.similarity_eval
(TEST_DATABASE_URL selects PostgreSQL; the default is a temporary SQLite file).
"""

import json
import os
import statistics
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

DATA = Path(__file__).resolve().parents[3] / "shared/data/similarity-dev.jsonl"


def load_cards() -> list[dict]:
    with DATA.open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def evaluate(cards: list[dict]) -> dict:
    """Load the cards and measure; needs an app context with an empty database."""
    from app.concepts.models import Concept, Topic
    from app.contributions.models import Contribution
    from app.core.time import utcnow
    from app.events.services import derive_title
    from app.extensions import db
    from app.rounds.models import Round
    from app.similarity.lexical import CONFIDENT, similar_contributions

    concept = Concept(slug="eval", title="Eval", owner="Eval", summary="", summary_html="")
    db.session.add(concept)
    topics = {}
    for slug in sorted({c["topic"] for c in cards}):
        topics[slug] = Topic(concept=concept, slug=slug, name=slug, kind="field",
                             description="", description_html="")
        db.session.add(topics[slug])
    round_ = Round(concept=concept, title="Eval", kind="event", opens_at=utcnow(),
                   closes_at=utcnow(), accepted_kinds=["measure"])
    db.session.add(round_)
    db.session.flush()
    ids = {}
    for card in cards:
        contribution = Contribution(
            round_id=round_.id, topic_id=topics[card["topic"]].id, kind="measure",
            title=derive_title(card["text"]), body=card["text"], body_html="",
            language=card["lang"], status="published", source="event")
        db.session.add(contribution)
        db.session.flush()
        ids[contribution.id] = card
    db.session.commit()

    group_size = Counter(c["group"] for c in cards)
    precisions, recalls, times, singleton_confident, singletons = [], [], [], 0, 0
    cold = True
    for contribution_id, card in ids.items():
        start = time.perf_counter()
        found = similar_contributions(topics[card["topic"]].id, card["text"], 5,
                                      exclude_id=contribution_id)
        elapsed = time.perf_counter() - start
        if cold:
            cold_ms, cold = elapsed * 1000, False
        else:
            times.append(elapsed)
        g = group_size[card["group"]] - 1  # the other cards of the same idea
        if g == 0:
            singletons += 1
            singleton_confident += bool(found and found[0].score >= CONFIDENT)
            continue
        relevant = [ids[s.contribution_id]["group"] == card["group"] for s in found]
        k = min(5, g)
        precisions.append(sum(relevant[:k]) / k)
        recalls.append(sum(relevant) / g)
    return {
        "cards": len(cards), "with_group": len(precisions), "singletons": singletons,
        "precision_at_5": statistics.mean(precisions), "recall_at_5": statistics.mean(recalls),
        "singletons_confident": singleton_confident / singletons if singletons else 0.0,
        "confident_threshold": CONFIDENT, "cold_ms": cold_ms,
        "median_ms": statistics.median(times) * 1000,
        "p95_ms": sorted(times)[int(len(times) * 0.95)] * 1000,
    }


def main() -> int:
    if not DATA.exists():
        print(f"{DATA} not found; nothing to evaluate.")
        return 0
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    from app import create_app
    from app.extensions import db
    from config import TestingConfig

    with tempfile.TemporaryDirectory() as tmp:
        url = os.environ.get("TEST_DATABASE_URL") or f"sqlite:///{Path(tmp) / 'eval.db'}"
        app = create_app(TestingConfig, SQLALCHEMY_DATABASE_URI=url)
        with app.app_context():
            db.drop_all()
            db.create_all()
            try:
                result = evaluate(load_cards())
            finally:
                db.session.remove()
                db.drop_all()
    print(f"{result['cards']} cards; {result['with_group']} with at least one other card of "
          f"the same idea, {result['singletons']} singletons; suggestions from the same topic")
    print(f"precision@5: {result['precision_at_5']:.3f}")
    print(f"recall@5:    {result['recall_at_5']:.3f}")
    print(f"singletons with a confident suggestion (score >= {result['confident_threshold']}): "
          f"{result['singletons_confident']:.1%}")
    print(f"lookup: first {result['cold_ms']:.1f} ms, median {result['median_ms']:.2f} ms, "
          f"p95 {result['p95_ms']:.2f} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

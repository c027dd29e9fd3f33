"""The similarity engine: quality on ../shared/data/similarity-dev.jsonl (also split in two
halves by idea, to see whether the global parameters hold on cards they were not chosen on),
and its cost in a topic of 2,000 synthetic cards made by recombining the development texts.
Run: python -m tests.bench.bench_similarity
"""

import argparse
import os
import random
import statistics
import time
from pathlib import Path

from app.similarity import engine
from app.similarity.cli import evaluate_cards, read_cards, two_folds

DATA = Path(__file__).resolve().parents[3] / "shared/data/similarity-dev.jsonl"


def quality(cards: list[dict], vectors: dict) -> None:
    full = evaluate_cards(cards, vectors)
    print(f"Development set, suggestions within the topic: precision@5 "
          f"{full['precision_at_5']:.3f}, recall@5 {full['recall_at_5']:.3f}; proposed groups: "
          f"pairwise F1 {full['pairwise_f1']:.3f} (precision {full['pairwise_precision']:.3f}, "
          f"recall {full['pairwise_recall']:.3f}); cards without a match with a confident "
          f"suggestion: {full['singleton_confident_share']:.1%}")
    for fold in two_folds(cards, vectors):
        tuned, default = fold["tuned"], fold["default"]
        print(f"  tuned on half {fold['tuned_on']} (threshold {fold['threshold']}, core share "
              f"{fold['core_share']}), measured on half {fold['tested_on']} "
              f"({fold['cards']} cards): precision@5 {tuned['precision_at_5']:.3f}, "
              f"pairwise F1 {tuned['pairwise_f1']:.3f} (precision "
              f"{tuned['pairwise_precision']:.3f}); defaults: F1 {default['pairwise_f1']:.3f} "
              f"(precision {default['pairwise_precision']:.3f})")


def synthetic(cards: list[dict], count: int, seed: int = 7) -> list[str]:
    """Texts made of the halves of two development cards."""
    rng = random.Random(seed)
    texts = [c["text"] for c in cards]
    out = []
    for _ in range(count):
        a, b = rng.choice(texts).split(), rng.choice(texts).split()
        out.append(" ".join(a[:max(1, len(a) // 2)] + b[len(b) // 2:]))
    return out


def cost(cards: list[dict], count: int, repeat: int) -> None:
    texts = synthetic(cards, count)
    start = time.perf_counter()
    matrix = engine.encode(texts)
    encoding = time.perf_counter() - start
    print(f"Encoding {count} cards: {encoding:.2f} s ({encoding * 1000 / count:.2f} ms per "
          f"card, batches of {engine.ENCODE_BATCH})")
    vectors = dict(enumerate(matrix))
    items = list(enumerate(texts))

    builds, lookups, queries = [], [], []
    for n in range(repeat):
        start = time.perf_counter()
        index = engine.Index(items, vectors)
        built = time.perf_counter()
        index.top_k(n, 5)
        looked = time.perf_counter()
        index.query(texts[n], 5, vector=vectors[n])
        builds.append(built - start)
        lookups.append(looked - built)
        queries.append(time.perf_counter() - looked)
    print(f"Topic of {count} cards, median of {repeat}: building the index "
          f"{statistics.median(builds) * 1000:.1f} ms, similar to one card "
          f"{statistics.median(lookups) * 1000:.1f} ms, similar to a new text "
          f"{statistics.median(queries) * 1000:.1f} ms; together "
          f"{statistics.median(b + q for b, q in zip(builds, lookups, strict=True)) * 1000:.1f}"
          f" ms (goal <= 100 ms)")
    start = time.perf_counter()
    groups = index.groups()
    elapsed = time.perf_counter() - start
    print(f"Proposed groups of {count} cards (Index.groups, as the groups page): "
          f"{elapsed:.2f} s, {len(groups)} groups (goal <= 5 s); load average "
          f"{' '.join(f'{x:.2f}' for x in os.getloadavg())}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cards", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    cards = read_cards(DATA)
    use = engine.embeddings_available()
    vectors = {}
    if use:
        engine.encode(["warm up"])
        matrix = engine.encode([c["text"] for c in cards])
        vectors = {c["id"]: matrix[n] for n, c in enumerate(cards)}
    quality(cards, vectors)
    cost(cards, args.cards, args.repeat)


if __name__ == "__main__":
    main()

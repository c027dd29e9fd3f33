"""The similarity engine: quality on ../shared/data/similarity-dev.jsonl (also split in two
halves by idea, to see whether the global parameters hold on cards they were not chosen on),
and its cost in a topic of 2,000 synthetic cards made by recombining the development texts.
Run: python -m tests.bench.bench_similarity
"""

import argparse
import random
import statistics
import time
import zlib
from pathlib import Path

from app.similarity import engine
from app.similarity.cli import evaluate_cards, read_cards

DATA = Path(__file__).resolve().parents[3] / "shared/data/similarity-dev.jsonl"


def quality(cards: list[dict], vectors: dict) -> None:
    full = evaluate_cards(cards, vectors)
    print(f"Development set, suggestions within the topic: precision@5 "
          f"{full['precision_at_5']:.3f}, recall@5 {full['recall_at_5']:.3f}; clusters: "
          f"pairwise F1 {full['pairwise_f1']:.3f}; cards without a match with a confident "
          f"suggestion: {full['singleton_confident_share']:.1%}")
    halves = [[c for c in cards if zlib.crc32(c["group"].encode()) % 2 == h] for h in (0, 1)]
    for n, half in enumerate(halves):
        result = evaluate_cards(half, vectors)
        print(f"  half {n + 1} by idea ({len(half)} cards, fewer distractors per topic): "
              f"precision@5 {result['precision_at_5']:.3f}, "
              f"pairwise F1 {result['pairwise_f1']:.3f}")


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
    clusters = index.cluster()
    elapsed = time.perf_counter() - start
    print(f"Clustering {count} cards: {elapsed:.2f} s, {len(clusters)} clusters "
          f"(goal <= 5 s)")


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

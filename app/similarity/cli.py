"""`flask similarity ...`: measure the similarity engine on a labelled file of cards, and
compute the stored sentence vectors of all contributions ahead of time."""

import itertools
import json
import statistics
import time
from collections import Counter, defaultdict
from pathlib import Path

import click
from flask.cli import with_appcontext

from app.similarity import engine

# A suggestion from this score on is shown as "very similar" (see services.CONFIDENT).
from app.similarity.services import CONFIDENT


def read_cards(path: Path) -> list[dict]:
    """Cards of a JSON-lines file with the fields id, topic, group and text."""
    with path.open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def evaluate_cards(cards: list[dict], vectors: dict | None = None,
                   use_embeddings: bool | None = None) -> dict:
    """Suggestions (top 5 within the card's topic) and clusters (per topic) as the workbench
    makes them, scored against the cards' groups as ../shared/data/README.md defines it."""
    started = time.perf_counter()
    if vectors is None and (use_embeddings or (use_embeddings is None
                                               and engine.embeddings_available())):
        matrix = engine.encode([c["text"] for c in cards])
        vectors = {c["id"]: matrix[n] for n, c in enumerate(cards)}
    encoded = time.perf_counter()

    group_of = {c["id"]: c["group"] for c in cards}
    group_size = Counter(group_of.values())
    by_topic = defaultdict(list)
    for card in cards:
        by_topic[card["topic"]].append(card)

    precisions, recalls, lookups = [], [], []
    singletons = singleton_confident = 0
    true_pairs = false_pairs = missed_pairs = 0
    cluster_seconds = 0.0
    for topic_cards in by_topic.values():
        index = engine.Index([(c["id"], c["text"]) for c in topic_cards], vectors,
                             use_embeddings=use_embeddings)
        for card in topic_cards:
            start = time.perf_counter()
            found = index.top_k(card["id"], 5)
            lookups.append(time.perf_counter() - start)
            others = group_size[card["group"]] - 1
            if others == 0:
                singletons += 1
                singleton_confident += bool(found and found[0][1] >= CONFIDENT)
                continue
            relevant = [group_of[i] == card["group"] for i, _ in found]
            k = min(5, others)
            precisions.append(sum(relevant[:k]) / k)
            recalls.append(sum(relevant) / others)
        start = time.perf_counter()
        clusters = index.cluster()
        cluster_seconds += time.perf_counter() - start
        label = {i: n for n, members in enumerate(clusters) for i in members}
        for a, b in itertools.combinations(index.ids, 2):
            same_cluster, same_group = label[a] == label[b], group_of[a] == group_of[b]
            true_pairs += same_cluster and same_group
            false_pairs += same_cluster and not same_group
            missed_pairs += same_group and not same_cluster

    pair_precision = true_pairs / max(1, true_pairs + false_pairs)
    pair_recall = true_pairs / max(1, true_pairs + missed_pairs)
    f1 = (2 * pair_precision * pair_recall / (pair_precision + pair_recall)
          if pair_precision + pair_recall else 0.0)
    return {
        "precision_at_5": round(statistics.fmean(precisions), 4) if precisions else 0.0,
        "recall_at_5": round(statistics.fmean(recalls), 4) if recalls else 0.0,
        "pairwise_f1": round(f1, 4),
        "pairwise_precision": round(pair_precision, 4),
        "pairwise_recall": round(pair_recall, 4),
        "singletons": singletons,
        "singleton_confident_share": round(singleton_confident / max(1, singletons), 4),
        "cards": len(cards),
        "encode_ms_per_card": round((encoded - started) * 1000 / max(1, len(cards)), 2),
        "lookup_ms_median": round(statistics.median(lookups) * 1000, 2) if lookups else 0.0,
        "cluster_seconds": round(cluster_seconds, 3),
    }


@click.group("similarity", help="Similarity of contributions (consolidation workbench).")
def similarity_cli():
    pass


@similarity_cli.command("evaluate")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--lexical-only", is_flag=True, help="Leave out the sentence vectors.")
def evaluate_command(file: Path, lexical_only: bool):
    """Measure suggestions and clusters on a labelled JSON-lines file (fields id, topic, group,
    text) without touching the database. The last line printed is the result as JSON."""
    cards = read_cards(file)
    result = evaluate_cards(cards, use_embeddings=False if lexical_only else None)
    method = "character n-grams only" if lexical_only or not engine.embeddings_available() \
        else f"sentence vectors ({engine.MODEL_NAME}) + character n-grams"
    click.echo(f"{result['cards']} cards, {method}; suggestions drawn from the card's topic.")
    click.echo(f"Suggestions: precision@5 {result['precision_at_5']:.3f}, "
               f"recall@5 {result['recall_at_5']:.3f}; "
               f"{result['singleton_confident_share']:.0%} of {result['singletons']} cards "
               f"without a match got a confident (>= {CONFIDENT}) suggestion.")
    click.echo(f"Clusters (per topic): pairwise F1 {result['pairwise_f1']:.3f} "
               f"(precision {result['pairwise_precision']:.3f}, "
               f"recall {result['pairwise_recall']:.3f}).")
    click.echo(f"Timings: encoding {result['encode_ms_per_card']} ms per card, "
               f"lookup {result['lookup_ms_median']} ms (median), "
               f"clustering {result['cluster_seconds']} s in all.")
    click.echo(json.dumps({key: result[key] for key in
                           ("precision_at_5", "recall_at_5", "pairwise_f1", "cards")}))


@similarity_cli.command("index")
@click.option("--batch", default=500, show_default=True, help="Contributions per commit.")
@with_appcontext
def index_command(batch: int):
    """Compute the missing or outdated sentence vectors of all visible contributions."""
    from app.extensions import db
    from app.similarity import services

    if not engine.embeddings_available():
        raise click.ClickException("The sentence encoder package is not installed.")
    ids = services.visible_contribution_ids()
    computed = 0
    for start in range(0, len(ids), batch):
        computed += services.ensure_vectors(ids[start:start + batch]).computed
        db.session.commit()
    click.echo(f"{len(ids)} contributions, {computed} vectors computed.")

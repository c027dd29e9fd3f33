"""`flask similarity ...`: measure the similarity engine on a labelled file of cards, and
compute the stored sentence vectors of all contributions ahead of time."""

import itertools
import json
import statistics
import time
import zlib
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


def _pair_counts(ids: list, groups: list, group_of: dict) -> dict:
    """Pairs of cards of one topic: proposed together and of one idea (true), proposed
    together but not (false), of one idea but not proposed together (missed); per level of
    sureness; and the pairs that the possible members would add (offered)."""
    label = {i: ("alone", i) for i in ids}
    levels = defaultdict(lambda: [0, 0])
    offered_true = offered_false = 0
    for n, group in enumerate(groups):
        for i in group.members:
            label[i] = n
        right = sum(group_of[a] == group_of[b]
                    for a, b in itertools.combinations(group.members, 2))
        pairs = len(group.members) * (len(group.members) - 1) // 2
        levels[group.level][0] += right
        levels[group.level][1] += pairs - right
        for extra in group.possible:
            same = sum(group_of[extra] == group_of[m] for m in group.members)
            offered_true += same
            offered_false += len(group.members) - same
    true = false = missed = 0
    for a, b in itertools.combinations(ids, 2):
        together, same = label[a] == label[b], group_of[a] == group_of[b]
        true += together and same
        false += together and not same
        missed += same and not together
    return {"true": true, "false": false, "missed": missed, "levels": levels,
            "offered_true": offered_true, "offered_false": offered_false}


def evaluate_cards(cards: list[dict], vectors: dict | None = None,
                   use_embeddings: bool | None = None, threshold: float | None = None,
                   core_share: float | None = None, suggestions: bool = True) -> dict:
    """Suggestions (top 5 within the card's topic) and the groups the workbench proposes (per
    topic, `Index.groups`), scored against the cards' groups as ../shared/data/README.md
    defines it: a card in no proposed group counts as a cluster of its own."""
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
    true_pairs = false_pairs = missed_pairs = offered_true = offered_false = 0
    by_level = defaultdict(lambda: [0, 0])
    cluster_seconds = 0.0
    for topic_cards in by_topic.values():
        index = engine.Index([(c["id"], c["text"]) for c in topic_cards], vectors,
                             use_embeddings=use_embeddings)
        for card in topic_cards if suggestions else ():
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
        groups = index.groups(threshold=threshold, core_share=core_share)
        cluster_seconds += time.perf_counter() - start
        counts = _pair_counts(index.ids, groups, group_of)
        true_pairs += counts["true"]
        false_pairs += counts["false"]
        missed_pairs += counts["missed"]
        offered_true += counts["offered_true"]
        offered_false += counts["offered_false"]
        for level, (right, wrong) in counts["levels"].items():
            by_level[level][0] += right
            by_level[level][1] += wrong

    selected_right = sum(by_level[level][0] for level in engine.LEVELS[:-1])
    selected_wrong = sum(by_level[level][1] for level in engine.LEVELS[:-1])
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
        "group_precision_by_level": {
            level: {"precision": round(right / max(1, right + wrong), 4),
                    "pairs": right + wrong}
            for level, (right, wrong) in sorted(by_level.items(),
                                                key=lambda e: engine.LEVELS.index(e[0]))},
        "possible_members_precision": round(offered_true / max(1, offered_true + offered_false),
                                            4),
        # The groups that come with their members selected (all but the unsure ones): what a
        # moderator confirms in one step.
        "selected_precision": round(selected_right / max(1, selected_right + selected_wrong), 4),
        "selected_recall": round(selected_right / max(1, true_pairs + missed_pairs), 4),
        "singletons": singletons,
        "singleton_confident_share": round(singleton_confident / max(1, singletons), 4),
        "cards": len(cards),
        "encode_ms_per_card": round((encoded - started) * 1000 / max(1, len(cards)), 2),
        "lookup_ms_median": round(statistics.median(lookups) * 1000, 2) if lookups else 0.0,
        "cluster_seconds": round(cluster_seconds, 3),
    }


# The two-fold check by idea: the cards split in two halves by their idea (a hash of the group
# label), the clustering parameters chosen on one half from this small grid and measured on
# the other. A wrong member costs the moderator more than a missed one, so the choice weighs
# precision twice as much as recall (F0.5).
FOLD_GRID = {"threshold": (0.08, 0.10, 0.12), "core_share": (0.0, 0.3, 0.5)}
FOLD_BETA = 0.5


def halves(cards: list[dict]) -> list[list[dict]]:
    return [[c for c in cards if zlib.crc32(c["group"].encode()) % 2 == h] for h in (0, 1)]


def f_beta(result: dict, beta: float = FOLD_BETA) -> float:
    p, r = result["pairwise_precision"], result["pairwise_recall"]
    return (1 + beta ** 2) * p * r / (beta ** 2 * p + r) if p + r else 0.0


def two_folds(cards: list[dict], vectors: dict | None,
              use_embeddings: bool | None = None) -> list[dict]:
    """For each half: the grid's best parameters on the other half, and what they and the
    global defaults reach on this one."""
    parts = halves(cards)
    folds = []
    for tune, test in ((0, 1), (1, 0)):
        best = max(itertools.product(FOLD_GRID["threshold"], FOLD_GRID["core_share"]),
                   key=lambda combo: f_beta(evaluate_cards(
                       parts[tune], vectors, use_embeddings, *combo, suggestions=False)))
        tuned = evaluate_cards(parts[test], vectors, use_embeddings, *best)
        default = evaluate_cards(parts[test], vectors, use_embeddings)
        folds.append({"tuned_on": "AB"[tune], "tested_on": "AB"[test],
                      "cards": len(parts[test]), "threshold": best[0], "core_share": best[1],
                      "tuned": tuned, "default": default})
    return folds


@click.group("similarity", help="Similarity of contributions (consolidation workbench).")
def similarity_cli():
    pass


@similarity_cli.command("evaluate")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--lexical-only", is_flag=True, help="Leave out the sentence vectors.")
@click.option("--folds/--no-folds", default=True, show_default=True,
              help="Also the two-fold check by idea (tune on one half, report on the other).")
def evaluate_command(file: Path, lexical_only: bool, folds: bool):
    """Measure suggestions and proposed groups on a labelled JSON-lines file (fields id, topic,
    group, text) without touching the database. The last line printed is the result as JSON."""
    cards = read_cards(file)
    use = False if lexical_only else None
    vectors, started = None, time.perf_counter()
    if not lexical_only and engine.embeddings_available():
        matrix = engine.encode([c["text"] for c in cards])
        vectors = {c["id"]: matrix[n] for n, c in enumerate(cards)}
    encoding_ms = (time.perf_counter() - started) * 1000 / max(1, len(cards))
    result = evaluate_cards(cards, vectors, use_embeddings=use)
    method = "character n-grams only" if lexical_only or not engine.embeddings_available() \
        else f"sentence vectors ({engine.MODEL_NAME}) + character n-grams"
    click.echo(f"{result['cards']} cards, {method}; suggestions drawn from the card's topic.")
    click.echo(f"Suggestions: precision@5 {result['precision_at_5']:.3f}, "
               f"recall@5 {result['recall_at_5']:.3f}; "
               f"{result['singleton_confident_share']:.0%} of {result['singletons']} cards "
               f"without a match got a confident (>= {CONFIDENT}) suggestion.")
    click.echo(f"Proposed groups (per topic; threshold {engine.CLUSTER_THRESHOLD}, core share "
               f"{engine.CORE_SHARE}): pairwise F1 {result['pairwise_f1']:.3f} "
               f"(precision {result['pairwise_precision']:.3f}, "
               f"recall {result['pairwise_recall']:.3f}).")
    click.echo("  pairwise precision by level: " + "; ".join(
        f"{level} {v['precision']:.3f} of {v['pairs']} pairs"
        for level, v in result["group_precision_by_level"].items())
        + f"; possible members right {result['possible_members_precision']:.3f}.")
    click.echo(f"  groups that come selected ({', '.join(engine.LEVELS[:-1])}): pairwise "
               f"precision {result['selected_precision']:.3f}, recall "
               f"{result['selected_recall']:.3f}.")
    click.echo(f"Timings: encoding {encoding_ms:.1f} ms per card, "
               f"lookup {result['lookup_ms_median']} ms (median), "
               f"clustering {result['cluster_seconds']} s in all.")
    summary = {key: result[key] for key in ("precision_at_5", "recall_at_5", "pairwise_f1",
                                            "pairwise_precision", "pairwise_recall",
                                            "selected_precision", "selected_recall", "cards")}
    if folds:
        summary["folds"] = []
        for fold in two_folds(cards, vectors, use):
            tuned, default = fold["tuned"], fold["default"]
            click.echo(f"Fold tuned on half {fold['tuned_on']}, measured on half "
                       f"{fold['tested_on']} ({fold['cards']} cards): chosen threshold "
                       f"{fold['threshold']}, core share {fold['core_share']}: "
                       f"F1 {tuned['pairwise_f1']:.3f} (precision "
                       f"{tuned['pairwise_precision']:.3f}, recall "
                       f"{tuned['pairwise_recall']:.3f}), precision@5 "
                       f"{tuned['precision_at_5']:.3f}; with the defaults F1 "
                       f"{default['pairwise_f1']:.3f} (precision "
                       f"{default['pairwise_precision']:.3f}, recall "
                       f"{default['pairwise_recall']:.3f}).")
            summary["folds"].append({
                "tested_on": fold["tested_on"], "threshold": fold["threshold"],
                "core_share": fold["core_share"], "pairwise_f1": tuned["pairwise_f1"],
                "pairwise_precision": tuned["pairwise_precision"],
                "selected_precision": tuned["selected_precision"],
                "precision_at_5": tuned["precision_at_5"],
                "default_pairwise_f1": default["pairwise_f1"],
                "default_pairwise_precision": default["pairwise_precision"]})
    click.echo(json.dumps(summary))


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

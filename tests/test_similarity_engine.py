"""The similarity engine (no database), its evaluate command, and the database-bound services."""

import json

import numpy as np
import pytest

from app.similarity import engine, services
from app.similarity.models import ContributionVector
from tests.query_counter import count_queries

CARDS = [
    ("a1", "sprachkurs", "g1", "Sprachkurse mit Kinderbetreuung, sonst können Mütter nicht hin"),
    ("a2", "sprachkurs", "g1", "sprachkurs mit kinderbetreung fur mutter"),
    ("a3", "sprachkurs", "g1", "Language courses need childcare so that mothers can attend."),
    ("b1", "sprachkurs", "g2", "Abendkurse für Leute, die tagsüber arbeiten"),
    ("b2", "sprachkurs", "g2", "Deutschkurse am Abend und am Wochenende für Berufstätige"),
    ("c1", "wohnen", "g3", "Mehr bezahlbare Wohnungen für Familien im Landkreis"),
    ("c2", "wohnen", "g3", "bezahlbarer wohnraum fehlt, familien finden keine wohnung"),
    ("d1", "wohnen", "g4", "Der Sportverein sucht Trainerinnen für eine Mädchengruppe"),
]


def lexical_index(items):
    return engine.Index(items, use_embeddings=False)


def test_typos_umlauts_and_inflection_match_lexically():
    index = lexical_index([(1, "Sprachkurs"), (2, "sprachkurse"), (3, "Wohnungssuche"),
                           (4, "Gebühren für Prüfungen"), (5, "gebuhren fur prufungen")])
    assert index.top_k(1, 1)[0][0] == 2
    assert index.top_k(4, 1)[0][0] == 5
    assert engine.fold("Gebühr Straße") == "gebuhr strasse"


def test_top_k_excludes_the_card_and_respects_candidates():
    index = lexical_index([(1, "Sprachkurs am Abend"), (2, "Sprachkurse abends"),
                           (3, "Kita-Plätze fehlen"), (4, "Sprachkurs am Wochenende")])
    found = index.top_k(1, 5)
    assert [i for i, _ in found][0] == 2
    assert 1 not in [i for i, _ in found] and len(found) == 3
    assert [i for i, _ in index.top_k(1, 5, candidate_ids=[3, 4])] in ([4, 3], [3, 4])
    assert all(a[1] >= b[1] for a, b in zip(found, found[1:], strict=False))


def test_query_finds_an_unindexed_text():
    index = lexical_index([(1, "Kinderbetreuung während der Kurse"), (2, "Mehr Wohnungen")])
    assert index.query("kinderbetreung wärend kurs", 1)[0][0] == 1
    assert index.query("   ", 3) == []
    assert [i for i, _ in index.query("Mehr Wohnungen", 5, exclude=2)] == [1]


def test_cluster_is_a_partition_with_singletons():
    items = [(n, text) for n, (_, _, _, text) in enumerate(CARDS)]
    index = lexical_index(items)
    clusters = index.cluster()
    flat = [i for group in clusters for i in group]
    assert sorted(flat) == [n for n, _ in items]
    assert [len(g) for g in clusters] == sorted((len(g) for g in clusters), reverse=True)
    assert index.cluster(threshold=2.0) == [[n] for n, _ in items]
    assert len(index.cluster(threshold=-2.0)) == 1


def test_similarity_matrix_mixes_in_neighbour_profiles_by_share():
    index = lexical_index([(n, text) for n, (_, _, _, text) in enumerate(CARDS)])
    ids, first = index.similarity_matrix(second_order=0.0)
    _, mixed = index.similarity_matrix(second_order=engine.CLUSTER_SECOND_ORDER)
    assert ids == list(range(len(CARDS)))
    assert np.allclose(first, first.T) and np.allclose(mixed, mixed.T)
    assert np.allclose(np.diag(first), 1.0, atol=1e-5)
    assert not np.allclose(first, mixed)


def test_average_linkage_merges_only_above_threshold():
    scores = np.array([[1, 0.9, 0.1], [0.9, 1, 0.2], [0.1, 0.2, 1]])
    assert sorted(map(sorted, engine.average_linkage(scores, 0.5))) == [[0, 1], [2]]
    assert engine.average_linkage(np.zeros((0, 0)), 0.5) == []


def test_core_does_not_chain_a_to_c_through_b():
    # A and C are unrelated; B is close to both. Average linkage over the whole matrix would
    # put all three together at a low threshold; the core keeps the pair that belongs.
    first = np.array([[1.0, 0.6, 0.0, 0.6],
                      [0.6, 1.0, 0.0, 0.6],
                      [0.0, 0.0, 1.0, 0.3],
                      [0.6, 0.6, 0.3, 1.0]])
    kept, possible = engine.core(first, [0, 1, 2, 3], share=0.5)
    assert sorted(kept) == [0, 1, 3] and possible == [2]
    chain = np.array([[1.0, 0.3, 0.0], [0.3, 1.0, 0.5], [0.0, 0.5, 1.0]])
    assert engine.core(chain, [0, 1, 2], share=0.5) == ([1, 2], [0])
    assert engine.core(chain, [0, 1, 2], share=0.0) == ([0, 1, 2], [])


def _index_of(first: np.ndarray) -> engine.Index:
    """An index whose first-order scores are `first` (a positive semi-definite matrix): its
    lexical rows are a factor of it."""
    index = lexical_index([(n, f"karte {n}") for n in range(len(first))])
    values, vectors = np.linalg.eigh(first)
    index.lexical = (vectors * np.sqrt(np.clip(values, 0, None))).astype(np.float32)
    assert np.allclose(index.lexical @ index.lexical.T, first, atol=1e-5)
    return index


def test_groups_leave_singletons_alone_and_put_the_surest_first():
    first = np.full((7, 7), -0.1)
    first[np.ix_([0, 1, 2], [0, 1, 2])] = 0.2   # a likely group of three
    first[np.ix_([3, 4], [3, 4])] = 0.5         # a very sure pair
    np.fill_diagonal(first, 1.0)                # 5 and 6 are like nothing else
    index = _index_of(first)
    groups = index.groups(threshold=0.1)
    assert [g.members for g in groups] == [[3, 4], [0, 1, 2]]
    assert [g.level for g in groups] == ["very_sure", "likely"]
    assert groups[0].cohesion == pytest.approx(0.5) and groups[1].cohesion == pytest.approx(0.2)
    grouped = {i for g in groups for i in g.members + g.possible}
    assert 5 not in grouped and 6 not in grouped
    # Of two groups equally sure, the larger comes first.
    first[np.ix_([3, 4], [3, 4])] = 0.2
    np.fill_diagonal(first, 1.0)
    assert [g.members for g in _index_of(first).groups(threshold=0.1)] == [[0, 1, 2], [3, 4]]


def test_group_levels_follow_the_cohesion():
    levels = [engine.Group([1, 2], [], score).level for score in (0.9, 0.30, 0.2, 0.15, 0.0)]
    assert levels == ["very_sure", "very_sure", "likely", "likely", "possible"]


def test_text_hash_changes_with_the_content_only():
    assert engine.text_hash("Mehr Kurse") != engine.text_hash("Mehr Wohnungen")
    assert engine.text_hash("Wir brauchen Kurse") == engine.text_hash("Wir brauchen  Kurse")
    assert engine.embedding_text("Wir brauchen mehr Kurse für die Eltern") == \
        "brauchen Kurse Eltern"


@pytest.mark.skipif(not engine.embeddings_available(), reason="sentence encoder not installed")
def test_sentence_vectors_match_across_languages():
    vectors = engine.encode(["Kinderbetreuung während der Sprachkurse", "",
                             "childcare during language classes", "Bezahlbare Wohnungen"])
    assert vectors.shape == (4, engine.DIMENSIONS) and vectors.dtype == np.float32
    assert not vectors[1].any()
    assert vectors[0] @ vectors[2] > vectors[0] @ vectors[3]
    assert np.allclose(engine.from_bytes(engine.to_bytes(vectors[0])), vectors[0])


def test_evaluate_command_prints_json_last(app, tmp_path):
    path = tmp_path / "cards.jsonl"
    path.write_text("\n".join(json.dumps({"id": i, "topic": t, "group": g, "lang": "de",
                                          "text": text}) for i, t, g, text in CARDS),
                    encoding="utf-8")
    result = app.test_cli_runner().invoke(args=["similarity", "evaluate", str(path)])
    assert result.exit_code == 0, result.output
    last = json.loads(result.output.strip().splitlines()[-1])
    assert {"precision_at_5", "recall_at_5", "pairwise_f1", "pairwise_precision",
            "pairwise_recall", "selected_precision", "selected_recall", "cards",
            "folds"} <= set(last)
    assert last["selected_recall"] <= last["pairwise_recall"]
    assert [fold["tested_on"] for fold in last["folds"]] == ["B", "A"]
    assert "Fold tuned on half A, measured on half B" in result.output
    assert last["cards"] == len(CARDS)
    assert 0 <= last["precision_at_5"] <= 1 and 0 <= last["pairwise_f1"] <= 1


# --- services (database) ---------------------------------------------------------------------

@pytest.fixture
def topic_cards(make_round, make_contribution):
    round_ = make_round()
    topic = round_.topics[0]
    made = {key: make_contribution(round=round_, topic=topic, title=text[:40], body=text)
            for key, _, _, text in CARDS}
    return topic, made


def test_similar_contributions_finds_the_duplicate(db, topic_cards):
    topic, made = topic_cards
    found = services.similar_contributions(topic.id, "Sprachkurse mit Kinderbetreuung bitte")
    assert found and found[0].contribution_id in {made["a1"].id, made["a2"].id}
    assert found[0].reference == f"B-{found[0].contribution_id:04d}"
    assert isinstance(found[0].confident, bool)
    excluded = services.similar_contributions(topic.id, made["a1"].body,
                                              exclude_id=made["a1"].id)
    assert made["a1"].id not in [s.contribution_id for s in excluded]
    assert services.similar_contributions(topic.id, "  ") == []


def test_similar_to_skips_hidden_and_itself(db, topic_cards):
    topic, made = topic_cards
    made["a2"].status = "hidden"
    db.session.commit()
    found = [s.contribution_id for s in services.similar_to(made["a1"], limit=10)]
    assert made["a1"].id not in found and made["a2"].id not in found
    assert found[0] == made["a3"].id or found[0] in {made["b1"].id, made["b2"].id}


def test_clusters_returns_multi_member_groups(db, topic_cards):
    _, made = topic_cards
    groups = services.clusters(list(made.values()))
    assert groups and all(len(g.members) >= 2 for g in groups)
    order = [(engine.LEVELS.index(g.level), -len(g.members)) for g in groups]
    assert order == sorted(order)
    ids = [c.id for g in groups for c in g.members + g.possible]
    assert len(ids) == len(set(ids))
    assert all(0 <= g.percent <= 100 for g in groups)


@pytest.mark.skipif(not engine.embeddings_available(), reason="sentence encoder not installed")
def test_vectors_are_stored_once_and_renewed_after_an_edit(db, topic_cards):
    _, made = topic_cards
    ids = [c.id for c in made.values()]
    assert services.ensure_vectors(ids).computed == len(ids)
    db.session.commit()
    assert services.ensure_vectors(ids).computed == 0
    made["c1"].body = "Ganz anderer Text über Sportvereine"
    db.session.commit()
    assert services.ensure_vectors(ids).computed == 1
    db.session.commit()
    stored = db.session.get(ContributionVector, made["c1"].id)
    assert stored.model == engine.MODEL_NAME and len(stored.vector) == 4 * engine.DIMENSIONS


def test_queries_do_not_grow_with_candidates(app, db, topic_cards):
    topic, made = topic_cards
    services.ensure_vectors([c.id for c in made.values()])
    db.session.commit()
    topic_id, card = topic.id, db.session.get(type(made["c1"]), made["c1"].id)
    with count_queries(app) as statements:
        services.similar_contributions(topic_id, "Wohnungen für Familien")
    assert len(statements) == 2
    with count_queries(app) as statements:
        services.similar_to(card)
    assert len(statements) <= 2


def test_a_text_encoded_again_is_taken_from_memory(monkeypatch):
    texts = ["Patenschaften für Familien in Radolfzell", "Ein Sprachcafé in Singen"]
    first = engine.encode(texts)
    calls = []
    real = engine._encoder()
    monkeypatch.setattr(engine, "_encoder", lambda: calls.append(1) or real)
    again = engine.encode([texts[1], "", texts[0], texts[1]])
    assert calls == []  # both were remembered
    assert np.array_equal(again[0], first[1]) and np.array_equal(again[2], first[0])
    assert not again[1].any() and np.array_equal(again[3], first[1])
    fresh = engine.encode(["Hausaufgabenhilfe im Jugendtreff Konstanz", texts[0]])
    assert calls == [1]  # one call for the one new text
    assert np.array_equal(fresh[1], first[0]) and abs(np.linalg.norm(fresh[0]) - 1) < 1e-4


def test_groups_are_kept_until_the_cards_change(db, topic_cards, monkeypatch):
    _, made = topic_cards
    services.forget_groups()
    built = []
    real_groups = engine.Index.groups

    def counted(index, *args, **kwargs):
        built.append(len(index))
        return real_groups(index, *args, **kwargs)

    monkeypatch.setattr(engine.Index, "groups", counted)
    cards = list(made.values())
    first = services.clusters(cards)
    assert services.clusters(cards) == first and len(built) == 1  # kept, not clustered again

    # Another set of cards (one decided, so no longer unprocessed) is clustered anew ...
    assert services.clusters(cards[1:]) and len(built) == 2
    # ... and so is an edited text: the groups follow what the cards say now.
    made["d1"].body = made["c1"].body
    db.session.commit()
    changed = services.clusters(cards)
    assert len(built) == 3

    def together(groups):
        return any(made["c1"] in g.members and made["d1"] in g.members for g in groups)

    assert together(changed) and not together(first)
    # The engine's parameters are part of what the groups depend on.
    monkeypatch.setattr(engine, "CLUSTER_THRESHOLD", 0.9)
    services.clusters(cards)
    assert len(built) == 4

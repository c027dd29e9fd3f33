"""The demo's consolidated draft (app.demo.draft) as data: shape, sources, and what is left
for the moderation to do. No database."""

import pytest

from app.demo import draft, event_cards, participation
from app.demo.draft import DRAFT, resolve_source

TOPICS = ["sprache", "arbeit", "bildung", "wohnen", "gesundheit", "kultur-und-freizeit",
          "beteiligung", "ehrenamt", "kommunen", "interkulturelle-oeffnung",
          "antidiskriminierung"]
CROSSCUTTING = set(TOPICS[6:])


def _items(topic: dict) -> list[dict]:
    """Every item of a topic: main goal, sub-goals, measures, ideas, best practices."""
    items = [topic["main_goal"]]
    for sub_goal in topic["sub_goals"]:
        items.append(sub_goal)
        items.extend(sub_goal["measures"])
    return items + topic["municipal_ideas"] + topic["best_practices"]


def _linked(topic: dict) -> set:
    return {resolve_source(s) for item in _items(topic) for s in item["sources"]}


def _outcomes(topic: dict) -> set:
    """Sources with an outcome other than "incorporated": not taken up, forwarded,
    duplicates."""
    sources = [s for s, _ in topic.get("not_taken_up", [])]
    sources += [s for s, _, _ in topic.get("forwarded", [])]
    sources += [dup for dup, _ in topic.get("duplicates", [])]
    return {resolve_source(s) for s in sources}


def _referenced() -> set:
    referenced = set()
    for topic in DRAFT.values():
        referenced |= _linked(topic) | _outcomes(topic)
    return referenced


def _closed_round_input(slug: str) -> set:
    """The published contributions of the closed round and the event cards of a topic."""
    contributions = {("contribution", c["key"]) for c in participation.CONTRIBUTIONS
                     if c["topic"] == slug and c["round"] == "closed"
                     and c.get("status", "published") == "published"}
    cards = {("card", i) for i, card in enumerate(event_cards.CARDS) if card[0] == slug}
    return contributions | cards


def test_resolve_source_contribution():
    assert resolve_source("kinderbetreuung") == ("contribution", "kinderbetreuung")


def test_resolve_source_card():
    kind, index = resolve_source("card:Sprachkurse auch am Abend und am Samstag")
    assert kind == "card" and event_cards.CARDS[index][3].startswith("Sprachkurse auch am")


@pytest.mark.parametrize("source", [
    "no-such-key",
    "samstagskurse",  # withdrawn
    "buergeramt",  # hidden
    "kurswegweiser",  # open round
    "kursplaetze",  # network round
    "card:Sprachkurse",  # prefix too short
    "card:Eine Sprechstunde zur Anerkennung im Landratsamt, zweimal",  # no card
])
def test_resolve_source_rejects(source):
    with pytest.raises(ValueError):
        resolve_source(source)


def test_resolve_source_rejects_ambiguous_card_prefix(monkeypatch):
    text = event_cards.CARDS[0][3]
    monkeypatch.setattr(draft, "CARDS", [*event_cards.CARDS, ("sprache", "m", "", text, {})])
    with pytest.raises(ValueError):
        resolve_source("card:" + text[:30])


def test_every_topic_has_a_draft():
    assert list(DRAFT) == TOPICS


@pytest.mark.parametrize("slug", TOPICS)
def test_topic_shape(slug):
    topic = DRAFT[slug]
    assert topic["main_goal"]["text"]
    assert 2 <= len(topic["sub_goals"]) <= 3
    for sub_goal in topic["sub_goals"]:
        assert sub_goal["text"] and 1 <= len(sub_goal["measures"]) <= 3
        for measure in sub_goal["measures"]:
            assert measure["text"] and measure["responsible"]
            assert measure["partners"] and measure["timeframe"]
    assert len(topic["municipal_ideas"]) >= 1 and len(topic["best_practices"]) >= 1
    for practice in topic["best_practices"]:
        assert practice["who"] and practice["where"]
        assert practice["link"] == "" or practice["link"].startswith("https://example.org/")
    assert len(topic.get("not_taken_up", [])) <= 2 and len(topic.get("forwarded", [])) <= 1
    for _, reason in topic.get("not_taken_up", []):
        assert reason
    for _, body, reason in topic.get("forwarded", []):
        assert body and reason
    for item in _items(topic):
        assert isinstance(item["sources"], list)
        assert set(item.get("themes", [])) <= CROSSCUTTING
    texts = [item["text"] for item in _items(topic)]
    assert len(set(texts)) == len(texts)


@pytest.mark.parametrize("slug", TOPICS)
def test_sources_resolve_to_the_closed_round(slug):
    topic = DRAFT[slug]
    sources = [s for item in _items(topic) for s in item["sources"]]
    sources += [s for s, _ in topic.get("not_taken_up", [])]
    sources += [s for s, _, _ in topic.get("forwarded", [])]
    sources += [s for pair in topic.get("duplicates", []) for s in pair]
    assert sources
    for source in sources:
        kind, ref = resolve_source(source)  # raises for withdrawn, hidden, open round, ...
        if kind == "contribution":
            spec = next(c for c in participation.CONTRIBUTIONS if c["key"] == ref)
            assert spec["round"] == "closed" and spec.get("status", "published") == "published"
        else:
            assert event_cards.EVENT["round"] == "closed"


@pytest.mark.parametrize("slug", TOPICS)
def test_outcomes_are_not_also_linked(slug):
    topic = DRAFT[slug]
    assert not _outcomes(topic) & _referenced_by_items()
    for dup, original in topic.get("duplicates", []):
        assert resolve_source(original) in _referenced_by_items()
        assert resolve_source(dup) != resolve_source(original)


def _referenced_by_items() -> set:
    linked = set()
    for topic in DRAFT.values():
        linked |= _linked(topic)
    return linked


def test_no_sprache_card_is_referenced():
    sprache_cards = {("card", i) for i, card in enumerate(event_cards.CARDS)
                     if card[0] == "sprache"}
    assert len(sprache_cards) >= 9
    assert not sprache_cards & _referenced()


def test_sprache_is_built_from_online_contributions():
    linked = _linked(DRAFT["sprache"])
    assert linked and all(kind == "contribution" for kind, _ in linked)


@pytest.mark.parametrize("slug", TOPICS)
def test_part_of_every_topic_is_left_for_consolidation(slug):
    available = _closed_round_input(slug)
    unreferenced = available - _referenced()
    assert len(unreferenced) / len(available) >= 0.2, sorted(unreferenced)
    assert available & _referenced()  # and something has been done


def test_four_sprache_cards_ask_for_evening_courses():
    measures = [card[3] for card in event_cards.CARDS if card[:2] == ("sprache", "m")]
    evening = [text for text in measures if "Abend" in text or "abends" in text]
    assert len(evening) == 4

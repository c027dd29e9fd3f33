"""The similarity hint: an obvious near-duplicate ranks first, fast enough while typing."""

from app.extensions import db
from app.similarity.lexical import CONFIDENT, features, score, similar_contributions


def test_score_ranks_near_duplicate_first():
    query = "Sprachkurse mit Kinderbetreuung, damit Mütter teilnehmen können"
    candidates = [
        "Mehr Wohnungen für Geflüchtete im Landkreis",
        "Sprachkurs mit kinderbetreuung damit muetter teilnehmen koennen",
        "Abendkurse Deutsch für Berufstätige",
        "Kinderbetreuung in der Kita ausbauen",
    ]
    ranked = sorted(candidates, key=lambda c: -score(query, c))
    assert ranked[0] == candidates[1]
    assert score(query, candidates[1]) >= CONFIDENT > score(query, candidates[0])


def test_similar_contributions_of_topic(make_round, make_contribution):
    round_ = make_round()
    sprache, arbeit = round_.topics[0], round_.topics[1]
    near = make_contribution(round=round_, topic=sprache, title="Kinderbetreuung",
                             body="Kinderbetreuung während der Sprachkurse anbieten")
    make_contribution(round=round_, topic=sprache, title="Wohnen",
                      body="Mehr bezahlbare Wohnungen")
    make_contribution(round=round_, topic=arbeit, title="Kinderbetreuung",
                      body="Kinderbetreuung während der Sprachkurse anbieten")
    hidden = make_contribution(round=round_, topic=sprache, status="hidden",
                               body="Kinderbetreuung während der Sprachkurse anbieten")
    found = similar_contributions(sprache.id, "Sprachkurse mit Kinderbetreuung")
    assert found[0].contribution_id == near.id
    assert all(s.contribution_id != hidden.id for s in found)
    assert similar_contributions(sprache.id, "Sprachkurse mit Kinderbetreuung",
                                 exclude_id=near.id) == [] or \
        similar_contributions(sprache.id, "Sprachkurse mit Kinderbetreuung",
                              exclude_id=near.id)[0].contribution_id != near.id


def test_lookup_with_2000_cards_reuses_the_cached_features(make_round):
    """Typing stays fast because a lookup after the first one computes features only for the
    typed text; the cards' come from the cache (the time is measured in tests/bench)."""
    from app.contributions.models import Contribution

    round_ = make_round()
    topic = round_.topics[0]
    words = ["Sprachkurs", "Kita", "Eltern", "Arbeit", "Ausbildung", "Wohnung", "Beratung",
             "Ehrenamt", "Verein", "Schule", "Abend", "Kurs", "Betreuung", "Frauen", "Jugend",
             "Sport", "Musik", "Amt", "Formular", "Dolmetscher"]
    db.session.add_all(Contribution(
        round_id=round_.id, topic_id=topic.id, kind="measure", title=f"Karte {i}",
        body=" ".join(words[(i * k) % len(words)] for k in range(1, 12)) + f" Nummer {i}",
        body_html="", status="published") for i in range(2000))
    db.session.commit()
    features.cache_clear()
    similar_contributions(topic.id, "Warm-up")  # features of the cards are cached after this
    computed_first = features.cache_info().misses
    assert computed_first > 2000 / 2  # the cards' features were computed once
    similar_contributions(topic.id, "Sprachkurs am Abend mit Betreuung für Eltern")
    assert features.cache_info().misses - computed_first <= 1  # only the typed text

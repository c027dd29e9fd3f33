"""Full-text search with German stemming, on SQLite (FTS5) and PostgreSQL (tsvector)."""

from sqlalchemy import select

from app.contributions.models import Contribution
from app.core import search
from app.extensions import db


def found(text):
    return {c.title for c in db.session.scalars(
        select(Contribution).where(search.matching(Contribution, text)))}


def test_stemmed_words_match(make_contribution):
    make_contribution(title="Mehr Sprachkurse am Abend", body="Für Berufstätige.")
    make_contribution(title="Wohnungen", body="Mehr bezahlbarer Wohnraum.")
    assert found("Sprachkurs") == {"Mehr Sprachkurse am Abend"}
    assert found("sprachkursen") == {"Mehr Sprachkurse am Abend"}
    assert found("Sprachkurse") == {"Mehr Sprachkurse am Abend"}
    assert found("Wohnraum") == {"Wohnungen"}
    assert found("Abend Berufstätige") == {"Mehr Sprachkurse am Abend"}
    assert found("Fahrrad") == set()


def test_edits_are_reindexed(make_contribution):
    contribution = make_contribution(title="Alt", body="Kinderbetreuung")
    contribution.body = "Hausaufgabenhilfe"
    db.session.commit()
    assert found("Kinderbetreuung") == set()
    assert found("Hausaufgabenhilfe") == {"Alt"}


def test_hostile_queries_are_harmless(make_contribution):
    make_contribution(title="Sprachcafé")
    for query in ['"', "*", "NEAR(", "a OR b", "'; DROP TABLE contributions; --", "", "   ",
                  "مرحبا", "🙂"]:
        found(query)  # must not raise
    assert found("Sprachcafé") == {"Sprachcafé"}


def test_plural_query_finds_singular(make_contribution):
    make_contribution(title="Ein Sprachkurs für Eltern", body="In der Kita.")
    assert found("Sprachkurse") == {"Ein Sprachkurs für Eltern"}

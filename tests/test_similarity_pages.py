"""The pages that look up similar contributions only read: a GET writes nothing, not even the
sentence vectors it computes. A contribution's vector is stored where its text is written."""

from datetime import date

import pytest
from sqlalchemy import func, select

from app.contributions import services as contributions
from app.events.models import Event, Station
from app.extensions import db
from app.similarity import engine
from app.similarity.models import ContributionVector
from tests.query_counter import count_queries

WRITES = ("INSERT", "UPDATE", "DELETE")
TEXTS = ["Sprachkurse mit Kinderbetreuung am Abend anbieten",
         "Kinderbetreuung während der Sprachkurse",
         "Mehr bezahlbare Wohnungen für Familien",
         "Bezahlbarer Wohnraum für große Familien"]


@pytest.fixture
def cards(make_round, make_contribution):
    """Contributions made directly (as an import does): none of them has a stored vector."""
    round_ = make_round()
    topic = next(t for t in round_.topics if t.slug == "sprache")
    made = [make_contribution(round=round_, topic=topic, title=text[:40], body=text)
            for text in TEXTS]
    return round_, topic, made


def _writes(app, client, path: str, **kwargs) -> list[str]:
    with count_queries(app) as statements:
        response = client.get(path, **kwargs)
    assert response.status_code == 200, (path, response.status_code)
    return [s for s in statements if s.lstrip().upper().startswith(WRITES)]


def test_similarity_pages_write_nothing(app, client, login, make_user, cards):
    round_, topic, made = cards
    event = Event(round_id=round_.id, title="Dialog", held_on=date(2026, 6, 20),
                  place="Konstanz")
    db.session.add(event)
    db.session.add(Station(event=event, topic=topic, name="Tisch Sprache", position=1))
    db.session.commit()
    station_id = event.stations[0].id
    login(make_user(roles={"moderator"}))
    paths = [(f"/workbench/{topic.slug}", {}),
             (f"/workbench/{topic.slug}?open={made[0].id}", {}),
             (f"/workbench/{topic.slug}/groups", {}),
             (f"/moderation/events/{event.id}/similar",
              {"query_string": {"station": station_id, "text": "Kinderbetreuung Sprachkurs"}})]
    for path, kwargs in paths:
        assert _writes(app, client, path, **kwargs) == [], path
    assert db.session.scalar(select(func.count()).select_from(ContributionVector)) == 0


@pytest.mark.skipif(not engine.embeddings_available(), reason="sentence encoder not installed")
def test_the_vector_is_stored_when_the_text_is_written(app, cards, make_user):
    round_, topic, made = cards
    author = make_user()
    created, _ = contributions.create_contribution(
        round_, author=author, kind="measure", topic=topic, title="Deutschkurse",
        body="Deutschkurse am Wochenende")
    db.session.commit()
    stored = db.session.get(ContributionVector, created.id)
    assert stored is not None and stored.model == engine.MODEL_NAME
    first_hash = stored.text_hash
    contributions.edit_contribution(created, editor=author, title="Deutschkurse",
                                    body="Deutschkurse am Abend")
    db.session.commit()
    db.session.expire_all()
    assert db.session.get(ContributionVector, created.id).text_hash != first_hash

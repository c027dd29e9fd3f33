"""The event page and the capture form make as many SQL queries with 100 cards as with 10, in
German and in English (where the event's and its tables' translations are read once)."""

import pytest

from app.contributions.models import Contribution
from app.core import translations
from app.extensions import db
from tests.query_counter import queries_for


@pytest.mark.parametrize("language", ["de", "en"])
@pytest.mark.parametrize("path", ["/moderation/events/{id}?",
                                  "/moderation/events/{id}/capture?",
                                  "/moderation/events/{id}/capture?station={station}&"])
def test_query_count_is_constant(app, client, login, make_user, moderator, event, path,
                                 language):
    capturers = [moderator, make_user(roles={"moderator"}), make_user(roles={"admin"})]
    if language == "en":
        translations.apply(event, {("title", "en"): "Dialogue event"})
        for station in event.stations:
            translations.apply(station, {("name", "en"): f"Table {station.position}"})
            translations.apply(station.topic, {("name", "en"): f"Topic {station.position}"})
        db.session.commit()

    def add(n):
        for i in range(n):
            station = event.stations[i % len(event.stations)]
            db.session.add(Contribution(
                round_id=event.round_id, topic_id=station.topic_id, kind="measure",
                title=f"Karte {i}", body=f"Text {i}", body_html=f"<p>Text {i}</p>",
                source="event", event_id=event.id, station_id=station.id,
                captured_by_id=capturers[i % 3].id, credited_name="Lea" if i % 2 else None,
                photo_path="x.jpg" if i % 5 == 0 else None))
        db.session.commit()

    login(moderator)
    url = path.format(id=event.id, station=event.stations[0].id) + f"lang={language}"
    add(10)
    few = queries_for(app, client, url)
    add(90)
    many = queries_for(app, client, url)
    print(f"{url}: {few} queries with 10 cards, {many} with 100")
    assert few == many

"""Events: who may create and edit them, stations, the event page, the round page link."""

from sqlalchemy import select

from app.core.audit import AuditEntry
from app.events.models import Event
from app.extensions import db


def _event_data(round_, **rows):
    data = {"title": "Dialogveranstaltung im Juni", "held_on": "2026-06-20",
            "place": "Konstanz"}
    for i, topic in enumerate(round_.topics[:3]):
        data[f"stations-{i}-topic"] = str(topic.id)
        data[f"stations-{i}-name"] = f"Tisch {topic.name}"
    data.update(rows)
    return data


def test_participant_and_anonymous_cannot_create_events(client, login, make_user, make_round):
    round_ = make_round(kind="event")
    assert client.get(f"/rounds/{round_.id}/events/new").status_code in (302, 401)
    login(make_user())
    assert client.get(f"/rounds/{round_.id}/events/new").status_code == 403
    assert client.post(f"/rounds/{round_.id}/events/new",
                       data=_event_data(round_)).status_code == 403
    assert db.session.scalar(select(Event)) is None


def test_steering_cannot_manage_events(client, login, make_user, event):
    login(make_user(roles={"steering"}))
    assert client.get(f"/moderation/events/{event.id}").status_code == 403
    assert client.get(f"/moderation/events/{event.id}/capture").status_code == 403


def test_moderator_creates_event_with_three_stations(client, login, moderator, make_round):
    round_ = make_round(kind="event")
    login(moderator)
    assert client.get(f"/rounds/{round_.id}/events/new").status_code == 200
    response = client.post(f"/rounds/{round_.id}/events/new", data=_event_data(round_))
    assert response.status_code == 302
    event = db.session.scalar(select(Event))
    assert response.headers["Location"].endswith(f"/moderation/events/{event.id}")
    assert [s.name for s in event.stations] == [f"Tisch {t.name}" for t in round_.topics[:3]]
    assert db.session.scalar(select(AuditEntry).where(AuditEntry.action == "event.created"))
    page = client.get(f"/moderation/events/{event.id}").get_data(as_text=True)
    assert "Tisch Sprache" in page and f"/moderation/events/{event.id}/capture" in page
    round_page = client.get(f"/rounds/{round_.id}").get_data(as_text=True)
    assert "Veranstaltung anlegen" in round_page and "Dialogveranstaltung im Juni" in round_page


def test_event_needs_a_station_and_keeps_input(client, login, moderator, make_round):
    round_ = make_round(kind="event")
    login(moderator)
    response = client.post(f"/rounds/{round_.id}/events/new",
                           data={"title": "Ohne Tische", "held_on": "2026-06-20"})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "mindestens einen Thementisch" in page and "Ohne Tische" in page
    half = _event_data(round_, **{"stations-4-name": "Nur ein Name"})
    assert client.post(f"/rounds/{round_.id}/events/new", data=half).status_code == 400
    assert db.session.scalar(select(Event)) is None


def test_edit_event_renames_adds_and_removes_empty_station(client, login, moderator, event):
    login(moderator)
    first, second = event.stations
    data = {"title": "Neuer Titel", "held_on": "2026-06-21", "place": "Radolfzell",
            "stations-0-id": str(first.id), "stations-0-topic": str(first.topic_id),
            "stations-0-name": "Umbenannt"}
    response = client.post(f"/moderation/events/{event.id}/edit", data=data)
    assert response.status_code == 302
    db.session.expire_all()
    event = db.session.get(Event, event.id)
    assert event.title == "Neuer Titel" and [s.name for s in event.stations] == ["Umbenannt"]


def test_station_with_cards_cannot_be_removed(client, login, moderator, event):
    login(moderator)
    second = event.stations[1]
    client.post(f"/moderation/events/{event.id}/capture",
                data={"station": str(second.id), "kind": "measure", "body": "Karte",
                      "submit": "1"})
    first = event.stations[0]
    response = client.post(f"/moderation/events/{event.id}/edit", data={
        "title": "T", "held_on": "2026-06-21", "stations-0-id": str(first.id),
        "stations-0-topic": str(first.topic_id), "stations-0-name": "A"})
    assert response.status_code == 400
    assert "kann nicht entfernt werden" in response.get_data(as_text=True)


def test_event_and_table_names_are_translated_on_the_event_form(client, login, make_user,
                                                               make_round):
    from app.core import translations

    round_ = make_round()
    login(make_user(roles={"moderator"}))
    form = client.get(f"/rounds/{round_.id}/events/new").get_data(as_text=True)
    assert 'name="stations-0-tr_name_en"' in form and 'name="tr_title_ar"' in form
    response = client.post(f"/rounds/{round_.id}/events/new", data=_event_data(
        round_, tr_title_en="Dialogue event in June", **{"stations-0-tr_name_ar": "طاولة اللغة"}))
    assert response.status_code == 302
    event = db.session.scalar(select(Event))
    assert translations.translations_of(event) == {("title", "en"): "Dialogue event in June"}
    assert translations.translations_of(event.stations[0]) == {("name", "ar"): "طاولة اللغة"}
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "event.created"))
    assert entry.after["title@en"] == "Dialogue event in June"
    assert entry.after[f"{event.stations[0].name}: name@ar"] == "طاولة اللغة"
    form = client.get(f"/moderation/events/{event.id}/edit").get_data(as_text=True)
    assert 'value="طاولة اللغة"' in form
    page = client.get(f"/rounds/{round_.id}?lang=en").get_data(as_text=True)
    assert '<span lang="en" dir="ltr">Dialogue event in June</span>' in page

"""The undo of a captured card redirects back to the capture form with the station and kind
of the form, but only valid ones: anything else would be copied into the Location header."""

import pytest
from sqlalchemy import select

from app.contributions.models import Contribution
from app.extensions import db


def _capture(client, event):
    return client.post(f"/moderation/events/{event.id}/capture",
                       data={"station": str(event.stations[0].id), "kind": "measure",
                             "body": "Sprachkurse mit Kinderbetreuung am Abend anbieten",
                             "submit": "1"},
                       content_type="multipart/form-data")


def test_undo_redirect_keeps_valid_station_and_kind(client, login, moderator, event):
    login(moderator)
    _capture(client, event)
    card = db.session.scalar(select(Contribution))
    station = event.stations[1]
    response = client.post(f"/moderation/events/{event.id}/captured/{card.id}/undo",
                           data={"station": str(station.id), "kind": "goal"})
    assert response.status_code == 302
    location = response.headers["Location"]
    assert f"station={station.id}" in location and "kind=goal" in location


@pytest.mark.parametrize("station, kind", [
    ("x" * 1_000_000, "y" * 1_000_000),  # a megabyte each: never copied into the header
    ("999999", "no-such-kind"),          # a station of no (or another) event, an unknown kind
    ("1 OR 1=1", "goal\r\nSet-Cookie: x=1"),
])
def test_undo_redirect_drops_invalid_station_and_kind(client, login, moderator, event,
                                                      station, kind):
    login(moderator)
    _capture(client, event)
    card = db.session.scalar(select(Contribution))
    response = client.post(f"/moderation/events/{event.id}/captured/{card.id}/undo",
                           data={"station": station, "kind": kind})
    assert response.status_code == 302
    location = response.headers["Location"]
    assert location.endswith(f"/moderation/events/{event.id}/capture")
    assert len(location) < 200
    db.session.refresh(card)
    assert card.status == "hidden"  # the undo itself still happened

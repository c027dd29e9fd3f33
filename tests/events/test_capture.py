"""The capture form: cards credited to their writers, never to the staff member who typed
them; station and kind kept; undo hides; "same as" links; photos checked and re-encoded."""

import io
import re

import pytest
from PIL import Image
from sqlalchemy import select

from app.contributions.models import Contribution
from app.core.audit import AuditEntry
from app.events.services import derive_title
from app.extensions import db


def _capture(client, event, station=None, **fields):
    data = {"station": str((station or event.stations[0]).id), "kind": "measure",
            "body": "Sprachkurse mit Kinderbetreuung am Abend anbieten", "submit": "1"}
    data.update(fields)
    return client.post(f"/moderation/events/{event.id}/capture", data=data,
                       content_type="multipart/form-data")


def _image(fmt="JPEG", size=(40, 30), exif=True) -> bytes:
    image = Image.new("RGB", size, (200, 100, 50))
    out = io.BytesIO()
    kwargs = {}
    if exif and fmt == "JPEG":
        data = Image.Exif()
        data[0x010F] = "GeheimKamera"  # Make
        data[0x9286] = "Standort Konstanz"  # UserComment
        kwargs["exif"] = data.tobytes()
    image.save(out, fmt, **kwargs)
    return out.getvalue()


def test_capture_anonymous_card(client, login, moderator, event):
    login(moderator)
    response = _capture(client, event)
    assert response.status_code == 302
    card = db.session.scalar(select(Contribution))
    station = event.stations[0]
    assert card.author_id is None and card.organisation_id is None
    assert card.captured_by_id == moderator.id
    assert (card.source, card.status, card.event_id, card.station_id, card.topic_id,
            card.language) == ("event", "published", event.id, station.id, station.topic_id,
                               "de")
    assert card.title == "Sprachkurse mit Kinderbetreuung am Abend anbieten"
    # PRG: back to the empty form with station and kind kept
    location = response.headers["Location"]
    assert f"station={station.id}" in location and "kind=measure" in location
    page = client.get(location).get_data(as_text=True)
    assert f"Karte {card.reference} ist gespeichert" in page
    assert f'<option dir="auto" lang="de" selected value="{station.id}">' in page
    assert '<option selected value="measure">' in page
    assert "autofocus" in page and "></textarea>" in page
    entry = db.session.scalar(select(AuditEntry).where(
        AuditEntry.action == "contribution.captured"))
    assert entry.actor_id == moderator.id and entry.after["captured_by"] == moderator.id
    shown = client.get(f"/contributions/{card.id}").get_data(as_text=True)
    assert ('anonyme Teilnehmerin / anonymer Teilnehmer der '
            '<span lang="de" dir="ltr">Dialogveranstaltung im Juni</span>') in shown
    assert "Mara Moderation" not in shown.split("account-nav__name")[-1].split("</a>", 1)[-1]


def tag(page: str, name: str, id_: str) -> str:
    """The start tag of the element `<name ... id="id_" ...>`."""
    return next(t for t in re.findall(rf"<{name}\b[^>]*>", page) if f'id="{id_}"' in t)


def test_the_table_comes_first_and_is_picked_by_its_topic(client, login, moderator, event):
    """Issue 16: the text had the focus below the required table; every option began with
    the same word, so typing could not pick a table."""
    from app.events.views import station_choice_label

    login(moderator)
    page = client.get(f"/moderation/events/{event.id}/capture").get_data(as_text=True)
    assert "autofocus" in tag(page, "select", "station")
    assert "autofocus" not in tag(page, "textarea", "body")
    options = re.findall(r'<option [^>]*value="\d+"[^>]*>([^<]+)</option>',
                         page.split('id="kind"')[0])
    assert options == ["Sprache – Tisch", "Arbeit – Tisch"]
    # Once a table is chosen (kept from the last card), the card's text has the focus.
    page = client.get(f"/moderation/events/{event.id}/capture?station={event.stations[1].id}"
                      ).get_data(as_text=True)
    assert "autofocus" not in tag(page, "select", "station")
    assert "autofocus" in tag(page, "textarea", "body")
    station = event.stations[0]
    for name, label in (("Thementisch 3", "Sprache – Thementisch 3"), ("Sprache", "Sprache"),
                        ("Thementisch 1: Sprache", "Sprache – Thementisch 1"),
                        ("Thementisch Sprache", "Sprache – Thementisch")):
        station.name = name
        assert station_choice_label(station) == label


def test_capture_page_names_the_shortcut_it_has(client, login, moderator, event):
    login(moderator)
    page = client.get(f"/moderation/events/{event.id}/capture").get_data(as_text=True)
    assert "Eingabetaste" not in page and "Strg+Eingabe" in page


def test_capture_with_author_credits_them_not_staff(client, login, moderator, event):
    login(moderator)
    _capture(client, event, credited_name="Aylin K.", credited_organisation="Elternverein",
             credited_group="migration_history", title="Eigener Titel", language="tr")
    card = db.session.scalar(select(Contribution))
    assert (card.credited_name, card.credited_organisation, card.credited_group) == (
        "Aylin K.", "Elternverein", "migration_history")
    assert card.title == "Eigener Titel" and card.language == "tr"
    assert card.author_id is None and card.captured_by_id == moderator.id
    client.post("/auth/logout", data={})
    shown = client.get(f"/contributions/{card.id}").get_data(as_text=True)
    assert ('<span translate="no" dir="auto">Aylin K.</span>, '
            '<span lang="de" dir="ltr">Elternverein</span>') in shown
    # the event's name once (it was "Dialogveranstaltung Dialogveranstaltung im Juni")
    assert '(<span lang="de" dir="ltr">Dialogveranstaltung im Juni</span>)' in shown
    assert "Dialogveranstaltung Dialogveranstaltung" not in shown
    assert "Mara Moderation" not in shown


def test_title_derivation():
    assert derive_title("Kurz") == "Kurz"
    long = "eins zwei drei vier fünf sechs sieben acht neun zehn"
    assert derive_title(long) == "eins zwei drei vier fünf sechs sieben acht …"
    title = derive_title("Donaudampfschifffahrtsgesellschaftskapitänsmütze" * 3)
    assert len(title) <= 82 and title.endswith("…")


def test_empty_text_is_refused_and_input_kept(client, login, moderator, event):
    login(moderator)
    response = _capture(client, event, body="   ", credited_name="Jonas")
    assert response.status_code == 400
    assert "Jonas" in response.get_data(as_text=True)
    assert db.session.scalar(select(Contribution)) is None


def test_participant_cannot_capture(client, login, make_user, event):
    login(make_user())
    assert _capture(client, event).status_code == 403
    assert db.session.scalar(select(Contribution)) is None


def test_undo_hides_and_keeps_the_card(client, login, moderator, event):
    login(moderator)
    _capture(client, event)
    card = db.session.scalar(select(Contribution))
    response = client.post(f"/moderation/events/{event.id}/captured/{card.id}/undo",
                           data={"station": str(event.stations[0].id), "kind": "measure"})
    assert response.status_code == 302
    db.session.refresh(card)
    assert card.status == "hidden" and card.hidden_reason == "Erfassung rückgängig gemacht"
    assert db.session.scalar(select(AuditEntry).where(
        AuditEntry.action == "contribution.hidden"))


def test_duplicate_link_and_similar_suggestions(client, login, moderator, event):
    login(moderator)
    _capture(client, event, body="Sprachkurse mit Kinderbetreuung für Mütter anbieten")
    first = db.session.scalar(select(Contribution))
    station = event.stations[0]
    # Without JavaScript: the button re-renders the form with suggestions and the input.
    response = _capture(client, event, body="Kinderbetreuung während der Sprachkurse",
                        submit="", find_similar="1", credited_name="Lea")
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and f"Gleiche Idee wie {first.reference}" in page
    assert "Lea" in page and "Kinderbetreuung während der Sprachkurse" in page
    assert db.session.scalar(select(Contribution).where(Contribution.id != first.id)) is None
    # The fragment for the script
    fragment = client.get(f"/moderation/events/{event.id}/similar",
                          query_string={"station": station.id,
                                        "text": "Kinderbetreuung Sprachkurs"})
    assert f"Gleiche Idee wie {first.reference}" in fragment.get_data(as_text=True)
    response = _capture(client, event, body="Kinderbetreuung während der Sprachkurse",
                        duplicate_of=str(first.id))
    assert response.status_code == 302
    second = db.session.scalar(select(Contribution).where(Contribution.id != first.id))
    assert second.duplicate_of_id == first.id and second.status == "published"


def test_photo_jpeg_and_png_are_reencoded_without_metadata(client, login, moderator, event,
                                                           photo_folder):
    login(moderator)
    for fmt in ("JPEG", "PNG"):
        data = _image(fmt)
        if fmt == "JPEG":
            assert b"GeheimKamera" in data
        response = _capture(client, event, body=f"Karte mit Foto {fmt}",
                            photo=(io.BytesIO(data), f"karte.{fmt.lower()}"))
        assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    cards = db.session.scalars(select(Contribution).order_by(Contribution.id)).all()
    for card in cards:
        stored = (photo_folder / card.photo_path).read_bytes()
        assert b"GeheimKamera" not in stored and b"Standort" not in stored
        with Image.open(io.BytesIO(stored)) as image:
            assert image.format == "JPEG" and not image.getexif()


def test_html_renamed_to_jpg_is_refused(client, login, moderator, event, photo_folder):
    login(moderator)
    html = b"<html><script>alert(1)</script></html>"
    response = _capture(client, event, photo=(io.BytesIO(html), "karte.jpg"))
    assert response.status_code == 400
    assert "kein lesbares JPEG- oder PNG-Bild" in response.get_data(as_text=True)
    assert db.session.scalar(select(Contribution)) is None
    assert not photo_folder.exists() or not any(photo_folder.iterdir())


def test_gif_is_refused(client, login, moderator, event):
    login(moderator)
    out = io.BytesIO()
    Image.new("RGB", (5, 5)).save(out, "GIF")
    response = _capture(client, event, photo=(io.BytesIO(out.getvalue()), "karte.png"))
    assert response.status_code == 400
    assert db.session.scalar(select(Contribution)) is None


def test_too_large_photo_is_refused(client, login, moderator, event, photo_folder):
    login(moderator)
    big = _image("JPEG") + b"\0" * (10 * 1024 * 1024)
    response = _capture(client, event, photo=(io.BytesIO(big), "gross.jpg"))
    assert response.status_code == 400
    assert "zu groß" in response.get_data(as_text=True)
    assert db.session.scalar(select(Contribution)) is None


def test_upload_beyond_request_limit_gets_413_page(app, client, login, moderator, event):
    login(moderator)
    app.config["MAX_CONTENT_LENGTH"] = 1024
    try:
        response = _capture(client, event, photo=(io.BytesIO(b"x" * 4096), "gross.jpg"))
    finally:
        app.config["MAX_CONTENT_LENGTH"] = 60 * 1024 * 1024
    assert response.status_code == 413
    assert "Datei zu groß" in response.get_data(as_text=True)


@pytest.mark.parametrize(("roles", "status"), [((), 403), ({"steering"}, 200),
                                               ({"moderator"}, 200), ({"admin"}, 200)])
def test_photo_view_permissions(client, login, moderator, make_user, event, roles, status):
    login(moderator)
    _capture(client, event, photo=(io.BytesIO(_image("PNG")), "karte.png"))
    card = db.session.scalar(select(Contribution))
    client.post("/auth/logout", data={})
    login(make_user(roles=roles))
    response = client.get(f"/moderation/photos/{card.id}")
    assert response.status_code == status
    if status == 200:
        assert response.headers["Content-Type"] == "image/jpeg"
        assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_photo_and_duplicate_shown_on_card_page(client, login, moderator, make_user, event):
    login(moderator)
    _capture(client, event, body="Erste Karte")
    first = db.session.scalar(select(Contribution))
    _capture(client, event, body="Zweite Karte", duplicate_of=str(first.id),
             photo=(io.BytesIO(_image("PNG")), "karte.png"))
    second = db.session.scalar(select(Contribution).where(Contribution.id != first.id))
    page = client.get(f"/contributions/{second.id}").get_data(as_text=True)
    assert f"/moderation/photos/{second.id}" in page and first.reference in page
    client.post("/auth/logout", data={})
    login(make_user())
    page = client.get(f"/contributions/{second.id}").get_data(as_text=True)
    assert f"/moderation/photos/{second.id}" not in page and first.reference in page

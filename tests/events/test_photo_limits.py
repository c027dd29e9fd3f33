"""Limits of photos of event cards: they are judged by their header before they are decoded;
large JPEGs are decoded at a fraction of their size and stored smaller, large PNGs refused."""

import io

import pytest
from PIL import Image, ImageFile, JpegImagePlugin
from sqlalchemy import select

from app.contributions.models import Contribution
from app.events import services
from app.extensions import db


def _capture(client, event, **fields):
    data = {"station": str(event.stations[0].id), "kind": "measure",
            "body": "Sprachkurse mit Kinderbetreuung am Abend anbieten", "submit": "1"}
    data.update(fields)
    return client.post(f"/moderation/events/{event.id}/capture", data=data,
                       content_type="multipart/form-data")


def _image(fmt: str, size: tuple[int, int]) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (200, 100, 50)).save(out, fmt)
    return out.getvalue()


def test_large_jpeg_is_decoded_in_draft_mode_and_stored_smaller(client, login, moderator,
                                                                event, photo_folder,
                                                                monkeypatch):
    login(moderator)
    decoded_sizes = []
    draft = JpegImagePlugin.JpegImageFile.draft

    def recording_draft(self, mode, size):
        result = draft(self, mode, size)
        decoded_sizes.append(self.size)  # the size the decoder will produce
        return result

    monkeypatch.setattr(JpegImagePlugin.JpegImageFile, "draft", recording_draft)
    data = _image("JPEG", (6000, 6000))
    response = _capture(client, event, photo=(io.BytesIO(data), "karte.jpg"))
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    assert decoded_sizes and max(decoded_sizes[-1]) <= 3000  # a half, not 6000 × 6000
    card = db.session.scalar(select(Contribution))
    with Image.open(photo_folder / card.photo_path) as stored:
        assert stored.format == "JPEG"
        assert stored.size == (services.PHOTO_EDGE, services.PHOTO_EDGE)


def test_large_png_is_refused_before_it_is_decoded(client, login, moderator, event,
                                                   photo_folder, monkeypatch):
    login(moderator)
    data = _image("PNG", (6000, 6000))  # 36 megapixels, a small file of one colour

    def no_decoding(self, *args, **kwargs):
        raise AssertionError("the photo was decoded")

    monkeypatch.setattr(ImageFile.ImageFile, "load", no_decoding)
    response = _capture(client, event, photo=(io.BytesIO(data), "karte.png"))
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "zu viele Bildpunkte (6000 × 6000, höchstens 12 Megapixel als PNG)" in page
    assert db.session.scalar(select(Contribution)) is None
    assert not photo_folder.exists() or not any(photo_folder.iterdir())


def test_jpeg_above_the_pixel_limit_is_refused_before_it_is_decoded(app, monkeypatch):
    monkeypatch.setattr(ImageFile.ImageFile, "load",
                        lambda self, *a, **k: pytest.fail("the photo was decoded"))
    data = _image("JPEG", (10_000, 5_001))  # just above 50 megapixels
    with pytest.raises(services.PhotoError) as refused:
        services.store_photo(data)
    assert "höchstens 50 Megapixel als JPEG" in str(refused.value)


def test_small_photo_keeps_its_size(app, photo_folder):
    name = services.store_photo(_image("PNG", (640, 480)))
    with Image.open(photo_folder / name) as stored:
        assert stored.size == (640, 480) and stored.mode == "RGB"


def test_phone_photo_is_stored_upright_without_its_metadata(app, photo_folder):
    """A phone stores a portrait shot as landscape pixels with an orientation tag (6: turn
    90° clockwise); since the tag is dropped with the rest of the metadata, the pixels turn."""
    exif = Image.Exif()
    exif[0x0112] = 6
    out = io.BytesIO()
    Image.new("RGB", (400, 300), "white").save(out, "JPEG", exif=exif.tobytes())
    name = services.store_photo(out.getvalue())
    with Image.open(photo_folder / name) as stored:
        assert stored.size == (300, 400)
        assert not stored.getexif()

"""`flask events photos-to-storage`: photos of cards kept in PHOTO_FOLDER before the shared
storage are copied into it, once, on either storage backend; the files stay where they were."""

import pytest

from app.core.storage import StoredFile, storage
from app.events import services
from app.extensions import db


@pytest.fixture(params=["database", "folder"])
def backend(request, app, monkeypatch):
    monkeypatch.setitem(app.config, "STORAGE_BACKEND", request.param)
    return request.param


def _card_with_photo(make_contribution, event, name):
    card = make_contribution(round=event.round, title=f"Karte {name}")
    card.photo_path = name
    db.session.commit()
    return card


def test_photos_are_copied_once_and_the_files_stay(app, backend, make_contribution, event):
    folder = services.photo_folder()
    folder.mkdir(parents=True, exist_ok=True)
    before = _card_with_photo(make_contribution, event, "a1b2c3.jpg")
    (folder / "a1b2c3.jpg").write_bytes(b"\xff\xd8 before the storage")
    _card_with_photo(make_contribution, event, "d4e5f6.jpg")
    (folder / "d4e5f6.jpg").write_bytes(b"\xff\xd8 another")
    _card_with_photo(make_contribution, event, "gone.jpg")  # in neither place
    already = _card_with_photo(make_contribution, event, "new.jpg")
    storage().put(services.photo_key("new.jpg"), b"\xff\xd8 in the storage")
    db.session.commit()
    (folder / "unrelated.txt").write_text("not a card's photo")
    runner = app.test_cli_runner()

    dry = runner.invoke(args=["events", "photos-to-storage", "--dry-run"])
    assert dry.exit_code == 0, dry.output
    assert "4 photos named by cards: 2 would be copied" in dry.output
    assert storage().get(services.photo_key("a1b2c3.jpg")) is None

    result = runner.invoke(args=["events", "photos-to-storage", "--list"])
    assert result.exit_code == 0, result.output
    assert ("4 photos named by cards: 2 copied from" in result.output
            and "1 in the storage already, 1 missing in both" in result.output)
    assert "2 files in" in result.output and str(folder / "a1b2c3.jpg") in result.output
    db.session.expire_all()
    assert storage().get(services.photo_key("a1b2c3.jpg")) == b"\xff\xd8 before the storage"
    assert services.photo_data(db.session.merge(before)) == b"\xff\xd8 before the storage"
    assert services.photo_data(db.session.merge(already)) == b"\xff\xd8 in the storage"
    assert (folder / "a1b2c3.jpg").is_file() and (folder / "unrelated.txt").is_file()
    if backend == "database":
        assert db.session.query(StoredFile).filter(
            StoredFile.key.like("photos/%")).count() == 3

    again = runner.invoke(args=["events", "photos-to-storage"])
    assert again.exit_code == 0, again.output
    assert "0 copied" in again.output and "3 in the storage already" in again.output
    assert "3 files in" not in again.output  # new.jpg has no file in the folder
    assert "2 files in" in again.output

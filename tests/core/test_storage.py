"""The storage of files every host shares (app/core/storage.py): the database backend (the
default) and a folder, with the same behaviour."""

import os

import pytest

from app.core.storage import DatabaseStorage, FolderStorage, storage
from app.extensions import db


@pytest.fixture(params=["database", "folder"])
def files(request, app, tmp_path):
    if request.param == "database":
        return DatabaseStorage()
    return FolderStorage(tmp_path / "storage")


def test_put_get_replace_delete(files):
    assert files.get("exports/a.pdf") is None and not files.exists("exports/a.pdf")
    files.put("exports/a.pdf", b"%PDF one")
    db.session.commit()
    assert files.get("exports/a.pdf") == b"%PDF one" and files.exists("exports/a.pdf")
    files.put("exports/a.pdf", b"%PDF two")  # the same key again: replaced
    db.session.commit()
    assert files.get("exports/a.pdf") == b"%PDF two"
    files.put("photos/b.jpg", b"\xff\xd8")
    db.session.commit()
    assert files.keys("exports/") == ["exports/a.pdf"]
    assert files.keys("") == ["exports/a.pdf", "photos/b.jpg"]
    files.delete("exports/a.pdf")
    files.delete("exports/never-there.pdf")  # no error
    db.session.commit()
    assert files.get("exports/a.pdf") is None and files.keys("exports/") == []


def test_prune_keeps_the_newest(files, monkeypatch):
    from datetime import UTC, datetime, timedelta

    import app.core.storage as module

    start = datetime(2026, 1, 1, tzinfo=UTC)
    for n in range(4):
        monkeypatch.setattr(module, "utcnow", lambda n=n: start + timedelta(minutes=n))
        files.put(f"exports/{n}.pdf", b"x")
        db.session.commit()
        if isinstance(files, FolderStorage):  # a folder orders by modification time
            stamp = (start + timedelta(minutes=n)).timestamp()
            os.utime(files.root / f"exports/{n}.pdf", (stamp, stamp))
    files.put("photos/p.jpg", b"y")
    db.session.commit()
    assert files.prune("exports/", 2) == 2
    db.session.commit()
    assert files.keys("") == ["exports/2.pdf", "exports/3.pdf", "photos/p.jpg"]


def test_a_put_in_the_database_rolls_back_with_its_change(app):
    files = DatabaseStorage()
    files.put("exports/c.pdf", b"x")
    db.session.rollback()
    assert files.get("exports/c.pdf") is None


@pytest.mark.parametrize("key", ["../etc/passwd", "exports/../../x", "/abs/path", "exports",
                                 "Exports/a.pdf", "exports/a b.pdf", ""])
def test_keys_cannot_leave_the_storage(files, key):
    with pytest.raises(ValueError):
        files.put(key, b"x")
    with pytest.raises(ValueError):
        files.get(key)


def test_the_backend_is_chosen_by_configuration(app, tmp_path, monkeypatch):
    assert isinstance(storage(), DatabaseStorage)
    monkeypatch.setitem(app.config, "STORAGE_BACKEND", "folder")
    monkeypatch.setitem(app.config, "STORAGE_FOLDER", str(tmp_path / "shared"))
    chosen = storage()
    assert isinstance(chosen, FolderStorage) and chosen.root == tmp_path / "shared"
    chosen.put("exports/d.pdf", b"y")
    assert (tmp_path / "shared" / "exports" / "d.pdf").read_bytes() == b"y"
    monkeypatch.setitem(app.config, "STORAGE_BACKEND", "s3")
    with pytest.raises(ValueError):
        storage()

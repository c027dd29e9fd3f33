"""Files the app keeps (rendered exports, photos of event cards) behind one interface, so that
several app hosts and job workers see the same files (issue 15).

`STORAGE_BACKEND`:
- `database` (default): the files are rows of `stored_files` in the app's database; every
  host that reaches the database has them, with no further service, and the backup holds them.
- `folder`: files below `STORAGE_FOLDER` (default `instance/storage`); for one host, or a
  folder every host mounts (NFS).

Keys are relative paths such as `exports/<hash>.pdf` or `photos/<name>.jpg`. `put` writes in
the current transaction for the database backend (the caller commits) and at once for a
folder; both replace a file stored under the same key."""

import os
import re
import tempfile
from datetime import datetime
from pathlib import Path

from flask import current_app
from sqlalchemy import DateTime, Integer, LargeBinary, String, delete, select, update
from sqlalchemy.orm import Mapped, mapped_column

from app.core.tables import insert_or_ignore
from app.core.time import utcnow
from app.extensions import db

KEY = re.compile(r"^[a-z0-9_-]+(/[A-Za-z0-9_.-]+)+$")


class StoredFile(db.Model):
    __tablename__ = "stored_files"

    key: Mapped[str] = mapped_column(String(255), primary_key=True)
    data: Mapped[bytes] = mapped_column(LargeBinary)
    size: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


def _checked(key: str) -> str:
    if not KEY.match(key) or ".." in key:
        raise ValueError(f"not a storage key: {key!r}")
    return key


class DatabaseStorage:
    name = "database"

    def get(self, key: str) -> bytes | None:
        return db.session.scalar(select(StoredFile.data).where(StoredFile.key == _checked(key)))

    def exists(self, key: str) -> bool:
        return db.session.scalar(
            select(StoredFile.key).where(StoredFile.key == _checked(key))) is not None

    def put(self, key: str, data: bytes) -> None:
        if not insert_or_ignore(StoredFile, key=_checked(key), data=data, size=len(data),
                                created_at=utcnow()):
            db.session.execute(update(StoredFile).where(StoredFile.key == key).values(
                data=data, size=len(data), created_at=utcnow()))

    def delete(self, key: str) -> None:
        db.session.execute(delete(StoredFile).where(StoredFile.key == _checked(key)))

    def keys(self, prefix: str) -> list[str]:
        return list(db.session.scalars(select(StoredFile.key).where(
            StoredFile.key.startswith(prefix, autoescape=True)).order_by(StoredFile.key)))

    def prune(self, prefix: str, keep: int) -> int:
        """Delete all but the `keep` newest files under `prefix`; how many went."""
        old = list(db.session.scalars(
            select(StoredFile.key).where(StoredFile.key.startswith(prefix, autoescape=True))
            .order_by(StoredFile.created_at.desc(), StoredFile.key).offset(keep)))
        if old:
            db.session.execute(delete(StoredFile).where(StoredFile.key.in_(old)))
        return len(old)


class FolderStorage:
    name = "folder"

    def __init__(self, root: str | Path) -> None:
        self.root = Path(root)

    def _path(self, key: str) -> Path:
        return self.root / _checked(key)

    def path(self, key: str) -> Path | None:
        """The file of `key` on disk, if it is stored."""
        found = self._path(key)
        return found if found.is_file() else None

    def get(self, key: str) -> bytes | None:
        try:
            return self._path(key).read_bytes()
        except (FileNotFoundError, NotADirectoryError):
            return None

    def exists(self, key: str) -> bool:
        return self._path(key).is_file()

    def put(self, key: str, data: bytes) -> None:
        """Atomically: a reader sees the old file or the new one, never half of one."""
        path = self._path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(data)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise

    def delete(self, key: str) -> None:
        self._path(key).unlink(missing_ok=True)

    def keys(self, prefix: str) -> list[str]:
        base = self.root
        if not base.is_dir():
            return []
        found = (p.relative_to(base).as_posix() for p in base.rglob("*") if p.is_file()
                 and not p.name.startswith(".tmp-"))
        return sorted(k for k in found if k.startswith(prefix))

    def prune(self, prefix: str, keep: int) -> int:
        """Delete all but the `keep` newest files under `prefix`; how many went."""
        paths = [self._path(key) for key in self.keys(prefix)]
        paths.sort(key=lambda p: p.stat().st_mtime, reverse=True)
        for path in paths[keep:]:
            path.unlink(missing_ok=True)
        return len(paths[keep:])


def storage() -> DatabaseStorage | FolderStorage:
    """The configured backend of the current app."""
    backend = current_app.config.get("STORAGE_BACKEND", "database")
    if backend == "folder":
        return FolderStorage(current_app.config.get("STORAGE_FOLDER")
                             or Path(current_app.instance_path) / "storage")
    if backend == "database":
        return DatabaseStorage()
    raise ValueError(f"STORAGE_BACKEND must be 'database' or 'folder', not {backend!r}")

"""Static files addressed by their content: `url_for("static", filename=...)` adds
`?v=<hash of the file>`, and a file asked for with its current hash may be kept by the browser
for a year. A page view then costs one request instead of one per stylesheet, script and
image (each of which was a conditional request answered 304 before); a changed file gets a
new address, so nobody keeps an old one."""

import hashlib
import os

from flask import Flask, request
from werkzeug.security import safe_join

YEAR = 365 * 24 * 3600


class StaticVersions:
    """The hash of each static file, worked out again when its size or time changes."""

    def __init__(self, folder: str):
        self.folder = folder
        self._known: dict[str, tuple[tuple[int, int], str]] = {}

    def of(self, filename: str) -> str | None:
        path = safe_join(self.folder, filename)
        try:
            stat = os.stat(path) if path else None
        except OSError:
            stat = None
        if stat is None or not os.path.isfile(path):
            return None
        key = (stat.st_mtime_ns, stat.st_size)
        known = self._known.get(filename)
        if known is None or known[0] != key:
            with open(path, "rb") as file:
                known = (key, hashlib.sha256(file.read()).hexdigest()[:16])
            self._known[filename] = known
        return known[1]


def init_app(app: Flask) -> None:
    versions = StaticVersions(app.static_folder)
    plain_max_age = app.get_send_file_max_age

    @app.url_defaults
    def add_version(endpoint: str, values: dict) -> None:
        if endpoint == "static" and "v" not in values:
            version = versions.of(values.get("filename", ""))
            if version:
                values["v"] = version

    def max_age(filename: str | None) -> int | None:
        # Flask asks with the name below the folder, werkzeug again with the whole path.
        if filename and request.endpoint == "static":
            name = os.path.relpath(filename, app.static_folder) if os.path.isabs(filename) \
                else filename
            asked = request.args.get("v")
            if asked and asked == versions.of(name):
                return YEAR
        return plain_max_age(filename)

    app.get_send_file_max_age = max_age

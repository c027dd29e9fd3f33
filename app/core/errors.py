"""Error pages in the site's layout and the user's language.

A write refused by a rate limit (429) or lost to a database outage (503) gives the typed text
back, with a form that sends it again: nothing a person wrote is lost.
"""

import math
import time
from contextlib import suppress
from datetime import timedelta

from flask import current_app, g, jsonify, render_template, request
from flask_babel import format_timedelta
from flask_babel import lazy_gettext as _l
from sqlalchemy.exc import InterfaceError, OperationalError, SQLAlchemyError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from werkzeug.exceptions import HTTPException, InternalServerError

from app.extensions import db, limiter, login_manager

# The database refuses connections, dropped one, or every pooled connection is busy.
DATABASE_AWAY = (OperationalError, InterfaceError, PoolTimeout)
DATABASE_RETRY_AFTER = 60  # seconds

# Refused POSTs are given back, except for what must never be echoed into a page.
SECRET_FIELDS = ("password", "passwort", "csrf_token", "secret")
KEPT_INPUT_CODES = (429, 503)
# Labels of the fields people type into; other fields are sent again without being shown,
# unless they look like typed text.
FIELD_LABELS = {
    "title": _l("Titel"),
    "body": _l("Text"),
    "note": _l("Hinweis zur Änderung"),
    "reason": _l("Warum melden Sie diesen Inhalt?"),
    "email": _l("E-Mail-Adresse"),
    "display_name": _l("Angezeigter Name"),
    "description": _l("Kurze Beschreibung"),
}

MESSAGES = {
    400: (_l("Ungültige Anfrage"),
          _l("Die Anfrage konnte nicht verarbeitet werden. Bitte laden Sie die Seite neu und "
             "versuchen Sie es noch einmal.")),
    403: (_l("Keine Berechtigung"),
          _l("Für diese Seite oder Aktion fehlt Ihnen die Berechtigung. Wenn Sie glauben, dass es "
             "sich um einen Fehler handelt, wenden Sie sich bitte an das Amt für Migration und "
             "Integration.")),
    404: (_l("Seite nicht gefunden"),
          _l("Diese Seite gibt es nicht (mehr). Vielleicht hilft die Startseite weiter.")),
    405: (_l("Aktion nicht möglich"),
          _l("Diese Aktion ist auf dieser Seite nicht möglich.")),
    413: (_l("Datei zu groß"),
          _l("Die hochgeladene Datei ist zu groß.")),
    429: (_l("Zu viele Versuche"),
          _l("Sie haben es zu oft in kurzer Zeit versucht. Bitte warten Sie einige Minuten "
             "und versuchen Sie es dann erneut.")),
    500: (_l("Interner Fehler"),
          _l("Auf unserer Seite ist ein Fehler aufgetreten. Ihre Eingaben wurden nicht "
             "gespeichert. Bitte versuchen Sie es später noch einmal.")),
    503: (_l("Vorübergehend nicht erreichbar"),
          _l("Die Konzeptwerkstatt ist im Moment nicht erreichbar. Bitte versuchen Sie es in "
             "wenigen Minuten noch einmal.")),
}


def _wants_json() -> bool:
    return request.path.startswith("/healthz") or (
        request.accept_mimetypes.best == "application/json"
    )


def _is_secret(name: str) -> bool:
    return any(word in name.lower() for word in SECRET_FIELDS)


def kept_input() -> list[dict]:
    """The non-secret fields of the refused POST, to show and to send again."""
    if request.method != "POST" or request.mimetype not in (
            "application/x-www-form-urlencoded", "multipart/form-data"):
        return []
    fields = []
    for name, values in request.form.lists():
        if _is_secret(name):
            continue
        label = FIELD_LABELS.get(name)
        # A submit button's value is its label, never something the person typed.
        typed = name != "submit" and any(v.strip() for v in values) and (
            label is not None or any(len(v) > 30 or any(c.isspace() for c in v.strip())
                                     for v in values))
        fields.append({"name": name, "values": values, "shown": typed,
                       "label": label or _l("Ihr Text")})
    return fields


def resubmit_url() -> str:
    # The same path; leading slashes collapsed so that it can never name another host.
    path = "/" + (request.script_root + request.path).lstrip("/")
    query = request.query_string.decode("latin-1")
    return path + ("?" + query if query else "")


def retry_after(code: int) -> int | None:
    """Seconds until sending again makes sense."""
    if code == 503:
        return DATABASE_RETRY_AFTER
    if code == 429 and limiter.current_limit is not None:
        return max(1, math.ceil(limiter.current_limit.reset_at - time.time()))
    return None


def render_error(code: int, text=None):
    """The error page for `code`; `text` says more precisely what went wrong."""
    title, default_text = MESSAGES.get(code, MESSAGES[500])
    text = text or default_text
    wait = retry_after(code)
    headers = {"Retry-After": str(wait)} if wait else {}
    if _wants_json():
        return jsonify(error=str(title)), code, headers
    kept = kept_input() if code in KEPT_INPUT_CODES else []
    return render_template(
        "errors/error.html", code=code, title=title, text=text, kept=kept,
        resubmit_url=resubmit_url(), retry_after=wait,
        wait=format_timedelta(timedelta(seconds=wait), threshold=1) if wait else None,
    ), code, headers


def handle_http_exception(exc: HTTPException):
    if exc.code == 401:
        return login_manager.unauthorized()
    if exc.code in MESSAGES:
        return render_error(exc.code)
    return exc


def handle_database_away(exc: Exception):
    """503 in the user's language without touching the database: the page is shown as to a
    visitor (no account lookup, no notification count), its language from ?lang=, the
    session cookie or the browser."""
    g._login_user = login_manager.anonymous_user()
    with suppress(SQLAlchemyError):  # the connection is gone; nothing was written
        db.session.rollback()
    current_app.logger.error("Database unavailable on %s: %s", request.path, exc)
    return render_error(503)


def handle_internal_error(exc: InternalServerError):
    # Also reached when an error page itself failed, e.g. loading the user from a database
    # that has just gone away.
    if isinstance(exc.original_exception, DATABASE_AWAY):
        return handle_database_away(exc.original_exception)
    return render_error(500)


def handle_unexpected(exc: Exception):
    db.session.rollback()
    if not isinstance(exc, HTTPException):
        current_app.logger.exception("Unhandled error on %s", request.path)
    if isinstance(exc, HTTPException):
        return handle_http_exception(exc)
    return render_error(500)


def init_app(app) -> None:
    app.register_error_handler(HTTPException, handle_http_exception)
    app.register_error_handler(InternalServerError, handle_internal_error)
    if not app.config.get("TESTING") or app.config.get("SHOW_ERROR_PAGES"):
        for exc_class in DATABASE_AWAY:
            app.register_error_handler(exc_class, handle_database_away)
        app.register_error_handler(Exception, handle_unexpected)

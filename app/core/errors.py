"""Error pages in the site's layout and the user's language."""

from flask import current_app, jsonify, render_template, request
from flask_babel import lazy_gettext as _l
from werkzeug.exceptions import HTTPException, InternalServerError

from app.extensions import db, login_manager

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
}


def _wants_json() -> bool:
    return request.path.startswith("/healthz") or (
        request.accept_mimetypes.best == "application/json"
    )


def render_error(code: int):
    title, text = MESSAGES.get(code, MESSAGES[500])
    if _wants_json():
        return jsonify(error=str(title)), code
    return render_template("errors/error.html", code=code, title=title, text=text), code


def handle_http_exception(exc: HTTPException):
    if exc.code == 401:
        return login_manager.unauthorized()
    if exc.code in MESSAGES:
        return render_error(exc.code)
    return exc


def handle_unexpected(exc: Exception):
    db.session.rollback()
    if not isinstance(exc, HTTPException):
        current_app.logger.exception("Unhandled error on %s", request.path)
    if isinstance(exc, HTTPException):
        return handle_http_exception(exc)
    return render_error(500)


def init_app(app) -> None:
    app.register_error_handler(HTTPException, handle_http_exception)
    app.register_error_handler(InternalServerError, lambda e: render_error(500))
    if not app.config.get("TESTING") or app.config.get("SHOW_ERROR_PAGES"):
        app.register_error_handler(Exception, handle_unexpected)

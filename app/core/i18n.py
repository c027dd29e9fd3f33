"""Which language a page is shown in: ?lang=, then the choice stored in the session, then the
user's profile, then the browser's Accept-Language, then German."""

from flask import current_app, has_request_context, request, session
from flask_babel import get_locale
from flask_login import current_user

RTL_LANGUAGES = {"ar", "fa"}
LANGUAGE_NAMES = {"de": "Deutsch", "en": "English", "ar": "العربية"}


def N_(message: str) -> str:
    """Mark a string for extraction; it is translated later, where it is shown."""
    return message


def supported() -> tuple[str, ...]:
    return current_app.config["LANGUAGES"]


def select_locale() -> str:
    if not has_request_context():
        return current_app.config["BABEL_DEFAULT_LOCALE"]
    lang = request.args.get("lang")
    if lang in supported():
        return lang
    lang = session.get("lang")
    if lang in supported():
        return lang
    if current_user and current_user.is_authenticated and current_user.language in supported():
        return current_user.language
    return request.accept_languages.best_match(supported()) or current_app.config[
        "BABEL_DEFAULT_LOCALE"
    ]


def select_timezone() -> str:
    return current_app.config["BABEL_DEFAULT_TIMEZONE"]


def remember_language_choice() -> None:
    """`?lang=xx` on any page switches the language for the rest of the visit."""
    lang = request.args.get("lang")
    if lang in supported():
        session["lang"] = lang


def current_language() -> str:
    return str(get_locale() or "de")


def text_direction() -> str:
    return "rtl" if current_language() in RTL_LANGUAGES else "ltr"


def init_app(app) -> None:
    app.before_request(remember_language_choice)

"""Which language a page is shown in: ?lang=, then the choice stored in the session, then the
user's profile, then the browser's Accept-Language, then German."""

from flask import current_app, g, has_app_context, has_request_context, request, session
from flask_babel import Domain, get_locale
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
    # The language code alone (select_locale never chooses a territory): `str(locale)` builds
    # the identifier anew on each call, and pages ask for the language for every translated text.
    locale = get_locale()
    return locale.language if locale is not None else "de"


def text_direction() -> str:
    return "rtl" if current_language() in RTL_LANGUAGES else "ltr"


class RequestDomain(Domain):
    """Flask-Babel's message domain, with the catalog of the current locale kept for the app
    context. Flask-Babel finds the catalog anew for every message (the locale, its name, the
    cache, through five context lookups); a page translates a few hundred messages, which was
    a tenth of its time. Kept with the locale it belongs to: under `force_locale` (a mail in
    the recipient's language) or after `refresh()` the locale is another object, and the
    catalog is looked up again."""

    def get_translations(self):
        if not has_app_context():
            return super().get_translations()
        state = vars(g._get_current_object())
        kept = state.get("kw_catalog")
        if kept is not None and kept[0] is _babel_locale(state):
            return kept[1]
        translations = super().get_translations()  # selects the locale when none is yet
        state["kw_catalog"] = (_babel_locale(state), translations)
        return translations


def _babel_locale(state: dict):
    """The locale Flask-Babel chose for the app context whose `g` holds `state`, or None."""
    return getattr(state.get("_flask_babel"), "babel_locale", None)


def install_request_domain(app, babel) -> None:
    """Every message of Python code, lazy strings and templates through `RequestDomain`."""
    domain = RequestDomain(domain=app.config.get("BABEL_DOMAIN", "messages"))
    babel.domain_instance = domain  # replaces Flask-Babel's cached default domain
    app.jinja_env.install_gettext_callables(
        gettext=lambda s: domain.get_translations().ugettext(s),
        ngettext=lambda s, p, n: domain.get_translations().ungettext(s, p, n),
        pgettext=lambda c, s: domain.get_translations().upgettext(c, s),
        npgettext=lambda c, s, p, n: domain.get_translations().unpgettext(c, s, p, n),
        newstyle=True,
    )


def init_app(app) -> None:
    app.before_request(remember_language_choice)

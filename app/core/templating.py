"""Template globals and filters shared by every page."""

from urllib.parse import urlencode

from flask import request
from flask_babel import format_date, format_datetime
from flask_login import current_user
from markupsafe import Markup

from app.core import audit, i18n, permissions
from app.core.sanitize import safe_html
from app.core.time import as_utc


def url_with_lang(lang: str) -> str:
    """The current URL with ?lang= set, keeping other query parameters."""
    args = request.args.to_dict(flat=False)
    args["lang"] = [lang]
    return request.path + "?" + urlencode(args, doseq=True)


def url_with_page(page: int) -> str:
    args = request.args.to_dict(flat=False)
    args["page"] = [str(page)]
    return request.path + "?" + urlencode(args, doseq=True)


def url_with_args(**changes) -> str:
    """The current URL with some query parameters set (None removes one)."""
    args = request.args.to_dict(flat=False)
    for name, value in changes.items():
        if value is None:
            args.pop(name, None)
        else:
            args[name] = [str(value)]
    return request.path + ("?" + urlencode(args, doseq=True) if args else "")


def datetime_filter(value, fmt="medium"):
    return format_datetime(as_utc(value), fmt) if value else ""


def date_filter(value, fmt="medium"):
    return format_date(value, fmt) if value else ""


def content_lang(concept) -> Markup:
    """Attributes for text written in the concept's language, shown inside any UI language;
    given a contribution, in the language its writer gave ("other": the browser decides the
    direction, and no language is claimed)."""
    language = getattr(concept, "language", None) or "de"
    if language == "other":
        return Markup('dir="auto"')
    direction = "rtl" if language in i18n.RTL_LANGUAGES else "ltr"
    return Markup('lang="%s" dir="%s"') % (language, direction)


def why_not(action: str, obj=None) -> str | None:
    """Why the current user may not do `action` on `obj` (None: they may, or nothing to say)."""
    return permissions.why_not(action, obj, user=current_user)


def init_app(app) -> None:
    app.jinja_env.globals.update(
        can=permissions.may,
        why_not=why_not,
        url_with_lang=url_with_lang,
        url_with_page=url_with_page,
        url_with_args=url_with_args,
        current_language=i18n.current_language,
        text_direction=i18n.text_direction,
        language_names=i18n.LANGUAGE_NAMES,
        content_lang=content_lang,
        audit_changes_of=audit.changes_of,
        audit_object=audit.object_label,
        audit_action=audit.action_label,
    )
    app.jinja_env.filters.update(
        safe_html=safe_html,
        datetime=datetime_filter,
        date=date_filter,
    )
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True

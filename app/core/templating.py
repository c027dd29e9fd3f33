"""Template globals and filters shared by every page."""

from datetime import datetime
from urllib.parse import urlencode

from flask import request
from flask_babel import format_date, format_datetime
from flask_login import current_user
from markupsafe import Markup, escape

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


def iso_filter(value) -> str:
    """The machine-readable form of a day or a moment for <time datetime>: a moment in UTC
    with its offset (SQLite hands back naive datetimes, stored as UTC)."""
    if not value:
        return ""
    if isinstance(value, datetime):
        return as_utc(value).isoformat()
    return value.isoformat()


def date_filter(value, fmt="medium"):
    return format_date(value, fmt) if value else ""


# Babel's styles of a date or time, written as the reader's language writes them; any other
# format is a fixed pattern ("dd.MM.yyyy, HH:mm") of digits.
_LOCALE_STYLES = {"short", "medium", "long", "full"}


def _time_element(value, text: str, fmt: str) -> Markup:
    # A fixed pattern is read left to right in every language: in an Arabic sentence, the
    # time of "05.12.2026, 00:09" would otherwise be shown before the date.
    direction = Markup("") if fmt in _LOCALE_STYLES else Markup(' dir="ltr"')
    return Markup('<time datetime="{}"{}>{}</time>').format(iso_filter(value), direction, text)


def time_tag(value, fmt="medium") -> Markup:
    """A moment as its formatted text inside <time datetime>, readable by machines: in a list,
    or in a sentence that says when (`_('Stand: %(when)s', when=moment|time_tag)`)."""
    return _time_element(value, datetime_filter(value, fmt), fmt) if value else Markup("")


def date_tag(value, fmt="medium") -> Markup:
    """A day as its formatted text inside <time datetime> (see `time_tag`)."""
    return _time_element(value, date_filter(value, fmt), fmt) if value else Markup("")


def content_language(concept=None) -> str:
    """The language the concept's own texts are written in (German when no concept is at hand)."""
    return getattr(concept, "language", None) or "de"


def content_lang(concept=None) -> Markup:
    """Attributes for text written in the concept's language (German when no concept is at
    hand), shown inside any UI language; `dir` also isolates it from the text around it in
    right-to-left pages. A contribution passed as `concept` gives its own language."""
    language = content_language(concept)
    if language == "other":  # a contribution in a language not on the list: unknown
        return Markup('lang="" dir="auto"')
    direction = "rtl" if language in i18n.RTL_LANGUAGES else "ltr"
    return Markup('lang="%s" dir="%s"') % (language, direction)


def in_content_lang(text, concept=None) -> Markup:
    """`text` (data of the concept: a topic's name, a round's title, an organisation, ...)
    marked with the concept's language: `{{ topic.name|in_content_lang }}`, also as the value
    of a placeholder: `_('Runde %(title)s', title=round.title|in_content_lang)`. A text from
    `localized(...)` (staff content, maybe translated) is marked with its own language."""
    if text is None or text == "":
        return Markup("")
    if hasattr(text, "attrs") and hasattr(text, "lang"):  # core.translations.Localized
        return Markup("<span %s>%s</span>") % (text.attrs, text)
    return Markup("<span %s>%s</span>") % (content_lang(concept), text)


class MarkedMessage:
    """A message in the page's language with values that are data in the concept's (e.g. the
    example in a field's description): str() gives the plain text; in a template (Jinja calls
    __html__) the values are marked with the concept's language, or by `mark` (e.g.
    reference_text). `message` is translated when shown (a lazy_gettext without values)."""

    def __init__(self, message, mark=None, **values):
        self.message, self.mark, self.values = message, mark or in_content_lang, values

    def __str__(self) -> str:
        return str(self.message) % self.values

    def __html__(self) -> Markup:
        return escape(str(self.message)) % {k: self.mark(v) for k, v in self.values.items()}


def item_label(item, concept=None) -> Markup:
    """An item's kind in the page's language and the start of its text in the concept's
    (the marked form of `Item.label`)."""
    text = " ".join((item.text or "").split())
    short = text[:90] + ("…" if len(text) > 90 else "")
    return Markup("%s: %s") % (item.kind_label, in_content_lang(short, concept))


def reference_text(reference) -> Markup:
    """A reference such as B-0123 in running text: kept whole and left to right inside an
    Arabic sentence (class "ref": isolated, no line break at its hyphen)."""
    return Markup('<span class="ref">%s</span>') % reference


def person_name(name) -> Markup:
    """A person's display name: a proper name in no particular language (WCAG 3.1.2 leaves
    names out), so it is not marked with one; `translate="no"` says it is a name, `dir="auto"`
    keeps a name in Latin letters whole inside an Arabic sentence and vice versa."""
    if name is None or name == "":
        return Markup("")
    return Markup('<span translate="no" dir="auto">%s</span>') % name


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
        content_language=content_language,
        item_label=item_label,
        audit_changes_of=audit.changes_of,
        audit_object=audit.object_label,
        audit_action=audit.action_label,
    )
    app.jinja_env.filters.update(
        safe_html=safe_html,
        datetime=datetime_filter,
        iso=iso_filter,
        date=date_filter,
        time_tag=time_tag,
        date_tag=date_tag,
        in_content_lang=in_content_lang,
        person_name=person_name,
        ref_text=reference_text,
    )
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True

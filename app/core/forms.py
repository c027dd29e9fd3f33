"""Helpers shared by the forms of every module."""

from flask import abort
from flask_wtf import FlaskForm
from wtforms import HiddenField
from wtforms.fields.choices import SelectChoice

from app.core.i18n import RTL_LANGUAGES
from app.core.inputs import parse_int


class ActionForm(FlaskForm):
    """A bare form for buttons that change state: only the CSRF token."""


def choice_list(items) -> list[SelectChoice]:
    """Choices for select, radio and checkbox fields from (value, label) pairs."""
    return [SelectChoice(value=value, label=label) for value, label in items]


def content_choices(items, language: str = "de") -> list[SelectChoice]:
    """Choices whose labels are data of the concept (topic names, round titles, stations, ...)
    from (value, label) pairs: each option (and, by the form macro, each radio's or checkbox's
    label) is marked with the concept's language, so that a screen reader reads it in German
    on an English or Arabic page (WCAG 3.1.2). An option cannot hold a marked part, so one
    with words of the page's language too ("Fassung 1 – label") gets its direction from its
    first letter (dir="auto"), which keeps such an option in reading order on an Arabic page."""
    attributes = {"lang": language, "dir": "auto"}
    return [SelectChoice(value=value, label=label, render_kw=dict(attributes))
            for value, label in items]


class LockVersionField(HiddenField):
    """The version of a record its form was loaded with (optimistic locking): a number, or
    empty on the form for a new record. Anything else never came from our page: 400."""

    def process_formdata(self, valuelist):
        if not valuelist:
            return
        if valuelist[0] == "":
            self.data = None
            return
        self.data = parse_int(valuelist[0])
        if self.data is None:
            abort(400)


def language_choices(items) -> list[SelectChoice]:
    """Choices of languages from (code, name) pairs, each name written in its own language
    ("Türkçe", "العربية") and marked so; a code that is no language ("other") stays unmarked."""
    return [SelectChoice(value=code, label=name, render_kw=None if code == "other" else {
        "lang": code, "dir": "rtl" if code in RTL_LANGUAGES else "ltr"}) for code, name in items]

"""Helpers shared by the forms of every module."""

from flask import abort
from flask_wtf import FlaskForm
from markupsafe import escape
from wtforms import HiddenField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Length, Optional

from app.core.i18n import LANGUAGE_NAMES, RTL_LANGUAGES
from app.core.inputs import parse_int
from app.core.translations import target_languages


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
    first letter (dir="auto"), which keeps such an option in reading order on an Arabic page.
    A label from `core.translations.localized` is marked with the language it is in (a
    translation in the reader's language, or the German original)."""
    return [SelectChoice(value=value, label=label,
                         render_kw={"lang": getattr(label, "lang", language), "dir": "auto"})
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


class _InLanguage:
    """A field's label with the language of its translation: "Name (English)"."""

    def __init__(self, label, language: str):
        self.label, self.language = label, language

    def __str__(self) -> str:
        return f"{self.label} ({LANGUAGE_NAMES.get(self.language, self.language)})"

    def __html__(self) -> str:
        return str(escape(str(self)))


class TranslationFields:
    """Methods of a form made by `with_translations`."""

    translated: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()

    def translation_groups(self) -> list[tuple[str, list]]:
        """(language, its fields) for the template's "Übersetzungen" section."""
        return [(lang, [self[f"tr_{name}_{lang}"] for name in self.translated])
                for lang in self.languages]

    def translations_data(self) -> dict[tuple[str, str], str]:
        return {(name, lang): (self[f"tr_{name}_{lang}"].data or "").strip()
                for name in self.translated for lang in self.languages}

    def load_translations(self, values: dict[tuple[str, str], str]) -> None:
        for name in self.translated:
            for lang in self.languages:
                self[f"tr_{name}_{lang}"].data = values.get((name, lang), "")


_TRANSLATED_FORMS: dict = {}


def with_translations(form_cls: type, fields: tuple[str, ...]) -> type:
    """`form_cls` with an optional field per translatable field in each further language
    (tr_<field>_<language>), labelled and limited like the original field, its input marked
    with the language. One class per form and set of languages, made when first used."""
    languages = tuple(target_languages())
    key = (form_cls, fields, languages)
    if key not in _TRANSLATED_FORMS:
        attrs = {"translated": fields, "languages": languages}
        for name in fields:
            unbound = getattr(form_cls, name)
            label = unbound.kwargs.get("label", unbound.args[0] if unbound.args else name)
            limits = [v for v in unbound.kwargs.get("validators", ()) if isinstance(v, Length)]
            multiline = issubclass(unbound.field_class, TextAreaField)
            for lang in languages:
                attrs[f"tr_{name}_{lang}"] = (TextAreaField if multiline else StringField)(
                    _InLanguage(label, lang), validators=[Optional(), *limits],
                    render_kw={"lang": lang, "dir": "rtl" if lang in RTL_LANGUAGES else "ltr"})
        _TRANSLATED_FORMS[key] = type(form_cls.__name__, (TranslationFields, form_cls), attrs)
    return _TRANSLATED_FORMS[key]

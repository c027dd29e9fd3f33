"""Translations of staff-written content: topic names, round titles, chapter titles, the process
timeline, reason templates, event and station names, the home page's introduction.

Staff write these in the source language (German, `BABEL_DEFAULT_LOCALE`) and may add any of
the other UI languages. One generic table holds them (`content_translations`: object type, id,
field, language, text), so a new language needs no schema change. A model declares which of its
fields may be translated with `@translatable("name", "description", markdown=("description",))`;
for a Markdown field the sanitized HTML of its translation is kept beside it (field + "_html"),
rendered at write time like every other user text.

Reading: `localized(obj, "name")` is the text in the reader's language where a translation
exists, else the original, as a `Localized` string that knows its language (`.attrs` gives
`lang="de" dir="ltr"` for the element around it). The translations into one language are
loaded with one query per request (`preload` does it ahead for a list), so the
number of queries of a page does not grow with its rows; in the source language there is
nothing to load. Exports and frozen versions use the original fields and stay in the concept's
language.

Writing: `apply(obj, {(field, language): text})` is called by the module's use case, which
records the changes (keys "name@en") in its audit entry."""

from flask import current_app, g
from markupsafe import Markup
from sqlalchemy import String, Text, UniqueConstraint, and_, column, literal, select, table
from sqlalchemy.orm import Mapped, mapped_column
from sqlalchemy.sql.functions import coalesce

from app.core import i18n
from app.core.sanitize import render_markdown
from app.extensions import db

# object type (the model's table name) -> its translatable fields, in form order
REGISTRY: dict[str, tuple[str, ...]] = {}
MARKDOWN: dict[str, frozenset[str]] = {}
_CACHE = "_content_translations"


class ContentTranslation(db.Model):
    __tablename__ = "content_translations"
    __table_args__ = (UniqueConstraint("object_type", "object_id", "field", "language"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    object_type: Mapped[str] = mapped_column(String(40))
    object_id: Mapped[int]
    field: Mapped[str] = mapped_column(String(40))
    language: Mapped[str] = mapped_column(String(10))
    text: Mapped[str] = mapped_column(Text, default="")


# (object type, field) whose text staff copy into other rows (a reason template's text into
# a contribution's reason), read back through `copied`: the originals come with the
# translations, in the same query.
COPIED: set[tuple[str, str]] = set()


def translatable(*fields: str, markdown: tuple[str, ...] = (), copied: tuple[str, ...] = ()):
    """Class decorator: `fields` of this model may be translated; `copied`: those of them
    whose text is copied into other rows."""
    def register(model):
        REGISTRY[model.__tablename__] = tuple(fields)
        MARKDOWN[model.__tablename__] = frozenset(markdown)
        for field in copied:
            register_copied(model.__tablename__, field)
        return model
    return register


def register_copied(object_type: str, field: str) -> None:
    """Texts of `object_type`'s `field` are copied into other rows (see COPIED)."""
    COPIED.add((object_type, field))


def source_language() -> str:
    return current_app.config["BABEL_DEFAULT_LOCALE"]


def target_languages() -> list[str]:
    """The languages staff may translate into: every UI language but the source."""
    return [lang for lang in current_app.config["LANGUAGES"] if lang != source_language()]


class Localized(str):
    """A text and the language it is written in."""

    lang: str

    def __new__(cls, text, lang: str):
        value = super().__new__(cls, "" if text is None else text)
        value.lang = lang
        return value

    @property
    def attrs(self) -> Markup:
        """`lang` and `dir` for the element the text stands in."""
        direction = "rtl" if self.lang in i18n.RTL_LANGUAGES else "ltr"
        return Markup('lang="%s" dir="%s"') % (self.lang, direction)

    @property
    def html(self) -> Markup:
        """The text as HTML: only for `*_html` fields (sanitized when they were saved)."""
        return Markup(str(self))  # noqa: S704 - output of render_markdown, cleaned on save


def _object_type(obj) -> str:
    return obj.__tablename__


def _cache() -> dict:
    if _CACHE not in g:
        setattr(g, _CACHE, {})
    return getattr(g, _CACHE)


def forget() -> None:
    """Drop what this request has loaded (a new request, or after a change)."""
    g.pop(_CACHE, None)


def _all_of(language: str) -> dict:
    """All translations into `language`, with the originals of copied texts: one query per
    request (staff content is small: topics, rounds, stations, ...), so a page in English or
    Arabic needs one statement for its staff texts however many kinds of them it shows.
    {object type: {(object id, field): text}}, and under ("copied", type, field):
    {original text: translation}."""
    cache = _cache()
    key = ("all", language)
    if key not in cache:
        query = select(ContentTranslation.object_type, ContentTranslation.object_id,
                       ContentTranslation.field, ContentTranslation.text)
        originals = []
        for object_type, field in sorted(COPIED):
            objects = table(object_type, column("id"), column(field)).alias()
            query = query.outerjoin(objects, and_(
                ContentTranslation.object_type == object_type,
                ContentTranslation.field == field, objects.c.id == ContentTranslation.object_id))
            originals.append(objects.c[field])
        query = query.add_columns(coalesce(*originals) if len(originals) > 1 else (
            originals[0] if originals else literal(None)))
        by_type: dict = {}
        for type_, object_id, field, text, original in db.session.execute(
                query.where(ContentTranslation.language == language)):
            if not text:
                continue
            by_type.setdefault(type_, {})[object_id, field] = text
            if original:
                by_type.setdefault(("copied", type_, field), {})[original.strip()] = text
        cache[key] = by_type
    return cache[key]


def _loaded(object_type: str, language: str) -> dict:
    """(object id, field) -> text of the translations of `object_type` into `language`."""
    return _all_of(language).get(object_type, {})


def preload(objects, language: str | None = None) -> None:
    """Load the translations the objects of a list need (all of the language, in one query)."""
    language = language or i18n.current_language()
    if language == source_language():
        return
    for object_type in {_object_type(o) for o in objects if o is not None}:
        _loaded(object_type, language)


def localized(obj, field: str, language: str | None = None) -> Localized:
    """`obj.field` in `language` (default: the reader's) where translated, else as written."""
    if obj is None:
        return Localized("", source_language())
    return localized_row(_object_type(obj), obj.id, field, getattr(obj, field), language)


def localized_together(*fields: tuple[object, str], language: str | None = None
                       ) -> list[Localized]:
    """Texts of several objects that stand in one string (a select's option cannot mark a
    part with its language): all translated where each of them is, else all as written."""
    texts = [localized(obj, field, language) for obj, field in fields]
    if len({text.lang for text in texts}) > 1:
        texts = [Localized(getattr(obj, field), source_language()) for obj, field in fields]
    return texts


def localized_row(object_type: str, object_id: int | None, field: str, original: str,
                  language: str | None = None) -> Localized:
    """`localized` for a row read without its object (e.g. a title selected by id)."""
    source = source_language()
    language = language or i18n.current_language()
    if language != source and object_id is not None:
        text = _loaded(object_type, language).get((object_id, field))
        if text:
            return Localized(text, language)
    return Localized(original, source)


def copied(object_type: str, field: str, text: str | None,
           language: str | None = None) -> Localized:
    """A text that was copied from a translatable object (a reason template's text into the
    reason of a hidden or not taken up contribution) in the reader's language: the
    translation of the `object_type` row whose `field` still reads `text`, else `text`. All
    originals come with the translations (see `_all_of`); the field must be declared with
    `@translatable(..., copied=(field,))`."""
    source, text = source_language(), text or ""
    language = language or i18n.current_language()
    if not text or language == source:
        return Localized(text, source)
    translated = _all_of(language).get(("copied", object_type, field), {}).get(text.strip())
    return Localized(translated, language) if translated else Localized(text, source)


def in_language(obj, field: str) -> Markup:
    """`localized(obj, field)` in a span that says its language (for inline text)."""
    text = localized(obj, field)
    return Markup("<span %s>%s</span>") % (text.attrs, text)


def translations_of(obj) -> dict[tuple[str, str], str]:
    """All translations of `obj` as {(field, language): text} (for its edit form)."""
    if obj is None or obj.id is None:
        return {}
    rows = db.session.scalars(select(ContentTranslation).where(
        ContentTranslation.object_type == _object_type(obj),
        ContentTranslation.object_id == obj.id))
    return {(row.field, row.language): row.text for row in rows}


def translations_by_id(objects) -> dict[int, dict[tuple[str, str], str]]:
    """`translations_of` for a list of objects of one type, in one query: {id: {...}}."""
    objects = [o for o in objects if o is not None and o.id is not None]
    if not objects:
        return {}
    found: dict[int, dict] = {o.id: {} for o in objects}
    rows = db.session.scalars(select(ContentTranslation).where(
        ContentTranslation.object_type == _object_type(objects[0]),
        ContentTranslation.object_id.in_(list(found))))
    for row in rows:
        found[row.object_id][(row.field, row.language)] = row.text
    return found


def apply(obj, values: dict[tuple[str, str], str] | None) -> tuple[dict, dict]:
    """Save the translations `values` ({(field, language): text}, empty text removes one) of
    `obj`; returns the audit's before/after of what changed, keyed "field@language"."""
    if not values:
        return {}, {}
    object_type = _object_type(obj)
    fields, markdown = REGISTRY[object_type], MARKDOWN[object_type]
    if obj.id is None:
        db.session.flush()
    rows = {(row.field, row.language): row for row in db.session.scalars(
        select(ContentTranslation).where(ContentTranslation.object_type == object_type,
                                         ContentTranslation.object_id == obj.id))}
    before, after = {}, {}
    for (field, language), text in values.items():
        if field not in fields or language not in target_languages():
            raise ValueError(f"{object_type}.{field} in {language!r} is not translatable")
        text = (text or "").strip()
        row = rows.get((field, language))
        old = row.text if row is not None else ""
        if text == old:
            continue
        before[f"{field}@{language}"], after[f"{field}@{language}"] = old or None, text or None
        _store(rows, object_type, obj.id, field, language, text)
        if field in markdown:
            _store(rows, object_type, obj.id, f"{field}_html", language,
                   render_markdown(text) if text else "")
    forget()
    return before, after


def apply_audited(obj, values: dict | None, before: dict, after: dict) -> tuple[dict, dict]:
    """`apply`, its changes added to a use case's audit before/after."""
    translated_before, translated_after = apply(obj, values)
    return {**before, **translated_before}, {**after, **translated_after}


def _store(rows: dict, object_type: str, object_id: int, field: str, language: str,
           text: str) -> None:
    row = rows.get((field, language))
    if not text:
        if row is not None:
            db.session.delete(row)
        return
    if row is None:
        row = rows[(field, language)] = ContentTranslation(
            object_type=object_type, object_id=object_id, field=field, language=language)
        db.session.add(row)
    row.text = text


def init_app(app) -> None:
    app.before_request(forget)
    app.jinja_env.globals.update(localized=localized, tr=in_language, copied=copied)

"""The audit log: who did what to which object, when, with the values before and after."""

import re
from collections.abc import Callable
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from datetime import date, datetime

from flask import has_request_context, request
from flask_babel import format_date, format_datetime
from flask_babel import lazy_gettext as _l
from sqlalchemy import JSON, ForeignKey, String, Text, select
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core.i18n import LANGUAGE_NAMES
from app.core.time import as_utc, utcnow
from app.core.translations import source_language
from app.extensions import db


class AuditEntry(db.Model):
    __tablename__ = "audit_entries"

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    action: Mapped[str] = mapped_column(String(80), index=True)
    object_type: Mapped[str] = mapped_column(String(40), index=True)
    object_id: Mapped[int | None] = mapped_column(index=True)
    summary: Mapped[str] = mapped_column(Text, default="")
    before: Mapped[dict | None] = mapped_column(JSON)
    after: Mapped[dict | None] = mapped_column(JSON)
    ip_address: Mapped[str | None] = mapped_column(String(45))
    # Consolidation entries name their topic, so the workbench can show a topic's history.
    topic_id: Mapped[int | None] = mapped_column(ForeignKey("topics.id"), index=True)

    actor = relationship("User", foreign_keys=[actor_id])


def record(action: str, obj=None, *, actor, summary: str = "", before=None, after=None,
           object_type: str | None = None, object_id: int | None = None,
           topic_id: int | None = None) -> AuditEntry:
    """Add an audit entry to the current transaction (the caller commits). `actor` is the
    person the use case acts for (None for the system: a command, a scheduled job); the
    address the request came from is kept when there is one."""
    if obj is not None:
        if obj.id is None:
            db.session.flush()  # the id is assigned on flush
        object_type = object_type or obj.__tablename__
        object_id = object_id if object_id is not None else obj.id
    entry = AuditEntry(
        actor_id=getattr(actor, "id", None),
        action=action,
        object_type=object_type or "",
        object_id=object_id,
        summary=summary,
        before=before,
        after=after,
        ip_address=request.remote_addr if has_request_context() else None,
        topic_id=topic_id,
    )
    db.session.add(entry)
    return entry


def changes(obj, fields: list[str], new_values: dict) -> tuple[dict, dict]:
    """Before/after dicts of the fields whose values differ (for audit entries)."""
    before, after = {}, {}
    for field in fields:
        old = getattr(obj, field)
        new = new_values.get(field, old)
        if old != new:
            before[field] = _jsonable(old)
            after[field] = _jsonable(new)
    return before, after


def _jsonable(value):
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, list | tuple | set):
        return [_jsonable(v) for v in value]
    return str(value)


def object_types() -> list[str]:
    return list(db.session.scalars(
        select(AuditEntry.object_type).distinct().order_by(AuditEntry.object_type)
    ))


# --- how the log reads: labels instead of codes ------------------------------------------------
# Each module describes the object types it writes to the log: what the type is called, its
# reference (B-0070), its fields' labels (those of its forms), the labels of coded values, and
# which fields hold ids of other objects. The log then shows "Ergebnis: noch nicht bearbeitet →
# nicht aufgenommen" instead of "outcome pending → not_taken_up", and only what changed.

@dataclass
class Description:
    label: object = None  # what one such object is called, e.g. "Beitrag"
    reference: Callable[[int], str] | None = None  # id -> "B-0070"
    fields: dict = dataclass_field(default_factory=dict)  # field -> label
    values: dict = dataclass_field(default_factory=dict)  # field -> Labels of its codes
    references: dict = dataclass_field(default_factory=dict)  # field -> type its ids are of
    hidden: set = dataclass_field(default_factory=set)  # fields said better by another one


_DESCRIPTIONS: dict[str, Description] = {}
# Labels of fields many types share; a type's own labels come first.
COMMON_FIELDS = {
    "title": _l("Titel"), "name": _l("Name"), "text": _l("Text"), "body": _l("Text"),
    "description": _l("Beschreibung"), "summary": _l("Einführung"), "slug": _l("Kurzbezeichnung"),
    "kind": _l("Art"), "status": _l("Status"), "reason": _l("Begründung"),
    "note": _l("Notiz"), "active": _l("aktiv"), "position": _l("Reihenfolge"),
    "place": _l("Ort"), "topic": _l("Thema"), "organisation": _l("Organisation"),
}
ACTION_LABELS: dict[str, object] = {}


def describe(object_type: str, *, label=None, reference=None, fields=None, values=None,
             references=None, hidden=()) -> None:
    """How the log names objects of `object_type` and their fields (called once by the
    module that owns the type; a later call adds to an earlier one)."""
    description = _DESCRIPTIONS.setdefault(object_type, Description())
    description.label = label or description.label
    description.reference = reference or description.reference
    description.fields.update(fields or {})
    description.values.update(values or {})
    description.references.update(references or {})
    description.hidden.update(hidden)


def describe_actions(labels: dict) -> None:
    """Labels of actions, e.g. {"contribution.outcome": _l("Ergebnis gesetzt")}."""
    ACTION_LABELS.update(labels)


def type_label(object_type: str) -> str:
    """What objects of a type are called ("Beitrag"), else the type's code."""
    description = _DESCRIPTIONS.get(object_type)
    return str(description.label) if description and description.label else object_type


def action_label(action: str) -> str:
    return str(ACTION_LABELS.get(action, action))


def reference_of(object_type: str, object_id) -> str:
    """"B-0070" for a contribution, "Element 12" where a type has no reference of its own."""
    if object_id is None:
        return ""
    description = _DESCRIPTIONS.get(object_type)
    if description and description.reference:
        return description.reference(object_id)
    if description and description.label:
        return f"{description.label} {object_id}"
    return f"{object_type} {object_id}"


def object_label(entry: AuditEntry) -> str:
    """What an entry is about: "Beitrag B-0070", "Element 12", "Thema 3"."""
    description = _DESCRIPTIONS.get(entry.object_type)
    if description is None or description.label is None:
        return f"{entry.object_type} {entry.object_id or ''}".strip()
    if entry.object_id is None:
        return str(description.label)
    if description.reference:
        return f"{description.label} {description.reference(entry.object_id)}"
    return f"{description.label} {entry.object_id}"


@dataclass
class Change:
    label: str
    before: str | None  # None: the entry has no value before (something new)
    after: str
    # The language of a value that is data as written (a title: German, a translation's text:
    # its language); None for a value the log words in the reader's language (a label, "ja",
    # "leer", a reference), which must not be marked as German (WCAG 3.1.2).
    before_lang: str | None = None
    after_lang: str | None = None


def changes_of(entry: AuditEntry) -> list[Change]:
    """The entry's changed fields with their labels and readable values; fields whose value
    stayed the same are left out."""
    before, after = entry.before or {}, entry.after or {}
    if not isinstance(before, dict) or not isinstance(after, dict):
        return []
    description = _DESCRIPTIONS.get(entry.object_type, Description())
    found = []
    for key in [*before, *(k for k in after if k not in before)]:
        if key in before and key in after and before[key] == after[key]:
            continue
        if key in description.hidden:
            continue
        if key not in before and after.get(key) in (None, "", []):
            continue  # nothing to say about an empty value of something new
        field, label = _field_label(description, key)
        language = key.rpartition("@")[2] if "@" in key else source_language()
        old_text, old_lang = (_marked(description, field, before[key], language)
                              if key in before else (None, None))
        new_text, new_lang = _marked(description, field, after.get(key), language)
        found.append(Change(label, old_text, new_text, old_lang, new_lang))
    return found


_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
_ISO_MOMENT = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}")


def _is_date(value) -> bool:
    """Whether `value` is a day or a moment the log keeps in ISO form ("2026-05-01",
    "2026-03-02T17:30:00+00:00")."""
    return isinstance(value, str) and bool(_ISO_DAY.fullmatch(value) or _ISO_MOMENT.match(value))


def _as_date(value: str) -> str:
    """Such a day or moment as the reader reads dates (a moment in the site's time zone); a
    value of that shape that is no date stays as it is."""
    try:
        if _ISO_DAY.fullmatch(value):
            return format_date(date.fromisoformat(value))
        return format_datetime(as_utc(datetime.fromisoformat(value)), "short")
    except ValueError:
        return value


def _is_data(description: Description, field: str, value) -> bool:
    """Whether `value` is shown as written (text of some language) rather than as a label."""
    if value is None or value == "" or value == [] or isinstance(value, bool | int | float):
        return False
    if _is_date(value):
        return False  # a date, written in the reader's language
    if isinstance(value, list):
        return any(_is_data(description, field, v) for v in value)
    return field not in description.values


def _marked(description: Description, field: str, value, language: str):
    """(readable value, its language where it is data, else None)."""
    return (_readable(description, field, value),
            language if _is_data(description, field, value) else None)


def _field_label(description: Description, key: str) -> tuple[str, str]:
    """(field, label) of a key: "outcome", "name@en" (a translation), "Tisch 1: name@ar"."""
    prefix, _sep, rest = key.rpartition(": ")
    field, _at, language = rest.partition("@")
    label = str(description.fields.get(field) or COMMON_FIELDS.get(field) or field)
    if language:
        label = f"{label} ({LANGUAGE_NAMES.get(language, language)})"
    return field, f"{prefix}: {label}" if prefix else label


def _readable(description: Description, field: str, value) -> str:
    if value is None or value == "" or value == []:
        return str(_l("leer"))
    if isinstance(value, bool):
        return str(_l("ja") if value else _l("nein"))
    if isinstance(value, list):
        return ", ".join(_readable(description, field, v) for v in value)
    if field in description.references and isinstance(value, int):
        return reference_of(description.references[field], value)
    if field in description.values:
        return description.values[field].label(value)
    if _is_date(value):
        return _as_date(value)
    return str(value)

"""Use cases for the concept's structure. They flush but never commit."""

import re
import unicodedata

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from app.concepts.models import Chapter, Concept, Topic
from app.core import audit
from app.core.sanitize import render_markdown
from app.extensions import db


class ConceptError(Exception):
    """A use case refused; the message is shown to the user."""


class StaleEdit(ConceptError):
    """Someone else saved the same object since the form was opened."""


def slugify(text: str) -> str:
    text = text.lower().replace("ä", "ae").replace("ö", "oe").replace("ü", "ue").replace("ß", "ss")
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")[:80] or "thema"


def current_concept() -> Concept | None:
    """The concept the site is about (the first one; several concepts come later)."""
    return db.session.scalar(select(Concept).order_by(Concept.id).limit(1))


def topic_by_slug(concept: Concept, slug: str) -> Topic | None:
    return db.session.scalar(
        select(Topic).where(Topic.concept_id == concept.id, Topic.slug == slug)
    )


STALE_MESSAGE = _l("Jemand anderes hat das inzwischen geändert. Bitte laden Sie die Seite neu "
                   "und übernehmen Sie Ihre Änderungen dann noch einmal.")


def _check_lock(obj, lock_version: int | None) -> None:
    if lock_version is not None and int(lock_version) != obj.lock_version:
        raise StaleEdit(str(STALE_MESSAGE))


def _next_position(model, concept: Concept, **filters) -> int:
    rows = [o.position for o in db.session.scalars(
        select(model).where(model.concept_id == concept.id).filter_by(**filters))]
    return max(rows, default=0) + 1


TOPIC_FIELDS = ["name", "slug", "kind", "description"]


def save_topic(concept: Concept, topic: Topic | None, values: dict, *, actor,
               lock_version: int | None = None) -> Topic:
    values = dict(values)
    values["slug"] = slugify(values.get("slug") or values["name"])
    clash = topic_by_slug(concept, values["slug"])
    if clash is not None and clash is not topic:
        raise ConceptError(_("Die Kurzbezeichnung „%(slug)s“ ist schon vergeben.",
                             slug=values["slug"]))
    if topic is None:
        topic = Topic(concept=concept, position=_next_position(Topic, concept, kind=values["kind"]))
        db.session.add(topic)
        before, after = {}, {f: values.get(f) for f in TOPIC_FIELDS}
        action = "topic.created"
    else:
        _check_lock(topic, lock_version)
        before, after = audit.changes(topic, TOPIC_FIELDS, values)
        action = "topic.updated"
    for field in TOPIC_FIELDS:
        setattr(topic, field, values[field])
    topic.description_html = render_markdown(topic.description)
    db.session.flush()
    if after or action == "topic.created":
        audit.record(action, topic, actor=actor, summary=topic.name, before=before, after=after)
    return topic


CHAPTER_FIELDS = ["title", "slug", "body"]


def save_chapter(concept: Concept, chapter: Chapter | None, values: dict, *, actor,
                 lock_version: int | None = None) -> Chapter:
    values = dict(values)
    values["slug"] = slugify(values.get("slug") or values["title"])
    clash = db.session.scalar(select(Chapter).where(Chapter.concept_id == concept.id,
                                                    Chapter.slug == values["slug"]))
    if clash is not None and clash is not chapter:
        raise ConceptError(_("Die Kurzbezeichnung „%(slug)s“ ist schon vergeben.",
                             slug=values["slug"]))
    if chapter is None:
        chapter = Chapter(concept=concept, position=_next_position(Chapter, concept))
        db.session.add(chapter)
        before, after = {}, {"title": values["title"], "slug": values["slug"]}
        action = "chapter.created"
    else:
        _check_lock(chapter, lock_version)
        before, after = audit.changes(chapter, CHAPTER_FIELDS, values)
        action = "chapter.updated"
    for field in CHAPTER_FIELDS:
        setattr(chapter, field, values[field])
    chapter.body_html = render_markdown(chapter.body)
    chapter.updated_by_id = getattr(actor, "id", None)
    db.session.flush()
    if after or action == "chapter.created":
        audit.record(action, chapter, actor=actor, summary=chapter.title, before=before,
                     after=after)
    return chapter


def move(obj, siblings: list, direction: str, *, actor) -> None:
    """Swap `obj` with its neighbour in `siblings` (ordered); direction is 'up' or 'down'."""
    index = siblings.index(obj)
    other_index = index - 1 if direction == "up" else index + 1
    if not 0 <= other_index < len(siblings):
        return
    # Renumber first so that equal positions cannot make a swap a no-op.
    for position, sibling in enumerate(siblings, start=1):
        sibling.position = position
    other = siblings[other_index]
    obj.position, other.position = other.position, obj.position
    db.session.flush()
    label = getattr(obj, "name", None) or getattr(obj, "title", "")
    audit.record(f"{obj.__tablename__[:-1]}.moved", obj, actor=actor, summary=label,
                 before={"position": other.position}, after={"position": obj.position})

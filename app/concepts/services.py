"""Use cases for the concept's structure. They flush but never commit."""

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from datetime import date
from operator import attrgetter

from flask import abort, g
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from app.concepts.models import (
    ITEM_FIELD_LABELS,
    ITEM_FIELDS,
    ITEM_KINDS,
    TOPIC_KINDS,
    Chapter,
    Concept,
    Item,
    ItemRevision,
    Milestone,
    Topic,
)
from app.core import audit
from app.core import translations as content_translations
from app.core.actions import Refusal, StaleEdit, check_lock
from app.core.sanitize import render_markdown
from app.core.time import utcnow
from app.extensions import db

# How the audit log names the concept's parts and their fields (as the forms do).
audit.describe(Item.__tablename__, label=_l("Element"),
               fields={**ITEM_FIELD_LABELS, "reason": _l("Begründung")},
               values={"kind": ITEM_KINDS}, references={"parent_id": Item.__tablename__})
audit.describe(Topic.__tablename__, label=_l("Thema"), values={"kind": TOPIC_KINDS})
audit.describe(Chapter.__tablename__, label=_l("Kapitel"))
audit.describe(Milestone.__tablename__, label=_l("Schritt der Zeitleiste"),
               fields={"title": _l("Schritt"), "starts_on": _l("Beginn"), "ends_on": _l("Ende")})
audit.describe(Concept.__tablename__, label=_l("Konzept"),
               fields={"summary": _l("Einführung auf der Startseite")})
audit.describe_actions({
    "topic.created": _l("Thema angelegt"), "topic.updated": _l("Thema geändert"),
    "topic.moved": _l("Thema verschoben"), "chapter.created": _l("Kapitel angelegt"),
    "chapter.updated": _l("Kapitel geändert"), "chapter.moved": _l("Kapitel verschoben"),
    "milestone.created": _l("Schritt angelegt"), "milestone.updated": _l("Schritt geändert"),
    "concept.introduction_saved": _l("Startseite geändert")})


class ConceptError(Refusal):
    """A use case refused; the message is shown to the user."""


def slugify(text: str) -> str:
    text = text.lower().replace("ä", "ae").replace("ö", "oe").replace("ü", "ue").replace("ß", "ss")
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")[:80] or "thema"


_CURRENT = "_current_concept"


def current_concept() -> Concept | None:
    """The concept the site is about (the first one; several concepts come later). A page asks
    for it several times (the view, the navigation, the services): it is kept for the request
    (while it belongs to the request's session), without another query."""
    known = g.get(_CURRENT)
    if known is not None and known in db.session:
        return known
    concept = db.session.scalar(select(Concept).order_by(Concept.id).limit(1))
    if concept is not None:
        setattr(g, _CURRENT, concept)
    return concept


def current_concept_or_404() -> Concept:
    """The current concept, for pages that show nothing without one (404)."""
    concept = current_concept()
    if concept is None:
        abort(404)
    return concept


# --- the process timeline after adoption -----------------------------------------------------
# The milestones are written by staff. What comes after adoption (the adoption, implementation,
# a round for the integration conference, the next version) is derived from the data of modules
# above concepts; they register a source of such steps (app/implementation/cycle.py).

@dataclass
class TimelineStep:
    """A dated step of the process that a module derives from its data."""

    kind: str
    title: str
    starts_on: date
    ends_on: date | None = None
    state: str = "done"  # done, current or upcoming, as Milestone.state
    description: str = ""  # text of the concept (its language, or a `Localized` translation)
    endpoint: str | None = None  # the page about it: route and its parameters
    args: dict = dataclass_field(default_factory=dict)


_timeline_sources: list[Callable] = []


def register_timeline_source(source: Callable) -> None:
    """`source(concept, user=..., today=...)` -> a list of TimelineStep, oldest first."""
    if source not in _timeline_sources:
        _timeline_sources.append(source)


def derived_timeline(concept: Concept, *, user, today: date) -> list[TimelineStep]:
    """The steps every registered source derives for `user` (what they may see)."""
    return [step for source in _timeline_sources
            for step in source(concept, user=user, today=today)]


def topic_by_slug(concept: Concept, slug: str) -> Topic | None:
    return db.session.scalar(
        select(Topic).where(Topic.concept_id == concept.id, Topic.slug == slug)
    )


def _next_position(model, concept: Concept, **filters) -> int:
    rows = [o.position for o in db.session.scalars(
        select(model).where(model.concept_id == concept.id).filter_by(**filters))]
    return max(rows, default=0) + 1


TOPIC_FIELDS = ["name", "slug", "kind", "description"]


def save_topic(concept: Concept, topic: Topic | None, values: dict, *, actor,
               lock_version: int | None = None, translations: dict | None = None) -> Topic:
    """Create or edit a topic; `translations`: {(field, language): text} of its name and
    description (core.translations), empty texts removing one."""
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
        check_lock(topic, lock_version)
        before, after = audit.changes(topic, TOPIC_FIELDS, values)
        action = "topic.updated"
    for field in TOPIC_FIELDS:
        setattr(topic, field, values[field])
    topic.description_html = render_markdown(topic.description)
    db.session.flush()
    before, after = content_translations.apply_audited(topic, translations, before, after)
    if after or before or action == "topic.created":
        audit.record(action, topic, actor=actor, summary=topic.name, before=before, after=after)
    return topic


CHAPTER_FIELDS = ["title", "slug", "body"]


def save_chapter(concept: Concept, chapter: Chapter | None, values: dict, *, actor,
                 lock_version: int | None = None, translations: dict | None = None) -> Chapter:
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
        check_lock(chapter, lock_version)
        before, after = audit.changes(chapter, CHAPTER_FIELDS, values)
        action = "chapter.updated"
    for field in CHAPTER_FIELDS:
        setattr(chapter, field, values[field])
    chapter.body_html = render_markdown(chapter.body)
    chapter.updated_by_id = getattr(actor, "id", None)
    db.session.flush()
    before, after = content_translations.apply_audited(chapter, translations, before, after)
    if after or before or action == "chapter.created":
        audit.record(action, chapter, actor=actor, summary=chapter.title, before=before,
                     after=after)
    return chapter


INTRODUCTION_FIELDS = ["title", "summary"]


def save_introduction(concept: Concept, values: dict, *, actor,
                      translations: dict | None = None) -> Concept:
    """The concept's title and the introduction on the home page, with their translations."""
    values = {"title": values["title"].strip(), "summary": (values.get("summary") or "").strip()}
    before, after = audit.changes(concept, INTRODUCTION_FIELDS, values)
    concept.title, concept.summary = values["title"], values["summary"]
    concept.summary_html = render_markdown(concept.summary)
    db.session.flush()
    before, after = content_translations.apply_audited(concept, translations, before, after)
    if before or after:
        audit.record("concept.introduction_saved", concept, actor=actor, summary=concept.title,
                     before=before, after=after)
    return concept


MILESTONE_FIELDS = ["title", "description", "starts_on", "ends_on"]


def save_milestone(concept: Concept, milestone: Milestone | None, values: dict, *, actor,
                   translations: dict | None = None) -> Milestone:
    """Create or edit a step of the public process timeline, with its translations."""
    values = {**values, "title": values["title"].strip(),
              "description": (values.get("description") or "").strip()}
    if values.get("ends_on") and values["ends_on"] < values["starts_on"]:
        raise ConceptError(_("Das Ende muss nach dem Beginn liegen."))
    if milestone is None:
        milestone = Milestone(concept=concept, position=_next_position(Milestone, concept))
        db.session.add(milestone)
        before = {}
        after = {f: None if values.get(f) is None else str(values[f]) for f in MILESTONE_FIELDS}
        action = "milestone.created"
    else:
        before, after = audit.changes(milestone, MILESTONE_FIELDS, values)
        action = "milestone.updated"
    for field in MILESTONE_FIELDS:
        setattr(milestone, field, values.get(field))
    db.session.flush()
    before, after = content_translations.apply_audited(milestone, translations, before, after)
    if before or after:
        audit.record(action, milestone, actor=actor, summary=milestone.title, before=before,
                     after=after)
    return milestone


def move(obj, siblings: list, direction: str, *, actor, summary: str | None = None,
         topic_id: int | None = None) -> None:
    """Swap `obj` with its neighbour in `siblings` (ordered); direction is 'up' or 'down'."""
    if obj not in siblings:
        return
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
    if summary is None:
        summary = getattr(obj, "name", None) or getattr(obj, "title", "")
    audit.record(f"{obj.__tablename__[:-1]}.moved", obj, actor=actor, summary=summary,
                 before={"position": other.position}, after={"position": obj.position},
                 topic_id=topic_id)


# --- items of the draft -----------------------------------------------------------------------

class ItemConflict(StaleEdit, ConceptError):
    """The item was saved by someone else since the form was opened. Carries both versions so
    that the editor can compare and choose."""

    # The conflict page explains itself; the message belongs to no visible field.
    field = "lock_version"

    def __init__(self, item: Item, mine: dict):
        super().__init__()
        self.item = item
        self.mine = mine


MAX_ITEM_TEXT = 3000


@dataclass
class SubGoal:
    item: Item
    measures: list[Item]


@dataclass
class Draft:
    """A topic's items arranged as the concept prints them."""

    main_goals: list[Item]
    sub_goals: list[SubGoal]
    unplaced_measures: list[Item]  # measures whose sub-goal was withdrawn
    municipal_ideas: list[Item]
    best_practices: list[Item]

    @property
    def items(self) -> list[Item]:
        found = [*self.main_goals]
        for sub in self.sub_goals:
            found += [sub.item, *sub.measures]
        return found + self.unplaced_measures + self.municipal_ideas + self.best_practices

    @property
    def is_empty(self) -> bool:
        return not self.items


def items_of(topic_ids, *, include_withdrawn: bool = False) -> list[Item]:
    """The items of the topics with their cross-cutting themes (an item has none to a few:
    joined into the one statement)."""
    query = select(Item).where(Item.topic_id.in_(list(topic_ids))).options(
        joinedload(Item.themes)).order_by(Item.position, Item.id)
    if not include_withdrawn:
        query = query.where(Item.withdrawn_at.is_(None))
    return list(db.session.scalars(query).unique())


def arrange(items: list, key=attrgetter("id")) -> Draft:
    """Arrange the (already loaded, ordered) items of one topic; no queries. `key` gives the
    id that measures' `parent_id` refers to (a frozen copy keeps its draft item's id)."""
    by_kind: dict[str, list[Item]] = {kind: [] for kind in ITEM_KINDS}
    for item in items:
        by_kind.setdefault(item.kind, []).append(item)
    sub_goals = [SubGoal(item, []) for item in by_kind["sub_goal"]]
    by_id = {key(sub.item): sub for sub in sub_goals}
    unplaced = []
    for measure in by_kind["measure"]:
        parent = by_id.get(measure.parent_id)
        (parent.measures if parent else unplaced).append(measure)
    return Draft(by_kind["main_goal"], sub_goals, unplaced, by_kind["municipal_idea"],
                 by_kind["best_practice"])


def draft_of(topic: Topic) -> Draft:
    return arrange(items_of([topic.id]))


def _item_values(topic: Topic, kind: str, values: dict, item: Item | None) -> dict:
    if kind not in ITEM_KINDS:
        raise ConceptError(_("Unbekannte Art von Element."))
    text = (values.get("text") or "").strip()
    if not text:
        raise ConceptError(_("Der Text darf nicht leer sein."))
    if len(text) > MAX_ITEM_TEXT:
        raise ConceptError(_("Der Text ist zu lang (höchstens %(max)d Zeichen).",
                             max=MAX_ITEM_TEXT))
    clean = {
        "text": text,
        "responsible": (values.get("responsible") or "").strip()[:300],
        "partners": (values.get("partners") or "").strip(),
        "timeframe": (values.get("timeframe") or "").strip()[:120],
        "example_by": (values.get("example_by") or "").strip()[:300],
        "example_where": (values.get("example_where") or "").strip()[:200],
        "example_link": (values.get("example_link") or "").strip()[:500],
        "parent_id": None,
        "themes": [t for t in values.get("themes") or [] if t.kind == "crosscutting"],
    }
    if clean["example_link"] and not clean["example_link"].startswith(("https://", "http://")):
        raise ConceptError(_("Der Link muss mit https:// oder http:// beginnen."))
    if kind == "measure":
        parent = db.session.get(Item, int(values["parent_id"])) if values.get("parent_id") else None
        if (parent is None or parent.kind != "sub_goal" or parent.topic_id != topic.id
                or parent.is_withdrawn):
            raise ConceptError(_("Eine Maßnahme gehört zu einem Unterziel dieses Themas: "
                                 "bitte wählen Sie eines."))
        clean["parent_id"] = parent.id
    if kind == "main_goal":
        others = db.session.scalar(select(func.count(Item.id)).where(
            Item.topic_id == topic.id, Item.kind == "main_goal", Item.withdrawn_at.is_(None),
            Item.id != (item.id if item is not None else -1)))
        if others:
            raise ConceptError(_("Dieses Thema hat schon ein Oberziel. Bearbeiten Sie es, "
                                 "statt ein zweites anzulegen."))
    return clean


def _apply(item: Item, values: dict) -> None:
    for name in ITEM_FIELDS:
        setattr(item, name, values[name])
    item.text_html = render_markdown(item.text, profile="basic")


def _revision(item: Item, action: str, actor, before: dict | None, after: dict | None) -> None:
    db.session.add(ItemRevision(item_id=item.id, action=action, user_id=getattr(actor, "id", None),
                                before=before, after=after))


def create_item(topic: Topic, *, kind: str, values: dict, actor) -> Item:
    clean = _item_values(topic, kind, values, None)
    siblings = db.session.scalars(select(Item.position).where(
        Item.topic_id == topic.id, Item.kind == kind, Item.parent_id == clean["parent_id"]))
    item = Item(concept_id=topic.concept_id, topic=topic, kind=kind,
                position=max(siblings, default=0) + 1, created_by_id=getattr(actor, "id", None),
                updated_by_id=getattr(actor, "id", None))
    _apply(item, clean)
    db.session.add(item)
    db.session.flush()
    after = item.snapshot()
    _revision(item, "created", actor, None, after)
    audit.record("item.created", item, actor=actor, summary=item.label, after=after,
                 topic_id=topic.id)
    return item


def edit_item(item: Item, *, values: dict, actor, lock_version: int | None) -> Item:
    """Save an edit; raises ItemConflict when someone else saved in between."""
    clean = _item_values(item.topic, item.kind, values, item)
    if lock_version is not None and int(lock_version) != item.lock_version:
        mine = dict(clean, themes=sorted(t.slug for t in clean["themes"]))
        raise ItemConflict(item, mine)
    actor_id = getattr(actor, "id", None)  # read first: it may load (and flush) the actor
    before = item.snapshot()
    _apply(item, clean)
    after = item.snapshot()
    changed_before = {k: v for k, v in before.items() if after[k] != v}
    changed_after = {k: after[k] for k in changed_before}
    if not changed_after:
        return item
    item.updated_at = utcnow()
    item.updated_by_id = actor_id
    db.session.flush()
    _revision(item, "edited", actor, changed_before, changed_after)
    audit.record("item.updated", item, actor=actor, summary=item.label, before=changed_before,
                 after=changed_after, topic_id=item.topic_id)
    return item


def withdraw_item(item: Item, *, reason: str, actor) -> None:
    """Take an item out of the draft; it stays with its history and provenance."""
    if item.is_withdrawn:
        return
    reason = (reason or "").strip()
    if not reason:
        raise ConceptError(_("Bitte geben Sie einen Grund an."))
    item.withdrawn_at = utcnow()
    item.withdrawn_reason = reason
    item.updated_by_id = getattr(actor, "id", None)
    db.session.flush()
    _revision(item, "withdrawn", actor, None, {"reason": reason})
    audit.record("item.withdrawn", item, actor=actor, summary=item.label,
                 after={"reason": reason}, topic_id=item.topic_id)


def restore_item(item: Item, *, actor) -> None:
    if not item.is_withdrawn:
        return
    if item.kind == "main_goal":
        _item_values(item.topic, item.kind, {"text": item.text}, item)
    item.withdrawn_at = None
    item.updated_by_id = getattr(actor, "id", None)
    db.session.flush()
    _revision(item, "restored", actor, None, None)
    audit.record("item.restored", item, actor=actor, summary=item.label, topic_id=item.topic_id)


def move_item(item: Item, direction: str, *, actor) -> None:
    siblings = list(db.session.scalars(select(Item).where(
        Item.topic_id == item.topic_id, Item.kind == item.kind,
        Item.parent_id.is_(None) if item.parent_id is None else Item.parent_id == item.parent_id,
        Item.withdrawn_at.is_(None)).order_by(Item.position, Item.id)))
    move(item, siblings, direction, actor=actor, summary=item.label, topic_id=item.topic_id)


def item_revisions(item: Item) -> list[ItemRevision]:
    return list(db.session.scalars(select(ItemRevision).where(ItemRevision.item_id == item.id)
                                   .options(joinedload(ItemRevision.user))
                                   .order_by(ItemRevision.id.desc())))

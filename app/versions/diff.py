"""Comparing two states of the concept (two versions, or a version and the current draft):
items and chapters added, removed, moved and changed, with word-level differences."""

import difflib
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from app.versions.document import ConceptDocument

# Fields compared per item, in the order they are shown.
ITEM_DIFF_FIELDS = ("text", "responsible", "partners", "timeframe", "example_by",
                    "example_where", "example_link", "themes")
CHANGES = ("added", "removed", "changed", "moved")

_TOKENS = re.compile(r"\s+|\w+|[^\w\s]")


@dataclass
class Segment:
    op: str  # "equal", "insert" or "delete"
    text: str


def word_diff(old: str, new: str) -> list[Segment]:
    """The differences between two texts, word by word (whitespace kept as it was)."""
    a, b = _TOKENS.findall(old or ""), _TOKENS.findall(new or "")
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    segments: list[Segment] = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            segments.append(Segment("equal", "".join(a[i1:i2])))
            continue
        if op in ("delete", "replace"):
            segments.append(Segment("delete", "".join(a[i1:i2])))
        if op in ("insert", "replace"):
            segments.append(Segment("insert", "".join(b[j1:j2])))
    return _merge(segments)


def _merge(segments: list[Segment]) -> list[Segment]:
    """Join neighbouring segments of the same kind; a lone space between two changes is
    folded into them, so that 'a b c' -> 'x y z' reads as one change, not three."""
    merged: list[Segment] = []
    for index, seg in enumerate(segments):
        if (seg.op == "equal" and not seg.text.strip() and 0 < index < len(segments) - 1
                and segments[index - 1].op != "equal" and segments[index + 1].op != "equal"):
            merged.append(Segment("delete", seg.text))
            merged.append(Segment("insert", seg.text))
            continue
        merged.append(seg)
    result: list[Segment] = []
    deletes, inserts = [], []

    def flush():
        if deletes:
            result.append(Segment("delete", "".join(deletes)))
        if inserts:
            result.append(Segment("insert", "".join(inserts)))
        deletes.clear()
        inserts.clear()

    for seg in merged:
        if seg.op == "equal":
            flush()
            if result and result[-1].op == "equal":
                result[-1] = Segment("equal", result[-1].text + seg.text)
            else:
                result.append(seg)
        else:
            (deletes if seg.op == "delete" else inserts).append(seg.text)
    flush()
    return _tidy_spaces([s for s in result if s.text])


def _tidy_spaces(segments: list[Segment]) -> list[Segment]:
    """Spaces at the edges of a change belong to the unchanged text around it, so that a
    marked insertion starts and ends with a word."""
    result: list[Segment] = []
    index = 0
    while index < len(segments):
        if segments[index].op == "equal":
            result.append(segments[index])
            index += 1
            continue
        group = []
        while index < len(segments) and segments[index].op != "equal":
            group.append(segments[index])
            index += 1
        lead = min(len(g.text) - len(g.text.lstrip()) for g in group)
        lead_text = group[0].text[:lead] if all(
            g.text[:lead] == group[0].text[:lead] for g in group) else ""
        trail = min(len(g.text) - len(g.text.rstrip()) for g in group)
        trail_text = group[0].text[len(group[0].text) - trail:] if trail and all(
            g.text.endswith(group[0].text[len(group[0].text) - trail:]) for g in group) else ""
        if lead_text:
            result.append(Segment("equal", lead_text))
        for g in group:
            text = g.text[len(lead_text):len(g.text) - len(trail_text)]
            if text:
                result.append(Segment(g.op, text))
        if trail_text:
            result.append(Segment("equal", trail_text))
    merged: list[Segment] = []
    for seg in result:
        if merged and seg.op == "equal" and merged[-1].op == "equal":
            merged[-1] = Segment("equal", merged[-1].text + seg.text)
        else:
            merged.append(seg)
    return merged


@dataclass
class FieldChange:
    name: str
    segments: list[Segment]


@dataclass
class ItemChange:
    change: str  # one of CHANGES
    kind: str
    old: object | None  # the item in the older state
    new: object | None  # the item in the newer state
    fields: list[FieldChange] = field(default_factory=list)
    moved: bool = False
    moved_from: str = ""  # where it was (topic or sub-goal), when that changed

    @property
    def item(self):
        return self.new if self.new is not None else self.old


@dataclass
class ChapterChange:
    change: str
    old: object | None
    new: object | None
    title: list[Segment] = field(default_factory=list)
    body: list[Segment] = field(default_factory=list)

    @property
    def chapter(self):
        return self.new if self.new is not None else self.old


@dataclass
class TopicDiff:
    topic: object
    items: list[ItemChange]


@dataclass
class ConceptDiff:
    older: ConceptDocument
    newer: ConceptDocument
    chapters: list[ChapterChange]
    topics: list[TopicDiff]
    unchanged_items: int

    @property
    def item_changes(self) -> list[ItemChange]:
        return [c for t in self.topics for c in t.items]

    def summary(self) -> dict[str, Counter]:
        """kind -> Counter of changes, e.g. {"measure": {"added": 5}, "sub_goal": ...}."""
        found: dict[str, Counter] = defaultdict(Counter)
        for change in self.item_changes:
            found[change.kind][change.change] += 1
            if change.change == "changed" and change.moved:
                found[change.kind]["moved"] += 1
        for change in self.chapters:
            found["chapter"][change.change] += 1
        return found

    @property
    def is_empty(self) -> bool:
        return not self.chapters and not self.item_changes


def _item_values(document: ConceptDocument, item) -> dict:
    values = {name: getattr(item, name) or "" for name in ITEM_DIFF_FIELDS if name != "themes"}
    values["themes"] = ", ".join(document.themes(item))
    return values


def _places(document: ConceptDocument) -> dict[int, tuple]:
    """item ref -> (topic slug, parent ref): where an item stands (its order is compared by
    _reordered)."""
    return {document.item_ref(item): (section.topic.slug, item.parent_id)
            for section in document.sections for item in section.draft.items}


def _reordered(older: ConceptDocument, newer: ConceptDocument, common: set[int]) -> set[int]:
    """Common items whose order among their siblings changed: those outside the longest
    common subsequence of each sibling group (so one insertion does not 'move' the rest)."""
    def groups(document):
        found = defaultdict(list)
        for section in document.sections:
            for item in section.draft.items:
                ref = document.item_ref(item)
                if ref in common:
                    found[(section.topic.slug, item.kind, item.parent_id)].append(ref)
        return found

    old_groups, new_groups = groups(older), groups(newer)
    moved = set()
    for key, new_order in new_groups.items():
        old_order = old_groups.get(key, [])
        matcher = difflib.SequenceMatcher(None, old_order, new_order, autojunk=False)
        kept = {ref for block in matcher.get_matching_blocks()
                for ref in new_order[block.b:block.b + block.size]}
        moved |= {ref for ref in new_order if ref in old_order and ref not in kept}
    return moved


def compare(older: ConceptDocument, newer: ConceptDocument) -> ConceptDiff:
    """What changed from `older` to `newer`; items are matched by the draft item they copy."""
    old_items = {older.item_ref(i): i for i in older.items}
    new_items = {newer.item_ref(i): i for i in newer.items}
    old_places, new_places = _places(older), _places(newer)
    common = set(old_items) & set(new_items)
    reordered = _reordered(older, newer, common)
    old_labels = {older.item_ref(i): i.label for i in older.items}
    topic_names = {s.topic.slug: s.topic.name for s in older.sections}

    by_topic: dict[str, list[ItemChange]] = defaultdict(list)
    unchanged = 0
    for section in newer.sections:
        for item in section.draft.items:
            ref = newer.item_ref(item)
            if ref not in old_items:
                by_topic[section.topic.slug].append(ItemChange("added", item.kind, None, item))
                continue
            old = old_items[ref]
            before, after = _item_values(older, old), _item_values(newer, item)
            fields = [FieldChange(name, word_diff(before[name], after[name]))
                      for name in ITEM_DIFF_FIELDS if before[name] != after[name]]
            old_topic, old_parent = old_places[ref]
            new_topic, new_parent = new_places[ref]
            moved_from = ""
            if old_topic != new_topic:
                moved_from = topic_names.get(old_topic, old_topic)
            elif old_parent != new_parent:
                moved_from = old_labels.get(old_parent, "")
            moved = bool(moved_from) or ref in reordered
            if fields:
                by_topic[section.topic.slug].append(
                    ItemChange("changed", item.kind, old, item, fields, moved, moved_from))
            elif moved:
                by_topic[section.topic.slug].append(
                    ItemChange("moved", item.kind, old, item, [], True, moved_from))
            else:
                unchanged += 1
    for section in older.sections:
        for item in section.draft.items:
            if older.item_ref(item) not in new_items:
                by_topic[section.topic.slug].append(ItemChange("removed", item.kind, item, None))

    sections = {s.topic.slug: s.topic for s in older.sections}
    sections.update({s.topic.slug: s.topic for s in newer.sections})
    order = [s.topic.slug for s in newer.sections] + [
        s.topic.slug for s in older.sections if s.topic.slug not in {
            n.topic.slug for n in newer.sections}]
    topics = [TopicDiff(sections[slug], by_topic[slug]) for slug in order if by_topic[slug]]
    return ConceptDiff(older, newer, _compare_chapters(older, newer), topics, unchanged)


def _compare_chapters(older: ConceptDocument, newer: ConceptDocument) -> list[ChapterChange]:
    old = {c.slug: c for c in older.chapters}
    new = {c.slug: c for c in newer.chapters}
    changes = []
    for slug, chapter in new.items():
        if slug not in old:
            changes.append(ChapterChange("added", None, chapter))
            continue
        before = old[slug]
        if (before.title, before.body) != (chapter.title, chapter.body):
            changes.append(ChapterChange(
                "changed", before, chapter,
                word_diff(before.title, chapter.title) if before.title != chapter.title else [],
                word_diff(before.body, chapter.body) if before.body != chapter.body else []))
    changes += [ChapterChange("removed", c, None) for slug, c in old.items() if slug not in new]
    return changes

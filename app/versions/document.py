"""The concept as a document: a frozen version or the current draft, read the same way (by
the version pages, the diff, the printed concept and the reports)."""

from collections import defaultdict
from dataclasses import dataclass, field
from functools import cached_property
from operator import attrgetter

from sqlalchemy import select

from app.concepts.models import Concept, Item, Topic
from app.concepts.services import Draft, arrange, items_of
from app.extensions import db
from app.versions.models import Version, VersionItem, VersionTopic
from app.workbench.services import link_counts


@dataclass
class TopicSection:
    topic: Topic | VersionTopic
    draft: Draft


@dataclass
class ConceptDocument:
    """The concept as it is printed: chapters, then per topic its arranged items. Built from
    a frozen version or from the current draft (version None); both read the same."""

    concept: Concept
    title: str
    version: Version | None
    chapters: list
    sections: list[TopicSection]
    counts: dict = field(default_factory=dict)  # item id -> contributions it is based on
    # The withdrawn draft items this version's items copy, when the version's items were read
    # with them (version_document); else `withdrawn` asks when a page needs it.
    withdrawn_refs: frozenset[int] | None = None

    @property
    def items(self) -> list:
        return [item for section in self.sections for item in section.draft.items]

    def item_ref(self, item) -> int:
        """The draft item's id (a version item knows which item it was copied from)."""
        return item.item_id if isinstance(item, VersionItem) else item.id

    @cached_property
    def withdrawn(self) -> frozenset[int]:
        """The draft items this version's items were copied from that have been withdrawn
        since: their pages are for staff only (one query, when a page asks)."""
        if self.version is None:
            return frozenset()  # the draft leaves withdrawn items out
        if self.withdrawn_refs is not None:
            return self.withdrawn_refs
        return frozenset(db.session.scalars(select(Item.id).join(
            VersionItem, VersionItem.item_id == Item.id).where(
            VersionItem.version_id == self.version.id, Item.withdrawn_at.is_not(None))))

    def count(self, item) -> int:
        if isinstance(item, VersionItem):
            return item.source_count
        return self.counts.get(item.id, 0)

    def themes(self, item) -> list[str]:
        if isinstance(item, VersionItem):
            return item.theme_names
        return [t.name for t in item.themes]

    @property
    def fields(self) -> list[TopicSection]:
        return [s for s in self.sections if s.topic.kind == "field"]

    @property
    def crosscutting(self) -> list[TopicSection]:
        return [s for s in self.sections if s.topic.kind == "crosscutting"]


def version_document(version: Version) -> ConceptDocument:
    """A frozen version as a document: three queries, whatever its size. Whether the draft
    items they copy have been withdrawn since comes with the items."""
    concept = db.session.get(Concept, version.concept_id)
    rows = db.session.execute(
        select(VersionItem, Item.withdrawn_at.is_not(None))
        .outerjoin(Item, Item.id == VersionItem.item_id)
        .where(VersionItem.version_id == version.id)
        .order_by(VersionItem.position, VersionItem.id)).all()
    items = [item for item, _withdrawn in rows]
    withdrawn = frozenset(item.item_id for item, gone in rows if gone)
    by_topic = defaultdict(list)
    for item in items:
        by_topic[item.topic_id].append(item)
    sections = [TopicSection(t, arrange(by_topic[t.topic_id], key=attrgetter("item_id")))
                for t in version.topics]
    return ConceptDocument(concept, version.title or concept.title, version,
                           list(version.chapters), sections, withdrawn_refs=withdrawn)


def draft_document(concept: Concept) -> ConceptDocument:
    """The current draft as a document (what freezing would capture now)."""
    topics = list(concept.topics)
    items = items_of([t.id for t in topics])
    by_topic = defaultdict(list)
    for item in items:
        by_topic[item.topic_id].append(item)
    sections = [TopicSection(t, arrange(by_topic[t.id])) for t in topics]
    return ConceptDocument(concept, concept.title, None, list(concept.chapters), sections,
                           counts=link_counts([i.id for i in items]) if items else {})

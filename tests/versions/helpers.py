"""Helpers of the versions tests: what a concept document reads like, audit entries, rows."""

from sqlalchemy import select

from app.core.audit import AuditEntry
from app.extensions import db
from app.versions.models import VersionItem


def document_text(document) -> dict:
    """Everything a reader sees of a concept document (a version or the draft), with the
    draft item ids it refers to, so that two documents can be compared for equality."""

    def item(i):
        return (document.item_ref(i), i.kind, i.parent_id, i.text, i.text_html, i.responsible,
                i.partners, i.timeframe, i.example_by, i.example_where, i.example_link,
                document.themes(i), document.count(i))

    def ref(i):
        return document.item_ref(i)

    return {
        "title": document.title,
        "chapters": [(c.slug, c.title, c.body, c.body_html) for c in document.chapters],
        "sections": [
            {"topic": (s.topic.slug, s.topic.name, s.topic.kind, s.topic.description_html),
             "items": [item(i) for i in s.draft.items],
             "main_goals": [ref(i) for i in s.draft.main_goals],
             "sub_goals": [(ref(sub.item), [ref(m) for m in sub.measures])
                           for sub in s.draft.sub_goals],
             "unplaced": [ref(i) for i in s.draft.unplaced_measures],
             "ideas": [ref(i) for i in s.draft.municipal_ideas],
             "best": [ref(i) for i in s.draft.best_practices]}
            for s in document.sections],
    }


def audit_entries(action: str) -> list[AuditEntry]:
    return list(db.session.scalars(select(AuditEntry).where(AuditEntry.action == action)
                                   .order_by(AuditEntry.id)))


def version_items(version) -> list[VersionItem]:
    """A version's items in their stored order."""
    return list(db.session.scalars(select(VersionItem).where(
        VersionItem.version_id == version.id).order_by(VersionItem.position)))

"""What the data download shows of a person's contributions and remarks: with their earlier
texts and the items of the draft they went into, which the workbench links (a hook of
app/accounts/privacy.py)."""

from collections import defaultdict

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from app.accounts import privacy
from app.accounts.models import User
from app.concepts.models import Item
from app.contributions.models import Contribution, ContributionRevision
from app.contributions.privacy import CONTRIBUTION_VALUES
from app.extensions import db
from app.workbench.models import ItemLink

iso = privacy.iso


def _contributions_of(user: User, *, remarks: bool) -> list[dict]:
    """The user's contributions (or remarks on draft items) with their earlier texts and the
    items they went into: three queries (plus one for the themes), however many there are."""
    own = (Contribution.author_id == user.id) & (
        Contribution.item_id.is_not(None) if remarks else Contribution.item_id.is_(None))
    contributions = db.session.scalars(
        select(Contribution).where(own)
        .options(joinedload(Contribution.round), joinedload(Contribution.topic),
                 joinedload(Contribution.organisation), selectinload(Contribution.themes),
                 selectinload(Contribution.item))
        .order_by(Contribution.id)).all()
    own_ids = select(Contribution.id).where(own).scalar_subquery()
    revisions = defaultdict(list)
    for revision in db.session.scalars(
            select(ContributionRevision).where(ContributionRevision.contribution_id.in_(own_ids))
            .order_by(ContributionRevision.id)):
        revisions[revision.contribution_id].append({
            "title": revision.title, "body": revision.body, "edited_at": iso(revision.edited_at),
            "edited_by_you": revision.edited_by_id == user.id, "note": revision.note})
    links = defaultdict(list)
    for link_row in db.session.execute(
            select(ItemLink.contribution_id, ItemLink.note, ItemLink.created_at,
                   ItemLink.removed_at, Item)
            .join(Item, Item.id == ItemLink.item_id)
            .where(ItemLink.contribution_id.in_(own_ids))
            .options(joinedload(Item.topic)).order_by(ItemLink.id)):
        contribution_id, note, linked_at, removed_at, item = link_row
        links[contribution_id].append({
            "item": item.label, "topic": item.topic.name, "note": note,
            "linked_at": iso(linked_at), "removed_at": iso(removed_at),
            "item_withdrawn": item.is_withdrawn})
    return [{
        "reference": c.reference, "id": c.id, "round": c.round.title, "topic": c.topic.name,
        "kind": c.kind,
        **({"about_item": c.item.label if c.item else None} if remarks else {}),
        "title": c.title, "body": c.body, "language": c.language,
        "group": c.participant_group, "page_language": c.ui_language,
        "themes": [t.name for t in c.themes],
        "organisation": c.organisation.name if c.organisation else None,
        "source": c.source, "status": c.status, "hidden_reason": c.hidden_reason,
        "hidden_at": iso(c.hidden_at), "outcome": c.outcome,
        "outcome_reason": c.outcome_reason, "forwarded_to": c.forwarded_to,
        "outcome_at": iso(c.outcome_at), "duplicate_of": privacy.reference(c.duplicate_of_id),
        "created_at": iso(c.created_at), "updated_at": iso(c.updated_at),
        "revisions": revisions[c.id], "items": links[c.id],
    } for c in contributions]


@privacy.section("contributions", _l("Beiträge"), values=CONTRIBUTION_VALUES,
                 note=_l("Mit früheren Fassungen des Textes, dem Ergebnis der Auswertung und "
                         "den Zielen und Maßnahmen, in die ein Beitrag eingeflossen ist."))
def _contributions(user: User) -> list[dict]:
    return _contributions_of(user, remarks=False)


@privacy.section("remarks", _l("Anmerkungen zu Entwurfselementen"), values=CONTRIBUTION_VALUES,
                 note=_l("Anmerkungen aus Netzwerkrunden zu einem Ziel oder einer Maßnahme "
                         "eines Entwurfs."))
def _remarks(user: User) -> list[dict]:
    return _contributions_of(user, remarks=True)

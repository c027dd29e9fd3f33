"""Use cases of consolidation: link contributions to items, mark duplicates, give every
contribution an outcome, and measure how far a topic or round is. They flush, never commit.

Consolidating never changes what a participant wrote: text, author, supports and comments of a
contribution stay as they are; only its outcome, its links and `duplicate_of_id` change.
"""

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import case, func, or_, select

from app.concepts.models import Item, Topic
from app.contributions.models import OUTCOMES, Contribution, contribution_themes
from app.contributions.queries import (
    comment_count_column,
    contribution_list_loads,
    support_count_column,
)
from app.contributions.services import register_items_fed_by
from app.core import audit
from app.core.actions import Refusal
from app.core.hooks import Hook
from app.core.permissions import visible_contributions
from app.core.search import matching
from app.core.time import utcnow
from app.extensions import db
from app.notifications.services import notify
from app.similarity import services as similarity
from app.workbench.models import ItemLink

# Contributions that need an outcome: public and neither hidden by moderation nor withdrawn.
audit.describe_actions({
    "item.created": _l("Element angelegt"),
    "item.updated": _l("Element geändert"),
    "item.withdrawn": _l("Element zurückgezogen"),
    "item.restored": _l("Element wiederhergestellt"),
    "item.moved": _l("Element verschoben"),
    "item_link.added": _l("Beitrag verknüpft"),
    "item_link.removed": _l("Verknüpfung gelöst"),
    "contribution.outcome": _l("Ergebnis gesetzt"),
    "contribution.duplicate": _l("Dublette markiert"),
})

PROCESSED_STATUSES = ("published",)
REASONED_OUTCOMES = ("not_taken_up", "forwarded")
MAX_REASON = 2000


class WorkbenchError(Refusal):
    """A consolidation action refused; the message is shown to the user."""


# --- reading ----------------------------------------------------------------------------------

def active_links(*, item_ids=None, contribution_ids=None) -> list[ItemLink]:
    """Links that count: not removed, and their item not withdrawn (one query)."""
    query = (select(ItemLink).join(Item, ItemLink.item_id == Item.id)
             .where(ItemLink.removed_at.is_(None), Item.withdrawn_at.is_(None))
             .order_by(ItemLink.id))
    if item_ids is not None:
        query = query.where(ItemLink.item_id.in_(list(item_ids)))
    if contribution_ids is not None:
        query = query.where(ItemLink.contribution_id.in_(list(contribution_ids)))
    return list(db.session.scalars(query))


def link_counts(item_ids) -> dict[int, int]:
    """item id -> number of contributions it is based on (active links)."""
    rows = db.session.execute(
        select(ItemLink.item_id, func.count(ItemLink.id))
        .where(ItemLink.item_id.in_(list(item_ids)), ItemLink.removed_at.is_(None))
        .group_by(ItemLink.item_id)).all()
    return dict(rows)


def items_by_contribution(contributions) -> dict[int, list[Item]]:
    """contribution id -> the items it fed, directly or as the duplicate of one that did."""
    contributions = list(contributions)
    source = {c.id: (c.duplicate_of_id if c.outcome == "duplicate" and c.duplicate_of_id
                     else c.id) for c in contributions}
    ids = set(source.values()) | set(source)
    links = db.session.execute(
        select(ItemLink.contribution_id, Item).join(Item, ItemLink.item_id == Item.id)
        .where(ItemLink.contribution_id.in_(ids), ItemLink.removed_at.is_(None),
               Item.withdrawn_at.is_(None))
        .order_by(Item.topic_id, Item.position, Item.id)).all()
    direct: dict[int, list[Item]] = defaultdict(list)
    for contribution_id, item in links:
        direct[contribution_id].append(item)
    found = {}
    for contribution in contributions:
        items = list(direct.get(contribution.id, []))
        for item in direct.get(source[contribution.id], []):
            if item not in items:
                items.append(item)
        found[contribution.id] = items
    return found


def item_sources(item: Item, *, user) -> list[Contribution]:
    """The contributions an item is based on (duplicates of them included) that `user` may
    see, oldest first. Hidden ones are listed (as placeholders) only."""
    direct = select(ItemLink.contribution_id).where(ItemLink.item_id == item.id,
                                                    ItemLink.removed_at.is_(None))
    query = (select(Contribution)
             .where(or_(Contribution.id.in_(direct),
                        (Contribution.duplicate_of_id.in_(direct))
                        & (Contribution.outcome == "duplicate")))
             .options(*contribution_list_loads())
             .where(visible_contributions(user, Contribution))
             .order_by(Contribution.created_at, Contribution.id))
    return list(db.session.scalars(query))


# --- progress ---------------------------------------------------------------------------------

@dataclass
class Progress:
    total: int = 0
    by_outcome: dict = field(default_factory=dict)

    @property
    def processed(self) -> int:
        return self.total - self.by_outcome.get("pending", 0)

    @property
    def pending(self) -> int:
        return self.by_outcome.get("pending", 0)

    @property
    def percent(self) -> int:
        return round(100 * self.processed / self.total) if self.total else 100

    @property
    def done(self) -> bool:
        return self.total > 0 and self.pending == 0


def progress_by(column, *where) -> dict:
    """Progress per value of `column` (e.g. Contribution.topic_id), one grouped query."""
    rows = db.session.execute(
        select(column, Contribution.outcome, func.count(Contribution.id))
        .where(Contribution.status.in_(PROCESSED_STATUSES), *where)
        .group_by(column, Contribution.outcome)).all()
    found: dict = defaultdict(Progress)
    for key, outcome, count in rows:
        found[key].total += count
        found[key].by_outcome[outcome] = count
    return found


# --- the workbench list -----------------------------------------------------------------------

WORKBENCH_SORTS = ("oldest", "newest", "supported", "discussed")


@dataclass
class Row:
    contribution: Contribution
    supports: int
    comments: int


def workbench_rows(topic: Topic, filters: dict, *, page: int, per_page: int):
    """The contributions filed under `topic`, filtered; returns (rows, total)."""
    where = [Contribution.topic_id == topic.id,
             Contribution.status.in_(("published", "pending"))]
    if filters.get("round"):
        where.append(Contribution.round_id == filters["round"])
    if filters.get("event"):
        where.append(Contribution.event_id == filters["event"])
    if filters.get("station"):
        where.append(Contribution.station_id == filters["station"])
    if filters.get("kind"):
        where.append(Contribution.kind == filters["kind"])
    if filters.get("theme"):
        where.append(Contribution.id.in_(
            select(contribution_themes.c.contribution_id)
            .where(contribution_themes.c.topic_id == filters["theme"])))
    if filters.get("outcome"):
        where.append(Contribution.outcome == filters["outcome"])
    if filters.get("q"):
        where.append(matching(Contribution, filters["q"]))
    supports = support_count_column().label("supports")
    comments = comment_count_column().label("comments")
    order = {"oldest": [Contribution.created_at, Contribution.id],
             "newest": [Contribution.created_at.desc(), Contribution.id.desc()],
             "supported": [supports.desc(), Contribution.id],
             "discussed": [comments.desc(), Contribution.id]}[filters.get("sort") or "oldest"]
    query = (select(Contribution, supports, comments).where(*where)
             .options(*contribution_list_loads(themes=False))
             .order_by(*order).limit(per_page).offset((page - 1) * per_page))
    rows = [Row(c, s or 0, n or 0) for c, s, n in db.session.execute(query).unique().all()]
    total = db.session.scalar(select(func.count(Contribution.id)).where(*where)) or 0
    return rows, total


# --- proposed groups of similar contributions -------------------------------------------------

GROUP_ROWS_IN_FULL = 10  # of a group's members (and of its possible ones), shown with their text


@dataclass(frozen=True)
class CardTitle:
    """A member of a large group beyond the first GROUP_ROWS_IN_FULL: shown by reference and
    title only (a moderator reads a group of hundreds by its first cards)."""

    id: int
    title: str
    language: str

    @property
    def reference(self) -> str:
        return f"B-{self.id:04d}"


@dataclass
class ProposedGroups:
    groups: list[similarity.ContributionGroup]  # those of the page
    total: int  # groups on all pages
    page: int  # the page shown (the last one if a later one was asked for)
    pending: int  # unprocessed contributions of the topic


def proposed_groups(topic: Topic, *, page: int, per_page: int) -> ProposedGroups:
    """One page of the groups of similar contributions among the topic's unprocessed ones (see
    similarity.clusters). The first GROUP_ROWS_IN_FULL members and possible members of each
    group on the page come as contributions with what a list row shows (one query), the rest
    as CardTitle: the page costs about as much with 2,000 unprocessed contributions as with a
    few dozen."""
    pending = db.session.execute(
        select(Contribution.id, Contribution.title, Contribution.body, Contribution.language)
        .where(Contribution.topic_id == topic.id, Contribution.status == "published",
               Contribution.outcome == "pending")
        .order_by(Contribution.id)).all()
    groups = similarity.clusters(pending)
    # A group confirmed on the last page may leave that page empty: show the one before.
    page = max(1, min(page, -(-len(groups) // per_page)))
    shown = groups[(page - 1) * per_page:page * per_page]
    in_full = {row.id for group in shown
               for row in group.members[:GROUP_ROWS_IN_FULL] + group.possible[:GROUP_ROWS_IN_FULL]}
    loaded = {c.id: c for c in db.session.scalars(
        select(Contribution).where(Contribution.id.in_(in_full))
        .options(*contribution_list_loads()))} if in_full else {}

    def rows(cards):
        return ([loaded[card.id] for card in cards[:GROUP_ROWS_IN_FULL]]
                + [CardTitle(card.id, card.title, card.language)
                   for card in cards[GROUP_ROWS_IN_FULL:]])

    return ProposedGroups([replace(group, members=rows(group.members),
                                   possible=rows(group.possible)) for group in shown],
                          len(groups), page, len(pending))


# --- acting -----------------------------------------------------------------------------------

def _record(action: str, contribution: Contribution, actor, **values) -> None:
    audit.record(action, contribution, actor=actor, summary=contribution.reference,
                 topic_id=contribution.topic_id, **values)


def _set_outcome(contribution: Contribution, outcome: str, actor, *, reason: str = "",
                 forwarded_to: str = "") -> bool:
    """Set the outcome fields; tell the author when the outcome changed. True if changed."""
    before = (contribution.outcome, contribution.outcome_reason, contribution.forwarded_to)
    contribution.outcome = outcome
    contribution.outcome_reason = reason
    contribution.forwarded_to = forwarded_to
    if before == (outcome, reason, forwarded_to):
        return False
    contribution.outcome_at = utcnow()
    contribution.outcome_by_id = getattr(actor, "id", None)
    _record("contribution.outcome", contribution, actor,
            before={"outcome": before[0], "reason": before[1], "forwarded_to": before[2]},
            after={"outcome": outcome, "reason": reason, "forwarded_to": forwarded_to})
    if before[0] != outcome and contribution.author is not None:
        notify(contribution.author, "outcome",
               target=("contributions.show", {"contribution_id": contribution.id,
                                              "_anchor": "outcome-title"}),
               title=contribution.title, outcome=outcome)
    return True


def _processable(contributions) -> list[Contribution]:
    contributions = list(contributions)
    if not contributions:
        raise WorkbenchError(_("Bitte wählen Sie mindestens einen Beitrag aus."))
    refused = [c.reference for c in contributions if c.status not in ("published", "pending")]
    if refused:
        raise WorkbenchError(_("Ausgeblendete oder zurückgezogene Beiträge können nicht "
                               "bearbeitet werden: %(refs)s", refs=", ".join(refused)))
    return contributions


def link_contributions(contributions, item: Item, *, note: str = "", actor) -> int:
    """Link each contribution to `item` (again, if a link was removed); they count as
    incorporated from now on. Returns the number of new links."""
    contributions = _processable(contributions)
    if item.is_withdrawn:
        raise WorkbenchError(_("Dieses Element ist zurückgezogen."))
    note = (note or "").strip()[:MAX_REASON]
    existing = {link.contribution_id: link for link in db.session.scalars(
        select(ItemLink).where(ItemLink.item_id == item.id,
                               ItemLink.contribution_id.in_([c.id for c in contributions])))}
    added = 0
    for contribution in contributions:
        link = existing.get(contribution.id)
        if link is not None and link.removed_at is None:
            if note and link.note != note:
                link.note = note
            continue
        if link is None:
            link = ItemLink(item_id=item.id, contribution_id=contribution.id, note=note,
                            created_by_id=getattr(actor, "id", None))
            db.session.add(link)
        else:
            link.removed_at, link.removed_by_id, link.note = None, None, note
            link.created_at, link.created_by_id = utcnow(), getattr(actor, "id", None)
        added += 1
        _record("item_link.added", contribution, actor,
                after={"item": item.id, "item_label": item.label, "note": note})
        _set_outcome(contribution, "incorporated", actor)
    db.session.flush()
    return added


def unlink(link: ItemLink, *, actor) -> None:
    """Remove a link (kept as history). A contribution with no link left is pending again."""
    if link.removed_at is not None:
        return
    link.removed_at = utcnow()
    link.removed_by_id = getattr(actor, "id", None)
    db.session.flush()
    contribution = link.contribution
    _record("item_link.removed", contribution, actor,
            before={"item": link.item_id, "item_label": link.item.label, "note": link.note})
    if contribution.outcome == "incorporated" and not active_links(
            contribution_ids=[contribution.id]):
        _set_outcome(contribution, "pending", actor)


def mark_duplicates(contributions, original: Contribution, *, actor) -> int:
    """Mark contributions as duplicates of `original`: they keep their own text, author and
    supports, and count as incorporated wherever the original is."""
    contributions = _processable(contributions)
    while original.outcome == "duplicate" and original.duplicate_of_id:
        original = db.session.get(Contribution, original.duplicate_of_id)
    if original.status not in ("published", "pending"):
        raise WorkbenchError(_("%(ref)s ist ausgeblendet oder zurückgezogen und kann kein "
                               "Original sein.", ref=original.reference))
    # Contributions that were duplicates of the marked ones will point to the original.
    followers = list(db.session.scalars(select(Contribution).where(
        Contribution.duplicate_of_id.in_([c.id for c in contributions]),
        Contribution.outcome == "duplicate")))
    marked = 0
    for contribution in contributions:
        if contribution.id == original.id:
            continue
        before = contribution.duplicate_of_id
        contribution.duplicate_of_id = original.id
        if before != original.id:
            _record("contribution.duplicate", contribution, actor,
                    before={"duplicate_of": before}, after={"duplicate_of": original.id})
        _set_outcome(contribution, "duplicate", actor)
        marked += 1
    for follower in followers:
        if follower.id != original.id:
            follower.duplicate_of_id = original.id
    if marked == 0:
        raise WorkbenchError(_("Ein Beitrag kann keine Dublette von sich selbst sein."))
    db.session.flush()
    return marked


def decide(contributions, outcome: str, *, reason: str, forwarded_to: str = "", actor) -> int:
    """Not taken up or forwarded (to a named body), with a reason the author will read."""
    if outcome not in REASONED_OUTCOMES:
        raise WorkbenchError(_("Unbekanntes Ergebnis."))
    contributions = _processable(contributions)
    reason = (reason or "").strip()
    forwarded_to = (forwarded_to or "").strip()[:200]
    if not reason:
        raise WorkbenchError(_("Bitte geben Sie einen Grund an oder wählen Sie eine Vorlage."))
    if len(reason) > MAX_REASON:
        raise WorkbenchError(_("Der Grund ist zu lang (höchstens %(max)d Zeichen).",
                               max=MAX_REASON))
    if outcome == "forwarded" and not forwarded_to:
        raise WorkbenchError(_("Bitte nennen Sie, wohin der Beitrag weitergeleitet wird."))
    linked = {link.contribution_id for link in
              active_links(contribution_ids=[c.id for c in contributions])}
    if linked:
        refs = ", ".join(c.reference for c in contributions if c.id in linked)
        raise WorkbenchError(_("Diese Beiträge sind schon in Elemente eingeflossen; lösen Sie "
                               "zuerst die Verknüpfung: %(refs)s", refs=refs))
    for contribution in contributions:
        _set_outcome(contribution, outcome, actor, reason=reason,
                     forwarded_to=forwarded_to if outcome == "forwarded" else "")
    db.session.flush()
    return len(contributions)


def reopen(contributions, *, actor) -> int:
    """Back to "not yet processed" (undo of a duplicate, not-taken-up or forwarded mark)."""
    contributions = _processable(contributions)
    linked = {link.contribution_id for link in
              active_links(contribution_ids=[c.id for c in contributions])}
    changed = 0
    for contribution in contributions:
        if contribution.id in linked:
            continue
        if contribution.outcome == "duplicate":
            _record("contribution.duplicate", contribution, actor,
                    before={"duplicate_of": contribution.duplicate_of_id},
                    after={"duplicate_of": None})
            contribution.duplicate_of_id = None
        changed += _set_outcome(contribution, "pending", actor)
    db.session.flush()
    return changed


def release_withdrawn_item(item: Item, *, actor) -> int:
    """After an item was withdrawn: contributions that fed only this item are pending again
    (their links stay as history)."""
    ids = [link.contribution_id for link in db.session.scalars(
        select(ItemLink).where(ItemLink.item_id == item.id, ItemLink.removed_at.is_(None)))]
    still_linked = {link.contribution_id for link in active_links(contribution_ids=ids)}
    released = 0
    for contribution in db.session.scalars(select(Contribution).where(Contribution.id.in_(ids))):
        if contribution.id not in still_linked and contribution.outcome == "incorporated":
            _set_outcome(contribution, "pending", actor)
            released += 1
    return released


def outcome_counts(contribution_ids) -> dict[str, int]:
    rows = db.session.execute(
        select(Contribution.outcome, func.count(Contribution.id))
        .where(Contribution.id.in_(list(contribution_ids)))
        .group_by(Contribution.outcome)).all()
    return {outcome: count for outcome, count in rows if outcome in OUTCOMES}


def pending_first():
    """An ORDER BY that puts unprocessed contributions first."""
    return case((Contribution.outcome == "pending", 0), else_=1)



# --- remarks on items --------------------------------------------------------------------------
# The steering group's and partners' remarks on an item belong to versions, which sit above the
# workbench; they register how to find them (app/versions/services.py) for the workbench and
# the item page.

_item_remarks = Hook("app.versions", "the remarks on items")


def register_item_remarks(find: Callable) -> None:
    """`find(item_ids)` -> {item id: its remarks}."""
    _item_remarks.register(find)


def item_remarks(item_ids) -> dict:
    """Draft item id -> the remarks on it (from reviews and network rounds)."""
    return _item_remarks(item_ids)


register_items_fed_by(items_by_contribution)

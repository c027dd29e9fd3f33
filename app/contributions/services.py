"""Use cases of contributions: contribute, edit (keeping revisions), withdraw, comment, support,
flag. They flush but never commit; the caller commits once."""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select, update
from sqlalchemy.orm import joinedload

from app.accounts.models import GROUPS, LANGUAGE_CHOICES, Organisation, User
from app.concepts.models import Topic
from app.contributions.models import (
    CONTRIBUTION_KINDS,
    LANGUAGES,
    MAX_TEXT,
    OUTCOMES,
    STATUSES,
    Comment,
    Contribution,
    ContributionRevision,
    Flag,
    Support,
)
from app.contributions.queries import contribution_list_loads
from app.core import audit
from app.core.actions import Refusal, StaleEdit
from app.core.hooks import Hook
from app.core.permissions import can
from app.core.sanitize import render_markdown
from app.core.time import utcnow
from app.extensions import db
from app.notifications.services import notify, register_coded_param
from app.rounds.models import Round, round_topics
from app.rounds.queries import audience_loads

DOUBLE_SUBMIT_WINDOW = timedelta(minutes=2)
MAX_TITLE = 200
MAX_COMMENT = 2000
MAX_FLAG_REASON = 1000

STALE_CONTRIBUTION = _l("Jemand anderes hat diesen Beitrag inzwischen geändert. Ihr Text ist unten "
                   "noch da; bitte vergleichen Sie ihn mit der aktuellen Fassung und speichern "
                   "Sie dann noch einmal.")

# "Your contribution was <outcome>": the outcome is stored as its code.
register_coded_param("outcome", "outcome", OUTCOMES)

# How the audit log names contributions, comments and their fields.
audit.describe(
    Contribution.__tablename__, label=_l("Beitrag"), reference=lambda id_: f"B-{id_:04d}",
    fields={"outcome": _l("Ergebnis"), "reason": _l("Begründung"),
            "forwarded_to": _l("Weitergeleitet an"), "hidden_reason": _l("Grund"),
            "item_label": _l("Element"), "duplicate_of": _l("Gleiche Idee wie"),
            "captured_by": _l("Erfasst von"), "credited_name": _l("Name auf der Karte"),
            "credited_organisation": _l("Organisation auf der Karte"),
            "credited_group": _l("Gruppe"), "event": _l("Veranstaltung"),
            "station": _l("Thementisch"), "flags_actioned": _l("Erledigte Meldungen"),
            "language": _l("Sprache"), "kind": _l("Art des Beitrags")},
    values={"outcome": OUTCOMES, "status": STATUSES, "kind": CONTRIBUTION_KINDS,
            "language": LANGUAGES, "credited_group": GROUPS},
    references={"duplicate_of": Contribution.__tablename__, "captured_by": "users",
                "event": "events", "item": "items"},
    hidden={"item"})  # item_label says it
audit.describe(Comment.__tablename__, label=_l("Kommentar"),
               fields={"hidden_reason": _l("Grund"),
                       "flags_actioned": _l("Erledigte Meldungen")},
               values={"status": STATUSES})
audit.describe("users", label=_l("Konto"))
audit.describe_actions({"contribution.created": _l("Beitrag eingereicht"),
                        "contribution.edited": _l("Beitrag bearbeitet"),
                        "contribution.withdrawn": _l("Beitrag zurückgezogen"),
                        "content.flagged": _l("Inhalt gemeldet")})


class ContributionError(Refusal):
    """A use case refused; the message is shown to the user."""


class StaleContribution(StaleEdit, ContributionError):
    """Someone else saved the contribution since the edit form was opened."""

    def __init__(self):
        super().__init__(STALE_CONTRIBUTION)


def _target(contribution: Contribution, anchor: str | None = None) -> tuple[str, dict]:
    """A contribution's page as a route and its parameters (as notifications store them)."""
    args = {"contribution_id": contribution.id}
    if anchor:
        args["_anchor"] = anchor
    return ("contributions.show", args)


def _clean(text: str | None, max_length: int, *, label: str) -> str:
    """Trimmed text; refuses empty, whitespace-only and over-long input (counted trimmed)."""
    value = (text or "").strip()
    if not value:
        raise ContributionError(_("Bitte füllen Sie das Feld „%(label)s“ aus.", label=label))
    if len(value) > max_length:
        raise ContributionError(_("„%(label)s“ darf höchstens %(max)d Zeichen lang sein "
                                  "(jetzt: %(n)d).", label=label, max=max_length, n=len(value)))
    return value


# --- who may submit on behalf of what ---------------------------------------------------------

def on_behalf_organisations(user) -> list[Organisation]:
    """Verified organisations for which `user` is an active representative."""
    if not user or not user.is_authenticated:
        return []
    organisations = [m.organisation for m in user.memberships if m.is_active]
    return sorted((o for o in organisations if can("contribution.on_behalf", o, user=user)),
                  key=lambda o: o.name.lower())


def theme_choices(round_: Round) -> list[Topic]:
    """The cross-cutting themes a contribution of this round can also concern."""
    return [t for t in round_.concept.topics if t.kind == "crosscutting"]


def open_rounds_for(topic: Topic, user=None, *, checked_rounds=None) -> list[Round]:
    """Open rounds that cover `topic` and that the user may see, soonest closing first.
    `checked_rounds`: the concept's invited-only rounds with their audiences, if the page has
    read them already (the topic page's listing, `Listing.invited_rounds`): the open rounds
    are then read without their audiences and an invited-only one is checked as read there."""
    now = utcnow()
    query = (select(Round).join(round_topics, round_topics.c.round_id == Round.id)
             .where(round_topics.c.topic_id == topic.id, Round.opens_at <= now,
                    Round.closes_at > now)
             .order_by(Round.closes_at, Round.id))
    if checked_rounds is None:
        rounds = db.session.scalars(query.options(*audience_loads())).all()
    else:
        checked = {r.id: r for r in checked_rounds}
        rounds = [checked.get(r.id, r) for r in db.session.scalars(query)]
    return [r for r in rounds if r.is_open and can("round.view", r, user=user)]


# --- contribute -------------------------------------------------------------------------------

def taking_part(user: User, ui_language: str | None = None) -> dict:
    """What a contribution, comment or support keeps about the person for the participation
    report: their group and the language of the pages they used, as they are at this moment
    (a later change of the profile does not rewrite who took part)."""
    language = ui_language if ui_language in LANGUAGE_CHOICES else user.language
    return {"participant_group": user.group or None,
            "ui_language": language if language in LANGUAGE_CHOICES else None}


def create_contribution(round_: Round, *, author: User, kind: str, topic: Topic,
                        title: str, body: str, language: str = "de", themes=(),
                        organisation: Organisation | None = None,
                        source: str = "online", item=None,
                        ui_language: str | None = None) -> tuple[Contribution, bool]:
    """Add a contribution to an open round. Returns (contribution, created): a repeated
    identical submission within two minutes returns the first one with created=False.
    `ui_language`: the language of the pages the author used (else their profile's)."""
    if not can("contribution.create", round_, user=author):
        raise ContributionError(_("In dieser Beteiligungsrunde können Sie keinen Beitrag "
                                  "einreichen."))
    if kind not in round_.accepted_kinds or kind not in CONTRIBUTION_KINDS:
        raise ContributionError(_("Diese Art von Beitrag nimmt die Runde nicht an."))
    if topic not in round_.topics:
        raise ContributionError(_("Dieses Thema gehört nicht zur Beteiligungsrunde."))
    if kind == "remark" and round_.version_id is not None:
        # A remark in a round on a version concerns one item of that version.
        if item is None or not _in_version(item, round_.version_id) or item.topic_id != topic.id:
            raise ContributionError(_("Bitte wählen Sie das Ziel oder die Maßnahme, auf die "
                                      "sich Ihre Anmerkung bezieht."))
    else:
        item = None  # only remarks in a round on a version name an item
    allowed_themes = theme_choices(round_)
    themes = [t for t in themes if t in allowed_themes and t.id != topic.id]
    if organisation is not None and not can("contribution.on_behalf", organisation, user=author):
        raise ContributionError(_("Sie können nicht im Namen dieser Organisation einreichen."))
    title = _clean(title, MAX_TITLE, label=_("Titel"))
    body = _clean(body, MAX_TEXT, label=_("Text"))
    language = language if language in LANGUAGES else "de"

    earlier = db.session.scalar(
        select(Contribution).where(
            Contribution.round_id == round_.id, Contribution.author_id == author.id,
            Contribution.title == title, Contribution.body == body,
            Contribution.created_at >= utcnow() - DOUBLE_SUBMIT_WINDOW,
        ).order_by(Contribution.id).limit(1))
    if earlier is not None:
        return earlier, False

    contribution = Contribution(
        round=round_, topic=topic, kind=kind, title=title, body=body,
        body_html=render_markdown(body), language=language, author=author,
        organisation=organisation, source=source, item=item,
        status="published" if round_.publish_immediately else "pending",
        themes=themes, **taking_part(author, ui_language),
    )
    db.session.add(contribution)
    db.session.flush()
    audit.record("contribution.created", contribution, actor=author,
                 summary=f"{contribution.reference} {title}",
                 after={"status": contribution.status, "kind": kind, "topic": topic.slug,
                        "organisation": organisation.name if organisation else None})
    text_written(contribution)
    return contribution, True


# --- what modules above derive from the text -----------------------------------------------------
# Similarity keeps a sentence vector per contribution; it sits above this module, so it registers
# a listener that runs (inside the same transaction) whenever a contribution's text is written.

_text_listeners: list[Callable[[Contribution], None]] = []


def register_text_listener(listener: Callable[[Contribution], None]) -> None:
    if listener not in _text_listeners:
        _text_listeners.append(listener)


def text_written(contribution: Contribution) -> None:
    """Tell the registered listeners that the contribution's title or text was written (after
    the flush). Use cases that create or edit a contribution's text call it."""
    for listener in _text_listeners:
        listener(contribution)


# --- remarks on the items of a version ----------------------------------------------------------
# A remark in a round on a frozen version names one of its items. Versions own remarks and sit
# above contributions, so they register how to find those items (app/versions/services.py)
# instead of being imported from here.

@dataclass
class RemarkTargets:
    items: Callable  # (round_) -> {str(item id): draft item} of the round's version and topics
    in_version: Callable  # (item, version_id) -> whether the version holds a copy of the item


_remark_items = Hook("app.versions", "the targets of remarks")
_in_version = Hook("app.versions", "the targets of remarks")


def register_remark_targets(targets: RemarkTargets) -> None:
    _remark_items.register(targets.items)
    _in_version.register(targets.in_version)


def remark_items(round_: Round) -> dict:
    """str(item id) -> draft item, for the items of the round's version in its topics (empty
    unless the round is on a version and accepts remarks)."""
    if round_.version_id is None or "remark" not in (round_.accepted_kinds or []):
        return {}
    return _remark_items(round_)


# --- the items a contribution fed -------------------------------------------------------------
# The workbench links contributions to the draft's items and sits above contributions, so it
# registers how to find them (app/workbench/services.py) for the contribution pages.

_items_fed_by = Hook("app.workbench", "the items contributions fed")


def register_items_fed_by(find: Callable) -> None:
    """`find(contributions)` -> {contribution id: the items it fed}."""
    _items_fed_by.register(find)


def items_fed_by(contributions) -> dict:
    """Contribution id -> the items of the draft it fed, directly or as a duplicate."""
    return _items_fed_by(contributions)


# --- edit, history, withdraw ------------------------------------------------------------------

def edit_needs_note(contribution: Contribution, editor: User) -> bool:
    """Staff editing someone else's contribution, or any contribution after its round, say
    why (the note goes to the author and into the history)."""
    return contribution.author_id != editor.id or not contribution.round.is_open


def edit_contribution(contribution: Contribution, *, editor: User, title: str, body: str,
                      note: str = "", lock_version=None) -> bool:
    """Change title and text, keeping the previous text as a revision. Staff editing someone
    else's contribution must give a note; the author is told. Supporters are told.
    Returns False if nothing changed."""
    if not can("contribution.edit", contribution, user=editor):
        raise ContributionError(_("Sie können diesen Beitrag nicht (mehr) bearbeiten."))
    if lock_version not in (None, "") and str(lock_version) != str(contribution.lock_version):
        raise StaleContribution()
    title = _clean(title, MAX_TITLE, label=_("Titel"))
    body = _clean(body, MAX_TEXT, label=_("Text"))
    note = (note or "").strip()
    by_someone_else = contribution.author_id != editor.id
    if edit_needs_note(contribution, editor) and not note:
        raise ContributionError(_("Bitte geben Sie einen Hinweis an, warum Sie den Beitrag "
                                  "ändern. Er erscheint in der Versionsgeschichte."))
    if title == contribution.title and body == contribution.body:
        return False

    before = {"title": contribution.title, "body": contribution.body}
    now = utcnow()
    db.session.add(ContributionRevision(
        contribution=contribution, title=contribution.title, body=contribution.body,
        body_html=contribution.body_html, edited_at=now, edited_by_id=editor.id, note=note))
    contribution.title, contribution.body = title, body
    contribution.body_html = render_markdown(body)
    contribution.updated_at = now
    db.session.flush()
    text_written(contribution)

    target = _target(contribution)
    supporters = db.session.scalars(
        select(User).join(Support, Support.user_id == User.id)
        .where(Support.contribution_id == contribution.id, User.id != editor.id)
        .order_by(User.id)).all()
    for supporter in supporters:
        notify(supporter, "supported_changed", target=target, title=title)
    if by_someone_else and contribution.author is not None:
        notify(contribution.author, "moderation", target=target, variant="edited", title=title,
               reason=note)
    audit.record("contribution.edited", contribution, actor=editor,
                 summary=f"{contribution.reference} {note}".strip(), before=before,
                 after={"title": title, "body": body})
    return True


def revisions_of(contribution: Contribution) -> list[ContributionRevision]:
    """Earlier texts, newest first, with who changed them (one query)."""
    return list(db.session.scalars(
        select(ContributionRevision).where(ContributionRevision.contribution_id == contribution.id)
        .options(joinedload(ContributionRevision.edited_by))
        .order_by(ContributionRevision.id.desc())))


def revision_count(contribution: Contribution) -> int:
    return db.session.scalar(select(func.count(ContributionRevision.id)).where(
        ContributionRevision.contribution_id == contribution.id)) or 0


def withdraw_contribution(contribution: Contribution, *, actor: User) -> None:
    """The author takes a contribution back: it stays visible, marked withdrawn."""
    if not can("contribution.withdraw", contribution, user=actor):
        raise ContributionError(_("Sie können diesen Beitrag nicht zurückziehen."))
    before = contribution.status
    contribution.status = "withdrawn"
    contribution.updated_at = utcnow()
    db.session.flush()
    audit.record("contribution.withdrawn", contribution, actor=actor,
                 summary=contribution.reference, before={"status": before},
                 after={"status": "withdrawn"})


# --- supports ---------------------------------------------------------------------------------

def support_count(contribution: Contribution) -> int:
    return contribution.support_count or 0


def recount(contribution_ids=None) -> None:
    """Count the supports and published comments of the contributions again and keep them on
    their rows: after rows were inserted in bulk with `insert()`, which the flush hook that
    keeps the counters (models.py) does not see (the load generator). `contribution_ids`:
    ids or a select of ids; None recounts all."""
    supports = (select(func.count(Support.id)).where(Support.contribution_id == Contribution.id)
                .scalar_subquery())
    comments = (select(func.count(Comment.id))
                .where(Comment.contribution_id == Contribution.id,
                       Comment.status == "published").scalar_subquery())
    statement = update(Contribution).values(support_count=supports, comment_count=comments)
    if contribution_ids is not None:
        statement = statement.where(Contribution.id.in_(contribution_ids))
    db.session.execute(statement, execution_options={"synchronize_session": False})
    for obj in list(db.session.identity_map.values()):
        if isinstance(obj, Contribution):
            db.session.expire(obj, ["support_count", "comment_count"])


def supports(contribution: Contribution, user) -> bool:
    if not user or not user.is_authenticated:
        return False
    return db.session.scalar(select(Support.id).where(
        Support.contribution_id == contribution.id, Support.user_id == user.id)) is not None


def toggle_support(contribution: Contribution, user: User,
                   ui_language: str | None = None) -> bool:
    """Support a contribution, or take the support back (both only while the round is open).
    Returns True if supported now."""
    if not can("contribution.support", contribution, user=user):
        raise ContributionError(_("Sie können diesen Beitrag nicht (mehr) unterstützen."))
    existing = db.session.scalar(select(Support).where(
        Support.contribution_id == contribution.id, Support.user_id == user.id))
    if existing is not None:
        db.session.delete(existing)
        db.session.flush()
        return False
    db.session.add(Support(contribution_id=contribution.id, user_id=user.id,
                           **taking_part(user, ui_language)))
    db.session.flush()
    return True


# --- comments ---------------------------------------------------------------------------------

@dataclass
class CommentNode:
    comment: Comment
    depth: int
    children: list["CommentNode"] = field(default_factory=list)


def comment_tree(contribution: Contribution) -> tuple[list[CommentNode], int]:
    """All comments of a contribution as a tree of nodes (one query), oldest first, and the
    number of comments."""
    comments = db.session.scalars(
        select(Comment).where(Comment.contribution_id == contribution.id)
        .options(joinedload(Comment.author))
        .order_by(Comment.created_at, Comment.id)).all()
    nodes = {c.id: CommentNode(c, 0) for c in comments}
    roots = []
    for comment in comments:
        node = nodes[comment.id]
        parent = nodes.get(comment.parent_id) if comment.parent_id else None
        if parent is None:
            roots.append(node)
        else:
            parent.children.append(node)
    stack = [(node, 0) for node in roots]
    while stack:
        node, depth = stack.pop()
        node.depth = depth
        stack.extend((child, depth + 1) for child in node.children)
    return roots, len(comments)


def add_comment(contribution: Contribution, *, author: User, body: str,
                parent: Comment | None = None,
                ui_language: str | None = None) -> tuple[Comment, bool]:
    """Comment on a contribution or reply to a comment. Returns (comment, created); the same
    text sent twice within two minutes is stored once. Tells the contribution's author and,
    for a reply, the author of the comment replied to (never the writer)."""
    if not can("contribution.comment", contribution, user=author):
        raise ContributionError(_("Zu diesem Beitrag kann gerade nicht kommentiert werden."))
    if parent is not None and (parent.contribution_id != contribution.id or parent.is_hidden):
        raise ContributionError(_("Auf diesen Kommentar kann nicht geantwortet werden."))
    body = _clean(body, MAX_COMMENT, label=_("Kommentar"))

    earlier = db.session.scalar(
        select(Comment).where(
            Comment.contribution_id == contribution.id, Comment.author_id == author.id,
            Comment.body == body,
            Comment.parent_id.is_(None) if parent is None else Comment.parent_id == parent.id,
            Comment.created_at >= utcnow() - DOUBLE_SUBMIT_WINDOW,
        ).limit(1))
    if earlier is not None:
        return earlier, False

    comment = Comment(contribution_id=contribution.id, parent_id=parent.id if parent else None,
                      author_id=author.id, body=body, body_html=render_markdown(body, "basic"),
                      **taking_part(author, ui_language))
    db.session.add(comment)
    db.session.flush()

    target = _target(contribution, anchor=f"comment-{comment.id}")
    told = {author.id}
    if parent is not None and parent.author is not None and parent.author_id not in told:
        notify(parent.author, "reply", target=target, variant="comment",
               name=author.display_name, title=contribution.title)
        told.add(parent.author_id)
    if contribution.author is not None and contribution.author_id not in told:
        notify(contribution.author, "reply", target=target, variant="contribution",
               name=author.display_name, title=contribution.title)
    return comment, True


# --- flags ------------------------------------------------------------------------------------

def flag_content(*, reporter: User, reason: str, contribution: Contribution | None = None,
                 comment: Comment | None = None) -> tuple[Flag, bool]:
    """Report a contribution or a comment to the moderation. One open report per person and
    item: a second one returns the first with created=False."""
    if not can("content.flag", user=reporter):
        raise ContributionError(_("Bitte bestätigen Sie zuerst Ihre E-Mail-Adresse."))
    if (contribution is None) == (comment is None):
        raise ValueError("flag exactly one of contribution or comment")
    reason = _clean(reason, MAX_FLAG_REASON, label=_("Grund"))
    target = (Flag.contribution_id == contribution.id if contribution is not None
              else Flag.comment_id == comment.id)
    existing = db.session.scalar(select(Flag).where(
        target, Flag.reporter_id == reporter.id, Flag.status == Flag.OPEN).limit(1))
    if existing is not None:
        return existing, False
    flag = Flag(contribution_id=contribution.id if contribution is not None else None,
                comment_id=comment.id if comment is not None else None,
                reporter_id=reporter.id, reason=reason)
    db.session.add(flag)
    db.session.flush()
    audit.record("content.flagged", flag, actor=reporter,
                 summary=(contribution.reference if contribution is not None
                          else f"comment {comment.id}"))
    return flag, True


# --- my contributions -------------------------------------------------------------------------

def contributions_of(user: User):
    """A query of everything `user` submitted (all statuses), newest first."""
    return (select(Contribution).where(Contribution.author_id == user.id)
            .options(*contribution_list_loads())
            .order_by(Contribution.created_at.desc(), Contribution.id.desc()))


# Notes on draft items that a module above adds where a participant sees what became of her
# ideas (implementation: the state of a measure). Each function takes item ids and returns
# {item id: text}; a text may be an ItemNote, which also names the page that tells more.
_item_note_sources: list[Callable] = []


class ItemNote(str):
    """A note's text with the endpoint (and its arguments) of the page it links to."""

    endpoint: str | None
    args: dict

    def __new__(cls, text: str, endpoint: str | None = None, args: dict | None = None):
        note = super().__new__(cls, text)
        note.endpoint, note.args = endpoint, dict(args or {})
        return note


def register_item_notes(source: Callable) -> None:
    if source not in _item_note_sources:
        _item_note_sources.append(source)


def item_notes(item_ids) -> dict[int, list[str]]:
    ids = list(item_ids)
    notes: dict[int, list[str]] = {}
    for source in _item_note_sources:
        for item_id, text in (source(ids) if ids else {}).items():
            notes.setdefault(item_id, []).append(text)
    return notes

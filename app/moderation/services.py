"""Use cases of moderation: approve, hide, restore, edit with a note, dismiss flags, and the
reason templates. They flush but never commit.

Every action is audited (who, before/after), written to the public moderation log
(ModerationDecision: reason text, no personal data) and told to the author with the reason.
Nothing is ever deleted: hiding is a state, restoring clears it, the log keeps the history.
"""

from dataclasses import dataclass, field
from datetime import datetime

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.orm import defaultload, joinedload

from app.concepts.services import move
from app.contributions import services as contributions
from app.contributions.models import Comment, Contribution, Flag
from app.contributions.queries import contribution_list_loads
from app.core import actions, audit
from app.core import translations as content_translations
from app.core.inputs import parse_int
from app.core.labels import Labels
from app.core.time import utcnow
from app.extensions import db
from app.moderation.models import ModerationDecision, ReasonTemplate
from app.notifications.services import notify, register_translated_param
from app.rounds.queries import audience_loads

audit.describe(ReasonTemplate.__tablename__, label=_l("Vorlage für Gründe"),
               fields={"title": _l("Kurzname"), "text": _l("Text des Grundes")})
audit.describe_actions({
    "contribution.approved": _l("Beitrag freigegeben"),
    "contribution.hidden": _l("Beitrag ausgeblendet"),
    "contribution.restored": _l("Beitrag wieder sichtbar"),
    "comment.hidden": _l("Kommentar ausgeblendet"),
    "comment.restored": _l("Kommentar wieder sichtbar"),
    "moderation_reason.created": _l("Vorlage angelegt"),
    "moderation_reason.updated": _l("Vorlage geändert")})

# The reason in a notification of hiding: in the reader's language where it is a template's
# text and the template is translated.
register_translated_param("moderation", "reason", ReasonTemplate.__tablename__, "text")

# The actions of the public moderation log and how it names them.
ACTIONS = Labels(approved=_l("freigegeben"), hidden=_l("ausgeblendet"),
                 restored=_l("wieder sichtbar"), edited=_l("bearbeitet"))

MAX_REASON = 2000
REASON_REQUIRED = _l("Bitte wählen Sie einen Grund aus oder schreiben Sie einen.")
STALE_DECISION = _l("Jemand anderes hat diesen Beitrag inzwischen geändert. Ihre Eingaben sind "
                    "unten noch da: Bitte vergleichen Sie sie mit der aktuellen Fassung und "
                    "speichern Sie dann noch einmal.")

# Offered when there are no reason templates yet (the demo and the first use).
DEFAULT_REASONS = [
    ("Persönlicher Angriff",
     "Der Inhalt greift eine Person persönlich an. Bitte bleiben Sie sachlich und "
     "kritisieren Sie Ideen, nicht Menschen."),
    ("Diskriminierende Äußerung",
     "Der Inhalt wertet Menschen wegen ihrer Herkunft, Religion, Sprache, ihres Geschlechts "
     "oder einer anderen Zugehörigkeit ab."),
    ("Personenbezogene Daten",
     "Der Inhalt enthält personenbezogene Daten, zum Beispiel Namen, Adressen oder "
     "Telefonnummern anderer Menschen."),
    ("Werbung oder Spam",
     "Der Inhalt ist Werbung oder Spam und trägt nichts zum Konzept bei."),
    ("Nicht zum Thema",
     "Der Inhalt gehört nicht zum Thema dieser Beteiligungsrunde."),
]
# Offered in the workbench when a contribution is not taken up or forwarded.
DEFAULT_OUTCOME_REASONS = {
    "not_taken_up": [
        ("Schon umgesetzt",
         "Das gibt es im Landkreis bereits. Im Konzept steht, wo man das Angebot findet."),
        ("Nicht Aufgabe des Landkreises",
         "Dafür ist der Landkreis nicht zuständig; das Konzept kann es deshalb nicht "
         "als Maßnahme aufnehmen."),
        ("Rechtlich nicht möglich",
         "Der Vorschlag widerspricht geltendem Recht, zum Beispiel dem Aufenthalts- oder "
         "dem Datenschutzrecht."),
        ("Zu allgemein",
         "Der Beitrag beschreibt kein Ziel und keine Maßnahme, die sich umsetzen ließe. "
         "Sein Anliegen ist in die Beschreibung des Handlungsfelds eingeflossen."),
    ],
    "forwarded": [
        ("Aufgabe der Gemeinde",
         "Das kann die Stadt oder Gemeinde vor Ort umsetzen; wir haben den Vorschlag dorthin "
         "weitergegeben."),
        ("Aufgabe eines Partners",
         "Dafür ist ein Kooperationspartner zuständig; wir haben den Vorschlag an ihn "
         "weitergegeben."),
    ],
}


class ModerationError(actions.Refusal):
    """A use case refused; the message is shown to the moderator."""


class StaleEdit(actions.StaleEdit, ModerationError):
    """Someone else saved the contribution since the form was opened."""

    def __init__(self):
        super().__init__(STALE_DECISION)


# --- links ------------------------------------------------------------------------------------

def contribution_target(contribution_id: int, comment_id: int | None = None) -> tuple[str, dict]:
    """A contribution's page as a route and its parameters, optionally at one of its
    comments."""
    args = {"contribution_id": contribution_id}
    if comment_id:
        args["_anchor"] = f"comment-{comment_id}"
    return ("contributions.show", args)


def reference(contribution_id: int) -> str:
    """The reference number of a contribution by its id (as Contribution.reference)."""
    return f"B-{contribution_id:04d}"


# --- shared steps -----------------------------------------------------------------------------

def _clean_reason(reason: str | None, *, required: bool = True) -> str:
    reason = (reason or "").strip()
    if required and not reason:
        raise ModerationError(str(REASON_REQUIRED))
    if len(reason) > MAX_REASON:
        raise ModerationError(_("Der Grund darf höchstens %(max)d Zeichen lang sein.",
                                max=MAX_REASON))
    return reason


def _decide(action: str, contribution: Contribution, *, comment: Comment | None = None,
            reason: str = "", actor) -> ModerationDecision:
    """Write the public log entry. A comment's entry also names its contribution, so that the
    log can say "comment on B-0042" without touching the comment."""
    decision = ModerationDecision(action=action, contribution_id=contribution.id,
                                  comment_id=comment.id if comment else None, reason=reason,
                                  moderator_id=getattr(actor, "id", None))
    db.session.add(decision)
    return decision


def _tell_author(author, variant: str, contribution: Contribution, *, reason: str = "",
                 comment: Comment | None = None) -> None:
    notify(author, "moderation", variant=variant, title=contribution.title, reason=reason,
           target=contribution_target(contribution.id, comment.id if comment else None))


def _action_flags(*, contribution: Contribution | None = None, comment: Comment | None = None,
                  actor) -> int:
    """Mark the open flags of a hidden item as acted upon."""
    query = select(Flag).where(Flag.status == Flag.OPEN)
    if comment is not None:
        query = query.where(Flag.comment_id == comment.id)
    else:
        query = query.where(Flag.contribution_id == contribution.id, Flag.comment_id.is_(None))
    now = utcnow()
    flags = list(db.session.scalars(query))
    for flag in flags:
        flag.status, flag.decided_at, flag.decided_by_id = Flag.ACTIONED, now, actor.id
    return len(flags)


# --- contributions ----------------------------------------------------------------------------

def approve_contribution(contribution: Contribution, *, actor) -> ModerationDecision:
    """Publish a contribution that waited for approval."""
    if contribution.status != "pending":
        raise ModerationError(_("%(ref)s wartet nicht (mehr) auf Freigabe.",
                                ref=contribution.reference))
    contribution.status = "published"
    db.session.flush()
    audit.record("contribution.approved", contribution, actor=actor,
                 summary=contribution.reference, before={"status": "pending"},
                 after={"status": "published"})
    decision = _decide("approved", contribution, actor=actor)
    _tell_author(contribution.author, "approved", contribution)
    return decision


def hide_contribution(contribution: Contribution, reason: str, *, actor) -> ModerationDecision:
    """Hide a contribution with a reason: its page shows the reason in place of the text."""
    reason = _clean_reason(reason)
    if contribution.status == "hidden":
        raise ModerationError(_("%(ref)s ist schon ausgeblendet.", ref=contribution.reference))
    before = {"status": contribution.status}
    contribution.status, contribution.hidden_reason = "hidden", reason
    contribution.hidden_at = utcnow()
    flags = _action_flags(contribution=contribution, actor=actor)
    db.session.flush()
    audit.record("contribution.hidden", contribution, actor=actor,
                 summary=contribution.reference, before=before,
                 after={"status": "hidden", "hidden_reason": reason, "flags_actioned": flags})
    decision = _decide("hidden", contribution, reason=reason, actor=actor)
    _tell_author(contribution.author, "hidden", contribution, reason=reason)
    return decision


def _status_before_hiding(contribution: Contribution) -> str:
    """A contribution its author had withdrawn stays withdrawn when it is restored; anything
    else (published, or pending and hidden instead of approved) becomes published."""
    entry = db.session.scalar(
        select(audit.AuditEntry)
        .where(audit.AuditEntry.action == "contribution.hidden",
               audit.AuditEntry.object_type == Contribution.__tablename__,
               audit.AuditEntry.object_id == contribution.id)
        .order_by(audit.AuditEntry.id.desc()).limit(1))
    previous = ((entry.before or {}).get("status") if entry else None)
    return "withdrawn" if previous == "withdrawn" else "published"


def restore_contribution(contribution: Contribution, *, actor,
                         note: str = "") -> ModerationDecision:
    """Make a hidden contribution visible again; the log keeps that it was hidden."""
    note = _clean_reason(note, required=False)
    if contribution.status != "hidden":
        raise ModerationError(_("%(ref)s ist nicht ausgeblendet.", ref=contribution.reference))
    before = {"status": "hidden", "hidden_reason": contribution.hidden_reason}
    contribution.status = _status_before_hiding(contribution)
    contribution.hidden_reason, contribution.hidden_at = None, None
    db.session.flush()
    audit.record("contribution.restored", contribution, actor=actor,
                 summary=contribution.reference, before=before,
                 after={"status": contribution.status})
    decision = _decide("restored", contribution, reason=note, actor=actor)
    _tell_author(contribution.author, "restored", contribution, reason=note)
    return decision


def edit_contribution_with_note(contribution: Contribution, *, title: str, body: str, note: str,
                                actor, lock_version: int | None = None) -> ModerationDecision:
    """Staff change a contribution's title and text with a required note. The contributions
    module's edit use case keeps the revision, audits and tells the author and supporters;
    this adds the note to the public moderation log."""
    note = _clean_reason(note)
    try:
        changed = contributions.edit_contribution(contribution, editor=actor, title=title,
                                                  body=body, note=note,
                                                  lock_version=lock_version)
    except contributions.StaleContribution as exc:
        raise StaleEdit() from exc
    except contributions.ContributionError as exc:
        raise ModerationError(str(exc)) from exc
    if not changed:
        raise ModerationError(_("Sie haben weder Titel noch Text geändert."))
    return _decide("edited", contribution, reason=note, actor=actor)


# --- comments ---------------------------------------------------------------------------------

def hide_comment(comment: Comment, reason: str, *, actor) -> ModerationDecision:
    reason = _clean_reason(reason)
    contribution = comment.contribution
    if comment.status == "hidden":
        raise ModerationError(_("Der Kommentar zu %(ref)s ist schon ausgeblendet.",
                                ref=contribution.reference))
    before = {"status": comment.status}
    comment.status, comment.hidden_reason, comment.hidden_at = "hidden", reason, utcnow()
    flags = _action_flags(comment=comment, actor=actor)
    db.session.flush()
    audit.record("comment.hidden", comment, actor=actor,
                 summary=_("Kommentar zu %(ref)s", ref=contribution.reference), before=before,
                 after={"status": "hidden", "hidden_reason": reason, "flags_actioned": flags})
    decision = _decide("hidden", contribution, comment=comment, reason=reason, actor=actor)
    _tell_author(comment.author, "comment_hidden", contribution, reason=reason, comment=comment)
    return decision


def restore_comment(comment: Comment, *, actor, note: str = "") -> ModerationDecision:
    note = _clean_reason(note, required=False)
    contribution = comment.contribution
    if comment.status != "hidden":
        raise ModerationError(_("Der Kommentar zu %(ref)s ist nicht ausgeblendet.",
                                ref=contribution.reference))
    before = {"status": "hidden", "hidden_reason": comment.hidden_reason}
    comment.status, comment.hidden_reason, comment.hidden_at = "published", None, None
    db.session.flush()
    audit.record("comment.restored", comment, actor=actor,
                 summary=_("Kommentar zu %(ref)s", ref=contribution.reference), before=before,
                 after={"status": "published"})
    decision = _decide("restored", contribution, comment=comment, reason=note, actor=actor)
    _tell_author(comment.author, "comment_restored", contribution, reason=note,
                 comment=comment)
    return decision


# --- flags ------------------------------------------------------------------------------------

def dismiss_flag(flag: Flag, *, actor) -> None:
    """The report was unfounded: the flag is closed, the content stays as it is. Only audited:
    nothing changed for the public or for the author."""
    if flag.status != Flag.OPEN:
        raise ModerationError(_("Diese Meldung ist schon entschieden."))
    flag.status, flag.decided_at, flag.decided_by_id = Flag.DISMISSED, utcnow(), actor.id
    db.session.flush()
    audit.record("flag.dismissed", flag, actor=actor, before={"status": Flag.OPEN},
                 after={"status": Flag.DISMISSED})


def open_flags(*, contribution: Contribution | None = None,
               comment: Comment | None = None) -> list[Flag]:
    """The open flags of a contribution itself (not its comments) or of a comment."""
    query = select(Flag).where(Flag.status == Flag.OPEN).order_by(Flag.id)
    if comment is not None:
        query = query.where(Flag.comment_id == comment.id)
    else:
        query = query.where(Flag.contribution_id == contribution.id, Flag.comment_id.is_(None))
    return list(db.session.scalars(query))


def dismiss_flags(flags: list[Flag], *, actor) -> int:
    for flag in flags:
        dismiss_flag(flag, actor=actor)
    return len(flags)


# --- reason templates -------------------------------------------------------------------------

def reason_templates(*, active_only: bool = False,
                     purpose: str | None = "hide") -> list[ReasonTemplate]:
    """Templates for one purpose (hiding, or an outcome of consolidation); None: all."""
    query = select(ReasonTemplate).order_by(ReasonTemplate.position, ReasonTemplate.id)
    if purpose is not None:
        query = query.where(ReasonTemplate.purpose == purpose)
    if active_only:
        query = query.where(ReasonTemplate.active.is_(True))
    return list(db.session.scalars(query))


def ensure_default_reasons(*, actor=None, purpose: str = "hide") -> int:
    """Add the default reason templates of a purpose if it has none at all (a deactivated
    one counts: staff removed the defaults on purpose). Returns how many were added."""
    if db.session.scalar(select(func.count(ReasonTemplate.id))
                         .where(ReasonTemplate.purpose == purpose)):
        return 0
    defaults = DEFAULT_REASONS if purpose == "hide" else DEFAULT_OUTCOME_REASONS[purpose]
    for position, (title, text) in enumerate(defaults, start=1):
        db.session.add(ReasonTemplate(title=title, text=text, position=position, active=True,
                                      purpose=purpose))
    db.session.flush()
    audit.record("moderation_reason.defaults_added", actor=actor,
                 object_type=ReasonTemplate.__tablename__,
                 summary=", ".join(title for title, _text in defaults))
    return len(defaults)


REASON_FIELDS = ["title", "text"]


def save_reason(reason: ReasonTemplate | None, *, title: str, text: str,
                actor, purpose: str = "hide", translations: dict | None = None) -> ReasonTemplate:
    """Create or edit a reason template; `translations` of its title and text:
    {(field, language): text} (core.translations)."""
    values = {"title": (title or "").strip(), "text": (text or "").strip()}
    if not values["title"] or not values["text"]:
        raise ModerationError(_("Titel und Text dürfen nicht leer sein."))
    if reason is None:
        position = (db.session.scalar(select(func.max(ReasonTemplate.position))) or 0) + 1
        reason = ReasonTemplate(position=position, active=True, purpose=purpose, **values)
        db.session.add(reason)
        db.session.flush()
        translated = content_translations.apply(reason, translations)[1]
        audit.record("moderation_reason.created", reason, actor=actor, summary=reason.title,
                     after={**values, **translated})
        return reason
    before, after = audit.changes(reason, REASON_FIELDS, values)
    for name, value in values.items():
        setattr(reason, name, value)
    db.session.flush()
    before, after = content_translations.apply_audited(reason, translations, before, after)
    if after or before:
        audit.record("moderation_reason.updated", reason, actor=actor, summary=reason.title,
                     before=before, after=after)
    return reason


def set_reason_active(reason: ReasonTemplate, active: bool, *, actor) -> None:
    """Deactivate (no longer offered) or reactivate a template; never deleted, because past
    decisions quote its text."""
    if reason.active == active:
        return
    reason.active = active
    db.session.flush()
    audit.record("moderation_reason.activated" if active else "moderation_reason.deactivated",
                 reason, actor=actor, summary=reason.title, before={"active": not active},
                 after={"active": active})


def move_reason(reason: ReasonTemplate, direction: str, *, actor) -> None:
    """Swap a template with its neighbour ('up' or 'down') in the order staff see them."""
    move(reason, reason_templates(purpose=reason.purpose), direction, actor=actor)


def reason_from_choice(template_id: str | int | None, text: str | None,
                       purpose: str = "hide") -> str:
    """The reason of a hide form: a written text wins over a picked template."""
    written = (text or "").strip()
    if written:
        return written
    if template_id in (None, ""):
        return ""
    template_id = parse_int(template_id)
    if template_id is None:
        return ""
    template = db.session.get(ReasonTemplate, template_id)
    if template is None or not template.active or template.purpose != purpose:
        return ""
    return template.text


# --- the queue --------------------------------------------------------------------------------

PENDING_SHOWN = 50
HIDDEN_SHOWN = 20
RECENT_SHOWN = 10


@dataclass
class FlaggedItem:
    """The open flags of one contribution or comment, grouped for the queue."""

    contribution: Contribution
    comment: Comment | None = None
    flags: list[Flag] = field(default_factory=list)

    @property
    def key(self) -> str:
        if self.comment is not None:
            return f"comment-{self.comment.id}"
        return f"contribution-{self.contribution.id}"

    @property
    def reporters(self) -> int:
        """How many people reported it (a flag without a known reporter counts once)."""
        return len({f.reporter_id or -f.id for f in self.flags})

    @property
    def reasons(self) -> list[tuple[str, int]]:
        """The reporters' reasons, each with how often it was given."""
        counts: dict[str, int] = {}
        for flag in self.flags:
            text = flag.reason.strip()
            counts[text] = counts.get(text, 0) + 1
        return list(counts.items())

    @property
    def first_flagged_at(self) -> datetime:
        return min(f.created_at for f in self.flags)


@dataclass
class Queue:
    pending: list[Contribution]
    pending_count: int
    flagged: list[FlaggedItem]
    hidden_contributions: list[Contribution]
    hidden_comments: list[Comment]
    hidden_count: int
    recent: list["LogEntry"]


def pending_contributions(limit: int = PENDING_SHOWN) -> tuple[list[Contribution], int]:
    """The oldest contributions waiting for approval, and how many wait in all."""
    count = db.session.scalar(select(func.count(Contribution.id))
                              .where(Contribution.status == "pending")) or 0
    rows = list(db.session.scalars(
        select(Contribution).where(Contribution.status == "pending")
        .options(*contribution_list_loads(themes=False))
        .order_by(Contribution.created_at, Contribution.id).limit(limit)).unique())
    return rows, count


def flagged_items() -> list[FlaggedItem]:
    """Open flags grouped per contribution or comment, the longest waiting first."""
    flags = db.session.scalars(
        select(Flag).where(Flag.status == Flag.OPEN)
        .options(*contribution_list_loads(joinedload(Flag.contribution), themes=False),
                 *contribution_list_loads(joinedload(Flag.comment).joinedload(Comment.contribution),
                                          themes=False),
                 joinedload(Flag.comment).joinedload(Comment.author))
        .order_by(Flag.created_at, Flag.id)).unique().all()
    groups: dict[tuple, FlaggedItem] = {}
    for flag in flags:
        if flag.comment is not None:
            key = ("comment", flag.comment.id)
            item = groups.get(key) or FlaggedItem(contribution=flag.comment.contribution,
                                                  comment=flag.comment)
        elif flag.contribution is not None:
            key = ("contribution", flag.contribution.id)
            item = groups.get(key) or FlaggedItem(contribution=flag.contribution)
        else:
            continue
        item.flags.append(flag)
        groups[key] = item
    return list(groups.values())


def hidden_content(limit: int = HIDDEN_SHOWN) -> tuple[list[Contribution], list[Comment], int]:
    """Recently hidden contributions and comments (for restoring), and how many are hidden."""
    count = (db.session.scalar(select(func.count(Contribution.id))
                               .where(Contribution.status == "hidden")) or 0) + (
        db.session.scalar(select(func.count(Comment.id)).where(Comment.status == "hidden")) or 0)
    contributions = list(db.session.scalars(
        select(Contribution).where(Contribution.status == "hidden")
        .options(*contribution_list_loads(themes=False))
        .order_by(Contribution.hidden_at.desc(), Contribution.id.desc()).limit(limit)).unique())
    comments = list(db.session.scalars(
        select(Comment).where(Comment.status == "hidden")
        .options(*contribution_list_loads(joinedload(Comment.contribution), themes=False),
                 joinedload(Comment.author))
        .order_by(Comment.hidden_at.desc(), Comment.id.desc()).limit(limit)).unique())
    return contributions, comments, count


def load_queue() -> Queue:
    pending, pending_count = pending_contributions()
    hidden_contributions, hidden_comments, hidden_count = hidden_content()
    return Queue(pending=pending, pending_count=pending_count, flagged=flagged_items(),
                 hidden_contributions=hidden_contributions, hidden_comments=hidden_comments,
                 hidden_count=hidden_count,
                 recent=[LogEntry(decision=d, contribution=None) for d in db.session.scalars(
                     log_query().limit(RECENT_SHOWN))])


# --- the public log ---------------------------------------------------------------------------

@dataclass
class LogEntry:
    """One line of the public moderation log: nothing in it names a person."""

    decision: ModerationDecision
    contribution: Contribution | None

    @property
    def action_label(self) -> str:
        return ACTIONS.label(self.decision.action)

    @property
    def reference(self) -> str:
        return reference(self.decision.contribution_id) if self.decision.contribution_id else ""

    @property
    def is_comment(self) -> bool:
        return self.decision.comment_id is not None


def log_query():
    return select(ModerationDecision).order_by(ModerationDecision.created_at.desc(),
                                               ModerationDecision.id.desc())


def log_entries(decisions: list[ModerationDecision]) -> list[LogEntry]:
    """Attach the contributions to a page of decisions (one query and the eager loads that
    the permission check of each line needs: the round's audience)."""
    ids = {d.contribution_id for d in decisions if d.contribution_id}
    contributions = {c.id: c for c in db.session.scalars(
        select(Contribution).where(Contribution.id.in_(ids))
        .options(*contribution_list_loads(themes=False),
                 *audience_loads(defaultload(Contribution.round)))).unique()} if ids else {}
    return [LogEntry(decision=d, contribution=contributions.get(d.contribution_id))
            for d in decisions]

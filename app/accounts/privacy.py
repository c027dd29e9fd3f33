"""Privacy use cases: everything the platform holds about and by a person (Art. 15/20 GDPR)
as JSON and readable HTML in one ZIP, deleting an account (anonymising, DESIGN.md), and how
long mails and notifications are kept. Like every use case they flush but never commit.

The export is built from sections. Each section loads one kind of record with a bounded
number of queries (never one per row). A module that comes to store more about a person,
such as the implementation entries of issue 9, adds its own loader with `@section(...)` in
its own code; the JSON, the readable copy and the `/me/data` page pick it up from there.
"""

import io
import json
import zipfile
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from flask import current_app, render_template
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import joinedload, selectinload

from app.accounts import services
from app.accounts.models import (
    EMAIL_PREFERENCES,
    GROUPS,
    LANGUAGE_CHOICES,
    ORGANISATION_KINDS,
    ROLES,
    LoginSession,
    Membership,
    Organisation,
    User,
    UserRole,
    new_session_token,
)
from app.concepts.models import Item
from app.contributions.models import (
    CONTRIBUTION_KINDS,
    OUTCOMES,
    SOURCES,
    STATUSES,
    Comment,
    Contribution,
    ContributionRevision,
    Flag,
    Support,
)
from app.core import audit
from app.core.audit import AuditEntry
from app.core.outbox import FAILED, SENT, OutboxMessage
from app.core.time import as_utc, utcnow
from app.events.models import Event, Station
from app.extensions import db
from app.notifications.models import Notification
from app.notifications.services import message_for, target_path
from app.rounds.models import Network, network_users
from app.versions.models import VERDICTS, Verdict
from app.workbench.models import ItemLink

EXPORT_FORMAT = "konzeptwerkstatt-personal-data"
EXPORT_FORMAT_VERSION = 1


# --- the sections of the export ---------------------------------------------------------------

@dataclass(frozen=True)
class Section:
    """One kind of record in the export: its key in the JSON, its heading in the readable
    copy, what the reader should know about it, and readable names for coded values."""

    key: str
    title: object  # a lazy string: rendered in the reader's language
    load: Callable[[User], dict | list[dict]]
    note: object = None
    values: dict = field(default_factory=dict)


SECTIONS: list[Section] = []


def section(key: str, title, *, note=None, values: dict | None = None):
    """Register `load(user)` (a list of records as dicts, or one dict) as a section of the
    export under `key`; `values` maps a field to {code: readable name} for the HTML copy.

    The extension point for what other modules store about a person: the implementation
    entries of issue 9 (progress notes on measures, written by representatives) are not
    built yet; their module adds `@privacy.section("implementation_entries", ...)` when it
    lands, with one query for all of a person's entries."""
    def register(load):
        SECTIONS[:] = [s for s in SECTIONS if s.key != key]
        SECTIONS.append(Section(key, title, load, note, values or {}))
        return load
    return register


def _iso(value) -> str | None:
    """Times in UTC with their offset (SQLite hands them back without one), dates as they are."""
    if isinstance(value, datetime):
        return as_utc(value).isoformat()
    return value.isoformat() if isinstance(value, date) else None


def _reference(contribution_id: int | None) -> str | None:
    return f"B-{contribution_id:04d}" if contribution_id else None


MATCHED_BY = {"name": _l("Name auf der Karte")}
ACTED_BY = {"you": _l("Sie selbst"), "staff": _l("Mitarbeitende der Plattform"),
            "system": _l("die Plattform (automatisch)")}
MEMBERSHIP_STATUSES = {"requested": _l("angefragt"), "active": _l("aktiv"),
                       "declined": _l("abgelehnt"), "ended": _l("beendet")}
FLAG_STATUSES = {"open": _l("offen"), "dismissed": _l("zurückgewiesen"),
                 "actioned": _l("bearbeitet")}
MAIL_STATUSES = {"queued": _l("wartet auf Versand"), "sent": _l("versandt"),
                 "failed": _l("nicht zustellbar")}
_CONTRIBUTION_VALUES = {"kind": CONTRIBUTION_KINDS, "status": STATUSES, "outcome": OUTCOMES,
                        "source": SOURCES, "language": LANGUAGE_CHOICES}


@section("account", _l("Konto"), values={"group": GROUPS, "language": LANGUAGE_CHOICES,
                                         "roles": ROLES})
def _account(user: User) -> dict:
    return {
        "id": user.id, "email": user.email, "display_name": user.display_name,
        "language": user.language, "group": user.group, "roles": sorted(user.roles),
        "created_at": _iso(user.created_at), "email_confirmed_at": _iso(user.email_confirmed_at),
        "privacy_accepted_at": _iso(user.privacy_accepted_at),
        "last_login_at": _iso(user.last_login_at), "active": user.active,
    }


@section("notification_settings", _l("Einstellungen für Benachrichtigungen"),
         values={"email_notifications": EMAIL_PREFERENCES})
def _notification_settings(user: User) -> dict:
    return {"email_notifications": user.notify_email}


@section("organisations", _l("Organisationen, die Sie angelegt haben"),
         values={"kind": ORGANISATION_KINDS})
def _organisations(user: User) -> list[dict]:
    organisations = db.session.scalars(
        select(Organisation).where(Organisation.created_by_id == user.id)
        .order_by(Organisation.id))
    return [{"id": o.id, "name": o.name, "kind": o.kind, "description": o.description,
             "place": o.place, "website": o.website, "created_at": _iso(o.created_at),
             "verified": o.is_verified} for o in organisations]


@section("memberships", _l("Mitgliedschaften in Organisationen"),
         values={"status": MEMBERSHIP_STATUSES})
def _memberships(user: User) -> list[dict]:
    memberships = db.session.scalars(
        select(Membership).where(Membership.user_id == user.id)
        .options(joinedload(Membership.organisation)).order_by(Membership.id))
    return [{"organisation": m.organisation.name, "organisation_id": m.organisation_id,
             "status": m.status, "representative": m.is_representative, "message": m.message,
             "requested_at": _iso(m.requested_at), "decided_at": _iso(m.decided_at)}
            for m in memberships]


@section("networks", _l("Netzwerke"),
         note=_l("Netzwerke, in die das Amt Sie aufgenommen hat, etwa um Sie zu "
                 "Netzwerkrunden einzuladen."))
def _networks(user: User) -> list[dict]:
    rows = db.session.execute(
        select(Network.id, Network.name)
        .join(network_users, network_users.c.network_id == Network.id)
        .where(network_users.c.user_id == user.id).order_by(Network.name))
    return [{"id": network_id, "name": name} for network_id, name in rows]


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
            "title": revision.title, "body": revision.body, "edited_at": _iso(revision.edited_at),
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
            "linked_at": _iso(linked_at), "removed_at": _iso(removed_at),
            "item_withdrawn": item.is_withdrawn})
    return [{
        "reference": c.reference, "id": c.id, "round": c.round.title, "topic": c.topic.name,
        "kind": c.kind,
        **({"about_item": c.item.label if c.item else None} if remarks else {}),
        "title": c.title, "body": c.body, "language": c.language,
        "themes": [t.name for t in c.themes],
        "organisation": c.organisation.name if c.organisation else None,
        "source": c.source, "status": c.status, "hidden_reason": c.hidden_reason,
        "hidden_at": _iso(c.hidden_at), "outcome": c.outcome,
        "outcome_reason": c.outcome_reason, "forwarded_to": c.forwarded_to,
        "outcome_at": _iso(c.outcome_at), "duplicate_of": _reference(c.duplicate_of_id),
        "created_at": _iso(c.created_at), "updated_at": _iso(c.updated_at),
        "revisions": revisions[c.id], "items": links[c.id],
    } for c in contributions]


@section("contributions", _l("Beiträge"), values=_CONTRIBUTION_VALUES,
         note=_l("Mit früheren Fassungen des Textes, dem Ergebnis der Auswertung und den "
                 "Zielen und Maßnahmen, in die ein Beitrag eingeflossen ist."))
def _contributions(user: User) -> list[dict]:
    return _contributions_of(user, remarks=False)


@section("remarks", _l("Anmerkungen zu Entwurfselementen"), values=_CONTRIBUTION_VALUES,
         note=_l("Anmerkungen aus Netzwerkrunden zu einem Ziel oder einer Maßnahme eines "
                 "Entwurfs."))
def _remarks(user: User) -> list[dict]:
    return _contributions_of(user, remarks=True)


@section("comments", _l("Kommentare"), values={"status": STATUSES})
def _comments(user: User) -> list[dict]:
    rows = db.session.execute(
        select(Comment, Contribution.title)
        .join(Contribution, Contribution.id == Comment.contribution_id)
        .where(Comment.author_id == user.id)
        .order_by(Comment.id))
    return [{"id": c.id, "contribution": _reference(c.contribution_id),
             "contribution_title": title, "reply_to": c.parent_id, "body": c.body,
             "status": c.status, "hidden_reason": c.hidden_reason,
             "created_at": _iso(c.created_at), "updated_at": _iso(c.updated_at)}
            for c, title in rows]


@section("supports", _l("Unterstützungen"))
def _supports(user: User) -> list[dict]:
    rows = db.session.execute(
        select(Support.contribution_id, Contribution.title, Support.created_at)
        .join(Contribution, Contribution.id == Support.contribution_id)
        .where(Support.user_id == user.id).order_by(Support.id))
    return [{"contribution": _reference(contribution_id), "contribution_title": title,
             "created_at": _iso(created_at)} for contribution_id, title, created_at in rows]


@section("flags", _l("Meldungen an die Moderation"), values={"status": FLAG_STATUSES})
def _flags(user: User) -> list[dict]:
    rows = db.session.execute(
        select(Flag.id, Flag.contribution_id, Flag.comment_id, Flag.reason, Flag.status,
               Flag.created_at, Flag.decided_at)
        .where(Flag.reporter_id == user.id).order_by(Flag.id))
    return [{"id": flag_id, "contribution": _reference(contribution_id), "comment": comment_id,
             "reason": reason, "status": status, "created_at": _iso(created_at),
             "decided_at": _iso(decided_at)}
            for flag_id, contribution_id, comment_id, reason, status, created_at, decided_at
            in rows]


def credited_by_name(user: User):
    """The condition for event cards that carry `user`'s display name as their author (typed
    by staff from the card, so there is no account behind it). Upper and lower case and
    surrounding spaces do not matter; SQLite compares case only for Latin letters, so an
    exact match counts as well."""
    name = " ".join((user.display_name or "").split())
    credited = func.trim(Contribution.credited_name)
    return and_(Contribution.event_id.is_not(None), Contribution.author_id.is_(None),
                or_(func.lower(credited) == name.lower(), credited == name))


@section("event_cards", _l("Karten von Dialogveranstaltungen mit Ihrem Namen"),
         values={**_CONTRIBUTION_VALUES, "credited_group": GROUPS, "matched_by": MATCHED_BY},
         note=_l("Karten, die auf einer Veranstaltung geschrieben und vom Amt abgetippt wurden, "
                 "tragen nur den Namen, der auf der Karte stand, und gehören zu keinem Konto. "
                 "Hier stehen die Karten, deren Name genau Ihrem angezeigten Namen entspricht. "
                 "Das kann auch eine andere Person mit gleichem Namen sein; eine Karte, deren "
                 "Name anders geschrieben wurde, fehlt hier. Bei ausgeblendeten Karten geben "
                 "wir den Text deshalb nicht heraus. Wenn Sie eine Karte vermissen oder eine "
                 "nicht von Ihnen ist, wenden Sie sich an das Amt."))
def _event_cards(user: User) -> list[dict]:
    if user.deleted_at is not None or not (user.display_name or "").strip():
        return []
    rows = db.session.execute(
        select(Contribution, Event.title, Event.held_on, Station.name)
        .join(Event, Event.id == Contribution.event_id)
        .outerjoin(Station, Station.id == Contribution.station_id)
        .where(credited_by_name(user))
        .options(joinedload(Contribution.topic))
        .order_by(Contribution.id))
    return [{"reference": c.reference, "event": event, "held_on": _iso(held_on),
             "station": station, "topic": c.topic.name, "kind": c.kind,
             # Someone else of the same name may have written it: what moderation hid
             # stays hidden (the office can hand it out once it knows who asks). The title
             # is often the card's first words, so it goes too.
             "title": None if c.is_hidden else c.title,
             "body": None if c.is_hidden else c.body,
             "credited_name": c.credited_name, "credited_organisation": c.credited_organisation,
             "credited_group": c.credited_group, "status": c.status,
             "hidden_reason": c.hidden_reason, "outcome": c.outcome,
             "outcome_reason": c.outcome_reason, "created_at": _iso(c.created_at),
             "has_photo": bool(c.photo_path), "matched_by": "name"}
            for c, event, held_on, station in rows]


@section("review_verdicts", _l("Voten in der Steuerungsgruppe"), values={"verdict": VERDICTS})
def _review_verdicts(user: User) -> list[dict]:
    """A steering member's verdicts and remarks on reviewed versions, with the answers."""
    from app.versions.models import Review, Version

    rows = db.session.execute(
        select(Verdict, Version.number).join(Review, Review.id == Verdict.review_id)
        .join(Version, Version.id == Review.version_id)
        .where(Verdict.user_id == user.id)
        .options(selectinload(Verdict.version_item), selectinload(Verdict.version_chapter))
        .order_by(Verdict.id))
    return [{"version": number,
             "about": v.version_item.label if v.version_item else v.version_chapter.title,
             "verdict": v.verdict, "remark": v.remark, "created_at": _iso(v.created_at),
             "updated_at": _iso(v.updated_at), "answer": v.answer or None,
             "answered_at": _iso(v.answered_at)} for v, number in rows]


@section("notifications", _l("Benachrichtigungen"))
def _notifications(user: User) -> list[dict]:
    notifications = db.session.scalars(
        select(Notification).where(Notification.user_id == user.id).order_by(Notification.id))
    return [{"id": n.id, "kind": n.kind, "message": message_for(n), "link": target_path(n),
             "created_at": _iso(n.created_at), "read_at": _iso(n.read_at),
             "emailed_at": _iso(n.emailed_at)} for n in notifications]


@section("mails", _l("E-Mails an Sie"), values={"status": MAIL_STATUSES},
         note=_l("Den Text der E-Mails geben wir nicht noch einmal heraus: Er kann Links zum "
                 "Anmelden oder Zurücksetzen des Passworts enthalten. Sie finden ihn in Ihrem "
                 "Postfach."))
def _mails(user: User) -> list[dict]:
    mails = db.session.scalars(
        select(OutboxMessage).where(or_(OutboxMessage.user_id == user.id,
                                        OutboxMessage.recipient == user.email))
        .order_by(OutboxMessage.id))
    return [{"kind": m.kind, "subject": m.subject, "recipient": m.recipient,
             "status": m.status, "created_at": _iso(m.created_at), "sent_at": _iso(m.sent_at)}
            for m in mails]


@section("logins", _l("Anmeldungen"),
         note=_l("Jede Anmeldung in einem Browser, bis zu ihrem Ende. Beendete Anmeldungen "
                 "löschen wir nach der Aufbewahrungsfrist."))
def _logins(user: User) -> list[dict]:
    logins = db.session.scalars(
        select(LoginSession).where(LoginSession.user_id == user.id).order_by(LoginSession.id))
    return [{"created_at": _iso(s.created_at), "remember": s.remember,
             "expires_at": _iso(s.expires_at), "ended_at": _iso(s.ended_at)} for s in logins]


@section("audit_entries", _l("Protokolleinträge"), values={"by": ACTED_BY},
         note=_l("Einträge über Ihr Konto und über alles, was Sie selbst getan haben. Die "
                 "Internetadresse (IP) steht nur bei Ihren eigenen Handlungen."))
def _audit_entries(user: User) -> list[dict]:
    entries = db.session.scalars(
        select(AuditEntry)
        .where(or_(and_(AuditEntry.object_type == User.__tablename__,
                        AuditEntry.object_id == user.id),
                   AuditEntry.actor_id == user.id))
        .order_by(AuditEntry.id))
    records = []
    for entry in entries:
        yours = entry.actor_id == user.id
        records.append({
            "id": entry.id, "created_at": _iso(entry.created_at), "action": entry.action,
            "object_type": entry.object_type, "object_id": entry.object_id,
            "summary": entry.summary, "before": entry.before, "after": entry.after,
            "by": "you" if yours else ("staff" if entry.actor_id else "system"),
            # Somebody else's address is their data, not this person's.
            "ip_address": entry.ip_address if yours else None,
        })
    return records


# --- export -----------------------------------------------------------------------------------

def export_user_data(user: User) -> dict:
    """Everything the platform stores about and by `user`, as JSON-ready data (Art. 15/20
    GDPR). Reads only; the explanations are in the reader's language."""
    data = {"format": EXPORT_FORMAT, "format_version": EXPORT_FORMAT_VERSION,
            "exported_at": _iso(utcnow())}
    data["notes"] = {s.key: str(s.note) for s in SECTIONS if s.note}
    for s in SECTIONS:
        data[s.key] = s.load(user)
    return data


@dataclass
class ExportArchive:
    filename: str
    content: bytes


def _readable(value, key: str, section: Section) -> str:
    """A coded value (a status, a kind, ...) in the reader's words."""
    return str(section.values.get(key, {}).get(value, value))


def render_export_html(data: dict) -> str:
    """The readable copy of an export: one self-contained HTML file (it loads nothing)."""
    return render_template("accounts/data_export.html", data=data, sections=SECTIONS,
                           labels=FIELD_LABELS, readable=_readable,
                           parse_time=datetime.fromisoformat, parse_date=date.fromisoformat)


def export_archive(user: User) -> ExportArchive:
    """The download: a ZIP with the export as JSON and as readable HTML."""
    data = export_user_data(user)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("meine-daten.json", json.dumps(data, ensure_ascii=False, indent=2))
        archive.writestr("meine-daten.html", render_export_html(data))
    return ExportArchive(f"konzeptwerkstatt-meine-daten-{utcnow():%Y-%m-%d}.zip",
                         buffer.getvalue())


# Headings of the fields in the readable copy (the JSON keeps the keys).
FIELD_LABELS = {
    "about": _l("Worauf"),
    "about_item": _l("Bezieht sich auf"),
    "action": _l("Aktion"),
    "active": _l("Konto aktiv"),
    "after": _l("Nachher"),
    "answer": _l("Antwort des Amts"),
    "answered_at": _l("Beantwortet am"),
    "before": _l("Vorher"),
    "body": _l("Text"),
    "by": _l("Ausgeführt von"),
    "comment": _l("Kommentar"),
    "contribution": _l("Beitrag"),
    "contribution_title": _l("Titel des Beitrags"),
    "created_at": _l("Erstellt am"),
    "credited_group": _l("Gruppe auf der Karte"),
    "credited_name": _l("Name auf der Karte"),
    "credited_organisation": _l("Organisation auf der Karte"),
    "decided_at": _l("Entschieden am"),
    "description": _l("Beschreibung"),
    "display_name": _l("Angezeigter Name"),
    "duplicate_of": _l("Zusammengeführt mit"),
    "edited_at": _l("Geändert am"),
    "edited_by_you": _l("Von Ihnen geändert"),
    "email": _l("E-Mail-Adresse"),
    "email_confirmed_at": _l("E-Mail-Adresse bestätigt am"),
    "email_notifications": _l("Benachrichtigungen per E-Mail"),
    "emailed_at": _l("Per E-Mail verschickt am"),
    "event": _l("Veranstaltung"),
    "forwarded_to": _l("Weitergeleitet an"),
    "group": _l("Gruppe (für die Statistik)"),
    "has_photo": _l("Foto der Karte vorhanden"),
    "held_on": _l("Datum"),
    "hidden_at": _l("Ausgeblendet am"),
    "hidden_reason": _l("Grund für das Ausblenden"),
    "id": _l("Nummer"),
    "ip_address": _l("IP-Adresse"),
    "item": _l("Ziel oder Maßnahme"),
    "item_withdrawn": _l("Element zurückgezogen"),
    "items": _l("Eingeflossen in"),
    "kind": _l("Art"),
    "language": _l("Sprache"),
    "last_login_at": _l("Zuletzt angemeldet am"),
    "link": _l("Link"),
    "linked_at": _l("Verknüpft am"),
    "matched_by": _l("Zugeordnet über"),
    "message": _l("Nachricht"),
    "name": _l("Name"),
    "note": _l("Hinweis"),
    "object_id": _l("Objekt-Nummer"),
    "object_type": _l("Objekt"),
    "organisation": _l("Organisation"),
    "organisation_id": _l("Nummer der Organisation"),
    "outcome": _l("Ergebnis"),
    "outcome_at": _l("Ergebnis festgelegt am"),
    "outcome_reason": _l("Begründung"),
    "place": _l("Ort"),
    "privacy_accepted_at": _l("Datenschutzhinweise angenommen am"),
    "read_at": _l("Gelesen am"),
    "reason": _l("Grund"),
    "recipient": _l("Empfänger"),
    "reference": _l("Beitragsnummer"),
    "remark": _l("Anmerkung"),
    "removed_at": _l("Verknüpfung entfernt am"),
    "reply_to": _l("Antwort auf Kommentar"),
    "representative": _l("Vertritt die Organisation"),
    "requested_at": _l("Angefragt am"),
    "revisions": _l("Frühere Fassungen"),
    "roles": _l("Rollen"),
    "round": _l("Beteiligungsrunde"),
    "sent_at": _l("Versandt am"),
    "source": _l("Quelle"),
    "station": _l("Thementisch"),
    "status": _l("Status"),
    "subject": _l("Betreff"),
    "summary": _l("Zusammenfassung"),
    "themes": _l("Querschnittsthemen"),
    "title": _l("Titel"),
    "topic": _l("Thema"),
    "updated_at": _l("Zuletzt geändert am"),
    "verdict": _l("Votum"),
    "verified": _l("Bestätigt"),
    "version": _l("Fassung"),
    "website": _l("Website"),
}


# --- deleting an account ----------------------------------------------------------------------

def delete_account(user: User, password: str) -> None:
    """Anonymise the account: personal data goes, what the person wrote stays (DESIGN.md).

    Also gone: the person's name on event cards credited to them by name, every mail to them
    (sent ones too: they hold the address), their notifications and network memberships."""
    if not user.check_password(password):
        raise services.AccountError(_("Das Passwort stimmt nicht."))
    if user.has_role("admin"):
        others = db.session.scalar(
            select(func.count(User.id)).where(
                User.id != user.id, User.active.is_(True), User.deleted_at.is_(None),
                User.role_rows.any(UserRole.role == "admin")))
        if not others:
            raise services.AccountError(_(
                "Sie sind die einzige Administratorin oder der einzige Administrator. Bitte "
                "ernennen Sie zuerst eine andere Person."))
    for membership in user.memberships:
        if membership.status in (Membership.ACTIVE, Membership.REQUESTED):
            membership.status = Membership.ENDED
            membership.is_representative = False
        membership.message = ""
    cards = 0
    if (user.display_name or "").strip():
        cards = db.session.execute(
            Contribution.__table__.update().where(credited_by_name(user))
            .values(credited_name=None)).rowcount
    mails = db.session.execute(
        OutboxMessage.__table__.delete().where(or_(OutboxMessage.user_id == user.id,
                                                   OutboxMessage.recipient == user.email))
    ).rowcount
    notifications = db.session.execute(
        Notification.__table__.delete().where(Notification.user_id == user.id)).rowcount
    db.session.execute(network_users.delete().where(network_users.c.user_id == user.id))
    user.email = f"deleted-{user.id}@invalid"
    user.display_name = str(_("Gelöschtes Konto"))
    user.group = None
    user.role_rows.clear()
    services.set_password(user, new_session_token())  # also ends every login
    user.deleted_at = utcnow()
    audit.record("user.deleted", user, actor=user, summary=f"#{user.id}",
                 after={"cards_unnamed": cards, "mails_deleted": mails,
                        "notifications_deleted": notifications})


# --- retention --------------------------------------------------------------------------------

def purge_expired(*, days: int | None = None, now: datetime | None = None) -> dict[str, int]:
    """Delete mails that are done with (sent or failed, never queued ones) and notifications
    older than `days` (default: the RETENTION_DAYS setting). Returns how many of each went.
    Run by `flask privacy purge` (cron), later by the background jobs of issue 11."""
    days = current_app.config["RETENTION_DAYS"] if days is None else days
    if days < 1:
        raise ValueError("the retention period must be at least one day")
    cutoff = (now or utcnow()) - timedelta(days=days)
    mails = db.session.execute(
        OutboxMessage.__table__.delete().where(OutboxMessage.status.in_([SENT, FAILED]),
                                               OutboxMessage.created_at < cutoff)).rowcount
    notifications = db.session.execute(
        Notification.__table__.delete().where(Notification.created_at < cutoff)).rowcount
    logins = db.session.execute(
        LoginSession.__table__.delete().where(
            or_(LoginSession.ended_at < cutoff, LoginSession.expires_at < cutoff))).rowcount
    return {"mails": mails, "notifications": notifications, "logins": logins}

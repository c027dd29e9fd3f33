"""Privacy use cases: everything the platform holds about and by a person (Art. 15/20 GDPR)
as JSON and readable HTML in one ZIP, deleting an account (anonymising, DESIGN.md), and how
long mails and notifications are kept. Like every use case they flush but never commit.

The export is built from sections. Each section loads one kind of record with a bounded
number of queries (never one per row). Every module that stores something about a person
adds its own loader with `@section(...)` in its own `privacy.py` (imported when the app is
assembled, app/__init__.py), and its own steps for deleting an account (`@on_delete`) and for
retention (`@on_purge`); the JSON, the readable copy and the `/me/data` page pick them up.
"""

import io
import json
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from flask import current_app, render_template
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import joinedload

from app.accounts import services
from app.accounts.models import (
    DELETED_ACCOUNT,
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
from app.core import audit
from app.core.audit import AuditEntry
from app.core.outbox import FAILED, SENT, OutboxMessage
from app.core.time import as_utc, utcnow
from app.extensions import db

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
    position: int = 0


SECTIONS: list[Section] = []

# Where each section stands in the export, whichever module registers it and whenever:
# first the account, then what the person wrote and did, then what the platform keeps
# about them (notifications, mails, logins, the audit log).
POSITIONS = {key: (number + 1) * 10 for number, key in enumerate((
    "account", "notification_settings", "organisations", "memberships", "networks",
    "contributions", "remarks", "comments", "supports", "flags", "event_cards",
    "review_verdicts", "notifications", "mails", "logins", "audit_entries"))}


def section(key: str, title, *, note=None, values: dict | None = None):
    """Register `load(user)` (a list of records as dicts, or one dict) as a section of the
    export under `key`; `values` maps a field to {code: readable name} for the HTML copy.

    The extension point for what other modules store about a person: the implementation
    entries of issue 9 (progress notes on measures, written by representatives) are not
    built yet; their module adds `@privacy.section("implementation_entries", ...)` when it
    lands, with one query for all of a person's entries. A key missing from POSITIONS goes
    last."""
    def register(load):
        position = POSITIONS.get(key, len(POSITIONS) * 10 + 10)
        SECTIONS[:] = sorted([s for s in SECTIONS if s.key != key]
                             + [Section(key, title, load, note, values or {}, position)],
                             key=lambda s: s.position)
        return load
    return register


# Steps of deleting an account and of retention that other modules register: each takes
# the user (or the cutoff time) and returns how many rows it changed, by name.
ERASERS: list[Callable[[User], dict[str, int]]] = []
PURGERS: list[Callable[[datetime], dict[str, int]]] = []


def on_delete(erase: Callable[[User], dict[str, int]]):
    """Register `erase(user)`, run when `user` deletes their account, before the account is
    anonymised (so it still sees the name and address). Its counts go into the audit entry."""
    if erase not in ERASERS:
        ERASERS.append(erase)
    return erase


def on_purge(purge: Callable[[datetime], dict[str, int]]):
    """Register `purge(cutoff)`, which deletes a module's records older than `cutoff` that
    the retention period covers, and returns how many went."""
    if purge not in PURGERS:
        PURGERS.append(purge)
    return purge


def iso(value) -> str | None:
    """Times in UTC with their offset (SQLite hands them back without one), dates as they are."""
    if isinstance(value, datetime):
        return as_utc(value).isoformat()
    return value.isoformat() if isinstance(value, date) else None


def reference(contribution_id: int | None) -> str | None:
    """A contribution's reference ("B-0042") from its id."""
    return f"B-{contribution_id:04d}" if contribution_id else None


ACTED_BY = {"you": _l("Sie selbst"), "staff": _l("Mitarbeitende der Plattform"),
            "system": _l("die Plattform (automatisch)")}
MEMBERSHIP_STATUSES = {"requested": _l("angefragt"), "active": _l("aktiv"),
                       "declined": _l("abgelehnt"), "ended": _l("beendet")}
MAIL_STATUSES = {"queued": _l("wartet auf Versand"), "sent": _l("versandt"),
                 "failed": _l("nicht zustellbar")}


@section("account", _l("Konto"), values={"group": GROUPS, "language": LANGUAGE_CHOICES,
                                         "roles": ROLES})
def _account(user: User) -> dict:
    return {
        "id": user.id, "email": user.email, "display_name": user.display_name,
        "language": user.language, "group": user.group, "roles": sorted(user.roles),
        "created_at": iso(user.created_at), "email_confirmed_at": iso(user.email_confirmed_at),
        "privacy_accepted_at": iso(user.privacy_accepted_at),
        "last_login_at": iso(user.last_login_at), "active": user.active,
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
             "place": o.place, "website": o.website, "created_at": iso(o.created_at),
             "verified": o.is_verified} for o in organisations]


@section("memberships", _l("Mitgliedschaften in Organisationen"),
         values={"status": MEMBERSHIP_STATUSES})
def _memberships(user: User) -> list[dict]:
    memberships = db.session.scalars(
        select(Membership).where(Membership.user_id == user.id)
        .options(joinedload(Membership.organisation)).order_by(Membership.id))
    return [{"organisation": m.organisation.name, "organisation_id": m.organisation_id,
             "status": m.status, "representative": m.is_representative, "message": m.message,
             "requested_at": iso(m.requested_at), "decided_at": iso(m.decided_at)}
            for m in memberships]


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
             "status": m.status, "created_at": iso(m.created_at), "sent_at": iso(m.sent_at)}
            for m in mails]


@section("logins", _l("Anmeldungen"),
         note=_l("Jede Anmeldung in einem Browser, bis zu ihrem Ende. Beendete Anmeldungen "
                 "löschen wir nach der Aufbewahrungsfrist."))
def _logins(user: User) -> list[dict]:
    logins = db.session.scalars(
        select(LoginSession).where(LoginSession.user_id == user.id).order_by(LoginSession.id))
    return [{"created_at": iso(s.created_at), "remember": s.remember,
             "expires_at": iso(s.expires_at), "ended_at": iso(s.ended_at)} for s in logins]


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
            "id": entry.id, "created_at": iso(entry.created_at), "action": entry.action,
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
            "exported_at": iso(utcnow())}
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
    counts = {}
    for erase in ERASERS:
        counts.update(erase(user))
    mails = db.session.execute(
        OutboxMessage.__table__.delete().where(or_(OutboxMessage.user_id == user.id,
                                                   OutboxMessage.recipient == user.email))
    ).rowcount
    user.email = f"deleted-{user.id}@invalid"
    with force_locale("de"):  # what the row keeps; pages show DELETED_ACCOUNT in their language
        user.display_name = str(DELETED_ACCOUNT)
    user.group = None
    user.role_rows.clear()
    services.set_password(user, new_session_token())  # also ends every login
    user.deleted_at = utcnow()
    audit.record("user.deleted", user, actor=user, summary=f"#{user.id}",
                 after={**counts, "mails_deleted": mails})


# --- retention --------------------------------------------------------------------------------

def purge_expired(*, days: int | None = None, now: datetime | None = None) -> dict[str, int]:
    """Delete mails that are done with (sent or failed, never queued ones), ended logins and
    what other modules register with `@on_purge` (notifications) older than `days` (default:
    the RETENTION_DAYS setting). Returns how many of each went.
    Run by `flask privacy purge` (cron), later by the background jobs of issue 11."""
    days = current_app.config["RETENTION_DAYS"] if days is None else days
    if days < 1:
        raise ValueError("the retention period must be at least one day")
    cutoff = (now or utcnow()) - timedelta(days=days)
    mails = db.session.execute(
        OutboxMessage.__table__.delete().where(OutboxMessage.status.in_([SENT, FAILED]),
                                               OutboxMessage.created_at < cutoff)).rowcount
    logins = db.session.execute(
        LoginSession.__table__.delete().where(
            or_(LoginSession.ended_at < cutoff, LoginSession.expires_at < cutoff))).rowcount
    removed = {"mails": mails}
    for purge in PURGERS:
        removed.update(purge(cutoff))
    return {**removed, "logins": logins}

"""Use cases of implementation: record progress on a measure, set the status of many at once,
edit a measure's record, hide entries, follow a measure, ask the responsible organisations for
an update (the reading side, each measure's state, the roll-up and the story, is in
`progress.py`).

Writes flush, never commit. Every change goes into the audit log; entries keep revisions and
are never deleted. A measure's record is made on the first write; until then a measure shows
the first status of the list and the responsible body of its adopted text."""

from datetime import date
from urllib.parse import urlsplit

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, or_, select

from app.accounts.models import Membership, Organisation, User
from app.concepts.models import Item
from app.concepts.services import slugify
from app.contributions.models import Contribution, Support
from app.contributions.services import ItemNote, register_item_notes
from app.core import audit
from app.core.actions import Refusal, check_lock
from app.core.outbox import queue_mail
from app.core.permissions import can
from app.core.sanitize import render_markdown
from app.core.time import utcnow
from app.core.urls import absolute_url
from app.extensions import db
from app.implementation import privacy, queries  # noqa: F401  (privacy: export sections)
from app.implementation.models import (
    DEFAULT_STATUSES,
    MAX_ENTRY_TEXT,
    STATUS_LABELS,
    ImplementationRecord,
    ImplementationStatus,
    MeasureFollower,
    ProgressEntry,
    ProgressEntryRevision,
)
from app.implementation.progress import MeasureState, default_statuses, status_list
from app.notifications.services import (
    notify,
    register_coded_param,
    register_messages,
    register_optional_kind,
)
from app.versions.models import Adoption, Version, VersionItem
from app.workbench.models import ItemLink

audit.describe("implementation_statuses", label=_l("Status der Umsetzung"))
audit.describe("implementation_records", label=_l("Umsetzung einer Maßnahme"))
audit.describe("progress_entries", label=_l("Fortschrittsmeldung"))
audit.describe("progress_reports", label=_l("Fortschrittsbericht"))
audit.describe_actions({
    "implementation.status_saved": _l("Stand der Umsetzung gespeichert"),
    "implementation.record_created": _l("Umsetzung einer Maßnahme angelegt"),
    "implementation.record_edited": _l("Umsetzung einer Maßnahme geändert"),
    "implementation.entry_posted": _l("Fortschritt gemeldet"),
    "implementation.entry_edited": _l("Fortschrittsmeldung geändert"),
    "implementation.entry_hidden": _l("Fortschrittsmeldung ausgeblendet"),
    "implementation.entry_restored": _l("Fortschrittsmeldung wieder sichtbar"),
    "implementation.update_requested": _l("Um eine Fortschrittsmeldung gebeten"),
    "implementation.report_created": _l("Fortschrittsbericht erstellt"),
    "implementation.sheet_applied": _l("Tabelle mit Ständen übernommen")})

KIND = "implementation"
MAX_NOTE = 2000
MAX_LINK = 500
MAX_RESPONSIBLE = 300
# Who hears of a measure's status change: user id -> (variant, contribution id or None).
Audience = dict[int, tuple[str, int | None]]

register_messages({
    (KIND, "author"): _l("Ihre Idee %(ref)s ist in die Maßnahme „%(measure)s“ eingeflossen: "
                         "jetzt %(status)s."),
    (KIND, "supporter"): _l("Die Idee %(ref)s, die Sie unterstützen, ist in die Maßnahme "
                            "„%(measure)s“ eingeflossen: jetzt %(status)s."),
    (KIND, "follower"): _l("Die Maßnahme „%(measure)s“, der Sie folgen: jetzt %(status)s."),
    (KIND, None): _l("Die Maßnahme „%(measure)s“: jetzt %(status)s."),
})
register_coded_param(KIND, "status", STATUS_LABELS)
register_optional_kind(KIND, _l("Umsetzung von Maßnahmen, in die Ihre Ideen eingeflossen "
                                "sind oder denen Sie folgen"))


class ImplementationError(Refusal):
    """An implementation use case refused; the message is shown to the user."""


# --- statuses -----------------------------------------------------------------------------------

def ensure_statuses() -> int:
    """Add the default statuses if the list is empty; returns how many were added."""
    if db.session.scalar(select(ImplementationStatus.id).limit(1)) is not None:
        return 0
    rows = default_statuses()
    db.session.add_all(rows)
    db.session.flush()
    return len(rows)


def status_by_code(code: str) -> ImplementationStatus | None:
    """The status named by its code or, in any spelling, its name. For writes only: it adds
    the default list first if the list is still empty."""
    wanted = " ".join((code or "").split()).casefold()
    if not wanted:
        return None
    ensure_statuses()
    for status in queries.statuses():
        if wanted in (status.code.casefold(), status.name.casefold(),
                      status.label.casefold()):
            return status
    return None


def save_status(status: ImplementationStatus | None, *, name: str, default_progress: int,
                counts_in_rollup: bool, actor, lock_version=None) -> ImplementationStatus:
    """Add a status to the list (status None) or change one."""
    name = " ".join((name or "").split())
    if not name:
        raise ImplementationError(_("Bitte geben Sie einen Namen an."), field="name")
    _check_percent(default_progress, field="default_progress")
    ensure_statuses()
    same = next((s for s in queries.statuses()
                 if s.name.casefold() == name.casefold() and s is not status), None)
    if same is not None:
        raise ImplementationError(_("Diesen Status gibt es schon."), field="name")
    if status is None:
        position = max((s.position for s in queries.statuses()), default=0) + 1
        code = _status_code(name)
        status = ImplementationStatus(code=code, name=name, position=position)
        db.session.add(status)
        before = None
    else:
        check_lock(status, lock_version)
        before = {"name": status.name, "default_progress": status.default_progress,
                  "counts_in_rollup": status.counts_in_rollup}
    status.name = name[:80]
    status.default_progress = default_progress
    status.counts_in_rollup = bool(counts_in_rollup)
    db.session.flush()
    audit.record("implementation.status_saved", status, actor=actor, summary=status.name,
                 before=before, after={"name": status.name,
                                       "default_progress": status.default_progress,
                                       "counts_in_rollup": status.counts_in_rollup})
    return status


def _status_code(name: str) -> str:
    base = slugify(name)[:30] or "status"
    taken = {s.code for s in queries.statuses()}
    code, n = base, 2
    while code in taken:
        code, n = f"{base}-{n}", n + 1
    return code


# --- writing ------------------------------------------------------------------------------------

def _check_percent(value, *, field: str = "progress") -> None:
    if value is None:
        return
    if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= 100:
        raise ImplementationError(
            _("Bitte geben Sie einen Fortschritt zwischen 0 und 100 Prozent an."), field=field)


def _check_link(link: str) -> str:
    link = (link or "").strip()
    if not link:
        return ""
    parts = urlsplit(link)
    if parts.scheme not in ("http", "https") or not parts.netloc or len(link) > MAX_LINK:
        raise ImplementationError(_("Bitte geben Sie einen vollständigen Link an, der mit "
                                    "http:// oder https:// beginnt."), field="link")
    return link


def record_for(state: MeasureState, *, actor) -> ImplementationRecord:
    """The measure's record, made on the first write (from its adopted text)."""
    if state.record is not None:
        return state.record
    ensure_statuses()
    existing = queries.records_by_item([state.item_id]).get(state.item_id)
    if existing is not None:
        state.record = existing
        return existing
    first = queries.statuses()[0]
    record = ImplementationRecord(item_id=state.item_id, status=first,
                                  responsible=state.copy.responsible[:MAX_RESPONSIBLE],
                                  partners=state.copy.partners,
                                  updated_by_id=getattr(actor, "id", None))
    db.session.add(record)
    db.session.flush()
    audit.record("implementation.record_created", record, actor=actor,
                 summary=_label(state), after={"status": first.code,
                                               "responsible": record.responsible})
    state.record, state.status = record, first
    return record


def _label(state: MeasureState) -> str:
    text = " ".join(state.copy.text.split())
    return text[:120] + ("…" if len(text) > 120 else "")


def _entry_values(entry: ProgressEntry) -> dict:
    return {"happened_on": entry.happened_on.isoformat(), "text": entry.text,
            "link": entry.link, "status": entry.status.code if entry.status else None,
            "progress": entry.progress}


def post_entry(state: MeasureState, *, actor, text: str = "", happened_on: date | None = None,
               status: ImplementationStatus | None = None, progress: int | None = None,
               link: str = "", organisation: Organisation | None = None,
               today: date | None = None, check_dates: bool = True,
               audience: Audience | None = None) -> ProgressEntry:
    """A dated progress entry; a status or progress given with it changes the measure's.
    `check_dates=False` only for the demo, which tells a story dated before its adoption;
    `audience`: who hears of a status change, when many measures change at once."""
    if not can("implementation.report_progress", state, user=actor):
        raise ImplementationError(_("Sie dürfen für diese Maßnahme keinen Stand melden."))
    if not state.in_concept and status is not None:
        raise ImplementationError(_("Diese Maßnahme ist nicht mehr Teil des beschlossenen "
                                    "Konzepts."), field="status")
    text = (text or "").strip()
    today = today or date.today()
    happened_on = happened_on or today
    if len(text) > MAX_ENTRY_TEXT:
        raise ImplementationError(_("Der Text ist zu lang (höchstens %(n)d Zeichen).",
                                    n=MAX_ENTRY_TEXT), field="text")
    _check_percent(progress)
    link = _check_link(link)
    if check_dates and happened_on > today:
        raise ImplementationError(_("Das Datum liegt in der Zukunft."), field="happened_on")
    if check_dates and state.adopted_on and happened_on < state.adopted_on:
        raise ImplementationError(
            _("Das Datum liegt vor dem Beschluss des Konzepts (%(day)s).",
              day=state.adopted_on.strftime("%d.%m.%Y")), field="happened_on")
    changes_status = status is not None and status.code != state.status.code
    if not text and not changes_status and progress is None:
        raise ImplementationError(_("Bitte beschreiben Sie, was geschehen ist, oder ändern Sie "
                                    "Status oder Fortschritt."), field="text")
    record = record_for(state, actor=actor)
    if organisation is None and not can("implementation.edit", user=actor):
        organisation = next((o for o in record.organisations
                             if _represents(actor, o)), None)
    entry = ProgressEntry(record=record, happened_on=happened_on, text=text,
                          text_html=render_markdown(text, "basic"), link=link,
                          author_id=getattr(actor, "id", None),
                          organisation_id=getattr(organisation, "id", None), progress=progress)
    if changes_status:
        entry.previous_status_id = record.status_id
        entry.status = status
    db.session.add(entry)
    before = {"status": record.status.code, "progress": record.progress}
    if changes_status:
        record.status = status
        record.progress_override = progress
    elif progress is not None:
        record.progress_override = progress
    if record.last_entry_on is None or happened_on > record.last_entry_on:
        record.last_entry_on = happened_on
    record.updated_at = utcnow()
    record.updated_by_id = getattr(actor, "id", None)
    db.session.flush()
    state.status = record.status
    db.session.add(ProgressEntryRevision(entry_id=entry.id, action="created",
                                         user_id=getattr(actor, "id", None),
                                         after=_entry_values(entry)))
    audit.record("implementation.entry_posted", entry, actor=actor, summary=_label(state),
                 before=before, after={"status": record.status.code,
                                       "progress": record.progress,
                                       "happened_on": happened_on.isoformat()})
    if changes_status:
        tell_about_status(state, status, actor=actor, audience=audience)
    return entry


def _represents(user, organisation) -> bool:
    return any(m.organisation_id == organisation.id and m.is_active and m.is_representative
               for m in getattr(user, "memberships", []))


def set_status_of_many(states: list[MeasureState], status: ImplementationStatus | None, *,
                       note: str = "", actor, today: date | None = None) -> int:
    """Staff set the status of many measures in one step, with one note for all of them."""
    if not can("implementation.edit", user=actor):
        raise ImplementationError(_("Nur die Verwaltung darf den Status vieler Maßnahmen "
                                    "ändern."))
    if status is None:
        raise ImplementationError(_("Diesen Status gibt es nicht."), field="status")
    if not states:
        raise ImplementationError(_("Bitte wählen Sie mindestens eine Maßnahme aus."),
                                  field="measures")
    changed = 0
    audiences = status_audiences(s.item_id for s in states if s.status.code != status.code)
    for state in states:
        if state.status.code == status.code and not note:
            continue  # nothing would change
        post_entry(state, actor=actor, text=note, status=status, today=today,
                   audience=audiences.get(state.item_id))
        changed += 1
    return changed


def edit_record(state: MeasureState, *, actor, responsible: str, partners: str,
                starts_on: date | None, ends_on: date | None, organisations: list,
                progress_override: int | None, lock_version=None) -> ImplementationRecord:
    """Staff change who is responsible, the partners, the dates, the responsible organisations
    and the progress (None: the status's default)."""
    if not can("implementation.edit", user=actor):
        raise ImplementationError(_("Nur die Verwaltung darf Maßnahmen bearbeiten."))
    if state.record is not None:
        check_lock(state.record, lock_version)
    responsible = " ".join((responsible or "").split())
    if len(responsible) > MAX_RESPONSIBLE:
        raise ImplementationError(_("Höchstens %(n)d Zeichen.", n=MAX_RESPONSIBLE),
                                  field="responsible")
    _check_percent(progress_override, field="progress_override")
    if starts_on and ends_on and ends_on < starts_on:
        raise ImplementationError(_("Das Ende liegt vor dem Beginn."), field="ends_on")
    record = record_for(state, actor=actor)
    before = _record_values(record)
    record.responsible = responsible
    record.partners = (partners or "").strip()
    record.starts_on, record.ends_on = starts_on, ends_on
    record.progress_override = progress_override
    record.organisations = list(organisations)
    record.updated_at = utcnow()
    record.updated_by_id = getattr(actor, "id", None)
    db.session.flush()
    after = _record_values(record)
    changed = {k for k in after if before.get(k) != after[k]}
    if changed:
        audit.record("implementation.record_edited", record, actor=actor, summary=_label(state),
                     before={k: before[k] for k in changed},
                     after={k: after[k] for k in changed})
    return record


def _record_values(record: ImplementationRecord) -> dict:
    return {"responsible": record.responsible, "partners": record.partners,
            "starts_on": record.starts_on.isoformat() if record.starts_on else None,
            "ends_on": record.ends_on.isoformat() if record.ends_on else None,
            "progress_override": record.progress_override,
            "organisations": sorted(o.name for o in record.organisations)}


def edit_entry(entry: ProgressEntry, *, actor, text: str, link: str = "",
               lock_version=None) -> ProgressEntry:
    """Correct the text or link of an entry (its author or staff); the old text stays as a
    revision."""
    if not (can("implementation.edit", user=actor)
            or (entry.author_id is not None and entry.author_id == getattr(actor, "id", None))):
        raise ImplementationError(_("Sie dürfen diesen Eintrag nicht ändern."))
    check_lock(entry, lock_version)
    text = (text or "").strip()
    if len(text) > MAX_ENTRY_TEXT:
        raise ImplementationError(_("Der Text ist zu lang (höchstens %(n)d Zeichen).",
                                    n=MAX_ENTRY_TEXT), field="text")
    link = _check_link(link)
    before = _entry_values(entry)
    entry.text, entry.text_html, entry.link = text, render_markdown(text, "basic"), link
    entry.updated_at = utcnow()
    db.session.flush()
    db.session.add(ProgressEntryRevision(entry_id=entry.id, action="edited",
                                         user_id=getattr(actor, "id", None), before=before,
                                         after=_entry_values(entry)))
    audit.record("implementation.entry_edited", entry, actor=actor,
                 before={"text": before["text"], "link": before["link"]},
                 after={"text": text, "link": link})
    return entry


def hide_entry(entry: ProgressEntry, *, reason: str, actor) -> None:
    """Staff hide an entry with a reason, as in moderation; it stays, shown as a placeholder."""
    if not can("implementation.edit", user=actor):
        raise ImplementationError(_("Nur die Verwaltung darf Einträge ausblenden."))
    reason = (reason or "").strip()
    if not reason:
        raise ImplementationError(_("Bitte geben Sie einen Grund an."), field="reason")
    if entry.is_hidden:
        return
    entry.hidden_at, entry.hidden_reason = utcnow(), reason[:MAX_NOTE]
    entry.hidden_by_id = getattr(actor, "id", None)
    db.session.flush()
    db.session.add(ProgressEntryRevision(entry_id=entry.id, action="hidden",
                                         user_id=getattr(actor, "id", None),
                                         after={"reason": entry.hidden_reason}))
    audit.record("implementation.entry_hidden", entry, actor=actor,
                 after={"reason": entry.hidden_reason})
    _refresh_last_entry(entry.record)


def restore_entry(entry: ProgressEntry, *, actor) -> None:
    if not can("implementation.edit", user=actor):
        raise ImplementationError(_("Nur die Verwaltung darf Einträge wieder zeigen."))
    if not entry.is_hidden:
        return
    entry.hidden_at, entry.hidden_by_id = None, None
    db.session.flush()
    db.session.add(ProgressEntryRevision(entry_id=entry.id, action="restored",
                                         user_id=getattr(actor, "id", None)))
    audit.record("implementation.entry_restored", entry, actor=actor)
    _refresh_last_entry(entry.record)


def _refresh_last_entry(record: ImplementationRecord) -> None:
    record.last_entry_on = db.session.scalar(
        select(ProgressEntry.happened_on).where(ProgressEntry.record_id == record.id,
                                                ProgressEntry.hidden_at.is_(None))
        .order_by(ProgressEntry.happened_on.desc()).limit(1))
    db.session.flush()


def follow(item: Item, user: User) -> bool:
    """Follow a measure; False if already following."""
    if queries.is_following(item.id, user):
        return False
    db.session.add(MeasureFollower(item_id=item.id, user_id=user.id))
    db.session.flush()
    return True


def unfollow(item: Item, user: User) -> bool:
    row = db.session.scalar(select(MeasureFollower).where(MeasureFollower.item_id == item.id,
                                                          MeasureFollower.user_id == user.id))
    if row is None:
        return False
    db.session.delete(row)  # a preference, not content: nothing to keep
    db.session.flush()
    return True


def representatives(state: MeasureState) -> list[User]:
    """The active representatives of the measure's responsible organisations."""
    ids = [o.id for o in state.organisations]
    if not ids:
        return []
    return list(db.session.scalars(
        select(User).join(Membership, Membership.user_id == User.id)
        .where(Membership.organisation_id.in_(ids), Membership.status == Membership.ACTIVE,
               Membership.is_representative.is_(True), User.active.is_(True),
               User.deleted_at.is_(None)).distinct().order_by(User.id)))


def ask_for_update(state: MeasureState, *, actor, message: str = "") -> int:
    """Mail the representatives of the responsible organisations, with a link to the measure;
    returns how many mails were queued."""
    if not can("implementation.edit", user=actor):
        raise ImplementationError(_("Nur die Verwaltung darf um einen neuen Stand bitten."))
    people = representatives(state)
    if not people:
        raise ImplementationError(_("Für diese Maßnahme ist keine Organisation mit "
                                    "Vertretung als verantwortlich eingetragen."))
    link = absolute_url("implementation.measure", item_id=state.item_id,
                        _anchor="new-entry")
    for person in people:
        queue_mail(person.email, "implementation:ask_update", "implementation_ask_update",
                   locale=person.language, user=person, measure=_label(state), link=link,
                   message=(message or "").strip()[:MAX_NOTE], sender=actor.display_name)
    audit.record("implementation.update_requested", object_type="items",
                 object_id=state.item_id, actor=actor, summary=_label(state),
                 after={"recipients": len(people)})
    return len(people)


def ask_many_for_updates(states: list[MeasureState], *, actor, message: str = "") -> tuple:
    """Ask for an update on each selected measure that has responsible organisations with
    representatives; returns (mails queued, measures left out for want of one)."""
    if not states:
        raise ImplementationError(_("Bitte wählen Sie mindestens eine Maßnahme aus."),
                                  field="note")
    mails = skipped = 0
    for state in states:
        if not representatives(state):
            skipped += 1
            continue
        mails += ask_for_update(state, actor=actor, message=message)
    return mails, skipped


# --- telling people -----------------------------------------------------------------------------

def _status_param(status: ImplementationStatus) -> str:
    """A default status travels as its code (shown in the reader's language), a renamed or
    added one as its name."""
    default = DEFAULT_STATUSES.get(status.code)
    return status.code if default is not None and status.name == default[0] else status.name


def status_audiences(item_ids) -> dict[int, Audience]:
    """Per measure, who hears of a status change: the authors of the contributions it is
    based on (directly, or as duplicates of those), then their supporters, then its followers;
    each person once, with the first reason found. Three queries for any number of measures."""
    ids = list(item_ids)
    audiences: dict[int, Audience] = {i: {} for i in ids}
    if not ids:
        return audiences
    link = and_(ItemLink.item_id.in_(ids), ItemLink.removed_at.is_(None))
    rows = db.session.execute(
        select(ItemLink.item_id, Contribution.id, Contribution.author_id)
        .select_from(Contribution).join(ItemLink, or_(ItemLink.contribution_id == Contribution.id,
                            and_(Contribution.duplicate_of_id == ItemLink.contribution_id,
                                 Contribution.outcome == "duplicate")))
        .where(link, Contribution.status != "pending")
        .order_by(Contribution.id, ItemLink.item_id)).all()
    items_of: dict[int, list[int]] = {}
    for item_id, contribution_id, author_id in rows:
        items_of.setdefault(contribution_id, []).append(item_id)
        if author_id is not None:
            audiences[item_id].setdefault(author_id, ("author", contribution_id))
    if items_of:
        for contribution_id, user_id in db.session.execute(
                select(Support.contribution_id, Support.user_id)
                .where(Support.contribution_id.in_(items_of)).order_by(Support.id)):
            for item_id in items_of[contribution_id]:
                audiences[item_id].setdefault(user_id, ("supporter", contribution_id))
    for item_id, user_id in queries.followers_of(ids):
        audiences[item_id].setdefault(user_id, ("follower", None))
    return audiences


def tell_about_status(state: MeasureState, status: ImplementationStatus, *, actor,
                      audience: Audience | None = None) -> int:
    """Notify the authors of the contributions the measure is based on, their supporters and
    the measure's followers (each person once); returns how many were notified. `audience`:
    the measure's entry of `status_audiences`, when many measures change at once."""
    if audience is None:
        audience = status_audiences([state.item_id])[state.item_id]
    recipients = dict(audience)
    recipients.pop(getattr(actor, "id", None), None)
    if not recipients:
        return 0
    users = {u.id: u for u in db.session.scalars(select(User).where(User.id.in_(recipients)))}
    told = 0
    for user_id, (variant, contribution_id) in recipients.items():
        params = {"variant": variant, "measure": _label(state), "status": _status_param(status)}
        if contribution_id is not None:
            params["ref"] = f"B-{contribution_id:04d}"
        if notify(users.get(user_id), KIND,
                  target=("implementation.measure", {"item_id": state.item_id}), **params):
            told += 1
    return told


# --- the state of measures next to a participant's ideas (/me/contributions) --------------------

def implementation_notes(item_ids) -> dict[int, str]:
    """Draft item id -> "Umsetzung: in Umsetzung (50 %)" for measures of an adopted, published
    version (fixed queries)."""
    ids = list(item_ids)
    if not ids:
        return {}
    adopted = set(db.session.scalars(
        select(VersionItem.item_id).join(Version, Version.id == VersionItem.version_id)
        .where(VersionItem.item_id.in_(ids), VersionItem.kind == "measure",
               Version.visibility == "published",
               Version.id.in_(select(Adoption.version_id))).distinct()))
    if not adopted:
        return {}
    records = queries.records_by_item(adopted)
    first = status_list()[0]
    notes = {}
    for item_id in adopted:
        record = records.get(item_id)
        status = record.status if record is not None else first
        progress = record.progress if record is not None else first.default_progress
        notes[item_id] = ItemNote(_("Umsetzung: %(status)s (%(percent)d %%)",
                                    status=status.label, percent=progress),
                                  "implementation.measure", {"item_id": item_id})
    return notes


register_item_notes(implementation_notes)

"""Use cases of offline events: create and edit events with their stations, capture cards
(with an optional photo), undo a capture, and what the event page counts. They flush but
never commit; the caller commits once."""

import io
import secrets
from dataclasses import dataclass, field
from pathlib import Path

from flask import current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from PIL import Image, ImageOps, UnidentifiedImageError
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from app.accounts.models import GROUPS, User
from app.contributions.models import CONTRIBUTION_KINDS, LANGUAGES, MAX_TEXT, Contribution
from app.contributions.queries import contribution_list_loads
from app.contributions.services import text_written
from app.core import audit
from app.core import translations as content_translations
from app.core.actions import Refusal
from app.core.sanitize import render_markdown
from app.core.storage import storage
from app.events.models import Event, Station
from app.extensions import db
from app.moderation import services as moderation
from app.rounds.models import Round

MAX_PHOTO_BYTES = 10 * 1024 * 1024
# Pixels are checked in the file's header, before anything is decoded. A JPEG is decoded at
# a half, quarter or eighth of its size (draft mode), so even 50 megapixels (a 48 MP phone
# camera) cost little; a PNG is decoded whole: at most 12 megapixels (4000 × 3000).
MAX_PHOTO_PIXELS = 50_000_000
MAX_PNG_PIXELS = 12_000_000
PHOTO_EDGE = 2000  # stored photos are at most this wide and high: a card stays legible
TITLE_WORDS, TITLE_CHARS = 8, 80
UNDO_REASON = "Erfassung rückgängig gemacht"


audit.describe(Event.__tablename__, label=_l("Veranstaltung"),
               fields={"held_on": _l("Datum"), "stations": _l("Thementische")})
audit.describe(Station.__tablename__, label=_l("Thementisch"))
audit.describe_actions({"event.created": _l("Veranstaltung angelegt"),
                        "event.edited": _l("Veranstaltung geändert"),
                        "contribution.captured": _l("Karte erfasst")})


class EventError(Refusal):
    """A use case refused; the message is shown to the user."""


class PhotoError(EventError):
    """The uploaded photo was refused; nothing was stored."""

    field = "photo"


# --- events and stations ----------------------------------------------------------------------

def topic_choices(round_: Round):
    """The topics stations of this round's events can be bound to."""
    return list(round_.topics) or list(round_.concept.topics)


def kind_choices(round_: Round) -> list[str]:
    kinds = [k for k in round_.accepted_kinds or () if k in CONTRIBUTION_KINDS]
    return kinds or list(CONTRIBUTION_KINDS)


def events_of(round_: Round) -> list[Event]:
    return list(db.session.scalars(
        select(Event).where(Event.round_id == round_.id).order_by(Event.held_on, Event.id)))


def save_event(round_: Round, event: Event | None, *, title: str, held_on, place: str,
               stations: list[dict], actor, translations: dict | None = None) -> Event:
    """Create an event of a round or change it. `stations` are dicts with topic, name,
    facilitator, (for existing stations) id and optionally translations of the name; a
    station that already has cards cannot be removed. `translations`: of the title
    ({(field, language): text}, core.translations)."""
    title = (title or "").strip()
    if not title:
        raise EventError(_("Bitte geben Sie einen Titel an."))
    if not stations:
        raise EventError(_("Bitte legen Sie mindestens einen Thementisch an."))
    allowed = {t.id for t in topic_choices(round_)}
    if any(s["topic"].id not in allowed for s in stations):
        raise EventError(_("Dieses Thema gehört nicht zur Beteiligungsrunde."))
    creating = event is None
    before = None if creating else {"title": event.title, "held_on": str(event.held_on),
                                    "place": event.place,
                                    "stations": [s.name for s in event.stations]}
    if creating:
        event = Event(round_id=round_.id, title=title, held_on=held_on, place=place or "")
        db.session.add(event)
    else:
        event.title, event.held_on, event.place = title, held_on, place or ""
    existing = {s.id: s for s in event.stations}
    kept, placed = set(), []
    for position, values in enumerate(stations, start=1):
        station = existing.get(values.get("id")) if values.get("id") else None
        if station is None:
            station = Station(event=event)
            db.session.add(station)
        station.topic = values["topic"]
        station.name = values["name"].strip()
        station.facilitator = (values.get("facilitator") or "").strip()
        station.position = position
        placed.append((station, values.get("translations")))
        if station.id:
            kept.add(station.id)
    removed = [s for sid, s in existing.items() if sid not in kept]
    if removed:
        used = db.session.scalar(select(func.count(Contribution.id)).where(
            Contribution.station_id.in_([s.id for s in removed])))
        if used:
            raise EventError(_("Ein Thementisch, an dem schon Karten erfasst wurden, kann "
                               "nicht entfernt werden."))
        for station in removed:
            event.stations.remove(station)
            db.session.delete(station)
    db.session.flush()
    translated_before, translated_after = content_translations.apply(event, translations)
    for station, station_translations in placed:
        changed_before, changed_after = content_translations.apply(station,
                                                                   station_translations)
        translated_before.update({f"{station.name}: {k}": v for k, v in changed_before.items()})
        translated_after.update({f"{station.name}: {k}": v for k, v in changed_after.items()})
    audit.record("event.created" if creating else "event.edited", event, actor=actor,
                 summary=title, before=None if before is None else {**before, **translated_before},
                 after={"title": title, "held_on": str(held_on), "place": event.place,
                        "stations": [s["name"] for s in stations], **translated_after})
    return event


def stations_with_topics():
    """Loader option for an event whose page lists its stations with their topics."""
    return selectinload(Event.stations).joinedload(Station.topic)


@dataclass
class StationCount:
    station: Station
    total: int
    by: list[tuple[str, int]]  # (captured by, number of cards)


def station_counts(event: Event) -> list[StationCount]:
    """Per station: how many cards were captured, and by whom (one query)."""
    rows = db.session.execute(
        select(Contribution.station_id, User.display_name, func.count(Contribution.id))
        .outerjoin(User, User.id == Contribution.captured_by_id)
        .where(Contribution.event_id == event.id)
        .group_by(Contribution.station_id, User.display_name)
        .order_by(User.display_name)).all()
    by_station: dict[int | None, list[tuple[str, int]]] = {}
    for station_id, name, count in rows:
        by_station.setdefault(station_id, []).append((name or "–", count))
    return [StationCount(s, sum(n for _name, n in by_station.get(s.id, [])),
                         by_station.get(s.id, [])) for s in event.stations]


# --- capture ----------------------------------------------------------------------------------

def derive_title(text: str) -> str:
    """A title from the first words of a card: at most 8 words and 80 characters."""
    words = " ".join((text or "").split()).split(" ")
    title = " ".join(words[:TITLE_WORDS])
    shortened = len(words) > TITLE_WORDS
    if len(title) > TITLE_CHARS:
        title = title[:TITLE_CHARS].rsplit(" ", 1)[0] if " " in title[:TITLE_CHARS] \
            else title[:TITLE_CHARS]
        shortened = True
    title = title.rstrip(" ,;:-")
    return f"{title} …" if shortened else title


def store_photo(data: bytes) -> str:
    """Check that `data` is a JPEG or PNG image of at most 10 MB and not too many pixels,
    re-encode it as JPEG of at most PHOTO_EDGE pixels a side without its metadata and store it
    in the shared storage (with the current transaction, for the database backend). Returns
    its file name."""
    if len(data) > MAX_PHOTO_BYTES:
        raise PhotoError(_("Das Foto ist zu groß (höchstens 10 MB)."))
    try:
        with Image.open(io.BytesIO(data)) as image:  # reads the header only
            if image.format not in ("JPEG", "PNG"):
                raise PhotoError(_("Das Foto muss ein JPEG- oder PNG-Bild sein."))
            limit = MAX_PNG_PIXELS if image.format == "PNG" else MAX_PHOTO_PIXELS
            if image.width * image.height > limit:
                raise PhotoError(_(
                    "Das Foto hat zu viele Bildpunkte (%(width)d × %(height)d, höchstens "
                    "%(mp)d Megapixel als %(format)s). Bitte verkleinern Sie es oder "
                    "fotografieren Sie die Karte mit geringerer Auflösung.",
                    width=image.width, height=image.height, mp=limit // 1_000_000,
                    format=image.format))
            if image.format == "JPEG":
                image.draft("RGB", (PHOTO_EDGE, PHOTO_EDGE))
            image.load()
            # Phones store a card shot upright as landscape pixels plus an orientation tag;
            # the tag goes with the metadata, so turn the pixels now (a new image, which
            # outlives the closed file).
            upright = ImageOps.exif_transpose(image)
            # Palette and grey images become RGB first, so that they shrink smoothly.
            clean = upright if upright.mode == "RGB" else upright.convert("RGB")
            clean.thumbnail((PHOTO_EDGE, PHOTO_EDGE))
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError, ValueError):
        raise PhotoError(_("Die Datei ist kein lesbares JPEG- oder PNG-Bild.")) from None
    name = f"{secrets.token_hex(16)}.jpg"
    # A new image from the pixels only: no EXIF (location, camera), no other metadata.
    out = io.BytesIO()
    clean.save(out, "JPEG", quality=85, optimize=True)
    storage().put(photo_key(name), out.getvalue())
    return name


def photo_key(name: str) -> str:
    return f"photos/{Path(name).name}"


def photo_folder() -> Path:
    """Where photos were kept before the shared storage (app/core/storage.py): still read."""
    return Path(current_app.config.get("PHOTO_FOLDER")
                or Path(current_app.instance_path) / "photos")


def photo_data(contribution: Contribution) -> bytes | None:
    """The photo of a card: from the storage every host shares, else from PHOTO_FOLDER where
    photos stored before it lie."""
    if not contribution.photo_path:
        return None
    data = storage().get(photo_key(contribution.photo_path))
    if data is None:
        legacy = photo_folder() / Path(contribution.photo_path).name
        data = legacy.read_bytes() if legacy.is_file() else None
    return data


@dataclass
class LegacyPhotos:
    """What copying photos from PHOTO_FOLDER into the storage found (see copy_legacy_photos)."""

    copied: int = 0  # copied now (or, in a dry run, would be)
    stored: int = 0  # in the storage already: left alone
    missing: int = 0  # named by a card, in neither place
    refused: int = 0  # a name that is no storage key (never made by store_photo)
    # Files in PHOTO_FOLDER whose photo is in the storage now: they may be deleted.
    deletable: list[Path] = field(default_factory=list)

    def add(self, other: "LegacyPhotos") -> None:
        self.copied += other.copied
        self.stored += other.stored
        self.missing += other.missing
        self.refused += other.refused
        self.deletable += other.deletable


def legacy_photo_names() -> list[str]:
    """The names of all photos cards point to (their photo_path), sorted."""
    return list(db.session.scalars(
        select(Contribution.photo_path).where(Contribution.photo_path.is_not(None),
                                              Contribution.photo_path != "")
        .distinct().order_by(Contribution.photo_path)))


def copy_legacy_photos(names: list[str], *, dry_run: bool = False) -> LegacyPhotos:
    """Copy the photos `names` that lie only in PHOTO_FOLDER (where photos were kept before
    the shared storage) into the storage, under the key photo_data reads first. Photos in the
    storage already are left alone, so running it again copies nothing twice; the files in
    the folder stay (the result names those that may be deleted). With the database
    storage the copies are written in the current transaction: the caller commits."""
    found, files, folder = LegacyPhotos(), storage(), photo_folder()
    for name in names:
        legacy = folder / Path(name).name
        try:
            key = photo_key(name)
            in_storage = files.exists(key)
        except ValueError:
            found.refused += 1
            continue
        if in_storage:
            found.stored += 1
        elif not legacy.is_file():
            found.missing += 1
            continue
        else:
            if not dry_run:
                files.put(key, legacy.read_bytes())
            found.copied += 1
        if legacy.is_file():
            found.deletable.append(legacy)
    if not dry_run:
        db.session.flush()
    return found


def photo_file(contribution: Contribution) -> Path | None:
    """The photo's file on disk, where there is one: with the folder storage, or stored before
    the shared storage existed."""
    if not contribution.photo_path:
        return None
    files = storage()
    found = files.path(photo_key(contribution.photo_path)) if hasattr(files, "path") else None
    legacy = photo_folder() / Path(contribution.photo_path).name
    return found or (legacy if legacy.is_file() else None)


def capture_card(event: Event, station: Station, *, actor, kind: str, body: str,
                 title: str = "", credited_name: str = "", credited_organisation: str = "",
                 credited_group: str = "", language: str = "de",
                 duplicate_of: Contribution | None = None,
                 photo_name: str | None = None) -> Contribution:
    """Store one card of an event as a published contribution of the event's round, credited
    to whoever wrote it (or nobody: an anonymous participant), never to `actor`, who is
    recorded as the one who captured it."""
    if station.event_id != event.id:
        raise EventError(_("Dieser Thementisch gehört nicht zur Veranstaltung."))
    round_ = event.round
    if kind not in kind_choices(round_):
        raise EventError(_("Diese Art von Beitrag nimmt die Runde nicht an."))
    body = (body or "").strip()
    if not body:
        raise EventError(_("Bitte schreiben Sie den Text der Karte ab."))
    if len(body) > MAX_TEXT:
        raise EventError(_("Der Text darf höchstens %(max)d Zeichen lang sein.", max=MAX_TEXT))
    title = (title or "").strip()[:200] or derive_title(body)
    if duplicate_of is not None and duplicate_of.topic_id != station.topic_id:
        raise EventError(_("Die gleiche Idee muss zum selben Thema gehören."))
    contribution = Contribution(
        round_id=round_.id, topic_id=station.topic_id, kind=kind, title=title, body=body,
        body_html=render_markdown(body), language=language if language in LANGUAGES else "de",
        author_id=None, source="event", event_id=event.id, station_id=station.id,
        credited_name=(credited_name or "").strip()[:160] or None,
        credited_organisation=(credited_organisation or "").strip()[:200] or None,
        credited_group=credited_group if credited_group in GROUPS else None,
        participant_group=credited_group if credited_group in GROUPS else None,
        captured_by_id=actor.id, photo_path=photo_name,
        duplicate_of_id=duplicate_of.id if duplicate_of is not None else None,
        status="published")
    db.session.add(contribution)
    db.session.flush()
    audit.record("contribution.captured", contribution, actor=actor,
                 summary=f"{contribution.reference} {title}",
                 after={"event": event.id, "station": station.name, "kind": kind,
                        "captured_by": actor.id, "credited_name": contribution.credited_name,
                        "credited_organisation": contribution.credited_organisation,
                        "duplicate_of": contribution.duplicate_of_id,
                        "photo": bool(photo_name)})
    text_written(contribution)
    return contribution


def recent_captures(event: Event, limit: int = 10) -> list[Contribution]:
    """The last cards captured at this event, newest first (one query)."""
    return list(db.session.scalars(
        select(Contribution).where(Contribution.event_id == event.id)
        .options(*contribution_list_loads(themes=False))
        .order_by(Contribution.id.desc()).limit(limit)))


def undo_capture(contribution: Contribution, *, actor) -> None:
    """Take back a card captured by mistake: it is hidden with a reason, never deleted."""
    if contribution.event_id is None:
        raise EventError(_("Das ist keine erfasste Karte."))
    try:
        moderation.hide_contribution(contribution, UNDO_REASON, actor=actor)
    except moderation.ModerationError as exc:
        raise EventError(str(exc)) from None

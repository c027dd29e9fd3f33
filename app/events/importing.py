"""Import of typed-up card lists (CSV or XLSX) into an event: map the columns of the file
(read by import_files.py), check every row (preview), import the valid rows in one
transaction, undo an import.

The use cases flush but never commit; the view or CLI command commits once."""

import csv
import hashlib
import io
from dataclasses import dataclass, field

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select, update

from app.accounts.models import GROUPS
from app.contributions.models import CONTRIBUTION_KINDS, MAX_TEXT, Contribution
from app.core import audit
from app.core.sanitize import render_markdown
from app.core.spreadsheet import safe_cell
from app.core.time import utcnow
from app.core.uploads import RowsPreview, normalise
from app.events.import_files import ImportRefused, Table
from app.events.models import Event, ImportBatch, Station
from app.extensions import db
from app.similarity import lexical
from app.similarity import services as similarity

audit.describe("import_batches", label=_l("Import von Karten"))
audit.describe_actions({"import.created": _l("Karten importiert"),
                        "import.undone": _l("Import rückgängig gemacht")})

MAX_TITLE = 200
TITLE_WORDS = 8
MAX_NAME, MAX_ORGANISATION = 160, 200
# Similar-card hints compare every row with every card of its topic; above this many
# comparisons the preview leaves them out (the exact-duplicate check always runs).
MAX_SIMILARITY_COMPARISONS = 2_000_000
UNDO_REASON = "Import rückgängig gemacht"

# Target columns in template order; the first three must be mapped.
TARGETS = ("station", "kind", "text", "title", "author", "organisation", "group")
REQUIRED_TARGETS = ("station", "kind", "text")
# Header names recognised per target (compared normalised: lower case, umlauts folded).
SYNONYMS = {
    "station": ("station", "topic", "thema", "thementisch", "tisch", "handlungsfeld",
                "themenfeld", "querschnittsthema"),
    "kind": ("kind", "art", "typ", "beitragsart", "kategorie", "type"),
    "text": ("text", "karte", "kartentext", "inhalt", "beitrag", "body", "vorschlag"),
    "title": ("title", "titel", "ueberschrift", "betreff"),
    "author": ("author", "autor", "autorin", "name", "verfasser", "verfasserin", "von"),
    "organisation": ("organisation", "organization", "verein", "institution", "org"),
    "group": ("group", "gruppe", "personengruppe"),
}
TEMPLATE_HEADERS = {"station", "topic", *TARGETS}


def target_labels() -> dict[str, str]:
    return {"station": _("Station oder Thema"), "kind": _("Art"), "text": _("Text"),
            "title": _("Titel"), "author": _("Autor/in"), "organisation": _("Organisation"),
            "group": _("Gruppe")}


# --- column mapping ---------------------------------------------------------------------------

def guess_mapping(headers: list[str]) -> dict[str, int | None]:
    """For each target, the index of the file column that looks like it (or None)."""
    mapping: dict[str, int | None] = dict.fromkeys(TARGETS)
    normalised = [normalise(h) for h in headers]
    for target in TARGETS:
        for synonym in SYNONYMS[target]:
            if synonym in normalised:
                index = normalised.index(synonym)
                if index not in mapping.values():
                    mapping[target] = index
                    break
    return mapping


def needs_mapping(headers: list[str]) -> bool:
    """True unless the headers are the template's and every required target is found."""
    mapping = guess_mapping(headers)
    return (any(normalise(h) not in TEMPLATE_HEADERS for h in headers)
            or any(mapping[t] is None for t in REQUIRED_TARGETS))


def mapping_from_form(values: dict, headers: list[str]) -> dict[str, int | None]:
    """Read `map_<target>` values (column indexes as text) into a mapping; raises on missing
    required targets or a column used twice."""
    mapping: dict[str, int | None] = {}
    for target in TARGETS:
        raw = (values.get(f"map_{target}") or "").strip()
        mapping[target] = int(raw) if raw.isdigit() and int(raw) < len(headers) else None
    labels = target_labels()
    missing = [labels[t] for t in REQUIRED_TARGETS if mapping[t] is None]
    if missing:
        raise ImportRefused(_("Bitte ordnen Sie diese Spalten zu: %(names)s.",
                             names=", ".join(missing)))
    used = [i for i in mapping.values() if i is not None]
    if len(used) != len(set(used)):
        raise ImportRefused(_("Jede Spalte der Datei kann nur einmal zugeordnet werden."))
    return mapping


def mapping_fields(mapping: dict[str, int | None]) -> dict[str, str]:
    """The mapping as hidden form fields."""
    return {f"map_{t}": "" if i is None else str(i) for t, i in mapping.items()}


# --- checking rows ----------------------------------------------------------------------------

@dataclass
class ImportRow:
    number: int
    cells: list[str]
    station: Station | None = None
    kind: str = ""
    text: str = ""
    title: str = ""
    author: str = ""
    organisation: str = ""
    group: str = ""
    content_hash: str = ""
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    already_imported: bool = False

    @property
    def importable(self) -> bool:
        return not self.errors and not self.already_imported

    @property
    def kind_label(self) -> str:
        return CONTRIBUTION_KINDS.label(self.kind)

    @property
    def group_label(self) -> str:
        return GROUPS.label(self.group)


@dataclass(kw_only=True)
class Preview(RowsPreview):
    event: Event
    mapping: dict

    @property
    def importable(self) -> list[ImportRow]:
        return self.rows_where(lambda r: r.importable)

    @property
    def already_imported(self) -> list[ImportRow]:
        return self.rows_where(lambda r: r.already_imported and not r.errors)

    @property
    def with_warnings(self) -> list[ImportRow]:
        return self.rows_where(lambda r: r.warnings and not r.errors)


def derive_title(text: str) -> str:
    """A title from the first words of the text."""
    words = text.split()
    title = " ".join(words[:TITLE_WORDS])
    if len(words) > TITLE_WORDS:
        title += " …"
    if len(title) > MAX_TITLE:
        title = title[:MAX_TITLE - 2].rstrip() + " …"
    return title


def content_hash(event_id: int, station_id: int, kind: str, text: str, occurrence: int = 1) -> str:
    """Recognises a card on a second import: event, station, kind and the normalised text. The
    second identical card of one file (two people wrote the same) gets its own hash."""
    base = f"{event_id}|{station_id}|{kind}|{' '.join(text.split()).casefold()}"
    if occurrence > 1:
        base += f"|{occurrence}"
    return hashlib.sha256(base.encode("utf-8")).hexdigest()


def _station_lookup(event: Event) -> dict[str, Station]:
    lookup: dict[str, Station] = {}
    for station in event.stations:  # by position: a topic's first station wins
        for key in (station.topic.name, station.topic.slug):
            lookup.setdefault(normalise(key), station)
    for station in event.stations:  # a station's own name beats a topic name
        lookup[normalise(station.name)] = station
    return lookup


def _kind_lookup() -> dict[str, str]:
    lookup = {}
    for code, label in CONTRIBUTION_KINDS.items():
        lookup[normalise(code)] = code
        lookup[normalise(str(label))] = code
    # German labels also when the interface is in another language, and short forms.
    lookup.update({normalise(k): v for k, v in {
        "Zielvorschlag": "goal", "Ziel": "goal", "Maßnahmenvorschlag": "measure",
        "Maßnahme": "measure", "Idee für die kommunale Ebene": "municipal_idea",
        "kommunale Idee": "municipal_idea", "Best-Practice-Beispiel": "best_practice",
        "Best Practice": "best_practice", "Anmerkung zu einem Entwurfselement": "remark",
        "Anmerkung": "remark"}.items()})
    return lookup


def _group_lookup() -> dict[str, str]:
    lookup = {}
    for code, label in GROUPS.items():
        lookup[normalise(code)] = code
        lookup[normalise(str(label))] = code
    return lookup


def _cell(cells: list[str], mapping: dict, target: str) -> str:
    index = mapping.get(target)
    return cells[index].strip() if index is not None and index < len(cells) else ""


def check_rows(event: Event, table: Table, mapping: dict, *, similar: bool = True) -> Preview:
    """Every row as it would be imported, with its errors and warnings. Writes nothing."""
    stations, kinds, groups = _station_lookup(event), _kind_lookup(), _group_lookup()
    existing = _existing_hashes(event)
    seen: dict[str, int] = {}
    rows = []
    for number, cells in zip(table.line_numbers, table.rows, strict=True):
        row = ImportRow(number=number, cells=cells)
        station_value = _cell(cells, mapping, "station")
        row.station = stations.get(normalise(station_value)) if station_value else None
        if not station_value:
            row.errors.append(_("Station/Thema fehlt."))
        elif row.station is None:
            row.errors.append(_("Unbekannte Station oder unbekanntes Thema „%(value)s“.",
                                value=station_value))
        kind_value = _cell(cells, mapping, "kind")
        row.kind = kinds.get(normalise(kind_value), "") if kind_value else ""
        if not kind_value:
            row.errors.append(_("Art fehlt."))
        elif not row.kind:
            row.errors.append(_("Unbekannte Art „%(value)s“.", value=kind_value))
        row.text = _cell(cells, mapping, "text")
        if not row.text:
            row.errors.append(_("Text fehlt."))
        elif len(row.text) > MAX_TEXT:
            row.errors.append(_("Text zu lang (%(n)d Zeichen, höchstens %(max)d).",
                                n=len(row.text), max=MAX_TEXT))
        row.title = _cell(cells, mapping, "title")
        if len(row.title) > MAX_TITLE:
            row.errors.append(_("Titel zu lang (höchstens %(max)d Zeichen).", max=MAX_TITLE))
        elif not row.title and row.text:
            row.title = derive_title(row.text)
        row.author = _cell(cells, mapping, "author")
        if len(row.author) > MAX_NAME:
            row.errors.append(_("Name zu lang (höchstens %(max)d Zeichen).", max=MAX_NAME))
        row.organisation = _cell(cells, mapping, "organisation")
        if len(row.organisation) > MAX_ORGANISATION:
            row.errors.append(_("Organisation zu lang (höchstens %(max)d Zeichen).",
                                max=MAX_ORGANISATION))
        group_value = _cell(cells, mapping, "group")
        row.group = groups.get(normalise(group_value), "") if group_value else ""
        if group_value and not row.group:
            row.errors.append(_("Unbekannte Gruppe „%(value)s“ (möglich: %(choices)s).",
                                value=group_value,
                                choices=", ".join(str(g) for g in GROUPS.values())))
        if row.station is not None and row.kind and row.text:
            key = content_hash(event.id, row.station.id, row.kind, row.text)
            seen[key] = seen.get(key, 0) + 1
            if seen[key] > 1:
                row.warnings.append(_("Dieselbe Karte steht mehrmals in der Datei; sie wird "
                                      "jedes Mal als eigener Beitrag importiert."))
            row.content_hash = content_hash(event.id, row.station.id, row.kind, row.text,
                                            seen[key])
            row.already_imported = row.content_hash in existing
        rows.append(row)
    preview = Preview(event=event, table=table, mapping=mapping, rows=rows,
                      notes=list(table.notes))
    if similar:
        _add_similarity_warnings(preview)
    return preview


def _existing_hashes(event: Event) -> set[str]:
    """Hashes of the event's cards, except those of undone imports (they may come again)."""
    return set(db.session.scalars(
        select(Contribution.content_hash)
        .outerjoin(ImportBatch, ImportBatch.id == Contribution.import_batch_id)
        .where(Contribution.event_id == event.id, Contribution.content_hash.is_not(None),
               ImportBatch.undone_at.is_(None))))


def _add_similarity_warnings(preview: Preview) -> None:
    """Warn about rows that look like a card already in the database (one query per topic)."""
    candidates = [r for r in preview.rows if r.station is not None and r.text and not r.errors
                  and not r.already_imported]
    by_topic: dict[int, list[ImportRow]] = {}
    for row in candidates:
        by_topic.setdefault(row.station.topic_id, []).append(row)
    if not by_topic:
        return
    existing = db.session.execute(
        select(Contribution.id, Contribution.topic_id, Contribution.title, Contribution.body)
        .where(Contribution.topic_id.in_(by_topic), Contribution.status.in_(lexical.STATUSES))
    ).all()
    cards: dict[int, list] = {}
    for card in existing:
        cards.setdefault(card.topic_id, []).append(card)
    comparisons = sum(len(rows) * len(cards.get(t, [])) for t, rows in by_topic.items())
    if comparisons > MAX_SIMILARITY_COMPARISONS:
        preview.notes.append(_("Die Datei ist zu groß für die Suche nach ähnlichen Beiträgen; "
                               "geprüft wurde nur auf schon importierte Karten."))
        return
    for topic_id, rows in by_topic.items():
        features = [(c, lexical.features(lexical.card_text(c.title, c.body)))
                    for c in cards.get(topic_id, [])]
        for row in rows:
            wanted = lexical.features(row.text)
            best = max(((lexical.score_features(wanted, f), c) for c, f in features),
                       key=lambda pair: (pair[0], -pair[1].id), default=None)
            if best and best[0] >= lexical.CONFIDENT:
                row.warnings.append(_("Ähnlich wie B-%(id)04d „%(title)s“.", id=best[1].id,
                                      title=best[1].title))


# --- importing and undoing --------------------------------------------------------------------

def error_report(preview: Preview) -> str:
    """CSV of the rows with errors: the original columns and "Fehler" (cells made safe)."""
    rows = preview.with_errors
    if not rows:
        return ""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow([safe_cell(h) for h in [*preview.table.headers, "Fehler"]])
    for row in rows:
        writer.writerow([safe_cell(c) for c in [*row.cells, " ".join(row.errors)]])
    return out.getvalue()


def import_rows(preview: Preview, *, actor=None) -> ImportBatch:
    """Create an ImportBatch and a contribution for every importable row (source "import",
    published, credited as on the card, captured by `actor`). Rows with errors and rows
    already imported are skipped; the errors go into the batch's error report. Flushes; the
    caller commits (or rolls back: then nothing at all is imported)."""
    event = preview.event
    rows = preview.importable
    batch = ImportBatch(event_id=event.id, filename=(preview.table.filename or "")[:255],
                        created_by_id=getattr(actor, "id", None), rows_imported=len(rows),
                        rows_skipped=len(preview.rows) - len(rows),
                        error_report=error_report(preview))
    db.session.add(batch)
    db.session.flush()
    now = utcnow()
    contributions = [
        Contribution(
            round_id=event.round_id, topic_id=row.station.topic_id, kind=row.kind,
            title=row.title, body=row.text, body_html=render_markdown(row.text),
            language="de", author_id=None, source="import", event_id=event.id,
            station_id=row.station.id, credited_name=row.author or None,
            credited_organisation=row.organisation or None, credited_group=row.group or None,
            participant_group=row.group or None,
            captured_by_id=getattr(actor, "id", None), import_batch_id=batch.id,
            content_hash=row.content_hash, status="published", outcome="pending",
            created_at=now, updated_at=now)
        for row in rows]
    db.session.add_all(contributions)
    db.session.flush()
    audit.record("import.created", batch, actor=actor,
                 summary=f"{batch.filename}: {batch.rows_imported} importiert, "
                         f"{batch.rows_skipped} übersprungen",
                 after={"event_id": event.id, "rows_imported": batch.rows_imported,
                        "rows_skipped": batch.rows_skipped,
                        "already_imported": len(preview.already_imported),
                        "errors": len(preview.with_errors)})
    similarity.index_later()  # the new cards' sentence vectors, in the background
    return batch


def undo_blocker(batch: ImportBatch) -> str | None:
    """Why the import cannot be undone (or None)."""
    if batch.undone_at is not None:
        return _("Dieser Import wurde schon rückgängig gemacht.")
    worked_on = db.session.scalar(
        select(Contribution.id).where(Contribution.import_batch_id == batch.id,
                                      Contribution.outcome != "pending").limit(1))
    if worked_on is not None:
        return _("Beiträge dieses Imports wurden schon weiterbearbeitet (z. B. B-%(id)04d); der "
                 "Import kann nicht mehr rückgängig gemacht werden.", id=worked_on)
    return None


def undo_blockers(batches: list[ImportBatch]) -> dict[int, str | None]:
    """undo_blocker for many batches with one query."""
    ids = [b.id for b in batches]
    worked_on = set(db.session.scalars(
        select(Contribution.import_batch_id).where(Contribution.import_batch_id.in_(ids),
                                                   Contribution.outcome != "pending")
        .distinct())) if ids else set()
    return {b.id: (_("schon rückgängig gemacht") if b.undone_at else
                   _("schon weiterbearbeitet") if b.id in worked_on else None)
            for b in batches}


def undo_import(batch: ImportBatch, *, actor) -> int:
    """Hide all contributions of an import (never delete them) and mark it undone."""
    blocker = undo_blocker(batch)
    if blocker:
        raise ImportRefused(blocker)
    now = utcnow()
    result = db.session.execute(
        update(Contribution)
        .where(Contribution.import_batch_id == batch.id, Contribution.status != "hidden")
        .values(status="hidden", hidden_reason=UNDO_REASON, hidden_at=now, updated_at=now,
                lock_version=Contribution.lock_version + 1)
        .execution_options(synchronize_session=False))
    batch.undone_at = now
    batch.undone_by_id = getattr(actor, "id", None)
    db.session.flush()
    audit.record("import.undone", batch, actor=actor,
                 summary=f"{batch.filename}: {result.rowcount} Beiträge ausgeblendet",
                 before={"undone": False}, after={"undone": True, "hidden": result.rowcount})
    return result.rowcount


def template_csv(event: Event) -> str:
    """The downloadable template: the column headers, separated by semicolons (as Excel in
    German writes them), UTF-8 with BOM so that Excel shows umlauts."""
    out = io.StringIO()
    csv.writer(out, delimiter=";", lineterminator="\r\n").writerow(
        ["station", "kind", "text", "title", "author", "organisation", "group"])
    return "\ufeff" + out.getvalue()

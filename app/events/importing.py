"""Import of typed-up card lists (CSV or XLSX) into an event: read the file, map its columns,
check every row (preview), import the valid rows in one transaction, undo an import.

The use cases flush but never commit; the view or CLI command commits once."""

import csv
import hashlib
import io
import json
import re
import secrets
import time
import unicodedata
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import select, update

from app.accounts.models import GROUPS
from app.contributions.models import CONTRIBUTION_KINDS, MAX_TEXT, Contribution
from app.core import audit
from app.core.sanitize import render_markdown
from app.core.spreadsheet import safe_cell
from app.core.time import utcnow
from app.events.models import Event, ImportBatch, Station
from app.extensions import db
from app.similarity import lexical

MAX_FILE_BYTES = 10 * 1024 * 1024
MAX_ROWS = 10_000
MAX_COLUMNS = 50  # cells read per row; the rest of a row is never looked at
# Reading stops at the first run of this many blank rows: spreadsheets often carry thousands
# of formatted but empty rows below the data (or millions, to keep a request busy).
MAX_BLANK_RUN = 1_000
# Rows read at most, blank ones included, before the file is refused as too long.
MAX_SCANNED_ROWS = 5 * MAX_ROWS
# An XLSX is a zip archive: its table of contents is checked before anything is unpacked.
# Natural text compresses three- to fifteenfold; a zip bomb a thousandfold.
MAX_XLSX_ENTRIES = 1_000
MAX_XLSX_UNPACKED_BYTES = 5 * MAX_FILE_BYTES
MAX_XLSX_RATIO = 100
XLSX_RATIO_FROM_BYTES = 1024 * 1024  # small parts (styles, empty sheets) may compress better
# openpyxl parses a whole sheet when it lacks a <dimension>, and a whole row at once, before
# any row is handed out: rows and cells are counted in the unpacked XML before it opens it.
MAX_SHEET_ROWS = MAX_SCANNED_ROWS + MAX_BLANK_RUN
MAX_ROW_CELLS = 16_384  # Excel's own limit (column XFD)
_SHEET_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?(row|c)[\s/>]")
MAX_TITLE = 200
TITLE_WORDS = 8
MAX_NAME, MAX_ORGANISATION = 160, 200
# Similar-card hints compare every row with every card of its topic; above this many
# comparisons the preview leaves them out (the exact-duplicate check always runs).
MAX_SIMILARITY_COMPARISONS = 2_000_000
UPLOAD_MAX_AGE = 24 * 60 * 60
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


class ImportRefused(Exception):
    """The file cannot be read or imported; the message is shown to the user."""


def target_labels() -> dict[str, str]:
    return {"station": _("Station oder Thema"), "kind": _("Art"), "text": _("Text"),
            "title": _("Titel"), "author": _("Autor/in"), "organisation": _("Organisation"),
            "group": _("Gruppe")}


def normalise(value) -> str:
    """Lower case, umlauts and accents folded, only letters and digits: for matching names."""
    text = unicodedata.normalize("NFKC", str(value or "")).casefold()
    text = text.replace("ä", "ae").replace("ö", "oe").replace("ü", "ue").replace("ß", "ss")
    text = unicodedata.normalize("NFKD", text)
    return "".join(c for c in text if c.isalnum())


# --- reading the file -------------------------------------------------------------------------

@dataclass
class Table:
    """A file read into header and rows of text cells."""

    filename: str
    headers: list[str]
    rows: list[list[str]]  # data rows, each as long as headers
    line_numbers: list[int]  # the row's number in the file (header = 1)
    notes: list[str] = field(default_factory=list)


def read_table(data: bytes, filename: str) -> Table:
    """Read a CSV (UTF-8 with/without BOM or Windows-1252; comma, semicolon or tab) or an XLSX
    file (first sheet, cached values of formulas). Raises ImportRefused with a clear message."""
    if len(data) > MAX_FILE_BYTES:
        raise ImportRefused(_("Die Datei ist zu groß (höchstens %(mb)d MB).",
                             mb=MAX_FILE_BYTES // (1024 * 1024)))
    if not data.strip():
        raise ImportRefused(_("Die Datei ist leer."))
    name = (filename or "").lower()
    if name.endswith(".xls") or data.startswith(b"\xd0\xcf\x11\xe0"):
        raise ImportRefused(_("Alte Excel-Dateien (.xls) können nicht gelesen werden. Bitte "
                             "speichern Sie die Datei als .xlsx oder .csv."))
    if data.startswith(b"PK\x03\x04") or name.endswith(".xlsx"):
        headers, rows, notes = _read_xlsx(data)
    else:
        headers, rows, notes = _read_csv(data)
    return _table(filename, headers, rows, notes)


def _table(filename, headers, raw_rows, notes) -> Table:
    headers = [str(h or "").strip() for h in headers]
    while headers and not headers[-1]:
        headers.pop()
    if not any(headers):
        raise ImportRefused(_("Die erste Zeile der Datei muss die Spaltenüberschriften "
                             "enthalten; sie ist leer."))
    headers = [h or _("Spalte %(n)d", n=i) for i, h in enumerate(headers, start=1)]
    width = len(headers)
    rows, numbers = [], []
    for number, row in raw_rows:
        cells = [("" if c is None else str(c)).strip() for c in row[:width]]
        cells += [""] * (width - len(cells))
        if any(cells):
            rows.append(cells)
            numbers.append(number)
    if not rows:
        raise ImportRefused(_("Die Datei enthält keine Zeilen unter den Spaltenüberschriften."))
    return Table(filename=filename, headers=headers, rows=rows, line_numbers=numbers,
                 notes=notes)


def _too_many_rows() -> ImportRefused:
    return ImportRefused(_("Die Datei hat mehr als %(max)s Zeilen. Bitte teilen Sie sie in "
                          "mehrere Dateien mit höchstens %(max)s Zeilen auf; es wurde nichts "
                          "importiert.", max=_number(MAX_ROWS)))


def _decode(data: bytes) -> str:
    if b"\x00" in data[:8192]:
        raise ImportRefused(_("Das ist keine Textdatei (CSV): sie enthält Binärdaten. Bitte "
                             "laden Sie eine CSV- oder XLSX-Datei hoch."))
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError:
            raise ImportRefused(_("Die Datei ist keine lesbare Textdatei (weder UTF-8 noch "
                                 "Windows-1252). Bitte speichern Sie sie als „CSV UTF-8“."
                                 )) from None
    controls = sum(1 for c in text[:8192] if unicodedata.category(c) == "Cc"
                   and c not in "\t\r\n")
    if controls > max(2, len(text[:8192]) // 100):
        raise ImportRefused(_("Das ist keine Textdatei (CSV): sie enthält Binärdaten. Bitte "
                             "laden Sie eine CSV- oder XLSX-Datei hoch."))
    return text


def _delimiter(text: str) -> str:
    sample = text[:16384]
    first_line = sample.splitlines()[0] if sample else ""
    try:
        delimiter = csv.Sniffer().sniff(sample, delimiters=";,\t").delimiter
    except csv.Error:
        delimiter = None
    if delimiter is None or delimiter not in first_line:
        counts = {d: first_line.count(d) for d in ";,\t"}
        delimiter = max(counts, key=counts.get) if any(counts.values()) else ";"
    return delimiter


def _read_csv(data: bytes):
    text = _decode(data)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
    try:
        headers = next(reader, [])[:MAX_COLUMNS]
        rows, notes = _data_rows((reader.line_num, row[:MAX_COLUMNS]) for row in reader)
    except csv.Error as exc:
        raise ImportRefused(_("Die CSV-Datei ist fehlerhaft (Zeile %(n)d): %(error)s",
                             n=reader.line_num, error=str(exc))) from None
    return headers, rows, notes


def _data_rows(numbered_rows) -> tuple[list, list[str]]:
    """The non-blank (line number, cells) pairs of a file after its header, read lazily: at
    most MAX_ROWS of them, at most MAX_SCANNED_ROWS rows looked at, and reading ends at a run
    of MAX_BLANK_RUN blank rows (with a note if anything follows it)."""
    numbered_rows = iter(numbered_rows)
    rows, notes, blank_run, last = [], [], 0, 1
    for scanned, (number, cells) in enumerate(numbered_rows, start=1):
        if any(c.strip() for c in cells):
            if len(rows) >= MAX_ROWS or scanned > MAX_SCANNED_ROWS:
                raise _too_many_rows()
            rows.append((number, cells))
            blank_run, last = 0, number
            continue
        blank_run += 1
        if blank_run >= MAX_BLANK_RUN:
            if next(numbered_rows, None) is not None:
                notes.append(_("Nach Zeile %(n)s folgen %(blank)s leere Zeilen; dort wurde "
                               "das Lesen beendet. Stehen weiter unten noch Karten, löschen "
                               "Sie bitte die leeren Zeilen und laden Sie die Datei noch "
                               "einmal hoch.", n=_number(last), blank=_number(MAX_BLANK_RUN)))
            break
    return rows, notes


def _number(n: int) -> str:
    return f"{n:,}".replace(",", ".")


def _xlsx_value(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if hasattr(value, "isoformat"):
        return value.isoformat()
    # A formula without a cached value arrives as its text: it stays text, never evaluated.
    return str(value)


def _unreadable_xlsx() -> ImportRefused:
    return ImportRefused(_("Die Datei ist keine lesbare XLSX-Datei. Bitte speichern Sie sie in "
                          "Excel oder LibreOffice noch einmal als .xlsx oder .csv."))


def _check_xlsx_archive(data: bytes) -> None:
    """Refuse an XLSX whose parts would unpack too large, too many or suspiciously compressed,
    judged from the archive's table of contents alone (the zip module never unpacks more than
    a part declares there)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            parts = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError):
        raise _unreadable_xlsx() from None
    if len(parts) > MAX_XLSX_ENTRIES:
        raise ImportRefused(_("Die XLSX-Datei besteht aus zu vielen Teilen (%(n)s, höchstens "
                             "%(max)s). Bitte speichern Sie nur die Tabelle mit den Karten "
                             "als .xlsx oder .csv; es wurde nichts importiert.",
                             n=_number(len(parts)), max=_number(MAX_XLSX_ENTRIES)))
    unpacked = sum(p.file_size for p in parts)
    if unpacked > MAX_XLSX_UNPACKED_BYTES:
        raise ImportRefused(_("Die XLSX-Datei wäre entpackt zu groß (%(mb)s MB, höchstens "
                             "%(max)s MB). Bitte teilen Sie sie in kleinere Dateien auf oder "
                             "laden Sie sie als .csv hoch; es wurde nichts importiert.",
                             mb=_number(unpacked // (1024 * 1024)),
                             max=_number(MAX_XLSX_UNPACKED_BYTES // (1024 * 1024))))
    if any(p.file_size > XLSX_RATIO_FROM_BYTES
           and p.file_size > MAX_XLSX_RATIO * max(p.compress_size, 1) for p in parts):
        raise ImportRefused(_("Die XLSX-Datei ist ungewöhnlich stark komprimiert und wird zur "
                             "Sicherheit nicht geöffnet. Bitte speichern Sie sie in Excel oder "
                             "LibreOffice noch einmal als .xlsx oder als .csv; es wurde nichts "
                             "importiert."))
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        # A smaller part cannot hold too many rows or cells ("<c/>" is four bytes).
        for part in (p for p in parts if p.file_size > 4 * MAX_ROW_CELLS):
            _check_sheet_shape(archive, part)


def _check_sheet_shape(archive: zipfile.ZipFile, part: zipfile.ZipInfo) -> None:
    """Refuse an XML part with more than MAX_SHEET_ROWS rows or a row with more than
    MAX_ROW_CELLS cells, counted in the unpacked stream up to the first limit passed."""
    rows = cells = 0
    tail = b""
    try:
        with archive.open(part) as stream:
            while chunk := stream.read(1024 * 1024):
                window = tail + chunk
                for match in _SHEET_TAG.finditer(window):
                    if match.end() <= len(tail):
                        continue  # counted with the last chunk
                    if match.group(1) == b"row":
                        rows, cells = rows + 1, 0
                        if rows > MAX_SHEET_ROWS:
                            raise ImportRefused(_(
                                "Die Tabelle hat mehr als %(max)s Zeilen, leere mitgezählt. "
                                "Oft sind das leere, aber formatierte Zeilen unter den Karten: "
                                "bitte löschen Sie sie (oder speichern Sie die Datei als .csv) "
                                "und laden Sie die Datei noch einmal hoch; es wurde nichts "
                                "importiert.", max=_number(MAX_SHEET_ROWS)))
                    else:
                        cells += 1
                        if cells > MAX_ROW_CELLS:
                            raise ImportRefused(_(
                                "Eine Zeile der Tabelle hat mehr als %(max)s Zellen. Bitte "
                                "speichern Sie nur die Spalten mit den Karten als .xlsx oder "
                                ".csv; es wurde nichts importiert.",
                                max=_number(MAX_ROW_CELLS)))
                tail = window[-64:]
    except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError):
        raise _unreadable_xlsx() from None


def _read_xlsx(data: bytes):
    from openpyxl import load_workbook

    _check_xlsx_archive(data)
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001 - damaged files raise many kinds of errors
        current_app.logger.info("Unreadable XLSX upload: %s", exc)
        raise _unreadable_xlsx() from None
    try:
        if not workbook.worksheets:
            raise ImportRefused(_("Die Arbeitsmappe enthält kein Tabellenblatt."))
        sheet = workbook.worksheets[0]
        notes = []
        if len(workbook.sheetnames) > 1:
            notes.append(_("Die Arbeitsmappe hat %(n)d Tabellenblätter; gelesen wird nur das "
                           "erste („%(name)s“).", n=len(workbook.sheetnames), name=sheet.title))
        # max_row: never trust the sheet's own <dimension> (it may claim a million rows, or
        # too few); _data_rows stops before this, which only bounds the reading twice.
        last_row = MAX_SCANNED_ROWS + MAX_BLANK_RUN + 10
        cells = ([_xlsx_value(v) for v in row] for row in sheet.iter_rows(
            values_only=True, max_col=MAX_COLUMNS, max_row=last_row))
        headers = next(cells, [])
        rows, more_notes = _data_rows(enumerate(cells, start=2))
        return headers, rows, notes + more_notes
    finally:
        workbook.close()


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
        return str(CONTRIBUTION_KINDS.get(self.kind, self.kind))

    @property
    def group_label(self) -> str:
        return str(GROUPS.get(self.group, self.group))


@dataclass
class Preview:
    event: Event
    table: Table
    mapping: dict
    rows: list[ImportRow]
    notes: list[str] = field(default_factory=list)

    @property
    def importable(self) -> list[ImportRow]:
        return [r for r in self.rows if r.importable]

    @property
    def with_errors(self) -> list[ImportRow]:
        return [r for r in self.rows if r.errors]

    @property
    def already_imported(self) -> list[ImportRow]:
        return [r for r in self.rows if r.already_imported and not r.errors]

    @property
    def with_warnings(self) -> list[ImportRow]:
        return [r for r in self.rows if r.warnings and not r.errors]


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


# --- the uploaded file between preview and confirmation ---------------------------------------

_TOKEN = re.compile(r"^[A-Za-z0-9_-]{20,64}$")


def upload_folder() -> Path:
    folder = Path(current_app.config.get("IMPORT_FOLDER")
                  or Path(current_app.instance_path) / "imports")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def store_upload(data: bytes, filename: str, *, event_id: int, user_id: int | None) -> str:
    """Keep the uploaded file on the server until the import is confirmed; returns a token
    (sent in a hidden field, never in the session cookie)."""
    folder = upload_folder()
    _remove_stale(folder)
    token = secrets.token_urlsafe(24)
    (folder / token).write_bytes(data)
    (folder / f"{token}.json").write_text(json.dumps(
        {"filename": filename, "event_id": event_id, "user_id": user_id}), encoding="utf-8")
    return token


def load_upload(token: str, *, event_id: int, user_id: int | None) -> tuple[bytes, str]:
    """The stored file and its name; refuses unknown, foreign or expired tokens."""
    expired = ImportRefused(_("Die hochgeladene Datei ist nicht mehr vorhanden. Bitte laden Sie "
                             "sie noch einmal hoch."))
    if not token or not _TOKEN.match(token):
        raise expired
    folder = upload_folder()
    try:
        meta = json.loads((folder / f"{token}.json").read_text(encoding="utf-8"))
        data = (folder / token).read_bytes()
    except (OSError, ValueError):
        raise expired from None
    if meta.get("event_id") != event_id or meta.get("user_id") != user_id:
        raise expired
    return data, meta.get("filename") or "import.csv"


def discard_upload(token: str) -> None:
    if token and _TOKEN.match(token):
        folder = upload_folder()
        for path in (folder / token, folder / f"{token}.json"):
            path.unlink(missing_ok=True)


def _remove_stale(folder: Path) -> None:
    limit = time.time() - UPLOAD_MAX_AGE
    for path in folder.iterdir():
        try:
            if path.stat().st_mtime < limit:
                path.unlink()
        except OSError:
            pass

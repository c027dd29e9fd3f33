"""Uploaded tables (card lists of an event, the measures sheet of implementation): reading a
CSV or XLSX file into a table within limits (a file that breaks them is refused before it costs
much), and keeping the file on the server between the preview and the confirmation."""

import csv
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

from app.core.actions import Refusal

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
UPLOAD_MAX_AGE = 24 * 60 * 60


class UploadRefused(Refusal):
    """The file cannot be read or imported; the message is shown to the user."""


def normalise(value) -> str:
    """Lower case, umlauts and accents folded, only letters and digits: for matching the names
    people type into a table (headers, topics, statuses) with the ones we know."""
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
    # XLSX read with formulas=True: (line number, column index) of every cell holding a formula
    # (its text is left out of the cells).
    formulas: set[tuple[int, int]] = field(default_factory=set)


@dataclass(kw_only=True)
class RowsPreview:
    """What a confirmation would do with each row of an uploaded table; nothing is written
    before it is confirmed. A module's preview adds what its rows need."""

    table: Table
    rows: list
    notes: list[str] = field(default_factory=list)

    def rows_where(self, test) -> list:
        return [row for row in self.rows if test(row)]

    @property
    def with_errors(self) -> list:
        return self.rows_where(lambda row: row.errors)


def read_table(data: bytes, filename: str, *, formulas: bool = False) -> Table:
    """Read a CSV (UTF-8 with/without BOM or Windows-1252; comma, semicolon or tab) or an XLSX
    file (first sheet, cached values of formulas; with `formulas=True` the formula cells are
    listed in `Table.formulas` and read as empty). Raises UploadRefused with a clear message."""
    if len(data) > MAX_FILE_BYTES:
        raise UploadRefused(_("Die Datei ist zu groß (höchstens %(mb)d MB).",
                             mb=MAX_FILE_BYTES // (1024 * 1024)))
    if not data.strip():
        raise UploadRefused(_("Die Datei ist leer."))
    name = (filename or "").lower()
    if name.endswith(".xls") or data.startswith(b"\xd0\xcf\x11\xe0"):
        raise UploadRefused(_("Alte Excel-Dateien (.xls) können nicht gelesen werden. Bitte "
                             "speichern Sie die Datei als .xlsx oder .csv."))
    if data.startswith(b"PK\x03\x04") or name.endswith(".xlsx"):
        found: set[tuple[int, int]] | None = set() if formulas else None
        headers, rows, notes = _read_xlsx(data, found)
        table = _table(filename, headers, rows, notes)
        table.formulas = found or set()
        return table
    headers, rows, notes = _read_csv(data)
    return _table(filename, headers, rows, notes)


def _table(filename, headers, raw_rows, notes) -> Table:
    headers = [str(h or "").strip() for h in headers]
    while headers and not headers[-1]:
        headers.pop()
    if not any(headers):
        raise UploadRefused(_("Die erste Zeile der Datei muss die Spaltenüberschriften "
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
        raise UploadRefused(_("Die Datei enthält keine Zeilen unter den Spaltenüberschriften."))
    return Table(filename=filename, headers=headers, rows=rows, line_numbers=numbers,
                 notes=notes)


def _too_many_rows() -> UploadRefused:
    return UploadRefused(_("Die Datei hat mehr als %(max)s Zeilen. Bitte teilen Sie sie in "
                          "mehrere Dateien mit höchstens %(max)s Zeilen auf; es wurde nichts "
                          "importiert.", max=_number(MAX_ROWS)))


def _decode(data: bytes) -> str:
    if b"\x00" in data[:8192]:
        raise UploadRefused(_("Das ist keine Textdatei (CSV): sie enthält Binärdaten. Bitte "
                             "laden Sie eine CSV- oder XLSX-Datei hoch."))
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError:
            raise UploadRefused(_("Die Datei ist keine lesbare Textdatei (weder UTF-8 noch "
                                 "Windows-1252). Bitte speichern Sie sie als „CSV UTF-8“."
                                 )) from None
    controls = sum(1 for c in text[:8192] if unicodedata.category(c) == "Cc"
                   and c not in "\t\r\n")
    if controls > max(2, len(text[:8192]) // 100):
        raise UploadRefused(_("Das ist keine Textdatei (CSV): sie enthält Binärdaten. Bitte "
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
        raise UploadRefused(_("Die CSV-Datei ist fehlerhaft (Zeile %(n)d): %(error)s",
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


def _unreadable_xlsx() -> UploadRefused:
    return UploadRefused(_("Die Datei ist keine lesbare XLSX-Datei. Bitte speichern Sie sie in "
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
        raise UploadRefused(_("Die XLSX-Datei besteht aus zu vielen Teilen (%(n)s, höchstens "
                             "%(max)s). Bitte speichern Sie nur die Tabelle mit den Karten "
                             "als .xlsx oder .csv; es wurde nichts importiert.",
                             n=_number(len(parts)), max=_number(MAX_XLSX_ENTRIES)))
    unpacked = sum(p.file_size for p in parts)
    if unpacked > MAX_XLSX_UNPACKED_BYTES:
        raise UploadRefused(_("Die XLSX-Datei wäre entpackt zu groß (%(mb)s MB, höchstens "
                             "%(max)s MB). Bitte teilen Sie sie in kleinere Dateien auf oder "
                             "laden Sie sie als .csv hoch; es wurde nichts importiert.",
                             mb=_number(unpacked // (1024 * 1024)),
                             max=_number(MAX_XLSX_UNPACKED_BYTES // (1024 * 1024))))
    if any(p.file_size > XLSX_RATIO_FROM_BYTES
           and p.file_size > MAX_XLSX_RATIO * max(p.compress_size, 1) for p in parts):
        raise UploadRefused(_("Die XLSX-Datei ist ungewöhnlich stark komprimiert und wird zur "
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
                            raise UploadRefused(_(
                                "Die Tabelle hat mehr als %(max)s Zeilen, leere mitgezählt. "
                                "Oft sind das leere, aber formatierte Zeilen unter den Karten: "
                                "bitte löschen Sie sie (oder speichern Sie die Datei als .csv) "
                                "und laden Sie die Datei noch einmal hoch; es wurde nichts "
                                "importiert.", max=_number(MAX_SHEET_ROWS)))
                    else:
                        cells += 1
                        if cells > MAX_ROW_CELLS:
                            raise UploadRefused(_(
                                "Eine Zeile der Tabelle hat mehr als %(max)s Zellen. Bitte "
                                "speichern Sie nur die Spalten mit den Karten als .xlsx oder "
                                ".csv; es wurde nichts importiert.",
                                max=_number(MAX_ROW_CELLS)))
                tail = window[-64:]
    except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError):
        raise _unreadable_xlsx() from None


def _formula_free(rows, found: set[tuple[int, int]]):
    """Cells of rows (numbered from the header, 1) as values, formulas as empty text: their
    places are added to `found`."""
    for number, row in enumerate(rows, start=1):
        values = []
        for index, cell in enumerate(row):
            if getattr(cell, "data_type", None) == "f":
                found.add((number, index))
                values.append(None)
            else:
                values.append(getattr(cell, "value", None))
        yield values


def _read_xlsx(data: bytes, formulas: set[tuple[int, int]] | None = None):
    """The first sheet's header, rows and notes; with a set for `formulas`, the formulas
    themselves are read (not their cached values) and their places collected in it."""
    from openpyxl import load_workbook

    _check_xlsx_archive(data)
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True,
                                 data_only=formulas is None)
    except Exception as exc:  # noqa: BLE001 - damaged files raise many kinds of errors
        current_app.logger.info("Unreadable XLSX upload: %s", exc)
        raise _unreadable_xlsx() from None
    try:
        if not workbook.worksheets:
            raise UploadRefused(_("Die Arbeitsmappe enthält kein Tabellenblatt."))
        sheet = workbook.worksheets[0]
        notes = []
        if len(workbook.sheetnames) > 1:
            notes.append(_("Die Arbeitsmappe hat %(n)d Tabellenblätter; gelesen wird nur das "
                           "erste („%(name)s“).", n=len(workbook.sheetnames), name=sheet.title))
        # max_row: never trust the sheet's own <dimension> (it may claim a million rows, or
        # too few); _data_rows stops before this, which only bounds the reading twice.
        last_row = MAX_SCANNED_ROWS + MAX_BLANK_RUN + 10
        values = sheet.iter_rows(values_only=formulas is None, max_col=MAX_COLUMNS,
                                 max_row=last_row)
        if formulas is not None:
            values = _formula_free(values, formulas)
        cells = ([_xlsx_value(v) for v in row] for row in values)
        headers = next(cells, [])
        rows, more_notes = _data_rows(enumerate(cells, start=2))
        return headers, rows, notes + more_notes
    finally:
        workbook.close()


# --- the uploaded file between preview and confirmation ---------------------------------------

_TOKEN = re.compile(r"^[A-Za-z0-9_-]{20,64}$")


def upload_folder() -> Path:
    folder = Path(current_app.config.get("IMPORT_FOLDER")
                  or Path(current_app.instance_path) / "imports")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def store_upload(data: bytes, filename: str, *, scope: str, user_id: int | None) -> str:
    """Keep the uploaded file on the server until the import is confirmed; returns a token
    (sent in a hidden field, never in the session cookie). `scope` names what the file is for
    (an event's cards, the measures sheet): a token is only good for its own scope and user."""
    folder = upload_folder()
    _remove_stale(folder)
    token = secrets.token_urlsafe(24)
    (folder / token).write_bytes(data)
    (folder / f"{token}.json").write_text(json.dumps(
        {"filename": filename, "scope": scope, "user_id": user_id}), encoding="utf-8")
    return token


def load_upload(token: str, *, scope: str, user_id: int | None) -> tuple[bytes, str]:
    """The stored file and its name; refuses unknown, foreign or expired tokens."""
    expired = UploadRefused(_("Die hochgeladene Datei ist nicht mehr vorhanden. Bitte laden Sie "
                             "sie noch einmal hoch."))
    if not token or not _TOKEN.match(token):
        raise expired
    folder = upload_folder()
    try:
        meta = json.loads((folder / f"{token}.json").read_text(encoding="utf-8"))
        data = (folder / token).read_bytes()
    except (OSError, ValueError):
        raise expired from None
    if meta.get("scope") != scope or meta.get("user_id") != user_id:
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

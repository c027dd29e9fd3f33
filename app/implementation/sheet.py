"""The spreadsheet round trip of implementation: staff download the measures (all of them or
those of one responsible body) as XLSX, the body fills in status, progress and a note, and staff
upload the file again. Every row is checked first (`check_sheet`, writes nothing: the preview);
`apply_sheet` then applies the rows in one use case through `services.post_entry`, so audit and
notifications are those of any status change.

The same file uploaded twice changes nothing the second time: a row whose status and progress
are the measure's already and whose note is already an entry of the measure is "unchanged"."""

import re
from dataclasses import dataclass, field
from datetime import date
from io import BytesIO

from flask_babel import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.worksheet.datavalidation import DataValidation
from sqlalchemy import select

from app.core import audit
from app.core.permissions import can
from app.core.spreadsheet import cell_value
from app.core.uploads import RowsPreview, Table, UploadRefused, normalise
from app.extensions import db
from app.implementation import queries, services
from app.implementation.models import (
    DEFAULT_STATUSES,
    MAX_ENTRY_TEXT,
    ImplementationStatus,
    ProgressEntry,
)
from app.implementation.progress import MeasureState, Overview

XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
UPLOAD_SCOPE = "implementation-sheet"
# The columns of the downloaded file. Their German names are part of the file, not of the
# interface: a body fills in the same file whatever language staff read the pages in.
COLUMNS = ("reference", "text", "responsible", "status", "progress", "last_entry", "note")
HEADERS = {"reference": "Referenz", "text": "Maßnahme", "responsible": "Verantwortlich",
           "status": "Status", "progress": "Fortschritt (%)", "last_entry": "Letzter Eintrag",
           "note": "Notiz"}
WIDTHS = {"reference": 10, "text": 70, "responsible": 28, "status": 16, "progress": 14,
          "last_entry": 14, "note": 60}
# Header names recognised when the file comes back (normalised), besides the ones above.
SYNONYMS = {
    "reference": ("referenz", "ref", "reference", "nr", "nummer", "kennung", "id"),
    "status": ("status", "stand", "state"),
    "progress": ("fortschritt", "fortschrittprozent", "fortschrittinprozent", "prozent",
                 "progress", "umsetzungsgrad"),
    "note": ("notiz", "note", "bemerkung", "anmerkung", "kommentar", "neuereintrag",
             "wasistgeschehen"),
}
_REFERENCE = re.compile(r"^\s*(?:m\s*-?\s*)?0*(\d{1,9})\s*$", re.IGNORECASE)
_PERCENT = re.compile(r"^\s*(\d{1,3}(?:[.,]0+)?)\s*%?\s*$")
HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="DCE3EC")
WRAP = Alignment(wrap_text=True, vertical="top")


def reference(item_id: int) -> str:
    """A measure's reference in the sheet (its draft item, which outlives versions)."""
    return f"M-{item_id:04d}"


# --- the download -------------------------------------------------------------------------------

def sheet_xlsx(measures: list[MeasureState], statuses: list[ImplementationStatus]) -> bytes:
    """The measures as an XLSX table to fill in: status (with a list to choose from),
    progress and a note are the columns the body writes."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Maßnahmen"
    sheet.append([HEADERS[c] for c in COLUMNS])
    for cell in sheet[1]:
        cell.font, cell.fill, cell.alignment = HEADER_FONT, HEADER_FILL, WRAP
    for state in measures:
        values = {"reference": reference(state.item_id), "text": state.copy.text,
                  "responsible": ", ".join([state.responsible] * bool(state.responsible)
                                           + [o.name for o in state.organisations]),
                  "status": state.status.name, "progress": state.progress,
                  "last_entry": state.last_entry_on, "note": ""}
        sheet.append([cell_value(values[c]) for c in COLUMNS])
    for index, column in enumerate(COLUMNS, start=1):
        letter = sheet.cell(row=1, column=index).column_letter
        sheet.column_dimensions[letter].width = WIDTHS[column]
        for cell in sheet[letter][1:]:
            cell.alignment = WRAP
            if column == "last_entry":
                cell.number_format = "DD.MM.YYYY"
    sheet.freeze_panes = "B2"
    names = ",".join(s.name for s in statuses)
    # a list to choose from, where Excel can hold it (no separators or quotes in the names)
    if measures and not {",", '"'} & set("".join(s.name for s in statuses)) and len(names) < 250:
        choice = DataValidation(type="list", formula1=f'"{names}"', allow_blank=True)
        sheet.add_data_validation(choice)
        status_letter = sheet.cell(row=1, column=COLUMNS.index("status") + 1).column_letter
        choice.add(f"{status_letter}2:{status_letter}{len(measures) + 1}")
    out = BytesIO()
    workbook.save(out)
    return out.getvalue()


# --- checking the uploaded file -----------------------------------------------------------------

@dataclass
class SheetRow:
    """One row of the uploaded file as it would be applied."""

    number: int
    reference: str
    state: MeasureState | None = None
    status: ImplementationStatus | None = None  # None: the status stays
    progress: int | None = None  # None: the progress stays (or follows a new status)
    note: str = ""
    note_known: bool = False  # the note is already an entry of the measure
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def changes_status(self) -> bool:
        return (self.state is not None and self.status is not None
                and self.status.code != self.state.status.code)

    @property
    def changes_progress(self) -> bool:
        return (self.state is not None and self.progress is not None
                and (self.changes_status or self.progress != self.state.progress))

    @property
    def new_note(self) -> str:
        return "" if self.note_known else self.note

    @property
    def changes(self) -> bool:
        return not self.errors and (self.changes_status or self.changes_progress
                                    or bool(self.new_note))

    @property
    def unchanged(self) -> bool:
        return not self.errors and not self.changes


@dataclass(kw_only=True)
class SheetPreview(RowsPreview):
    @property
    def to_apply(self) -> list[SheetRow]:
        return self.rows_where(lambda r: r.changes)

    @property
    def unchanged(self) -> list[SheetRow]:
        return self.rows_where(lambda r: r.unchanged)


def _columns(headers: list[str]) -> dict[str, int]:
    """Column index per known column; refuses a file without references or without anything
    to apply."""
    found: dict[str, int] = {}
    for index, header in enumerate(headers):
        key = normalise(header)
        for column, names in SYNONYMS.items():
            if column not in found and (key in names or key == normalise(HEADERS[column])):
                found[column] = index
                break
    if "reference" not in found:
        raise UploadRefused(_("Die Datei hat keine Spalte „Referenz“. Bitte laden Sie die Tabelle "
                              "hoch, die Sie hier heruntergeladen haben (die erste Zeile mit den "
                              "Spaltenüberschriften muss erhalten bleiben)."))
    if not {"status", "progress", "note"} & found.keys():
        raise UploadRefused(_("Die Datei hat keine der Spalten %(names)s; es gibt nichts zu "
                              "übernehmen.", names=", ".join(
                                  f"„{HEADERS[c]}“" for c in ("status", "progress", "note"))))
    return found


def _fold_umlauts(value: str) -> str:
    return value.translate(str.maketrans("äöüÄÖÜ", "aouAOU"))


def status_names(statuses: list[ImplementationStatus]) -> dict[str, list[ImplementationStatus]]:
    """Normalised spelling -> the statuses it may mean: code, name, the name in the reader's
    language and the default German name, with umlauts written as "ae" or as "a"."""
    names: dict[str, list[ImplementationStatus]] = {}
    for status in statuses:
        spellings = {status.code, status.name, status.label}
        if status.code in DEFAULT_STATUSES:
            spellings.add(DEFAULT_STATUSES[status.code][0])
        keys = {normalise(s) for s in spellings} | {normalise(_fold_umlauts(s))
                                                     for s in spellings}
        for key in keys - {""}:
            if status not in names.setdefault(key, []):
                names[key].append(status)
    return names


def _status(value: str, names: dict, row: SheetRow) -> ImplementationStatus | None:
    matches = names.get(normalise(value), [])
    if len(matches) == 1:
        return matches[0]
    if matches:
        row.errors.append(_("Der Status „%(value)s“ ist nicht eindeutig: %(names)s.",
                            value=value, names=", ".join(s.name for s in matches)))
    else:
        known = ", ".join(dict.fromkeys(s.name for ss in names.values() for s in ss))
        row.errors.append(_("Unbekannter Status „%(value)s“ (möglich: %(names)s).",
                            value=value, names=known))
    return None


def _progress(value: str, row: SheetRow) -> int | None:
    match = _PERCENT.match(value)
    number = int(float(match.group(1).replace(",", "."))) if match else None
    if number is None or number > 100:
        row.errors.append(_("Der Fortschritt „%(value)s“ ist keine ganze Zahl von 0 bis 100.",
                            value=value))
        return None
    return number


def _known_notes(rows: list[SheetRow]) -> set[tuple[int, str]]:
    """(record id, text) of the entries of the measures in the file whose text is one of the
    file's notes (one query)."""
    records = {r.state.record.id for r in rows if r.note and r.state and r.state.record}
    notes = {r.note for r in rows if r.note}
    if not records or not notes:
        return set()
    return set(db.session.execute(
        select(ProgressEntry.record_id, ProgressEntry.text)
        .where(ProgressEntry.record_id.in_(records), ProgressEntry.text.in_(notes),
               ProgressEntry.hidden_at.is_(None))).all())


def check_sheet(table: Table, overview: Overview) -> SheetPreview:
    """Every row as it would be applied, with its errors and warnings. Writes nothing."""
    columns = _columns(table.headers)
    headers = table.headers
    by_item = {m.item_id: m for m in [*overview.measures, *overview.withdrawn]}
    names = status_names(overview.statuses)
    seen: dict[int, int] = {}
    formulas_in: dict[int, list[str]] = {}
    for number, index in sorted(table.formulas):
        if index < len(headers):
            formulas_in.setdefault(number, []).append(headers[index])
    rows = []
    for number, cells in zip(table.line_numbers, table.rows, strict=True):
        def cell(column: str, cells=cells) -> str:
            index = columns.get(column)
            return cells[index].strip() if index is not None else ""

        row = SheetRow(number=number, reference=cell("reference"))
        rows.append(row)
        formulas = formulas_in.get(number)
        if formulas:
            row.errors.append(_("Die Zelle „%(column)s“ enthält eine Formel. Bitte tragen Sie "
                                "den Wert selbst ein; Formeln werden nicht übernommen.",
                                column=formulas[0]))
            continue
        match = _REFERENCE.match(row.reference)
        row.state = by_item.get(int(match.group(1))) if match else None
        if not row.reference:
            row.errors.append(_("Die Referenz fehlt."))
        elif row.state is None:
            row.errors.append(_("Unbekannte Referenz „%(value)s“: keine Maßnahme des "
                                "beschlossenen Konzepts.", value=row.reference))
        elif row.state.item_id in seen:
            row.errors.append(_("Die Maßnahme %(ref)s steht schon in Zeile %(n)d.",
                                ref=reference(row.state.item_id), n=seen[row.state.item_id]))
        else:
            seen[row.state.item_id] = number
        if cell("status"):
            row.status = _status(cell("status"), names, row)
        if cell("progress"):
            row.progress = _progress(cell("progress"), row)
        row.note = cell("note")
        if len(row.note) > MAX_ENTRY_TEXT:
            row.errors.append(_("Die Notiz ist zu lang (%(n)d Zeichen, höchstens %(max)d).",
                                n=len(row.note), max=MAX_ENTRY_TEXT))
        if row.state is not None and not row.state.in_concept and row.changes_status:
            row.errors.append(_("Diese Maßnahme ist nicht mehr Teil des beschlossenen "
                                "Konzepts; ihr Status bleibt."))
        if (row.changes_status and row.progress is not None and not row.errors
                and row.progress == row.state.progress
                and row.progress != row.status.default_progress):
            row.warnings.append(_("Der Status ändert sich, der Fortschritt ist aber der alte "
                                  "(%(n)d %%). Soll der Wert des neuen Status gelten, leeren Sie "
                                  "die Zelle.", n=row.progress))
    known = _known_notes([r for r in rows if not r.errors])
    for row in rows:
        if row.note and row.state and row.state.record:
            row.note_known = (row.state.record.id, row.note) in known
    return SheetPreview(table=table, rows=rows, notes=list(table.notes))


# --- applying it --------------------------------------------------------------------------------

def apply_sheet(preview: SheetPreview, *, actor, filename: str = "",
                today: date | None = None) -> int:
    """Apply every row that changes something (status, progress, a new note as a progress
    entry written by `actor`); rows with errors and unchanged rows are left out. One use case:
    the caller commits once, or rolls back and nothing at all is applied. Returns how many
    measures changed."""
    if not can("implementation.edit", user=actor):
        raise services.ImplementationError(_("Nur die Verwaltung darf eine Tabelle mit "
                                             "Maßnahmen übernehmen."))
    rows = preview.to_apply
    # the preview may hold the default list read before any status was stored
    services.ensure_statuses()
    stored = {s.code: s for s in queries.statuses()}
    audiences = services.status_audiences(r.state.item_id for r in rows if r.changes_status)
    for row in rows:
        services.post_entry(row.state, actor=actor, text=row.new_note,
                            status=stored[row.status.code] if row.changes_status else None,
                            progress=row.progress if row.changes_progress else None,
                            today=today, audience=audiences.get(row.state.item_id))
    audit.record("implementation.sheet_applied", object_type="implementation_records",
                 actor=actor, summary=f"{filename}: {len(rows)} Maßnahmen geändert",
                 after={"filename": filename, "rows": len(preview.rows), "applied": len(rows),
                        "unchanged": len(preview.unchanged),
                        "errors": len(preview.with_errors),
                        "measures": [reference(r.state.item_id) for r in rows]})
    return len(rows)

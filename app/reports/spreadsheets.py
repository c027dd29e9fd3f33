"""Tables for spreadsheet programs: the goals and measures of a version ("Anlage 2") as XLSX
and CSV, and, for staff, every contribution of a round with its comments as XLSX.

Every text cell goes through safe_cell, so that a text starting with "=" stays text in Excel
and LibreOffice. The CSV is what German Excel opens with a double click: UTF-8 with a byte
order mark (without it Excel guesses a legacy encoding) and ";" between fields (with "," it
puts every row into one column, because "," is the German decimal separator)."""

import csv
from dataclasses import dataclass
from datetime import date, datetime
from io import BytesIO, StringIO

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import to_user_timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet
from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from app.concepts.models import Item
from app.contributions.models import (
    LANGUAGES,
    SOURCES,
    STATUSES,
    Comment,
    Contribution,
    Support,
)
from app.contributions.queries import contribution_list_loads
from app.core.spreadsheet import cell_value, safe_cell
from app.core.time import as_utc
from app.events.models import Event
from app.extensions import db
from app.reports.services import MEASURE_COLUMNS, measure_rows
from app.rounds.models import Round
from app.versions.document import ConceptDocument
from app.workbench.services import items_by_contribution

CSV_DELIMITER = ";"
XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DATETIME_FORMAT = "DD.MM.YYYY HH:MM"

# Arial (Liberation Sans in LibreOffice) everywhere, so that the row heights estimated below
# fit in both programs.
FONT = Font(name="Arial", size=10)
HEADER_FONT = Font(name="Arial", size=10, bold=True)
HEADER_FILL = PatternFill("solid", fgColor="DCE3EC")
GOAL_FONT = Font(name="Arial", size=10, bold=True)
LINE_HEIGHT = 12.75  # points per line of Arial 10
MAX_ROW_HEIGHT = 409  # Excel's limit
LEVEL_FILLS = {"main_goal": PatternFill("solid", fgColor="E4EAF2"),
               "sub_goal": PatternFill("solid", fgColor="F2F5F9")}
WRAP = Alignment(wrap_text=True, vertical="top")


# --- the sheet writer -------------------------------------------------------------------------

def _row_height(values, widths) -> float:
    """Neither Excel nor LibreOffice fits the height of a row with wrapped text when opening a
    file, so the height is estimated: lines of the longest cell at about one character per
    unit of column width and a fifth more (words wrap as a whole)."""
    lines = 1
    for value, width in zip(values, widths, strict=False):
        if isinstance(value, str) and value:
            per_line = max(int(width * 1.2), 1)
            lines = max(lines, sum(-(-len(part) // per_line) or 1
                                   for part in value.split("\n")))
    return min(MAX_ROW_HEIGHT, lines * LINE_HEIGHT + 4)


def _sheet(workbook: Workbook, title: str, columns, rows, *, fonts=None, fills=None,
           formats=None):
    """Write a sheet: bold frozen header with a filter, column widths, wrapped text, printed
    in landscape on A4 with the header on every page. `rows` holds lists of values; `fonts`
    and `fills` (optional, per row) style whole rows; `formats` maps column index to a number
    format (dates)."""
    sheet = workbook.create_sheet(title=title[:31])
    for index, (_heading, width) in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    sheet.print_title_rows = "1:1"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = Worksheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)

    widths = [width for _heading, width in columns]
    header = []
    for heading, _width in columns:
        cell = WriteOnlyCell(sheet, value=cell_value(str(heading)))
        cell.font, cell.fill, cell.alignment = HEADER_FONT, HEADER_FILL, WRAP
        header.append(cell)
    sheet.row_dimensions[1].height = _row_height([str(h) for h, _w in columns], widths)
    sheet.append(header)
    formats = formats or {}
    count = 0
    for index, values in enumerate(rows):
        font = (fonts[index] if fonts else None) or FONT
        fill = fills[index] if fills else None
        cells = []
        for column, value in enumerate(values):
            cell = WriteOnlyCell(sheet, value=cell_value(value))
            cell.alignment = WRAP
            cell.font = font
            if fill is not None:
                cell.fill = fill
            if column in formats and isinstance(value, datetime | date):
                cell.number_format = formats[column]
            cells.append(cell)
        sheet.row_dimensions[index + 2].height = _row_height(values, widths)
        sheet.append(cells)
        count += 1
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{count + 1}"
    return sheet


def _save(workbook: Workbook) -> bytes:
    out = BytesIO()
    workbook.save(out)
    return out.getvalue()


# --- "Anlage 2" -------------------------------------------------------------------------------

def measures_xlsx(document: ConceptDocument) -> bytes:
    """Run inside document_language(): headings and levels are in the concept's language."""
    rows = measure_rows(document)
    workbook = Workbook(write_only=True)
    workbook.properties.title = f"{document.title} – {_('Ziele und Maßnahmen')}"
    if document.version is not None:
        workbook.properties.subject = _("Fassung %(n)d", n=document.version.number)
    workbook.properties.creator = document.concept.owner or document.title
    _sheet(workbook, _("Ziele und Maßnahmen"), MEASURE_COLUMNS, [r.values for r in rows],
           fonts=[GOAL_FONT if r.level != "measure" else None for r in rows],
           fills=[LEVEL_FILLS.get(r.level) for r in rows])
    return _save(workbook)


def measures_csv(document: ConceptDocument) -> bytes:
    """UTF-8 with BOM, ";" between fields, CRLF line ends, texts with line breaks quoted."""
    out = StringIO()
    writer = csv.writer(out, delimiter=CSV_DELIMITER, lineterminator="\r\n")
    writer.writerow([safe_cell(str(heading)) for heading, _width in MEASURE_COLUMNS])
    for row in measure_rows(document):
        writer.writerow([safe_cell(value) for value in row.values])
    return out.getvalue().encode("utf-8-sig")


# --- all contributions of a round (staff) ------------------------------------------------------

# (heading, width in characters); the columns both sheets have are declared once.
AUTHOR = (_l("Autor/in"), 22)
TEXT = (_l("Text"), 60)
STATUS = (_l("Status"), 14)
HIDDEN_REASON = (_l("Grund der Ausblendung"), 28)
CREATED = (_l("erstellt am"), 17)
CONTRIBUTION_COLUMNS = [
    (_l("Referenz"), 10),
    (_l("Runde"), 20),
    (_l("Thema"), 18),
    (_l("Art"), 18),
    (_l("Titel"), 30),
    TEXT,
    AUTHOR,
    (_l("Organisation"), 24),
    (_l("Quelle"), 24),
    (_l("Tisch"), 18),
    (_l("Sprache"), 11),
    (_l("Querschnittsthemen"), 24),
    STATUS,
    HIDDEN_REASON,
    (_l("Unterstützungen"), 11),
    (_l("Kommentare"), 11),
    (_l("Ergebnis"), 16),
    (_l("Begründung"), 30),
    (_l("weitergeleitet an"), 20),
    (_l("verknüpfte Elemente"), 40),
    (_l("Anmerkung zu"), 30),
    (_l("Duplikat von"), 11),
    CREATED,
]
COMMENT_COLUMNS = [
    (_l("Beitrag"), 10),
    (_l("Kommentar-Nr."), 12),
    (_l("Antwort auf"), 12),
    AUTHOR,
    TEXT,
    STATUS,
    HIDDEN_REASON,
    CREATED,
]


@dataclass
class Credit:
    person: str
    organisation: str


def credit(contribution: Contribution) -> Credit:
    """Who a contribution is credited to, as the site shows it: the organisation it was
    submitted for (and the representative who did), the author, or for a card of an offline
    event the name and organisation written on it; nobody ("anonym") otherwise. Never the
    staff member who typed a card in."""
    if contribution.organisation is not None:
        person = contribution.author.display_name if contribution.author else ""
        return Credit(person, contribution.organisation.name)
    if contribution.author is not None:
        return Credit(contribution.author.display_name, "")
    if contribution.credited_name or contribution.credited_organisation:
        return Credit(contribution.credited_name or "", contribution.credited_organisation or "")
    return Credit(_("anonym"), "")


def _local(value: datetime | None) -> datetime | None:
    """Local time without zone: spreadsheet cells cannot hold a time zone."""
    return to_user_timezone(as_utc(value)).replace(tzinfo=None) if value else None


def _reference(contribution_id: int | None) -> str:
    return f"B-{contribution_id:04d}" if contribution_id else ""


def contributions_xlsx(round_: Round) -> bytes:
    """Every contribution of the round (hidden and withdrawn ones too) and every comment on
    them. A fixed number of queries, however many rows."""
    contributions = list(db.session.scalars(
        select(Contribution).where(Contribution.round_id == round_.id)
        .options(*contribution_list_loads()).order_by(Contribution.id)))
    ids = select(Contribution.id).where(Contribution.round_id == round_.id)
    supports = dict(db.session.execute(
        select(Support.contribution_id, func.count(Support.id))
        .where(Support.contribution_id.in_(ids)).group_by(Support.contribution_id)).all())
    comments = list(db.session.scalars(
        select(Comment).where(Comment.contribution_id.in_(ids))
        .options(joinedload(Comment.author))
        .order_by(Comment.contribution_id, Comment.id)))
    comment_counts: dict[int, int] = {}
    for comment in comments:
        comment_counts[comment.contribution_id] = comment_counts.get(comment.contribution_id,
                                                                     0) + 1
    events = {e.id: e for e in db.session.scalars(
        select(Event).where(Event.round_id == round_.id))}
    stations = {s.id: s for e in events.values() for s in e.stations}
    linked = items_by_contribution(contributions)
    remark_ids = {c.item_id for c in contributions if c.item_id}
    remarked = {i.id: i for i in db.session.scalars(
        select(Item).where(Item.id.in_(remark_ids)))} if remark_ids else {}

    rows = []
    for c in contributions:
        who = credit(c)
        source = SOURCES.label(c.source)
        event = events.get(c.event_id)
        if event is not None:
            source = f"{source}: {event.title}"
        station = stations.get(c.station_id)
        rows.append([
            c.reference, round_.title, c.topic.name, c.kind_label, c.title, c.body,
            who.person, who.organisation, source, station.name if station else "",
            LANGUAGES.label(c.language),
            ", ".join(t.name for t in c.themes), c.status_label,
            (c.hidden_reason or "") if c.is_hidden else "",
            supports.get(c.id, 0), comment_counts.get(c.id, 0),
            c.outcome_label, c.outcome_reason, c.forwarded_to,
            "\n".join(f"{i.topic.name} · {i.label}" for i in linked.get(c.id, [])),
            remarked[c.item_id].label if c.item_id in remarked else "",
            _reference(c.duplicate_of_id), _local(c.created_at),
        ])
    comment_rows = [[
        _reference(comment.contribution_id), comment.id, comment.parent_id or "",
        comment.author.display_name if comment.author else _("anonym"), comment.body,
        STATUSES.label(comment.status),
        (comment.hidden_reason or "") if comment.is_hidden else "",
        _local(comment.created_at),
    ] for comment in comments]

    workbook = Workbook(write_only=True)
    workbook.properties.title = _("Beiträge: %(round)s", round=round_.title)
    _sheet(workbook, _("Beiträge"), CONTRIBUTION_COLUMNS, rows,
           formats={len(CONTRIBUTION_COLUMNS) - 1: DATETIME_FORMAT})
    _sheet(workbook, _("Kommentare"), COMMENT_COLUMNS, comment_rows,
           formats={len(COMMENT_COLUMNS) - 1: DATETIME_FORMAT})
    return _save(workbook)

"""Downloads of the participation report, written in the concept's language: the annex for
the committee as a Word document (charts as pictures, every table), and every figure as CSV
(UTF-8 with BOM, ";", for spreadsheet programs) and JSON (open data; the fields are
documented in the README). No queries here: everything comes from the computed Report."""

import csv
import io
import json
from io import BytesIO

from docx.shared import Cm
from flask_babel import format_date
from flask_babel import gettext as _

from app.core.spreadsheet import safe_cell
from app.core.time import as_utc
from app.participation import charts
from app.participation.figures import (
    DEFINITIONS,
    HIDDEN,
    SECTIONS,
    TABLE_TITLES,
    all_tables,
    cell_text,
    report_charts,
    total_line,
)
from app.participation.services import Report
from app.participation.tables import Table
from app.reports.services import DATE_FORMAT, TitlePage, _ascii
from app.reports.word import MUTED, WordDocument, _text_paragraph

CSV_COLUMNS = ("table", "row_code", "row", "column_code", "column", "value", "fewer_than_5")
TEXT_WIDTH = Cm(16)
MAX_PICTURE_HEIGHT = Cm(17)  # leaves room for the heading above it on the same page


def report_title(report: Report) -> str:
    return _("Bericht über den Beteiligungsprozess")


def report_filename(report: Report, extension: str) -> str:
    name = "Beteiligungsbericht"
    if report.round_id:
        name += f"-{_ascii(report.round_title) or report.round_id}"
    return f"{name}.{extension}"


def _lines(table: Table) -> tuple[list, list]:
    """A table's rows and columns with its total row and column where it has them."""
    rows = list(table.rows) + ([total_line()] if table.totals else [])
    columns = list(table.columns) + ([total_line()] if table.totals and table.across else [])
    return rows, columns


def _cells(table: Table):
    """(row, column, value or None) of a table, totals included where it has them."""
    rows, columns = _lines(table)
    for row in rows:
        for column in columns:
            yield row, column, table.value(row.code, column.code)


def report_csv(report: Report) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for table in all_tables(report):
        for row, column, value in _cells(table):
            writer.writerow([table.key, row.code, safe_cell(row.label), column.code,
                             safe_cell(column.label), "" if value is None else value,
                             "1" if value is None else "0"])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def report_json(report: Report, *, concept_title: str) -> bytes:
    tables = {}
    for table in all_tables(report):
        tables[table.key] = {
            "title": str(TABLE_TITLES[table.key]),
            "people": table.people,
            "totals": table.totals,
            "rows": [{"code": r.code, "label": r.label} for r in table.rows],
            "columns": [{"code": c.code, "label": c.label} for c in table.columns],
            "cells": [{"row": row.code, "column": column.code, "value": value,
                       "fewer_than_5": value is None}
                      for row, column, value in _cells(table)],
        }
    data = {
        "title": report_title(report),
        "concept": concept_title,
        "round": ({"id": report.round_id, "title": report.round_title}
                  if report.round_id else None),
        "computed_at": as_utc(report.computed_at).isoformat(),
        "definitions": [{"term": str(term), "text": str(text)} for term, text in DEFINITIONS],
        "markers": [{"kind": m.kind, "title": m.text, "start": m.start.isoformat(),
                     "end": m.end.isoformat()} for m in report.markers],
        "tables": tables,
    }
    return json.dumps(data, ensure_ascii=False, indent=1).encode("utf-8")


class _ReportWord(WordDocument):
    """The annex: introduction, definitions, then each section with its chart and table."""

    def __init__(self, report: Report, page: TitlePage, *, introduction_text: str,
                 language: str):
        super().__init__(page, language=language, running_title=page.title,
                         created=report.computed_at)
        self.report = report
        self.introduction_text = introduction_text

    def _body(self) -> None:
        report = self.report
        found = report_charts(report)
        if self.introduction_text:
            self._heading(_("Einleitung"), 1)
            for part in self.introduction_text.split("\n\n"):
                _text_paragraph(self.doc, part.strip(), after=6)
        self._heading(_("Begriffe"), 1)
        for term, text in DEFINITIONS:
            paragraph = self.doc.add_paragraph()
            paragraph.add_run(f"{term}: ").bold = True
            paragraph.add_run(str(text))
        tables = {t.key: t for t in all_tables(report)}
        for key, chart_key in SECTIONS:
            table = tables.get(key)
            if table is None or (key in ("reasons", "forwarded", "stations", "events")
                                 and not table.rows):
                continue
            self._heading(str(TABLE_TITLES[key]), 1)
            chart = found.get(chart_key) if chart_key else None
            if chart is not None:
                # At the text's width, unless that is taller than a page allows.
                if chart.height / charts.WIDTH * TEXT_WIDTH > MAX_PICTURE_HEIGHT:
                    size = {"height": MAX_PICTURE_HEIGHT}
                else:
                    size = {"width": TEXT_WIDTH}
                self.doc.add_picture(BytesIO(charts.to_png(chart)), **size)
                _text_paragraph(self.doc, chart.description, size=9, color=MUTED, after=6)
            self._write_table(table)
        _text_paragraph(self.doc, _("Berechnet am %(date)s. Zahlen über weniger als 5 "
                                    "Personen sind als „%(hidden)s“ angegeben.",
                                    date=format_date(as_utc(report.computed_at), DATE_FORMAT),
                                    hidden=HIDDEN), size=9, color=MUTED, before=12)

    def _write_table(self, table: Table) -> None:
        rows, columns = _lines(table)
        first = Cm(5.5 if len(columns) > 3 else 8)
        rest = (TEXT_WIDTH - first) / max(len(columns), 1)
        widths = [first] + [int(rest)] * len(columns)
        word_table = self._table(["", *[c.label for c in columns]], widths)
        for row in rows:
            cells = self._row(word_table, widths)
            self._cell_text(cells[0], row.label)
            for cell, column in zip(cells[1:], columns, strict=True):
                self._cell_text(cell, cell_text(table.value(row.code, column.code)))


def report_docx(report: Report, page: TitlePage, *, introduction_text: str,
                language: str) -> bytes:
    return _ReportWord(report, page, introduction_text=introduction_text,
                       language=language).build()


def title_page(report: Report, concept) -> TitlePage:
    scope = (_("Runde „%(title)s“", title=report.round_title) if report.round_id
             else _("Alle Runden des Integrationskonzepts"))
    return TitlePage(concept.owner, report_title(report),
                     _("Zum Integrationskonzept „%(title)s“", title=concept.title),
                     _("Stand: %(date)s", date=format_date(as_utc(report.computed_at),
                                                            DATE_FORMAT)),
                     [scope], internal=False)



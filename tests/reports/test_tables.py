"""The table of goals and measures ("Anlage 2") as XLSX and CSV: a row per goal and measure
that repeats the goals above it, plain text, and formula-like text neutralised."""

import csv
import io
from io import BytesIO

from openpyxl import load_workbook

from tests.reports.conftest import FORMULA

HEADER = ["Thema", "Ebene", "Oberziel", "Unterziel", "Maßnahme", "Verantwortlich",
          "Kooperationspartner", "Zeitrahmen", "Querschnittsthemen", "Anzahl Beiträge"]
MAIN = "Alle Zugewanderten sprechen gut Deutsch."
SUB = "Jeder findet einen passenden Kurs."
MEASURE = "Eine trägerunabhängige Sprachkursberatung einrichten."


def _sheet(client, path="/export/measures.xlsx"):
    response = client.get(path)
    assert response.status_code == 200
    assert response.mimetype == ("application/vnd.openxmlformats-officedocument."
                                 "spreadsheetml.sheet")
    return load_workbook(BytesIO(response.data)).active


def test_xlsx_layout(client, published):
    sheet = _sheet(client)
    assert sheet.title == "Ziele und Maßnahmen"
    assert [c.value for c in sheet[1]] == HEADER
    assert all(c.font.bold for c in sheet[1])
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == f"A1:J{sheet.max_row}"
    assert sheet.column_dimensions["E"].width > sheet.column_dimensions["B"].width
    assert all(c.alignment.wrap_text for row in sheet.iter_rows(min_row=2) for c in row)
    assert sheet.print_title_rows == "$1:$1"


def test_xlsx_rows_show_the_hierarchy(client, published):
    rows = [[c.value for c in row] for row in _sheet(client).iter_rows(min_row=2)]
    assert rows[0] == ["Sprache", "Oberziel", MAIN, None, None, None, None, None, None, 1]
    assert rows[1] == ["Sprache", "Unterziel", MAIN, SUB, None, None, None, None,
                       "Antidiskriminierung", 1]
    assert rows[2] == ["Sprache", "Maßnahme", MAIN, SUB, MEASURE, "Amt für Migration",
                       "Volkshochschulen\nJobcenter", "ab 2018", "Antidiskriminierung", 2]
    assert len(rows) == 4  # municipal ideas and best practices are not part of the table


def test_xlsx_neutralises_formulas(client, published):
    sheet = _sheet(client)
    formula_row = [c for c in sheet[5]]
    assert [c.value for c in formula_row[4:8]] == [
        "'" + FORMULA, "'@SUMME(1;2)", "'+49 7531 800", "'-2019"]
    assert all(c.data_type != "f" for row in sheet.iter_rows() for c in row)


def test_xlsx_goal_rows_stand_out(client, published):
    sheet = _sheet(client)
    assert sheet["C2"].font.bold and sheet["D3"].font.bold  # main goal, sub-goal rows
    assert not sheet["E4"].font.bold  # a measure


def test_csv(client, published):
    response = client.get("/export/measures.csv")
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert response.data.startswith(b"\xef\xbb\xbf")
    assert "Integrationskonzept-Fassung-1-Ziele-und-Massnahmen.csv" in response.headers[
        "Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.data.decode("utf-8-sig"), newline=""),
                           delimiter=";"))
    assert rows[0] == HEADER
    assert rows[3] == ["Sprache", "Maßnahme", MAIN, SUB, MEASURE, "Amt für Migration",
                       "Volkshochschulen\nJobcenter", "ab 2018", "Antidiskriminierung", "2"]
    assert rows[4][4:8] == ["'" + FORMULA, "'@SUMME(1;2)", "'+49 7531 800", "'-2019"]
    assert b"\r\n" in response.data


def test_exports_follow_the_concept_language_not_the_ui(client, published):
    """A German concept gets German headings even when the reader uses the English UI."""
    sheet = _sheet(client, "/export/measures.xlsx?lang=en")
    assert [c.value for c in sheet[1]][:2] == ["Thema", "Ebene"]

"""Helpers for cells we write into CSV/XLSX files that people open in a spreadsheet program."""

from datetime import date, datetime

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

# A cell starting with one of these is run as a formula by Excel/LibreOffice ("CSV injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value) -> str:
    """The value as text that a spreadsheet shows as text, never runs as a formula."""
    text = "" if value is None else str(value)
    if text.startswith(FORMULA_STARTS):
        return "'" + text
    return text


def cell_value(value):
    """What goes into an XLSX cell: numbers and dates as they are (they never run as
    formulas), everything else as neutralised text without characters XML cannot hold."""
    if isinstance(value, int | float | datetime | date) and not isinstance(value, bool):
        return value
    return ILLEGAL_CHARACTERS_RE.sub("", safe_cell(value))

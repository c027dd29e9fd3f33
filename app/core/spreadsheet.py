"""Helpers for cells we write into CSV/XLSX files that people open in a spreadsheet program."""

# A cell starting with one of these is run as a formula by Excel/LibreOffice ("CSV injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value) -> str:
    """The value as text that a spreadsheet shows as text, never runs as a formula."""
    text = "" if value is None else str(value)
    if text.startswith(FORMULA_STARTS):
        return "'" + text
    return text

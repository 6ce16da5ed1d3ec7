"""Cells of the CSV files staff open in a spreadsheet (queue exports, reports, audit)."""

# A cell starting with one of these is run as a formula by spreadsheets (CSV injection).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value):
    """``value`` as a safe cell: numbers stay numbers (a negative number is no formula),
    nothing is an empty cell, and text that starts like a formula gets an apostrophe in
    front, so that opening the file never runs it."""
    if isinstance(value, int | float):
        return value
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_START) else text

"""The back office's spreadsheets (casework.staff.export), without a web request."""

import datetime

from casework.staff.export import csv_lines, queue_csv_filename
from core.spreadsheet import csv_cell


def test_a_cell_that_starts_like_a_formula_opens_as_text():
    for value in ("=SUM(A1:A9)", "+44 7700", "-1", "@cmd", "\tx"):
        assert csv_cell(value) == "'" + value
    assert csv_cell("Mill Lane") == "Mill Lane"
    assert csv_cell(None) == ""
    assert csv_cell(3) == 3 and csv_cell(-2.5) == -2.5  # numbers stay numbers, minus and all


def test_the_file_opens_as_utf8_with_one_line_per_row_and_safe_cells():
    text = "".join(
        csv_lines([["Reference", "Ward"], ["MB-1", "=HYPERLINK()"], ["MB-2", None], ["MB-3", -1]])
    )

    assert text == "\ufeffReference,Ward\r\nMB-1,'=HYPERLINK()\r\nMB-2,\r\nMB-3,-1\r\n"


def test_the_queue_s_file_is_named_for_the_day_it_was_made():
    assert queue_csv_filename(datetime.date(2027, 3, 1)) == "cases-2027-03-01.csv"

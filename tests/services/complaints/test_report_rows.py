"""The complaints report as a spreadsheet's rows (services.complaints.selectors), without a
web request or the database."""

import datetime

from services.complaints.selectors import Report, ReportRow, complaint_report_rows


def _report(*rows) -> Report:
    return Report(
        start=datetime.date(2027, 1, 1),
        end=datetime.date(2027, 3, 31),
        rows=list(rows),
        opened={1: 3},
        waiting=0,
    )


def test_each_root_cause_and_stage_is_a_row_with_its_upheld_rate_under_a_header():
    delay = ReportRow(
        "delay", "Delay or missed deadline", 1, answered=3, upheld=1, partly=1, not_upheld=1
    )
    rows = complaint_report_rows(_report(delay))

    assert [str(cell) for cell in rows[0]] == [
        "Root cause",
        "Stage",
        "Answered",
        "Upheld",
        "Partly upheld",
        "Not upheld",
        "Upheld rate (%)",
    ]
    assert rows[1:] == [["Delay or missed deadline", 1, 3, 1, 1, 1, 67]]


def test_a_period_with_no_answers_is_a_header_alone():
    assert len(complaint_report_rows(_report())) == 1


def test_the_file_is_named_for_its_period():
    assert _report().csv_filename == "complaints-2027-01-01-2027-03-31.csv"

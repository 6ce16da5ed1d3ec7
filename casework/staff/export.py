"""Spreadsheets from the back office: the queue as CSV (R3), written as it is read.

Every file starts with a byte-order mark, so that spreadsheets read it as UTF-8, and no
cell starts like a formula (``csv_cell``), so that opening it never runs one. Services'
own reports (the complaints report) write their files with ``csv_lines`` too.
"""

from __future__ import annotations

import csv
import datetime
from collections.abc import Iterable, Iterator

from django.utils import timezone
from django.utils.translation import gettext as _

from casework.staff.selectors import SORTS, channel_label, staff_status_label
from core.spreadsheet import csv_cell

QUEUE_CHUNK = 2000  # cases read from the database at a time while the file streams


class _Echo:
    """csv.writer writes into this; each row comes straight back as a string."""

    def write(self, value):
        return value


def csv_lines(rows: Iterable[Iterable]) -> Iterator[str]:
    """The CSV file of ``rows`` (the header first), a line at a time: a byte-order mark,
    then each row with every cell made safe by ``csv_cell``."""
    writer = csv.writer(_Echo())
    yield "\ufeff"
    for row in rows:
        yield writer.writerow([csv_cell(value) for value in row])


def queue_csv_rows(cases: Iterable) -> Iterator[list]:
    """The queue's spreadsheet: a header, then one row per case, in the staff's words."""
    yield [
        _("Reference"),
        _("Request type"),
        _("Status"),
        _("Ward"),
        _("Team"),
        _("Assigned to"),
        _("Channel"),
        _("Created"),
        _("Target date"),
        _("Overdue"),
    ]
    for case in cases:
        ward = case.ward if case.ward_id else None
        assignee = case.assignee
        yield [
            case.reference,
            case.request_type.name,
            staff_status_label(case.status),
            ward.name if ward else "",
            case.team.name if case.team_id else "",
            (assignee.get_full_name() or assignee.email) if assignee else "",
            channel_label(case.channel),
            timezone.localtime(case.created_at).strftime("%Y-%m-%d %H:%M"),
            case.due_date.isoformat() if case.due_date else "",
            _("yes") if case.is_overdue else _("no"),
        ]


def queue_csv(cases, *, sort_key: str) -> Iterator[str]:
    """Every case of the filtered queue ``cases`` (not one page), in the queue's order,
    as CSV lines read from the database in chunks as they are sent."""
    ordered = cases.order_by(*SORTS[sort_key].order()).iterator(chunk_size=QUEUE_CHUNK)
    return csv_lines(queue_csv_rows(ordered))


def queue_csv_filename(today: datetime.date) -> str:
    return f"cases-{today.isoformat()}.csv"

"""Bin days: the printable calendar (made in the background) and bank holiday changes.

``calendar_pdf_request`` is what a request for the PDF calls: it finds or makes the
address's CalendarPdf for the month and, when there is nothing usable yet, queues
``calendar_pdf_render_task`` (services/waste/tasks.py), which runs
``calendar_pdf.calendar_pdf_render``, once the transaction commits. A rendered file is
named after the calendar's fingerprint, so a change of rounds or a new bank holiday
change makes the next request render it again.
"""

import datetime
import logging
from functools import partial

import holidays
from django.conf import settings
from django.db import transaction
from django.utils import dateformat
from django.utils.text import slugify

from accounts.home import home_snapshot_forget
from core import clock
from services.waste import tasks
from services.waste.actions.calendar_pdf import pdf_file_stem
from services.waste.models import CalendarPdf, CollectionChange
from services.waste.selectors import collections as selectors

log = logging.getLogger(__name__)

# A render that has not finished after this long is taken as lost (a worker died, the
# broker was down): the page offers to try again.
PDF_STUCK_AFTER = datetime.timedelta(minutes=5)


# --- The printable calendar ------------------------------------------------------------------


def pdf_is_current(pdf: CalendarPdf, pdf_calendar: selectors.PrintableCalendar) -> bool:
    return bool(pdf.file) and pdf_file_stem(pdf_calendar) in pdf.file.name


def pdf_is_stuck(pdf: CalendarPdf, *, now: datetime.datetime | None = None) -> bool:
    now = now or clock.now()
    return pdf.state == CalendarPdf.State.PENDING and now - pdf.created_at > PDF_STUCK_AFTER


def _queue_render(pdf_id: int) -> None:
    try:
        tasks.calendar_pdf_render_task.delay(pdf_id)
    except Exception:  # noqa: BLE001 - broker down: the page offers to try again later
        log.warning("waste: could not queue the calendar PDF %s", pdf_id, exc_info=True)


def _requeue(pdf: CalendarPdf) -> None:
    """Back to pending, queued again. ``created_at`` doubles as "queued at" (see pdf_is_stuck)."""
    pdf.state = CalendarPdf.State.PENDING
    pdf.created_at = clock.now()
    CalendarPdf.objects.filter(pk=pdf.pk).update(state=pdf.state, created_at=pdf.created_at)
    transaction.on_commit(partial(_queue_render, pdf.pk))


@transaction.atomic
def calendar_pdf_request(*, address, starts_on: datetime.date) -> CalendarPdf:
    """The printable calendar of ``address`` from ``starts_on``, queued to be made when there
    is none yet or the one there is out of date. A failed one stays failed (the resident
    chooses to try again: ``calendar_pdf_retry``)."""
    pdf, created = CalendarPdf.objects.select_for_update().get_or_create(
        address=address, starts_on=starts_on
    )
    if created:
        transaction.on_commit(partial(_queue_render, pdf.pk))
    elif pdf.state == CalendarPdf.State.READY:
        current = selectors.printable_calendar(address=address, starts_on=starts_on)
        if not pdf_is_current(pdf, current):
            _requeue(pdf)
    return pdf


@transaction.atomic
def calendar_pdf_retry(*, pdf: CalendarPdf) -> CalendarPdf:
    """Try again after a failure, or after a render that never finished."""
    pdf = CalendarPdf.objects.select_for_update().get(pk=pdf.pk)
    if pdf.state == CalendarPdf.State.FAILED or pdf_is_stuck(pdf):
        _requeue(pdf)
    return pdf


def calendar_pdf_download_name(pdf: CalendarPdf) -> str:
    """What the resident's browser saves it as: bin-collections-1-mill-lane-november-2026.pdf."""
    month = dateformat.format(pdf.starts_on, "F Y")
    return f"{slugify(f'bin collections {pdf.address.line1} {month}')}.pdf"


# --- Bank holidays ----------------------------------------------------------------------------

_SUBDIVISION = {"England": "ENG", "Wales": "WLS", "Scotland": "SCT", "Northern Ireland": "NIR"}


def bank_holidays(
    *, start: datetime.date, end: datetime.date, nation: str | None = None
) -> dict[datetime.date, str]:
    """The bank holidays of the council's nation in [start, end], with their names."""
    nation = nation or settings.COUNCIL_NATION
    found = holidays.country_holidays(
        "GB", subdiv=_SUBDIVISION[nation], years=range(start.year, end.year + 1)
    )
    return {day: name for day, name in sorted(found.items()) if start <= day <= end}


def _day(day: datetime.date) -> str:
    return f"{day:%A} {day.day} {day:%B}"


def bank_holiday_moves(
    days: dict[datetime.date, str],
) -> list[tuple[datetime.date, datetime.date, str]]:
    """(usual day, new day, reason) for every weekday collection the bank holidays ``days``
    move.

    The council's rule: from a bank holiday to the Friday of its week, each day's
    collections happen one day later (a day later again for each bank holiday before
    it that week), never on a Sunday or a weekday bank holiday.
    """
    weekday_holidays = {day: name for day, name in days.items() if day.weekday() < 5}
    weeks: dict[datetime.date, list[datetime.date]] = {}
    for day in sorted(weekday_holidays):
        weeks.setdefault(day - datetime.timedelta(days=day.weekday()), []).append(day)
    moves = []
    for monday, in_week in sorted(weeks.items()):
        if len(in_week) == 1:
            reason = (
                f"{weekday_holidays[in_week[0]]} is on {_day(in_week[0])}, "
                "so collections that week are a day later."
            )
        else:
            names = " and ".join(weekday_holidays[day] for day in in_week)
            reason = f"{names} are bank holidays, so collections are later than usual."
        for offset in range(in_week[0].weekday(), 5):
            usual = monday + datetime.timedelta(days=offset)
            new = usual
            for _holiday in (day for day in in_week if day <= usual):
                new += datetime.timedelta(days=1)
                while new.weekday() == 6 or new in weekday_holidays:
                    new += datetime.timedelta(days=1)
            moves.append((usual, new, reason))
    return moves


@transaction.atomic
def collection_changes_for_bank_holidays(*, start: datetime.date, end: datetime.date) -> int:
    """Add the all-rounds changes for the bank holidays in [start, end] that are not there
    yet (a change the council already made for a day is left as it is). Returns how many."""
    moves = bank_holiday_moves(bank_holidays(start=start, end=end))
    existing = set(
        CollectionChange.objects.filter(
            round__isnull=True, date__in=[usual for usual, _new, _reason in moves]
        ).values_list("date", flat=True)
    )
    added = CollectionChange.objects.bulk_create(
        [
            CollectionChange(
                round=None,
                date=usual,
                new_date=new,
                kind=CollectionChange.Kind.BANK_HOLIDAY,
                reason=reason,
            )
            for usual, new, reason in moves
            if usual not in existing
        ]
    )
    if added:
        home_snapshot_forget(everyone=True)  # the home's bin days
    return len(added)

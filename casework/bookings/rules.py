"""Pure rules of bookings: which days a calendar offers, and the cut-off. Plain values in."""

from __future__ import annotations

import datetime
from collections.abc import Collection

from casework import sla


def is_bank_holiday(day: datetime.date) -> bool:
    return day.weekday() < 5 and not sla.is_working_day(day)


def offered_days(
    *,
    on: datetime.date,
    weekdays: str,
    lead_working_days: int,
    horizon_days: int,
    closed: Collection[datetime.date] = (),
) -> list[datetime.date]:
    """The days offered to someone booking on ``on``: from ``lead_working_days`` working
    days ahead to ``horizon_days`` ahead, on the calendar's days of the week, never a bank
    holiday or a closed date."""
    first = sla.add_working_days(on, lead_working_days) if lead_working_days else on
    first = max(first, on + datetime.timedelta(days=1))
    last = on + datetime.timedelta(days=horizon_days)
    days = []
    day = first
    while day <= last:
        if str(day.weekday()) in weekdays and not is_bank_holiday(day) and day not in closed:
            days.append(day)
        day += datetime.timedelta(days=1)
    return days


def change_deadline(*, day: datetime.date, cutoff_working_days: int) -> datetime.date:
    """The last day an appointment on ``day`` can be changed or cancelled online."""
    deadline = day - datetime.timedelta(days=1)
    remaining = cutoff_working_days
    while remaining > 0:
        if sla.is_working_day(deadline):
            remaining -= 1
            if remaining == 0:
                break
        deadline -= datetime.timedelta(days=1)
    return deadline if cutoff_working_days else day - datetime.timedelta(days=1)


def week_start(day: datetime.date) -> datetime.date:
    return day - datetime.timedelta(days=day.weekday())

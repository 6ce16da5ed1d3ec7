"""Target dates: working days skip weekends and the bank holidays of the council's nation."""

import datetime
from functools import lru_cache

import holidays
from django.conf import settings

_SUBDIVISION = {"England": "ENG", "Wales": "WLS", "Scotland": "SCT", "Northern Ireland": "NIR"}


@lru_cache(maxsize=8)
def _bank_holidays(nation: str, year: int) -> frozenset[datetime.date]:
    calendar = holidays.country_holidays("GB", subdiv=_SUBDIVISION[nation], years=[year])
    return frozenset(calendar.keys())


def is_working_day(day: datetime.date, *, nation: str | None = None) -> bool:
    nation = nation or settings.COUNCIL_NATION
    return day.weekday() < 5 and day not in _bank_holidays(nation, day.year)


def add_working_days(
    start: datetime.date, days: int, *, nation: str | None = None
) -> datetime.date:
    """The date ``days`` working days after ``start`` (the day itself does not count)."""
    day = start
    remaining = days
    while remaining > 0:
        day += datetime.timedelta(days=1)
        if is_working_day(day, nation=nation):
            remaining -= 1
    return day


def working_days_between(
    start: datetime.date, end: datetime.date, *, nation: str | None = None
) -> int:
    """Working days after ``start`` up to and including ``end`` (0 when end <= start)."""
    count = 0
    day = start
    while day < end:
        day += datetime.timedelta(days=1)
        if is_working_day(day, nation=nation):
            count += 1
    return count


def due_date(
    *, start: datetime.date, days: int, working_days: bool, nation: str | None = None
) -> datetime.date:
    if working_days:
        return add_working_days(start, days, nation=nation)
    return start + datetime.timedelta(days=days)


def extend(
    *,
    due: datetime.date,
    paused_from: datetime.date,
    paused_to: datetime.date,
    working_days: bool,
    nation: str | None = None,
) -> datetime.date:
    """Move a due date on by the time the clock was stopped (awaiting the customer)."""
    if working_days:
        return add_working_days(
            due, working_days_between(paused_from, paused_to, nation=nation), nation=nation
        )
    return due + (paused_to - paused_from)

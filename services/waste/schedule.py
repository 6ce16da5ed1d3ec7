"""When a round collects: its pattern, bent by the council's exceptions. Pure functions.

A round collects on its ``weekday`` in the week of ``first_date`` and every
``every_weeks`` weeks from it. A change for a (round, date) moves that collection to
``new_date`` or cancels it; a change with no round applies to every round
(a bank holiday). A round-specific change wins over an all-rounds one.
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Pattern:
    """What the schedule needs of a Round (kept plain so it can be tested and cached)."""

    round_id: int
    weekday: int
    every_weeks: int
    first_date: datetime.date


@dataclass(frozen=True)
class Change:
    round_id: int | None  # None: every round
    date: datetime.date
    new_date: datetime.date | None  # None: no collection that day
    reason: str = ""


@dataclass(frozen=True)
class Collection:
    round_id: int
    date: datetime.date  # when it actually happens
    usual_date: datetime.date  # when the pattern says
    reason: str = ""  # why it moved, when it did

    @property
    def moved(self) -> bool:
        return self.date != self.usual_date


def _anchor(pattern: Pattern) -> datetime.date:
    """The round's weekday in the week of ``first_date``.

    ``weekday`` says which day; ``first_date`` says which weeks (for fortnightly
    rounds). Were the schedule to follow ``first_date`` alone, changing a round's
    weekday in the admin would change nothing.
    """
    monday = pattern.first_date - datetime.timedelta(days=pattern.first_date.weekday())
    return monday + datetime.timedelta(days=pattern.weekday)


def _pattern_dates(pattern: Pattern, start: datetime.date, end: datetime.date):
    """The usual collection days in [start, end]."""
    step = datetime.timedelta(weeks=pattern.every_weeks)
    anchor = _anchor(pattern)
    # The first pattern day on or after start (the pattern runs backwards too).
    gap = (start - anchor).days
    period = step.days
    first = anchor + datetime.timedelta(days=-(-gap // period) * period)
    day = first
    while day <= end:
        yield day
        day += step


def collections(
    pattern: Pattern,
    changes: Iterable[Change],
    *,
    start: datetime.date,
    end: datetime.date,
) -> list[Collection]:
    """The round's collections that happen in [start, end], in date order.

    A collection moved into the window from a usual day just outside it is
    included, and one moved out of it is not (a week either side is looked at).
    """
    window = datetime.timedelta(days=7)
    by_date: dict[datetime.date, Change] = {}
    for change in changes:
        if change.round_id not in (None, pattern.round_id):
            continue
        existing = by_date.get(change.date)
        if existing is None or (existing.round_id is None and change.round_id is not None):
            by_date[change.date] = change
    found = []
    for usual in _pattern_dates(pattern, start - window, end + window):
        change = by_date.get(usual)
        if change is None:
            actual, reason = usual, ""
        elif change.new_date is None:
            continue
        else:
            actual, reason = change.new_date, change.reason
        if start <= actual <= end:
            found.append(Collection(pattern.round_id, actual, usual, reason))
    return sorted(found, key=lambda c: c.date)


def cancelled(
    pattern: Pattern, changes: Iterable[Change], *, start: datetime.date, end: datetime.date
) -> list[Change]:
    """Usual collection days in [start, end] that will not happen, with the reason."""
    usual = set(_pattern_dates(pattern, start, end))
    chosen: dict[datetime.date, Change] = {}
    for change in changes:
        if (
            change.date in usual
            and change.round_id in (None, pattern.round_id)
            and (change.date not in chosen or change.round_id is not None)
        ):
            chosen[change.date] = change
    return sorted((c for c in chosen.values() if c.new_date is None), key=lambda c: c.date)

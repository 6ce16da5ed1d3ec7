"""When bins are collected, read from rounds and the council's changes (shared by every feature).

The bin days page, its iCalendar feed and its printable calendar read
``address_calendar``: the address's collections and the ones that will not happen,
in two queries whatever the window.
"""

import calendar
import datetime
import hashlib
from dataclasses import dataclass, field

from django.db.models import Q

from services.waste import schedule
from services.waste.models import CollectionChange, PropertyRound, Round, Stream

WINDOW = datetime.timedelta(days=7)  # a collection can move this far from its usual day
STREAM_ORDER = {stream: index for index, stream in enumerate(Stream.values)}  # Rubbish first


def _in_stream_order(collection) -> tuple:
    return (collection.date, STREAM_ORDER.get(collection.stream, 99))


@dataclass(frozen=True)
class AddressCollection:
    stream: str
    round: Round
    date: datetime.date
    usual_date: datetime.date
    reason: str = ""  # why it moved, when it did

    @property
    def moved(self) -> bool:
        return self.date != self.usual_date


def pattern(round_: Round) -> schedule.Pattern:
    return schedule.Pattern(round_.pk, round_.weekday, round_.every_weeks, round_.first_date)


def changes_around(
    *, start: datetime.date, end: datetime.date, round_ids=None
) -> list[schedule.Change]:
    """Changes that can move a collection into or out of [start, end]."""
    query = CollectionChange.objects.filter(date__gte=start - WINDOW, date__lte=end + WINDOW)
    if round_ids is not None:
        query = query.filter(Q(round__isnull=True) | Q(round_id__in=list(round_ids)))
    return [
        schedule.Change(c.round_id, c.date, c.new_date, c.reason)
        for c in query.only("round_id", "date", "new_date", "reason")
    ]


def address_rounds(*, address) -> list[Round]:
    """The address's rounds, one per stream it has, in stream order."""
    return [
        link.round
        for link in PropertyRound.objects.filter(address=address, round__active=True)
        .select_related("round")
        .order_by("round__stream")
    ]


def address_collections(
    *, address, start: datetime.date, end: datetime.date
) -> list[AddressCollection]:
    """Every collection at ``address`` in [start, end], by date then stream. Two queries."""
    rounds = address_rounds(address=address)
    if not rounds:
        return []
    changes = changes_around(start=start, end=end, round_ids=[r.pk for r in rounds])
    found = [
        AddressCollection(r.stream, r, c.date, c.usual_date, c.reason)
        for r in rounds
        for c in schedule.collections(pattern(r), changes, start=start, end=end)
    ]
    return sorted(found, key=_in_stream_order)


def next_collections(*, address, today: datetime.date) -> list[AddressCollection]:
    """The next collection of each stream at ``address`` from ``today`` (within 8 weeks)."""
    upcoming = address_collections(
        address=address, start=today, end=today + datetime.timedelta(weeks=8)
    )
    first: dict[str, AddressCollection] = {}
    for collection in upcoming:
        first.setdefault(collection.stream, collection)
    return sorted(first.values(), key=_in_stream_order)


def last_collection(*, address, stream: str, on_or_before: datetime.date):
    """The most recent collection of ``stream`` at ``address`` up to a day (4 weeks back)."""
    past = [
        c
        for c in address_collections(
            address=address, start=on_or_before - datetime.timedelta(weeks=4), end=on_or_before
        )
        if c.stream == stream
    ]
    return past[-1] if past else None


def rounds_collecting_on(*, day: datetime.date) -> list[tuple[Round, schedule.Collection]]:
    """Every active round that collects on ``day`` (after changes), with that collection."""
    rounds = list(Round.objects.filter(active=True))
    changes = changes_around(start=day, end=day)
    found = []
    for round_ in rounds:
        for collection in schedule.collections(pattern(round_), changes, start=day, end=day):
            found.append((round_, collection))
    return found


# --- The bin days page, its feed and its printable calendar --------------------------------


@dataclass(frozen=True)
class CalendarEntry:
    """A collection at an address, or one that will not happen (``cancelled``)."""

    stream: str
    round: Round
    date: datetime.date  # when it happens (a cancelled one: the day it would have been)
    usual_date: datetime.date
    reason: str = ""
    cancelled: bool = False

    @property
    def moved(self) -> bool:
        return self.date != self.usual_date

    @property
    def stream_label(self) -> str:
        return Stream(self.stream).label


def address_calendar(
    *, address, start: datetime.date, end: datetime.date, rounds: list[Round] | None = None
) -> list[CalendarEntry]:
    """Collections at ``address`` in [start, end] and the usual days in it that will not
    happen, by date then stream (Rubbish, Recycling, Food waste, Garden waste). Two queries
    (one when ``rounds`` is given; none for an address on no round)."""
    if rounds is None:
        rounds = address_rounds(address=address)
    if not rounds:
        return []
    changes = changes_around(start=start, end=end, round_ids=[r.pk for r in rounds])
    entries = []
    for round_ in rounds:
        pattern_ = pattern(round_)
        entries += [
            CalendarEntry(round_.stream, round_, c.date, c.usual_date, c.reason)
            for c in schedule.collections(pattern_, changes, start=start, end=end)
        ]
        entries += [
            CalendarEntry(round_.stream, round_, c.date, c.date, c.reason, cancelled=True)
            for c in schedule.cancelled(pattern_, changes, start=start, end=end)
        ]
    return sorted(entries, key=_in_stream_order)


@dataclass(frozen=True)
class StreamNext:
    """A stream's next collection, and any collection of it cancelled before then."""

    stream: str
    label: str
    round: Round
    next: CalendarEntry | None
    cancelled: list[CalendarEntry]


@dataclass(frozen=True)
class CalendarDay:
    date: datetime.date
    entries: list[CalendarEntry]


@dataclass(frozen=True)
class CalendarWeek:
    monday: datetime.date
    days: list[CalendarDay]  # only the days with something on them


@dataclass(frozen=True)
class BinDays:
    """What the bin days page shows for an address."""

    address: object
    today: datetime.date
    streams: list[StreamNext]  # in stream order; empty for an address on no round
    weeks: list[CalendarWeek] = field(default_factory=list)

    @property
    def has_rounds(self) -> bool:
        return bool(self.streams)


PAGE_WEEKS = 8


def bin_days(*, address, today: datetime.date, weeks: int = PAGE_WEEKS) -> BinDays:
    """The next collection of each stream and the coming ``weeks`` weeks, grouped by week
    (Monday first). Two queries."""
    rounds = address_rounds(address=address)
    end = today + datetime.timedelta(weeks=weeks) - datetime.timedelta(days=1)
    entries = address_calendar(address=address, start=today, end=end, rounds=rounds)
    streams = []
    for round_ in sorted(rounds, key=lambda r: STREAM_ORDER.get(r.stream, 99)):
        own = [e for e in entries if e.round.pk == round_.pk]
        upcoming = next((e for e in own if not e.cancelled), None)
        skipped = [e for e in own if e.cancelled and (upcoming is None or e.date < upcoming.date)]
        label = Stream(round_.stream).label
        streams.append(StreamNext(round_.stream, label, round_, upcoming, skipped))
    by_week: dict[datetime.date, dict[datetime.date, list[CalendarEntry]]] = {}
    for entry in entries:
        monday = entry.date - datetime.timedelta(days=entry.date.weekday())
        by_week.setdefault(monday, {}).setdefault(entry.date, []).append(entry)
    calendar_weeks = [
        CalendarWeek(monday, [CalendarDay(day, found) for day, found in sorted(days.items())])
        for monday, days in sorted(by_week.items())
    ]
    return BinDays(address=address, today=today, streams=streams, weeks=calendar_weeks)


def user_next_collections(*, user, today: datetime.date) -> list[AddressCollection]:
    """The next collection of each stream at the address on ``user``'s account (none without
    one), for the home page. Two queries, none without an address."""
    if not getattr(user, "address_id", None):
        return []
    return next_collections(address=user.address_id, today=today)


# --- The printable calendar: a year, month by month ---------------------------------------


PDF_MONTHS = 12


@dataclass(frozen=True)
class MonthDay:
    date: datetime.date
    in_month: bool
    entries: list[CalendarEntry]


@dataclass(frozen=True)
class Month:
    first: datetime.date
    weeks: list[list[MonthDay]]  # Monday to Sunday


@dataclass(frozen=True)
class PrintableCalendar:
    address: object
    starts_on: datetime.date
    ends_on: datetime.date
    months: list[Month]
    streams: list[str]  # the streams collected at the address, in stream order
    changes: list[CalendarEntry]  # moved or cancelled, to explain under the calendar

    def fingerprint(self) -> str:
        """Changes whenever what the calendar shows does (a new change, another round)."""
        text = repr(
            (
                self.address.pk,
                self.address.single_line,
                [
                    (e.round.pk, e.stream, e.date, e.usual_date, e.reason, e.cancelled)
                    for month in self.months
                    for week in month.weeks
                    for day in week
                    if day.in_month
                    for e in day.entries
                ],
            )
        )
        return hashlib.sha256(text.encode()).hexdigest()[:16]


def pdf_starts_on(today: datetime.date) -> datetime.date:
    """A printable calendar starts on the first of the current month."""
    return today.replace(day=1)


def _add_months(day: datetime.date, months: int) -> datetime.date:
    index = day.year * 12 + day.month - 1 + months
    return datetime.date(index // 12, index % 12 + 1, 1)


def printable_calendar(
    *, address, starts_on: datetime.date, months: int = PDF_MONTHS
) -> PrintableCalendar:
    """``months`` months from ``starts_on`` (the first of a month), as month grids. Two queries."""
    ends_on = _add_months(starts_on, months) - datetime.timedelta(days=1)
    rounds = address_rounds(address=address)
    entries = address_calendar(address=address, start=starts_on, end=ends_on, rounds=rounds)
    by_date: dict[datetime.date, list[CalendarEntry]] = {}
    for entry in entries:
        by_date.setdefault(entry.date, []).append(entry)
    grids = calendar.Calendar(firstweekday=calendar.MONDAY)
    month_list = []
    for offset in range(months):
        first = _add_months(starts_on, offset)
        weeks = [
            [MonthDay(day, day.month == first.month, by_date.get(day, [])) for day in week]
            for week in grids.monthdatescalendar(first.year, first.month)
        ]
        month_list.append(Month(first, weeks))
    streams = sorted({r.stream for r in rounds}, key=lambda s: STREAM_ORDER.get(s, 99))
    changes = [e for e in entries if e.moved or e.cancelled]
    return PrintableCalendar(address, starts_on, ends_on, month_list, streams, changes)

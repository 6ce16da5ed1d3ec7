"""Demo bin rounds for Millbrook: who is collected when, and the bank holiday changes.

Every home in the gazetteer goes on four rounds: rubbish and recycling every two weeks
on alternate weeks, food waste every week, and garden waste every two weeks (the garden
waste feature decides who has paid for it). Businesses (classification C...) are on no
household round, so their bin days page says so. The collection day goes by postcode
sector, which in the demo gazetteer is a street: Mill Lane (MB1 1..) is collected on
Tuesdays, with rubbish on the week of Monday 23 November 2026, and the other streets
are spread over the working week. Bank holidays from a month back to thirteen months
ahead move that week's collections a day later, and garden waste stops over Christmas.

Safe to load again: what is there is left as it is, and only what is missing is added.
"""

import datetime
import re
import zlib

from django.db import transaction

from accounts.models import Address
from core import clock
from services.waste.actions.collections import collection_changes_for_bank_holidays
from services.waste.models import CollectionChange, PropertyRound, Round, Stream, Weekday
from services.waste.schedule import collections as round_collections
from services.waste.selectors.collections import pattern

WEEK_A = datetime.date(2024, 1, 8)  # a Monday: "week A" is every other week from it
DAYS = ("MON", "TUE", "WED", "THU", "FRI")
_SECTOR = re.compile(r"^[A-Z]{1,2}(\d+)[A-Z]? (\d)")
_ROUND_NAMES = {
    Stream.REFUSE: "rubbish",
    Stream.RECYCLING: "recycling",
    Stream.FOOD: "food waste",
    Stream.GARDEN: "garden waste",
}
GARDEN_BREAK = "Garden waste collections take a break over Christmas and New Year."


def _round_specs():
    """(code, name, stream, weekday, every_weeks, first_date) for every demo round."""
    for weekday, day in enumerate(DAYS):
        day_name = Weekday(weekday).label
        for week, offset in (("A", 0), ("B", 7)):
            other = 7 - offset
            first = WEEK_A + datetime.timedelta(days=offset + weekday)
            alternate = WEEK_A + datetime.timedelta(days=other + weekday)
            yield (f"MB-REF-{day}-{week}", Stream.REFUSE, weekday, 2, first, day_name, week)
            yield (f"MB-REC-{day}-{week}", Stream.RECYCLING, weekday, 2, alternate, day_name, week)
            yield (f"MB-GDN-{day}-{week}", Stream.GARDEN, weekday, 2, alternate, day_name, week)
        first = WEEK_A + datetime.timedelta(days=weekday)
        yield (f"MB-FOOD-{day}", Stream.FOOD, weekday, 1, first, day_name, "")


def _rounds() -> dict[str, Round]:
    wanted = {}
    for code, stream, weekday, every, first, day_name, week in _round_specs():
        which = f", week {week}" if week else ""
        wanted[code] = Round(
            code=code,
            name=f"{day_name} {_ROUND_NAMES[stream]}{which}",
            stream=stream,
            weekday=weekday,
            every_weeks=every,
            first_date=first,
        )
    existing = {r.code: r for r in Round.objects.filter(code__in=wanted)}
    Round.objects.bulk_create([r for code, r in wanted.items() if code not in existing])
    return {r.code: r for r in Round.objects.filter(code__in=wanted)}


def _street_slot(postcode: str) -> tuple[int, str]:
    """(weekday, week) for a postcode: by its sector (a street in the demo gazetteer)."""
    match = _SECTOR.match(postcode)
    if match:
        district, sector = int(match.group(1)), int(match.group(2))
    else:  # not a Millbrook-style postcode: spread by its outward code
        district, sector = zlib.crc32(postcode.split(" ")[0].encode()), 0
    return (district + sector - 1) % 5, "AB"[(district + sector) % 2]


def _property_rounds(rounds: dict[str, Round]) -> int:
    homes = (
        Address.objects.exclude(classification__startswith="C")
        .filter(waste_rounds__isnull=True)
        .values_list("uprn", "postcode")
    )
    links = []
    for uprn, postcode in homes.iterator(chunk_size=2000):
        weekday, week = _street_slot(postcode)
        day = DAYS[weekday]
        for code in (f"MB-REF-{day}-{week}", f"MB-REC-{day}-{week}", f"MB-GDN-{day}-{week}"):
            links.append(
                PropertyRound(address_id=uprn, round=rounds[code], stream=rounds[code].stream)
            )
        food = rounds[f"MB-FOOD-{day}"]
        links.append(PropertyRound(address_id=uprn, round=food, stream=food.stream))
    PropertyRound.objects.bulk_create(links, batch_size=2000, ignore_conflicts=True)
    return len(links) // 4


def _garden_break(rounds: dict[str, Round], *, start: datetime.date, end: datetime.date) -> int:
    """No garden waste collections from 21 December to 3 January."""
    changes = []
    for year in range(start.year, end.year + 1):
        first, last = datetime.date(year, 12, 21), datetime.date(year + 1, 1, 3)
        for round_ in rounds.values():
            if round_.stream != Stream.GARDEN:
                continue
            for collection in round_collections(pattern(round_), [], start=first, end=last):
                changes.append(
                    CollectionChange(
                        round=round_,
                        date=collection.date,
                        new_date=None,
                        kind=CollectionChange.Kind.DISRUPTION,
                        reason=GARDEN_BREAK,
                    )
                )
    CollectionChange.objects.bulk_create(changes, ignore_conflicts=True)
    return len(changes)


@transaction.atomic
def load() -> str:
    rounds = _rounds()
    homes = _property_rounds(rounds)
    today = clock.today()
    start, end = today - datetime.timedelta(weeks=5), today + datetime.timedelta(days=400)
    holidays = collection_changes_for_bank_holidays(start=start, end=end)
    _garden_break(rounds, start=start, end=end)
    on_rounds = PropertyRound.objects.values("address").distinct().count()
    return (
        f"Bin rounds: {len(rounds)} rounds, {on_rounds} addresses on them ({homes} added), "
        f"{holidays} bank holiday changes added"
    )

"""When rounds collect: the pure schedule (services/waste/schedule.py) and the selectors
that read it from the database (services/waste/selectors/collections.py)."""

import datetime

import pytest

from services.waste import schedule
from services.waste.models import CollectionChange, Stream
from services.waste.selectors import collections as selectors
from tests.factories import AddressFactory
from tests.services.waste.reminders_factories import make_round, put_on

MON = datetime.date(2026, 11, 23)
TUE = MON + datetime.timedelta(days=1)


def days(n: int) -> datetime.timedelta:
    return datetime.timedelta(days=n)


def weeks(n: int) -> datetime.timedelta:
    return datetime.timedelta(weeks=n)


def dates(found) -> list[datetime.date]:
    return [c.date for c in found]


def tuesday_round(every_weeks=1, round_id=1, first=TUE) -> schedule.Pattern:
    return schedule.Pattern(round_id, first.weekday(), every_weeks, first)


# --- Patterns ------------------------------------------------------------------------------


def test_a_weekly_round_collects_every_week_on_its_day():
    found = schedule.collections(tuesday_round(), [], start=MON, end=MON + weeks(3))

    assert dates(found) == [TUE, TUE + weeks(1), TUE + weeks(2)]
    assert not any(c.moved for c in found)


def test_a_fortnightly_round_keeps_its_weeks_forwards_and_backwards():
    pattern = tuesday_round(every_weeks=2)

    ahead = schedule.collections(pattern, [], start=TUE + days(1), end=TUE + weeks(6))
    behind = schedule.collections(pattern, [], start=TUE - weeks(5), end=TUE - days(1))

    assert dates(ahead) == [TUE + weeks(2), TUE + weeks(4), TUE + weeks(6)]
    assert dates(behind) == [TUE - weeks(4), TUE - weeks(2)]


def test_alternate_fortnightly_rounds_never_collect_the_same_week():
    rubbish = tuesday_round(every_weeks=2, round_id=1, first=TUE)
    recycling = tuesday_round(every_weeks=2, round_id=2, first=TUE + weeks(1))
    window = {"start": MON, "end": MON + weeks(12)}

    a = set(dates(schedule.collections(rubbish, [], **window)))
    b = set(dates(schedule.collections(recycling, [], **window)))

    assert len(a) == len(b) == 6
    assert not a & b
    assert sorted(a | b) == [TUE + weeks(n) for n in range(12)]


def test_the_weekday_says_the_day_and_the_first_date_says_the_weeks():
    """An admin who moves a fortnightly round from Tuesday to Thursday keeps its weeks."""
    pattern = schedule.Pattern(1, 3, 2, TUE)  # Thursday, fortnightly, from the week of TUE

    found = schedule.collections(pattern, [], start=MON, end=MON + weeks(4))

    assert dates(found) == [TUE + days(2), TUE + days(2) + weeks(2)]


def test_the_window_is_inclusive_at_both_ends():
    found = schedule.collections(tuesday_round(), [], start=TUE, end=TUE + weeks(1))

    assert dates(found) == [TUE, TUE + weeks(1)]


# --- Changes ---------------------------------------------------------------------------------


def moved(day, to, *, round_id=None, reason="Bank holiday"):
    return schedule.Change(round_id, day, to, reason)


def test_a_bank_holiday_moves_the_collection_and_says_why():
    change = moved(TUE + weeks(1), TUE + weeks(1) + days(1), reason="Spring Bank Holiday")

    found = schedule.collections(tuesday_round(), [change], start=MON, end=TUE + weeks(2))

    assert dates(found) == [TUE, TUE + weeks(1) + days(1), TUE + weeks(2)]
    assert found[1].moved and found[1].usual_date == TUE + weeks(1)
    assert found[1].reason == "Spring Bank Holiday"
    assert not found[0].moved and found[0].reason == ""


def test_collections_moved_across_the_edges_of_the_window():
    """Friday's collection moved to Saturday: in a window from Saturday, not in one to Friday."""
    friday = MON + days(4)
    pattern = schedule.Pattern(1, 4, 1, friday)
    change = moved(friday, friday + days(1))

    from_saturday = schedule.collections(
        pattern, [change], start=friday + days(1), end=friday + days(6)
    )
    to_friday = schedule.collections(pattern, [change], start=MON, end=friday)

    assert dates(from_saturday) == [friday + days(1)]
    assert from_saturday[0].usual_date == friday
    assert to_friday == []


def test_a_change_for_the_round_wins_over_one_for_every_round_in_either_order():
    everyone = moved(TUE, TUE + days(1), reason="Bank holiday")
    this_round = moved(TUE, TUE + days(4), round_id=1, reason="Depot closed")

    for changes in ([everyone, this_round], [this_round, everyone]):
        found = schedule.collections(tuesday_round(), changes, start=MON, end=MON + days(6))
        assert dates(found) == [TUE + days(4)]
        assert found[0].reason == "Depot closed"


def test_another_round_s_change_does_not_apply():
    other = moved(TUE, None, round_id=2, reason="Strike")

    found = schedule.collections(tuesday_round(), [other], start=MON, end=MON + days(6))

    assert dates(found) == [TUE]
    assert schedule.cancelled(tuesday_round(), [other], start=MON, end=MON + days(6)) == []


def test_a_cancelled_collection_does_not_happen_and_is_listed_with_its_reason():
    strike = moved(TUE + weeks(1), None, round_id=1, reason="Strike")

    found = schedule.collections(tuesday_round(), [strike], start=MON, end=TUE + weeks(2))
    gone = schedule.cancelled(tuesday_round(), [strike], start=MON, end=TUE + weeks(2))

    assert dates(found) == [TUE, TUE + weeks(2)]
    assert [(c.date, c.reason) for c in gone] == [(TUE + weeks(1), "Strike")]


def test_a_round_s_own_move_overrides_a_cancellation_for_every_round():
    snow = moved(TUE, None, reason="Snow")
    this_round = moved(TUE, TUE + days(2), round_id=1, reason="Later this week")

    found = schedule.collections(tuesday_round(), [snow, this_round], start=MON, end=MON + days(6))
    gone = schedule.cancelled(tuesday_round(), [snow, this_round], start=MON, end=MON + days(6))

    assert dates(found) == [TUE + days(2)]
    assert gone == []


def test_a_change_on_a_day_the_round_does_not_collect_changes_nothing():
    wednesday = moved(TUE + days(1), None)

    found = schedule.collections(tuesday_round(), [wednesday], start=MON, end=MON + days(6))

    assert dates(found) == [TUE]
    assert schedule.cancelled(tuesday_round(), [wednesday], start=MON, end=MON + days(6)) == []


# --- Read from the database --------------------------------------------------------------------


@pytest.fixture
def home(db):
    """1 Mill Lane: rubbish and recycling on alternate Tuesdays, food every Tuesday."""
    address = AddressFactory(line1="1 Mill Lane")
    put_on(
        address,
        make_round(Stream.REFUSE, day=TUE, every_weeks=2),
        make_round(Stream.RECYCLING, day=TUE + weeks(1), every_weeks=2),
        make_round(Stream.FOOD, day=TUE),
    )
    return address


def test_address_collections_in_date_then_stream_order_in_two_queries(
    home, django_assert_num_queries
):
    with django_assert_num_queries(2):
        found = selectors.address_collections(address=home, start=MON, end=MON + weeks(2) - days(1))

    assert [(c.date, c.stream) for c in found] == [
        (TUE, "refuse"),
        (TUE, "food"),
        (TUE + weeks(1), "recycling"),
        (TUE + weeks(1), "food"),
    ]


def test_next_collections_one_per_stream_with_bank_holiday_moves(home):
    CollectionChange.objects.create(
        date=TUE, new_date=TUE + days(1), reason="Bank holiday on Monday"
    )

    found = selectors.next_collections(address=home, today=MON)

    assert [(c.stream, c.date, c.moved) for c in found] == [
        ("refuse", TUE + days(1), True),
        ("food", TUE + days(1), True),
        ("recycling", TUE + weeks(1), False),
    ]
    assert found[0].reason == "Bank holiday on Monday"


def test_a_round_specific_change_wins_in_the_database_too(home):
    food = home.waste_rounds.get(stream="food").round
    CollectionChange.objects.create(date=TUE, new_date=TUE + days(1), reason="Bank holiday")
    CollectionChange.objects.create(round=food, date=TUE, new_date=None, reason="Lorry broke")

    found = selectors.address_collections(address=home, start=MON, end=MON + days(6))
    calendar = selectors.address_calendar(address=home, start=MON, end=MON + days(6))

    assert [(c.stream, c.date) for c in found] == [("refuse", TUE + days(1))]
    assert [(e.stream, e.date, e.cancelled, e.reason) for e in calendar] == [
        ("food", TUE, True, "Lorry broke"),
        ("refuse", TUE + days(1), False, "Bank holiday"),
    ]


def test_last_collection_looks_back_from_a_day(home):
    found = selectors.last_collection(address=home, stream="recycling", on_or_before=TUE)

    assert found.date == TUE - weeks(1)


def test_rounds_collecting_on_a_day_follow_the_changes(home):
    CollectionChange.objects.create(date=TUE, new_date=TUE + days(1), reason="Bank holiday")

    on_tuesday = selectors.rounds_collecting_on(day=TUE)
    on_wednesday = selectors.rounds_collecting_on(day=TUE + days(1))

    assert on_tuesday == []
    assert sorted(r.stream for r, _c in on_wednesday) == ["food", "refuse"]
    assert all(c.usual_date == TUE for _r, c in on_wednesday)


def test_an_inactive_round_collects_nothing(home):
    home.waste_rounds.get(stream="refuse").round.__class__.objects.filter(stream="refuse").update(
        active=False
    )

    found = selectors.next_collections(address=home, today=MON)

    assert [c.stream for c in found] == ["food", "recycling"]


def test_an_address_on_no_round_has_no_collections_in_one_query(db, django_assert_num_queries):
    address = AddressFactory()

    with django_assert_num_queries(1):
        assert selectors.address_collections(address=address, start=MON, end=MON + weeks(8)) == []

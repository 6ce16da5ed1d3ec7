"""Bin days (A4 "find my local"): find an address by postcode, see its next
collections and the coming weeks, subscribe to its iCalendar feed, print its calendar
(a PDF made in the background), and see your own on the home page."""

import datetime
import re

import icalendar
import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from core import clock as project_clock
from services.waste.actions import calendar_pdf
from services.waste.actions import collections as actions
from services.waste.demo import collections as demo
from services.waste.models import CalendarPdf, CollectionChange, PropertyRound, Round, Stream
from services.waste.selectors import collections as selectors
from services.waste.tasks import calendar_pdf_render_task
from tests.conftest import signed_in
from tests.factories import AddressFactory
from tests.services.waste.reminders_factories import make_round, put_on

pytestmark = pytest.mark.django_db

MON = datetime.date(2026, 11, 23)
TUE = MON + datetime.timedelta(days=1)


def days(n):
    return datetime.timedelta(days=n)


def weeks(n):
    return datetime.timedelta(weeks=n)


def text(response) -> str:
    """The page's <main> as a resident reads it: tags gone, spaces collapsed."""
    html = response.content.decode()
    main = html[html.index("<main") : html.index("</main>")]
    return " ".join(re.sub(r"<[^>]+>", " ", main).replace("&#x27;", "'").split())


@pytest.fixture
def today(clock):
    """Today is Monday 23 November 2026, unless a test says otherwise (clock.set(...))."""
    clock.set(MON)
    return clock


@pytest.fixture
def home(today):
    """1 Mill Lane: rubbish and recycling on alternate Tuesdays, food every Tuesday,
    garden waste every other Thursday."""
    address = AddressFactory(line1="1 Mill Lane", postcode="MB1 1AA")
    put_on(
        address,
        make_round(Stream.REFUSE, day=TUE, every_weeks=2),
        make_round(Stream.RECYCLING, day=TUE + weeks(1), every_weeks=2),
        make_round(Stream.FOOD, day=TUE),
        make_round(Stream.GARDEN, day=TUE + days(2), every_weeks=2),
    )
    return address


def page_url(address) -> str:
    return f"/waste/{address.uprn}/"


# --- Start page -------------------------------------------------------------------------------


def test_the_start_page_finds_bin_days_by_postcode_without_an_account(client, today):
    response = client.get("/waste/")

    page = text(response)
    assert response.status_code == 200
    assert "Find your bin collection days" in page
    assert "You do not need an account" in page
    html = response.content.decode()
    assert 'action="/waste/bin-days/"' in html and 'name="postcode"' in html
    assert "Book a bulky waste collection" in page  # the other features' pages


def test_signed_in_with_an_address_the_start_page_goes_straight_to_it(citizen, home):
    citizen.address = home
    citizen.save()

    response = signed_in(citizen).get("/waste/")

    assert f'href="{page_url(home)}"' in response.content.decode()
    assert "Bin days for 1 Mill Lane" in text(response)
    assert "For another address, enter its postcode" in text(response)


# --- Finding an address -------------------------------------------------------------------------


@pytest.fixture
def street(home):
    """Mill Lane's other houses at MB1 1AA, and one at another postcode."""
    for number in (10, 2, 3):
        AddressFactory(line1=f"{number} Mill Lane", postcode="MB1 1AA")
    AddressFactory(line1="1 High Street", postcode="MB1 2AA")
    return home


def test_the_postcode_question_page(client, today):
    response = client.get("/waste/bin-days/")

    assert response.status_code == 200
    assert "What is the postcode?" in text(response)


@pytest.mark.parametrize(
    ("postcode", "error"),
    [
        ("", "Enter a postcode"),
        ("not a postcode", "Enter a real postcode, like MB1 1AA"),
        ("MB1 1AAAAAAAAA", "Enter a real postcode, like MB1 1AA"),
    ],
)
def test_a_wrong_postcode_is_a_400_with_an_error_summary(client, street, postcode, error):
    response = client.get("/waste/bin-days/", {"postcode": postcode})

    assert response.status_code == 400
    html = response.content.decode()
    assert "govuk-error-summary" in html and 'href="#id_postcode"' in html
    assert error in text(response)
    assert "<title>Error:" in html


def test_a_postcode_with_no_addresses_says_so_and_how_to_contact_us(client, street):
    response = client.get("/waste/bin-days/", {"postcode": "mb9 9zz"})

    assert response.status_code == 400
    page = text(response)
    assert "We could not find any addresses for MB9 9ZZ" in page
    assert "Contact us" in page
    assert 'href="mailto:contact@millbrook.example' in response.content.decode()


def test_a_postcode_lists_its_addresses_in_number_order(client, street):
    response = client.get("/waste/bin-days/", {"postcode": "mb11aa"})  # any spacing, any case

    assert response.status_code == 200
    page = text(response)
    assert "Select the address" in page
    assert "4 addresses found for MB1 1AA" in page
    found = re.findall(r"(\d+) Mill Lane, Millbrook, MB1 1AA", page)
    assert found == ["1", "2", "3", "10"]
    assert "High Street" not in page


def test_choosing_an_address_goes_to_its_bin_days(client, street):
    response = client.get("/waste/bin-days/address/", {"postcode": "MB1 1AA", "uprn": street.uprn})

    assert response.status_code == 302
    assert response["Location"] == page_url(street)


@pytest.mark.parametrize(
    ("uprn", "error"), [(None, "Select the address"), (1, "Select the address from the list")]
)
def test_choosing_nothing_or_another_postcode_s_address_is_a_400(client, street, uprn, error):
    query = {"postcode": "MB1 1AA"} | ({"uprn": uprn} if uprn else {})

    response = client.get("/waste/bin-days/address/", query)

    assert response.status_code == 400
    assert error in text(response)
    assert "4 addresses found for MB1 1AA" in text(response)


def test_choosing_without_a_postcode_starts_again(client, street):
    assert client.get("/waste/bin-days/address/")["Location"] == "/waste/bin-days/"
    nowhere = client.get("/waste/bin-days/address/", {"postcode": "MB9 9ZZ", "uprn": 1})
    assert nowhere["Location"] == "/waste/bin-days/?postcode=MB9+9ZZ"


# --- An address's bin days ---------------------------------------------------------------------


def test_the_bin_days_page_shows_the_next_collection_of_each_stream(client, home):
    response = client.get(page_url(home))

    page = text(response)
    assert response.status_code == 200
    assert "1 Mill Lane" in page
    assert "Rubbish Tomorrow (Tuesday 24 November) Usually every other Tuesday" in page
    assert "Recycling Tuesday 1 December Usually every other Tuesday" in page
    assert "Food waste Tomorrow (Tuesday 24 November) Usually every Tuesday" in page
    assert "Garden waste Thursday 26 November" in page
    assert "Only for homes that subscribe to garden waste collections" in page


def test_today_is_said_as_today(client, home, today):
    today.set(TUE)

    page = text(client.get(page_url(home)))

    assert "Rubbish Today (Tuesday 24 November)" in page


def test_the_coming_weeks_are_listed_week_by_week(client, home):
    page = text(client.get(page_url(home)))

    assert "The next 8 weeks" in page
    assert (
        "Week beginning Monday 23 November Tomorrow (Tuesday 24 November) Rubbish Food waste"
        in (page)
    )
    assert "Thursday 26 November Garden waste" in page
    assert "Week beginning Monday 30 November Tuesday 1 December Recycling Food waste" in page
    assert page.count("Week beginning") == 8
    assert "Week beginning Monday 11 January 2027" in page  # another year says which


def test_a_moved_collection_says_from_when_and_why(client, home):
    CollectionChange.objects.create(
        date=TUE,
        new_date=TUE + days(1),
        reason="Spring Bank Holiday is on Monday 23 November, so collections that week are a day later.",
    )

    page = text(client.get(page_url(home)))

    assert (
        "Rubbish Wednesday 25 November Moved from Tuesday 24 November. Spring Bank Holiday "
        "is on Monday 23 November, so collections that week are a day later." in page
    )
    assert "Wednesday 25 November Rubbish (moved from Tuesday)" in page


def test_a_cancelled_collection_is_said_and_the_next_one_shown(client, home):
    garden = home.waste_rounds.get(stream="garden").round
    CollectionChange.objects.create(
        round=garden,
        date=TUE + days(2),
        new_date=None,
        kind=CollectionChange.Kind.DISRUPTION,
        reason="The garden waste crew is at the Christmas market.",
    )

    page = text(client.get(page_url(home)))

    assert (
        "Garden waste Thursday 10 December No collection on Thursday 26 November. "
        "The garden waste crew is at the Christmas market." in page
    )
    assert "Thursday 26 November No garden waste collection" in page


def test_an_address_on_no_round_gets_a_helpful_message(client, today):
    bakery = AddressFactory(line1="3 High Street", classification="CR01")

    response = client.get(page_url(bakery))

    page = text(response)
    assert response.status_code == 200
    assert "We do not have any household bin collections for this address" in page
    assert "trade waste" in page
    assert "Next collections" not in page and "calendar.ics" not in response.content.decode()


def test_a_made_up_uprn_is_404(client, today):
    assert client.get("/waste/999999999999/").status_code == 404
    assert client.get("/waste/999999999999/calendar.ics").status_code == 404
    assert client.get("/waste/999999999999/calendar.pdf").status_code == 404


def test_bin_days_are_not_personal_anyone_may_see_anyones(citizen, another_citizen, home):
    citizen.address = home
    citizen.save()

    mine = signed_in(citizen).get(page_url(home))
    theirs = signed_in(another_citizen).get(page_url(home))

    assert "the address on your account" in text(mine)
    assert theirs.status_code == 200 and "the address on your account" not in text(theirs)
    assert "Rubbish Tomorrow" in text(theirs)


def test_the_page_links_its_feed_pdf_reminders_and_missed_bins(client, home):
    html = client.get(page_url(home)).content.decode()

    assert f'href="webcal://testserver/waste/{home.uprn}/calendar.ics"' in html
    assert f'value="http://testserver/waste/{home.uprn}/calendar.ics"' in html
    assert f'href="/waste/{home.uprn}/calendar.pdf"' in html
    assert f'href="/waste/{home.uprn}/reminders/"' in html
    assert f'href="/waste/missed/{home.uprn}/"' in html


def test_the_page_takes_three_queries_however_many_rounds_and_changes(
    client, home, django_assert_num_queries
):
    for week in range(8):
        CollectionChange.objects.create(
            date=TUE + weeks(week), new_date=TUE + weeks(week) + days(1)
        )

    with django_assert_num_queries(3):  # the address, its rounds, the changes
        response = client.get(page_url(home))
    assert response.status_code == 200


# --- The iCalendar feed -----------------------------------------------------------------------------


def feed(client, address) -> icalendar.Calendar:
    response = client.get(f"/waste/{address.uprn}/calendar.ics")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return icalendar.Calendar.from_ical(response.content)


def events(calendar) -> dict[str, icalendar.Event]:
    return {str(event["UID"]): event for event in calendar.walk("VEVENT")}


def test_the_feed_is_a_subscribable_calendar_of_all_day_events(client, home):
    response = client.get(f"/waste/{home.uprn}/calendar.ics")
    calendar = icalendar.Calendar.from_ical(response.content)

    assert "public" in response["Cache-Control"] and "max-age=3600" in response["Cache-Control"]
    assert 'filename="bin-collections-1-mill-lane.ics"' in response["Content-Disposition"]
    assert calendar["VERSION"] == "2.0" and calendar["METHOD"] == "PUBLISH"
    assert str(calendar["X-WR-CALNAME"]) == "Bin collections: 1 Mill Lane"
    assert calendar["REFRESH-INTERVAL"].dt == datetime.timedelta(hours=12)
    assert b"X-PUBLISHED-TTL:PT12H" in response.content
    found = list(calendar.walk("VEVENT"))
    first = min(found, key=lambda e: e["DTSTART"].dt)
    last = max(found, key=lambda e: e["DTSTART"].dt)
    assert first["DTSTART"].dt == TUE - weeks(4)  # a few weeks back
    assert MON + days(360) <= last["DTSTART"].dt <= MON + days(366)  # a year ahead
    tomorrow = [e for e in found if e["DTSTART"].dt == TUE]
    assert sorted(str(e["SUMMARY"]) for e in tomorrow) == [
        "Food waste collection",
        "Rubbish collection",
    ]
    rubbish = next(e for e in tomorrow if str(e["SUMMARY"]) == "Rubbish collection")
    assert type(rubbish["DTSTART"].dt) is datetime.date  # all day
    assert rubbish["DTEND"].dt == TUE + days(1)
    assert str(rubbish["TRANSP"]) == "TRANSPARENT" and str(rubbish["STATUS"]) == "CONFIRMED"


def test_an_anonymous_calendar_app_may_cache_a_signed_in_copy_is_private(citizen, home):
    response = signed_in(citizen).get(f"/waste/{home.uprn}/calendar.ics")

    assert "no-store" in response["Cache-Control"] and "public" not in response["Cache-Control"]


def test_feed_uids_stay_put_when_a_collection_moves_or_is_cancelled(client, home):
    before = events(feed(client, home))
    food = home.waste_rounds.get(stream="food").round
    CollectionChange.objects.create(
        date=TUE + weeks(1), new_date=TUE + weeks(1) + days(1), reason="Bank holiday."
    )
    CollectionChange.objects.create(
        round=food, date=TUE + weeks(2), new_date=None, reason="Strike."
    )

    after = events(feed(client, home))

    assert set(after) == set(before)  # the same events, changed in place
    moved = [uid for uid in after if after[uid]["DTSTART"].dt != before[uid]["DTSTART"].dt]
    assert len(moved) == 2  # recycling and food on TUE + 1 week
    for uid in moved:
        assert after[uid]["DTSTART"].dt == TUE + weeks(1) + days(1)
        assert "Moved from Tuesday 1 December.\nBank holiday." in str(after[uid]["DESCRIPTION"])
        assert int(after[uid]["SEQUENCE"]) > int(before[uid]["SEQUENCE"])
    cancelled = [uid for uid in after if str(after[uid]["STATUS"]) == "CANCELLED"]
    assert len(cancelled) == 1
    assert str(after[cancelled[0]]["SUMMARY"]) == "Cancelled: Food waste collection"
    assert "Strike." in str(after[cancelled[0]]["DESCRIPTION"])


def test_feed_uids_are_unique_and_name_the_round_and_usual_day(client, home):
    calendar = feed(client, home)
    uids = [str(e["UID"]) for e in calendar.walk("VEVENT")]
    rubbish = home.waste_rounds.get(stream="refuse").round

    assert len(uids) == len(set(uids))
    assert f"20261124-round{rubbish.pk}-{home.uprn}@127.0.0.1" in uids


# --- The printable calendar ------------------------------------------------------------------------


@pytest.fixture
def fake_pdf(monkeypatch):
    """WeasyPrint takes seconds: most tests only need to know a PDF was asked for."""
    made = []

    def render(calendar):
        made.append(calendar)
        return b"%PDF-1.7 a calendar"

    monkeypatch.setattr(calendar_pdf, "render_calendar_pdf", render)
    return made


def pdf_url(address) -> str:
    return f"/waste/{address.uprn}/calendar.pdf"


def test_the_pdf_is_made_in_the_background_then_downloaded(
    client, home, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as queued:
        waiting = client.get(pdf_url(home))

    assert waiting.status_code == 200
    assert "We are preparing your calendar" in text(waiting)
    assert "download your calendar" in text(waiting)  # without JavaScript: a link to try
    assert "no-store" in waiting["Cache-Control"]
    pdf = CalendarPdf.objects.get()
    assert (pdf.address_id, pdf.starts_on, pdf.state) == (home.uprn, MON.replace(day=1), "pending")
    assert len(queued) == 1
    assert client.get(pdf_url(home), {"status": ""}).json() == {"state": "pending", "stuck": False}

    calendar_pdf_render_task(pdf.pk)  # what the worker does (WeasyPrint, for real)

    pdf.refresh_from_db()
    assert pdf.state == "ready"
    assert client.get(pdf_url(home), {"status": ""}).json()["state"] == "ready"
    with django_capture_on_commit_callbacks() as queued_again:
        download = client.get(pdf_url(home))
    assert not queued_again  # made once
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert download["Content-Disposition"] == (
        'attachment; filename="bin-collections-1-mill-lane-november-2026.pdf"'
    )
    body = b"".join(download.streaming_content)
    assert body.startswith(b"%PDF") and body.rstrip().endswith(b"%%EOF")


def test_asking_twice_before_it_is_made_queues_it_once(
    client, home, fake_pdf, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as queued:
        client.get(pdf_url(home))
        client.get(pdf_url(home))

    assert len(queued) == 1
    assert CalendarPdf.objects.count() == 1


def test_a_failed_pdf_is_shown_honestly_and_can_be_tried_again(
    client, home, monkeypatch, django_capture_on_commit_callbacks
):
    def broken(calendar):
        raise RuntimeError("out of fonts")

    monkeypatch.setattr(calendar_pdf, "render_calendar_pdf", broken)
    client.get(pdf_url(home))
    pdf = CalendarPdf.objects.get()
    calendar_pdf_render_task(pdf.pk)

    page = client.get(pdf_url(home))

    assert page.status_code == 200
    assert "Sorry, we could not make your calendar" in text(page)
    assert "Try again" in text(page)
    with django_capture_on_commit_callbacks() as queued:
        again = client.post(pdf_url(home))
    assert again.status_code == 302 and again["Location"] == pdf_url(home)
    assert len(queued) == 1
    pdf.refresh_from_db()
    assert pdf.state == "pending"


def test_a_render_that_never_finished_can_be_tried_again(
    client, home, fake_pdf, django_capture_on_commit_callbacks
):
    client.get(pdf_url(home))
    CalendarPdf.objects.update(created_at=project_clock.now() - datetime.timedelta(minutes=10))

    page = client.get(pdf_url(home))

    assert "Your calendar is taking longer than usual" in text(page)
    with django_capture_on_commit_callbacks() as queued:
        client.post(pdf_url(home))
    assert len(queued) == 1


def test_trying_again_while_it_is_being_made_does_nothing(
    client, home, fake_pdf, django_capture_on_commit_callbacks
):
    client.get(pdf_url(home))

    with django_capture_on_commit_callbacks() as queued:
        client.post(pdf_url(home))

    assert not queued


def test_a_pdf_is_made_again_when_the_collections_change(
    client, home, fake_pdf, django_capture_on_commit_callbacks
):
    client.get(pdf_url(home))
    calendar_pdf_render_task(CalendarPdf.objects.get().pk)
    assert client.get(pdf_url(home))["Content-Type"] == "application/pdf"

    CollectionChange.objects.create(date=TUE + weeks(3), new_date=TUE + weeks(3) + days(1))
    with django_capture_on_commit_callbacks() as queued:
        page = client.get(pdf_url(home))

    assert "We are preparing your calendar" in text(page)
    assert len(queued) == 1
    calendar_pdf_render_task(CalendarPdf.objects.get().pk)
    assert len(fake_pdf) == 2
    assert [(c.usual_date, c.date) for c in fake_pdf[1].changes][:1] == [
        (TUE + weeks(3), TUE + weeks(3) + days(1))
    ]


def test_the_render_task_is_safe_to_repeat(client, home, fake_pdf):
    client.get(pdf_url(home))
    pdf = CalendarPdf.objects.get()

    calendar_pdf_render_task(pdf.pk)
    calendar_pdf_render_task(pdf.pk)
    calendar_pdf_render_task(123456)  # gone: nothing to do

    assert len(fake_pdf) == 1


def test_the_printable_calendar_has_twelve_month_grids(home):
    calendar = selectors.printable_calendar(address=home, starts_on=datetime.date(2026, 11, 1))

    assert [m.first for m in calendar.months][::11] == [
        datetime.date(2026, 11, 1),
        datetime.date(2027, 10, 1),
    ]
    assert calendar.ends_on == datetime.date(2027, 10, 31)
    assert calendar.streams == ["refuse", "recycling", "food", "garden"]
    november = calendar.months[0]
    assert all(len(week) == 7 for week in november.weeks)
    tuesday = next(d for w in november.weeks for d in w if d.date == TUE)
    assert [e.stream for e in tuesday.entries] == ["refuse", "food"]


# --- The home page ---------------------------------------------------------------------------------


def test_the_home_page_shows_the_next_collections_at_the_account_s_address(citizen, home):
    citizen.address = home
    citizen.save()

    page = text(signed_in(citizen).get("/account/"))

    assert "Next bin collections at 1 Mill Lane" in page
    assert "Rubbish Tomorrow (Tuesday 24 November)" in page
    assert "Recycling Tuesday 1 December" in page
    assert "Bin days and calendar for 1 Mill Lane" in page


def test_the_home_page_without_an_address_just_links_to_bin_days(citizen, today):
    page = text(signed_in(citizen).get("/account/"))

    assert "Next bin collections" not in page
    assert "Find your bin collection days" in page


def test_the_home_panel_reads_the_snapshot_however_many_rounds(
    citizen, home, django_assert_num_queries
):
    client = signed_in(citizen)
    client.get("/account/")
    with CaptureQueriesContext(connection) as captured:
        client.get("/account/")
    without = len(captured)  # now: the next request empties the query log
    citizen.address = home
    citizen.save()
    client.get("/account/")  # a new address: the resident's home snapshot is built again

    # The bin days and the address's lines under "Your details" both come from the
    # snapshot (portal/home.py): an address with rounds costs no query more than none.
    with django_assert_num_queries(without):
        response = client.get("/account/")
    assert "Next bin collections at 1 Mill Lane" in text(response)


# --- Bank holidays and the demo ---------------------------------------------------------------------


def test_bank_holidays_move_the_rest_of_their_week_a_day_later():
    holidays = actions.bank_holidays(
        start=datetime.date(2026, 12, 1), end=datetime.date(2027, 1, 31), nation="England"
    )
    moves = {usual: new for usual, new, _reason in actions.bank_holiday_moves(holidays)}

    assert moves[datetime.date(2026, 12, 25)] == datetime.date(2026, 12, 26)  # Fri to Sat
    assert datetime.date(2026, 12, 24) not in moves  # before the holiday: as usual
    # Boxing Day (observed) on Monday 28th and New Year's Day on Friday 1st:
    assert moves[datetime.date(2026, 12, 28)] == datetime.date(2026, 12, 29)
    assert moves[datetime.date(2026, 12, 31)] == datetime.date(2027, 1, 2)  # not on a holiday
    assert moves[datetime.date(2027, 1, 1)] == datetime.date(2027, 1, 4)  # nor a Sunday


def test_bank_holiday_changes_are_added_once_and_say_why():
    start, end = datetime.date(2027, 5, 1), datetime.date(2027, 5, 31)

    added = actions.collection_changes_for_bank_holidays(start=start, end=end)
    again = actions.collection_changes_for_bank_holidays(start=start, end=end)

    assert (added, again) == (10, 0)  # May Day and Spring Bank Holiday weeks, Monday to Friday
    change = CollectionChange.objects.get(date=datetime.date(2027, 5, 4))
    assert change.round is None and change.new_date == datetime.date(2027, 5, 5)
    assert change.reason == "May Day is on Monday 3 May, so collections that week are a day later."


def test_the_demo_puts_homes_on_rounds_and_not_businesses(today, monkeypatch):
    sam = AddressFactory(line1="1 Mill Lane", postcode="MB1 1AA")
    neighbour = AddressFactory(line1="1 Abbey Road", postcode="MB2 1AA")
    bakery = AddressFactory(line1="3 High Street", postcode="MB1 2AA", classification="CR01")
    monkeypatch.setattr(timezone, "localdate", lambda: MON)

    first = demo.load()
    again = demo.load()

    assert "2 addresses on them (2 added)" in first
    assert "(0 added), 0 bank holiday changes added" in again
    assert Round.objects.count() == 35
    assert PropertyRound.objects.filter(address=sam).count() == 4
    assert not PropertyRound.objects.filter(address=bakery).exists()
    sams = {c.stream: c.date for c in selectors.next_collections(address=sam, today=MON)}
    assert sams["refuse"] == TUE and sams["food"] == TUE and sams["recycling"] == TUE + weeks(1)
    neighbours = selectors.next_collections(address=neighbour, today=MON)
    assert {c.date.weekday() for c in neighbours} != {1}  # another street, another day
    assert CollectionChange.objects.filter(kind="bank_holiday").exists()
    christmas = selectors.address_calendar(
        address=sam, start=datetime.date(2026, 12, 21), end=datetime.date(2027, 1, 3)
    )
    assert [e.cancelled for e in christmas if e.stream == "garden"] == [True]


# --- The admin ----------------------------------------------------------------------------------------


def test_admins_can_add_rounds_and_changes(verified_admin_client, home):
    for path in ("/admin/waste/round/add/", "/admin/waste/collectionchange/add/"):
        assert verified_admin_client.get(path).status_code == 200
    rubbish = home.waste_rounds.get(stream="refuse").round
    lookup = verified_admin_client.get(
        "/admin/autocomplete/",
        {
            "term": rubbish.code[:6],
            "app_label": "waste",
            "model_name": "collectionchange",
            "field_name": "round",
        },
    )
    assert lookup.status_code == 200
    assert rubbish.code in lookup.content.decode()


def test_anonymous_visitors_see_the_same_bin_days(home):
    assert Client().get(page_url(home)).status_code == 200

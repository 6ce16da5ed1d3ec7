"""Bookings for any request type: the days offered, booking on the journey engine (check,
send, a day taken meanwhile), change and cancel from the case page, reminders, staff."""

import datetime
import re
import threading

import pytest
from django.db import connection

from casework.bookings import actions, rules
from casework.bookings.models import Booking, BookingCalendar, ClosedDate, Slot
from casework.models import Case, CaseEvent, Draft
from integrations.outbox.models import Message
from services.forms.demo import form_build, page, q
from tests.conftest import signed_in
from tests.factories import AddressFactory, UserFactory, WardFactory
from tests.services.general.conftest import version_on

MONDAY = datetime.date(2026, 11, 9)
URL = "/services/forms/pest-test/"
SPEC = {
    "slug": "pest-test",
    "name": "Book a pest treatment",
    "description": "A test.",
    "team": "environmental-health",
    "sla_days": 10,
    "pages": [page("The pests", q("What pests do you have?", "text", key="pest"))],
}


@pytest.fixture(autouse=True)
def today(clock):
    clock.set(MONDAY)
    return MONDAY


@pytest.fixture
def calendar(db):
    form, _made = form_build(SPEC)
    return BookingCalendar.objects.create(
        request_type=form.request_type, capacity=2, lead_working_days=2, horizon_days=14
    )


def _radios(html):
    return re.findall(r'name="slot" type="radio" value="([^"]+)"', html)


def _choose(resident, value="2026-11-12"):
    assert resident.post(URL, {"pest": "Rats"})["Location"] == URL + "appointment/"
    answered = resident.post(URL + "appointment/", {"slot": value})
    assert answered.status_code == 302 and answered["Location"] == URL + "check/"


def _book(resident, value="2026-11-12"):
    _choose(resident, value)
    check = resident.get(URL + "check/")
    sent = resident.post(URL + "check/", {"version": version_on(check)})
    assert sent.status_code == 302, sent.content.decode()
    return Case.objects.get(reference=sent["Location"].rstrip("/").split("/")[-1])


# --- The days offered ----------------------------------------------------------------------------


def test_offered_days_skip_the_lead_time_weekends_bank_holidays_and_closed_dates():
    days = rules.offered_days(
        on=datetime.date(2026, 12, 21),  # a Monday; Christmas is Friday, Boxing Day moved to 28th
        weekdays="01234",
        lead_working_days=2,
        horizon_days=10,
        closed={datetime.date(2026, 12, 30)},
    )
    assert days == [
        datetime.date(2026, 12, 23),
        datetime.date(2026, 12, 24),
        datetime.date(2026, 12, 29),
        datetime.date(2026, 12, 31),
    ]


def test_the_cut_off_is_the_working_day_before():
    assert rules.change_deadline(day=datetime.date(2026, 11, 16), cutoff_working_days=1) == (
        datetime.date(2026, 11, 13)  # a Monday's appointment: the Friday before
    )
    assert rules.change_deadline(day=datetime.date(2026, 11, 18), cutoff_working_days=1) == (
        datetime.date(2026, 11, 17)
    )


def test_the_step_shows_the_open_days_by_week_and_not_the_full_or_closed_ones(resident, calendar):
    ClosedDate.objects.create(calendar=calendar, date=datetime.date(2026, 11, 13))
    Slot.objects.create(calendar=calendar, date=datetime.date(2026, 11, 16), capacity=2, booked=2)
    resident.post(URL, {"pest": "Rats"})
    html = resident.get(URL + "appointment/").content.decode()
    assert _radios(html) == ["2026-11-11", "2026-11-12", "2026-11-17", "2026-11-18"][:2] + [
        "2026-11-17",
        "2026-11-18",
        "2026-11-19",
        "2026-11-20",
        "2026-11-23",
    ]
    assert (
        "Week beginning Monday 9 November" in html and "Week beginning Monday 16 November" in html
    )


def test_morning_and_afternoon_when_the_calendar_splits_days(resident, calendar):
    calendar.half_days = True
    calendar.save()
    resident.post(URL, {"pest": "Rats"})
    html = resident.get(URL + "appointment/").content.decode()
    assert _radios(html)[:2] == ["2026-11-11-am", "2026-11-11-pm"]
    assert "Wednesday 11 November 2026, afternoon" in html


def test_no_days_left_is_said_plainly(resident, calendar):
    calendar.capacity = 0
    calendar.save()
    resident.post(URL, {"pest": "Rats"})
    page_ = resident.get(URL + "appointment/")
    assert page_.status_code == 200
    assert "There are no days left to book" in page_.content.decode()
    refused = resident.post(URL + "appointment/", {"slot": "2026-11-12"})
    assert refused.status_code == 400 and "Select one of the days in the list" in (
        refused.content.decode()
    )


def test_a_day_not_offered_is_refused_with_a_message(resident, calendar):
    resident.post(URL, {"pest": "Rats"})
    for value in ("2026-11-10", "2026-11-14", "2030-01-01", "nonsense"):
        refused = resident.post(URL + "appointment/", {"slot": value})
        assert refused.status_code == 400
        assert "Select one of the days in the list" in refused.content.decode()


# --- Booking on the journey ---------------------------------------------------------------------


def test_check_shows_the_appointment_with_change_and_sending_books_it(resident, calendar, citizen):
    _choose(resident)
    html = resident.get(URL + "check/").content.decode()
    assert "Appointment" in html and "Thursday 12 November 2026" in html
    assert f'href="{URL}appointment/?change=check"' in html
    check = resident.get(URL + "check/")
    sent = resident.post(URL + "check/", {"version": version_on(check)})
    case = Case.objects.get(resident=citizen)
    assert case.appointment_on == datetime.date(2026, 11, 12)
    assert case.booking.slot.booked == 1 and case.booking.state == Booking.State.BOOKED
    assert CaseEvent.objects.filter(case=case, kind=CaseEvent.Kind.APPOINTMENT).count() == 1
    confirmation = resident.get(sent["Location"]).content.decode()
    assert "Your appointment is on Thursday 12 November 2026." in confirmation
    detail = resident.get(f"/requests/{case.reference}/").content.decode()
    assert "Your appointment" in detail and "Thursday 12 November 2026" in detail


def test_a_day_taken_meanwhile_is_refused_on_the_check_page_and_nothing_is_sent(
    resident, calendar, citizen
):
    _choose(resident)
    check = resident.get(URL + "check/")
    Slot.objects.create(calendar=calendar, date=datetime.date(2026, 11, 12), capacity=2, booked=2)
    refused = resident.post(URL + "check/", {"version": version_on(check)})
    assert refused.status_code == 400
    assert "Thursday 12 November 2026 has just been fully booked. Choose another day." in (
        refused.content.decode()
    )
    assert not Case.objects.filter(resident=citizen).exists()
    assert Draft.objects.filter(user=citizen).count() == 1  # the answers are kept
    step = resident.get(URL + "appointment/").content.decode()
    assert "has been fully booked since you chose it" in step
    assert "2026-11-12" not in _radios(step)


def test_the_last_place_goes_to_one_person_only(calendar, citizen, another_citizen):
    Slot.objects.create(calendar=calendar, date=datetime.date(2026, 11, 12), capacity=2, booked=1)
    _book(signed_in(citizen))
    second = signed_in(another_citizen)
    # The day is no longer offered to the second person.
    second.post(URL, {"pest": "Wasps"})
    assert "2026-11-12" not in _radios(second.get(URL + "appointment/").content.decode())
    assert Slot.objects.get(date=datetime.date(2026, 11, 12)).booked == 2


def test_places_are_counted_per_ward_when_the_calendar_says_so(calendar, citizen, another_citizen):
    calendar.by_ward, calendar.capacity = True, 1
    calendar.save()
    north, south = WardFactory(), WardFactory()
    citizen.address = AddressFactory(ward=north)
    citizen.save()
    another_citizen.address = AddressFactory(ward=south)
    another_citizen.save()
    case = _book(signed_in(citizen))
    assert case.booking.slot.area == f"ward-{north.pk}"
    other = signed_in(another_citizen)
    other.post(URL, {"pest": "Mice"})
    assert "2026-11-12" in _radios(other.get(URL + "appointment/").content.decode())


def test_a_type_without_an_active_calendar_asks_no_appointment(resident, calendar):
    calendar.active = False
    calendar.save()
    assert resident.post(URL, {"pest": "Rats"})["Location"] == URL + "check/"


# --- Change and cancel from the case page ------------------------------------------------------


def test_change_before_the_cut_off_moves_the_day_and_frees_the_old_place(resident, calendar):
    case = _book(resident)
    page_ = resident.get(f"/requests/{case.reference}/appointment/")
    assert page_.status_code == 200 and "2026-11-17" in _radios(page_.content.decode())
    moved = resident.post(f"/requests/{case.reference}/appointment/", {"slot": "2026-11-17"})
    assert moved.status_code == 302
    case.refresh_from_db()
    assert case.appointment_on == datetime.date(2026, 11, 17)
    assert Slot.objects.get(date=datetime.date(2026, 11, 12)).booked == 0
    assert Slot.objects.get(date=datetime.date(2026, 11, 17)).booked == 1
    assert CaseEvent.objects.filter(case=case, kind=CaseEvent.Kind.APPOINTMENT).count() == 2
    detail = resident.get(f"/requests/{case.reference}/").content.decode()
    assert "Tuesday 17 November 2026" in detail


def test_change_and_cancel_after_the_cut_off_are_refused_plainly(resident, calendar, clock):
    case = _book(resident)
    clock.set(datetime.date(2026, 11, 12))
    detail = resident.get(f"/requests/{case.reference}/").content.decode()
    assert "too late to change or cancel it online" in detail
    assert f"/requests/{case.reference}/appointment/" not in detail
    for url in ("appointment/", "appointment/cancel/"):
        refused = resident.post(f"/requests/{case.reference}/{url}", {"slot": "2026-11-17"})
        assert refused.status_code == 400
        assert "It is too late to change or cancel this appointment online" in (
            refused.content.decode()
        )
    case.refresh_from_db()
    assert case.appointment_on == datetime.date(2026, 11, 12) and case.status != "withdrawn"


def test_cancel_withdraws_the_request_and_frees_the_place(resident, calendar):
    case = _book(resident)
    assert (
        "Are you sure"
        in resident.get(f"/requests/{case.reference}/appointment/cancel/").content.decode()
    )
    assert resident.post(f"/requests/{case.reference}/appointment/cancel/").status_code == 302
    case.refresh_from_db()
    assert case.status == "withdrawn" and case.appointment_on is None
    assert case.booking.state == Booking.State.CANCELLED
    assert Slot.objects.get(date=datetime.date(2026, 11, 12)).booked == 0


def test_another_citizen_cannot_see_change_or_cancel_the_appointment(
    resident, calendar, another_citizen
):
    case = _book(resident)
    other = signed_in(another_citizen)
    for url in ("appointment/", "appointment/cancel/"):
        assert other.get(f"/requests/{case.reference}/{url}").status_code == 404
        assert (
            other.post(f"/requests/{case.reference}/{url}", {"slot": "2026-11-17"}).status_code
            == 404
        )
    case.refresh_from_db()
    assert case.appointment_on == datetime.date(2026, 11, 12)


def test_a_day_taken_while_the_change_page_was_open_is_refused_with_a_message(
    resident, calendar, monkeypatch
):
    case = _book(resident)
    monkeypatch.setattr(actions, "slot_reserve", lambda *, slot_id: False)  # gone meanwhile
    refused = resident.post(f"/requests/{case.reference}/appointment/", {"slot": "2026-11-17"})
    assert refused.status_code == 400
    assert "Tuesday 17 November 2026 has just been fully booked" in refused.content.decode()
    case.refresh_from_db()
    assert case.appointment_on == datetime.date(2026, 11, 12)


# --- Reminders -----------------------------------------------------------------------------------


def test_a_reminder_goes_once_the_day_before_by_the_residents_channel(resident, calendar, citizen):
    citizen.preferred_channel, citizen.phone = "sms", "+447911123456"
    citizen.save()
    case = _book(resident)
    assert actions.booking_reminders_send(on=datetime.date(2026, 11, 10)) == 0  # two days before
    assert actions.booking_reminders_send(on=datetime.date(2026, 11, 11)) == 1
    assert actions.booking_reminders_send(on=datetime.date(2026, 11, 11)) == 0  # once only
    message = Message.objects.get(idempotency_key__startswith="booking-reminder-")
    assert message.kind == "notify.sms" and message.payload["to"] == "+447911123456"
    assert "Thursday 12 November 2026" in message.payload["body"]
    assert case.reference in message.payload["body"]


def test_a_cancelled_or_unpaid_and_expired_request_frees_its_place_and_is_not_reminded(
    resident, calendar
):
    case = _book(resident)
    Case.objects.filter(pk=case.pk).update(status="withdrawn")  # e.g. not paid for in time
    assert actions.bookings_release_finished() == 1
    assert Slot.objects.get(date=datetime.date(2026, 11, 12)).booked == 0
    assert actions.booking_reminders_send(on=datetime.date(2026, 11, 11)) == 0


# --- Staff -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "sees"),
    [("admin_user", True), ("agent", True), ("caseworker", False), ("councillor", False)],
)
def test_staff_see_the_days_appointments_as_their_role_allows(
    request, resident, calendar, who, sees
):
    case = _book(resident)
    staff = signed_in(request.getfixturevalue(who), verified=True)
    page_ = staff.get(f"/staff/bookings/?calendar={calendar.pk}&day=2026-11-12")
    assert page_.status_code == 200
    assert (case.reference in page_.content.decode()) is sees


def test_the_staff_page_is_behind_the_staff_gate(client, citizen, resident, calendar):
    assert client.get("/staff/bookings/").status_code == 302  # sign in first
    assert signed_in(citizen, verified=True).get("/staff/bookings/").status_code in (403, 404)


def test_a_caseworker_of_the_team_sees_their_teams_appointments(resident, calendar, caseworker):
    case = _book(resident)
    case.team.members.add(caseworker)
    page_ = signed_in(caseworker, verified=True).get(
        f"/staff/bookings/?calendar={calendar.pk}&day=2026-11-12"
    )
    assert case.reference in page_.content.decode()


def test_a_bad_day_on_the_staff_page_is_a_message_not_an_error(verified_admin_client, calendar):
    page_ = verified_admin_client.get("/staff/bookings/?day=31/02/2026&calendar=x")
    assert page_.status_code == 400 and "Enter a real date" in page_.content.decode()


# --- Never double-booked -------------------------------------------------------------------------


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_bookings_for_the_last_places_on_postgresql():
    """Residents booking the same day at the same moment, each in a thread with its own
    connection and transaction: exactly the places left are booked. (Serialized rollback:
    it runs before the live-server tests that reload the database as it was.)"""
    assert connection.vendor == "postgresql"
    form, _made = form_build(SPEC)
    calendar = BookingCalendar.objects.create(request_type=form.request_type, capacity=3)
    cases = []
    for n in range(8):
        person = UserFactory(email=f"resident{n}@example.org")
        cases.append(Case.objects.create(request_type=form.request_type, resident=person))
    barrier = threading.Barrier(len(cases))
    results = []

    def book(case):
        try:
            barrier.wait(timeout=10)
            actions.booking_make(
                case=case, calendar=calendar, choice="2026-11-12", actor=None, on=MONDAY
            )
            results.append("booked")
        except actions.SlotFull:
            results.append("full")
        except Exception as exc:  # noqa: BLE001 - reported below
            results.append(repr(exc))
        finally:
            connection.close()

    threads = [threading.Thread(target=book, args=(case,)) for case in cases]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(results) == ["booked"] * 3 + ["full"] * 5, results
    slot = Slot.objects.get(calendar=calendar, date=datetime.date(2026, 11, 12))
    assert slot.booked == slot.capacity == 3
    assert Booking.objects.filter(slot=slot).count() == 3


def test_an_administrator_gives_a_request_type_appointments_in_the_admin(
    verified_admin_client, calendar, resident
):
    """Configuration only: a calendar added in the admin, and the journey asks for a day."""
    calendar.delete()
    assert resident.post(URL, {"pest": "Rats"})["Location"] == URL + "check/"
    page_ = verified_admin_client.get("/admin/bookings/bookingcalendar/add/").content.decode()
    assert "Offers appointments" in page_
    from casework.models import RequestType

    added = verified_admin_client.post(
        "/admin/bookings/bookingcalendar/add/",
        {
            "request_type": RequestType.objects.get(slug="pest-test").pk,
            "active": "on",
            "capacity": "4",
            "weekdays": "01234",
            "lead_working_days": "2",
            "horizon_days": "42",
            "cutoff_working_days": "1",
            "reminder_days": "1",
            "closed_dates-TOTAL_FORMS": "0",
            "closed_dates-INITIAL_FORMS": "0",
        },
    )
    assert added.status_code == 302, added.content.decode()
    assert resident.post(URL, {"pest": "Rats"})["Location"] == URL + "appointment/"


def test_the_staff_home_links_to_the_days_appointments(verified_admin_client):
    assert 'href="/staff/bookings/"' in verified_admin_client.get("/staff/").content.decode()


def test_listeners_hear_each_appointment_booked_moved_and_cancelled(resident, calendar, registered):
    from casework.bookings import registry

    heard = []

    def listener(booking, event):
        heard.append((event, booking.slot.date.isoformat(), booking.state))

    registered(registry.booking_listeners, "test", listener)
    case = _book(resident)
    resident.post(f"/requests/{case.reference}/appointment/", {"slot": "2026-11-17"})
    resident.post(f"/requests/{case.reference}/appointment/cancel/")

    assert heard == [
        ("booked", "2026-11-12", "booked"),
        ("changed", "2026-11-17", "booked"),
        ("cancelled", "2026-11-17", "cancelled"),
    ]

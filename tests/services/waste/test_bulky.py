"""Book a bulky waste collection, pay, change, cancel, be reminded.

The project clock is fixed (the ``clock`` fixture, core/clock.py) on Monday 9 November 2026:
the first day that can be booked is Thursday 12 November (3 working days' notice).
Payments go through the fake provider's card page, as a resident's do.
"""

import datetime
import threading
from urllib.parse import urlsplit

import pytest
from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.html import strip_tags

from casework import actions as case_actions
from casework.models import Case, CaseEvent, Draft
from casework.workflow import Status
from core import clock as project_clock
from integrations.outbox.models import Message
from integrations.pay.models import Payment, Refund
from services.waste.actions import bulky as actions
from services.waste.actions import bulky_refunds
from services.waste.models import BulkyBooking, BulkySlot
from services.waste.selectors import bulky as selectors
from tests.conftest import signed_in
from tests.factories import AddressFactory, UserFactory, WardFactory
from tests.services.waste.bulky_factories import (
    bulky_booking,
    bulky_items,
    bulky_policy,
    bulky_slots,
)

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 11, 9)  # a Monday
THURSDAY = datetime.date(2026, 11, 19)  # the collection most tests book
State = BulkyBooking.State


@pytest.fixture(autouse=True)
def clock(clock):
    """clock(date): the project clock's today."""

    def set_to(day: datetime.date):
        clock.set(day)

    set_to(TODAY)
    return set_to


@pytest.fixture
def items(db):
    return bulky_items()


@pytest.fixture
def policy(db):
    return bulky_policy()


@pytest.fixture
def ward(db):
    return WardFactory(name="Millbrook Central")


@pytest.fixture
def home(ward):
    return AddressFactory(line1="1 Mill Lane", postcode="MB1 1AA", ward=ward)


@pytest.fixture
def resident(citizen, home):
    citizen.address = home
    citizen.save()
    return citizen


@pytest.fixture
def slots(ward, policy, items):
    return {slot.date: slot for slot in bulky_slots(ward, on=TODAY, count=10, capacity=8)}


@pytest.fixture
def client(resident):
    return signed_in(resident)


def _url(name, address=None, **kwargs):
    if address is not None:
        kwargs["uprn"] = address.uprn
    if name in ("day", "where"):  # the journey's later questions (casework.journeys)
        return reverse("waste:bulky_step", kwargs={**kwargs, "step_name": name})
    return reverse(f"waste:bulky_{name}", kwargs=kwargs)


def _answer(client, home, items, slots, *, quantities=None, day=THURSDAY, where="Front garden"):
    """Items, day and where answered; returns the check page."""
    quantities = quantities or {"Sofa": 1, "Mattress": 2}
    response = client.post(
        _url("items", home), {f"item_{items[name].pk}": n for name, n in quantities.items()}
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert response["Location"] == _url("day", home)
    response = client.post(_url("day", home), {"slot": slots[day].pk})
    assert response["Location"] == _url("where", home)
    response = client.post(_url("where", home), {"location": where})
    assert response["Location"] == _url("check", home)
    return client.get(_url("check", home))


def _version(page) -> str:
    return page.context["form"]["version"].value()


def _card_page(client, next_url: str, choice: str):
    path = urlsplit(next_url).path
    assert client.get(path).status_code == 200
    back = client.post(path, {"choice": choice})
    return client.get(urlsplit(back["Location"]).path, follow=True)


def _book(client, home, items, slots, **answers):
    check = _answer(client, home, items, slots, **answers)
    return client.post(_url("check", home), {"version": _version(check)})


def _sent(to=None, purpose=None):
    messages = Message.objects.filter(kind__startswith="notify.").order_by("pk")
    return [
        m
        for m in messages
        if (to is None or m.payload["to"] == to)
        and (purpose is None or m.payload.get("purpose") == purpose)
    ]


# --- The journey ---------------------------------------------------------------------------------


def test_the_start_page_shows_prices_the_minimum_and_the_residents_address(
    client, items, policy, slots
):
    page = client.get(_url("start"))
    html = page.content.decode()
    assert page.status_code == 200
    assert "Fridge or freezer" in html and "£30" in html
    assert "The minimum charge for a collection is £20" in html
    assert "1 Mill Lane" in html
    assert _url("items", page.context["address"]) in html


def test_book_and_pay_for_a_collection_from_start_to_confirmation(
    client, resident, home, items, slots
):
    check = _answer(client, home, items, slots)
    html = check.content.decode()
    assert check.status_code == 200
    assert "1 × Sofa: £25" in html and "2 × Mattress: £40" in html
    assert "Thursday 19 November 2026" in html
    assert "Front garden" in html
    assert "£65" in html
    assert "Book and pay" in html

    to_provider = client.post(_url("check", home), {"version": _version(check)})

    assert to_provider.status_code == 302
    booking = BulkyBooking.objects.get(case__resident=resident)
    assert booking.state == State.AWAITING_PAYMENT
    assert booking.case.status == Status.AWAITING_PAYMENT
    assert booking.case.fee_pence == 6500 and booking.total_pence == 6500
    assert booking.slot == slots[THURSDAY]
    assert BulkySlot.objects.get(pk=slots[THURSDAY].pk).booked == 1
    assert booking.items == [
        {"item": items["Sofa"].pk, "name": "Sofa", "quantity": 1, "price_pence": 2500},
        {"item": items["Mattress"].pk, "name": "Mattress", "quantity": 2, "price_pence": 2000},
    ]
    assert booking.case.location_text == "Front garden"
    assert booking.case.answers["Items"] == "1 × Sofa, 2 × Mattress"

    landed = _card_page(client, to_provider["Location"], "pay")

    assert landed.redirect_chain[-1][0] == selectors.booking_url(booking)
    html = landed.content.decode()
    assert "Booked: Thursday 19 November" in html
    assert "Your payment has been received" in html
    assert "Put your items out by 7am on Thursday 19 November" in html
    assert "1 × Sofa" in html and "2 × Mattress" in html and "£65" in html
    assert "until the end of Tuesday 17 November" in html  # 2 working days before
    booking.refresh_from_db()
    assert booking.state == State.BOOKED
    case = Case.objects.get(pk=booking.case_id)
    assert case.status == Status.SUBMITTED  # in the waste team's queue
    assert case.team.slug == "waste-services"
    confirmation = _sent(to=resident.email, purpose="bulky-booked")
    assert len(confirmation) == 1
    body = confirmation[0].payload["body"]
    assert "booked for Thursday 19 November 2026" in body
    assert "1 × Sofa, 2 × Mattress" in body
    assert "Put your items out by 7am" in body
    assert confirmation[0].idempotency_key == f"bulky-booked-{booking.pk}-2026-11-19"
    # The answers went with the booking (the draft is claimed): a new booking starts afresh.
    assert not Draft.objects.filter(user=resident).exists()
    # And it is one of the resident's requests.
    listed = client.get(reverse("casework:list")).content.decode()
    assert booking.case.reference in listed
    # With the day it is booked for, not a target date, on the list and the request's page.
    for page in (listed, client.get(reverse("casework:detail", args=[case.reference]))):
        words = " ".join(strip_tags(getattr(page, "content", page)).split())
        assert "Booked for Thursday 19 November 2026" in str(words)
        assert "We aim to finish" not in str(words)


def test_the_total_is_the_items_prices_but_at_least_the_minimum_charge(items, policy):
    catalogue = list(items.values())
    one_bag = selectors.quote(
        quantities={items["Bag of 3 small items"].pk: 1}, items=catalogue, policy=policy
    )
    assert one_bag.items_pence == 1500
    assert one_bag.total_pence == 2000 and one_bag.minimum_applies
    big = selectors.quote(
        quantities={items["Fridge or freezer"].pk: 2, items["Sofa"].pk: 1},
        items=catalogue,
        policy=policy,
    )
    assert big.total_pence == 8500 and not big.minimum_applies
    assert big.count == 3
    nothing = selectors.quote(quantities={}, items=catalogue, policy=policy)
    assert nothing.total_pence == 0


def test_the_check_page_says_when_the_minimum_charge_applies(client, home, items, slots):
    check = _answer(client, home, items, slots, quantities={"Bag of 3 small items": 1})
    html = check.content.decode()
    assert "Your items cost £15; the minimum charge is £20." in html


@pytest.mark.parametrize(
    ("posted", "error"),
    [
        ({}, "Enter how many of at least one item you want us to collect"),
        ({"Sofa": "two"}, "Enter how many sofa as a number, like 1 or 2"),
        ({"Sofa": "-1"}, "Enter how many sofa as a number"),
        ({"Sofa": "3", "Mattress": "3"}, "You can book up to 5 items in one collection"),
    ],
)
def test_items_that_cannot_be_booked_get_a_400_with_an_error_summary(
    client, home, items, slots, posted, error
):
    response = client.post(
        _url("items", home), {f"item_{items[name].pk}": n for name, n in posted.items()}
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "govuk-error-summary" in html and error in html
    assert "<title>Error:" in html


def test_a_day_and_where_are_required(client, home, items, slots):
    client.post(_url("items", home), {f"item_{items['Sofa'].pk}": "1"})
    response = client.post(_url("day", home), {})
    assert response.status_code == 400
    assert "Select the day we should collect your items" in response.content.decode()
    response = client.post(_url("day", home), {"slot": 999999})
    assert response.status_code == 400
    client.post(_url("day", home), {"slot": slots[THURSDAY].pk})
    response = client.post(_url("where", home), {"location": "   "})
    assert response.status_code == 400
    assert "Enter where the items will be" in response.content.decode()
    response = client.post(_url("where", home), {"location": "x" * 201})
    assert response.status_code == 400


def test_pages_out_of_order_send_the_resident_to_the_question_to_answer(client, home, slots):
    assert client.get(_url("day", home))["Location"] == _url("items", home)
    assert client.get(_url("where", home))["Location"] == _url("items", home)
    assert client.get(_url("check", home))["Location"] == _url("items", home)


def test_only_days_with_a_place_left_in_the_addresss_area_are_offered(
    client, home, items, slots, policy
):
    full = slots[datetime.date(2026, 11, 18)]
    BulkySlot.objects.filter(pk=full.pk).update(booked=full.capacity)
    elsewhere = BulkySlot.objects.create(
        ward=WardFactory(), date=datetime.date(2026, 11, 20), capacity=8
    )
    too_soon = BulkySlot.objects.create(
        ward=home.ward, date=datetime.date(2026, 11, 11), capacity=8
    )
    client.post(_url("items", home), {f"item_{items['Sofa'].pk}": "1"})
    page = client.get(_url("day", home))
    offered = {value for value, _label in page.context["form"].fields["slot"].choices}
    assert slots[THURSDAY].pk in offered
    assert full.pk not in offered and elsewhere.pk not in offered and too_soon.pk not in offered
    assert "Thursday 19 November" in page.content.decode()
    # Posting a day not offered is refused, not booked.
    assert client.post(_url("day", home), {"slot": elsewhere.pk}).status_code == 400


def test_an_address_without_days_to_book_is_told_to_phone(client, items, policy):
    address = AddressFactory(ward=WardFactory())
    page = client.get(_url("items", address))
    assert page.status_code == 200
    assert "You cannot book a collection online for this address" in page.content.decode()
    assert "01632 960000" in page.content.decode()


def test_a_full_day_is_refused_with_a_clear_message_and_the_choice_again(
    client, resident, home, items, slots
):
    check = _answer(client, home, items, slots)
    BulkySlot.objects.filter(pk=slots[THURSDAY].pk).update(booked=8)  # taken meanwhile

    response = client.post(_url("check", home), {"version": _version(check)})

    # Back to the day question (the journey engine), which says why.
    assert response["Location"] == _url("day", home)
    response = client.get(response["Location"])
    html = response.content.decode()
    assert "Thursday 19 November is now fully booked. Choose another day" in html
    assert 'name="slot"' in html
    assert slots[THURSDAY].pk not in {
        value for value, _label in response.context["form"].fields["slot"].choices
    }
    assert not BulkyBooking.objects.exists() and not Case.objects.exists()
    assert BulkySlot.objects.get(pk=slots[THURSDAY].pk).booked == 8
    # Another day, and on it goes.
    client.post(_url("day", home), {"slot": slots[datetime.date(2026, 11, 20)].pk})
    check = client.get(_url("check", home))
    assert client.post(_url("check", home), {"version": _version(check)}).status_code == 302
    assert BulkyBooking.objects.get().slot.date == datetime.date(2026, 11, 20)


def test_a_second_click_on_book_does_not_book_twice(client, resident, home, items, slots):
    check = _answer(client, home, items, slots)
    version = _version(check)
    assert client.post(_url("check", home), {"version": version}).status_code == 302
    again = client.post(_url("check", home), {"version": version})
    # The answers went with the first booking: the second click lands on that booking.
    assert again["Location"] == selectors.booking_url(BulkyBooking.objects.get())
    assert BulkyBooking.objects.count() == 1
    assert BulkySlot.objects.get(pk=slots[THURSDAY].pk).booked == 1
    # Booking the same day at the same address again goes on to pay for the booking made.
    check = _answer(client, home, items, slots)
    again = client.post(_url("check", home), {"version": _version(check)})
    assert "/pay/fake/" in again["Location"]
    assert BulkyBooking.objects.count() == 1
    assert Payment.objects.filter(purpose=f"case:{BulkyBooking.objects.get().case_id}").count()


def test_answers_changed_in_another_tab_are_checked_again(client, home, items, slots):
    check = _answer(client, home, items, slots)
    client.post(_url("where", home), {"location": "Side gate"})
    response = client.post(_url("check", home), {"version": _version(check)})
    assert response.status_code == 400
    assert "Your answers have changed since this page was shown" in response.content.decode()
    assert not BulkyBooking.objects.exists()


def test_a_price_changed_since_the_check_page_is_shown_before_anything_is_booked(
    client, home, items, slots
):
    check = _answer(client, home, items, slots)
    items["Sofa"].price_pence = 3500
    items["Sofa"].save()
    response = client.post(_url("check", home), {"version": _version(check)})
    assert response.status_code == 400
    assert "£75" in response.content.decode()
    assert not BulkyBooking.objects.exists()


def test_booking_from_another_address_found_by_postcode(client, items, slots, ward, policy):
    other = AddressFactory(line1="7 Brook Street", postcode="MB1 2BB", ward=ward)
    found = client.get(_url("address"), {"postcode": "mb1 2bb"})
    assert found.status_code == 200 and "7 Brook Street" in found.content.decode()
    chosen = client.post(_url("address"), {"postcode": "MB1 2BB", "uprn": other.uprn})
    assert chosen["Location"] == _url("items", other)
    assert client.get(_url("items", uprn=999999999)).status_code == 404  # not in the gazetteer


# --- Never double-booked -------------------------------------------------------------------------


def test_the_last_place_goes_to_one_resident_only(resident, another_citizen, home, slots):
    slot = slots[THURSDAY]
    BulkySlot.objects.filter(pk=slot.pk).update(booked=slot.capacity - 1)
    another_citizen.address = AddressFactory(ward=home.ward)
    another_citizen.save()

    first = bulky_booking(resident, slot=slot, paid=False, on=TODAY)
    with pytest.raises(actions.SlotFull):
        bulky_booking(another_citizen, slot=slot, paid=False, on=TODAY)

    slot.refresh_from_db()
    assert slot.booked == slot.capacity
    assert BulkyBooking.objects.get() == first
    assert Case.objects.count() == 1  # the refused booking left nothing behind


def test_reserving_never_reads_then_writes(slots):
    slot = slots[THURSDAY]
    BulkySlot.objects.filter(pk=slot.pk).update(capacity=2)
    assert actions.slot_reserve(slot_id=slot.pk)
    assert actions.slot_reserve(slot_id=slot.pk)
    assert not actions.slot_reserve(slot_id=slot.pk)
    assert BulkySlot.objects.get(pk=slot.pk).booked == 2


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_bookings_for_the_last_place_on_postgresql(ward, items):
    """Real concurrency: residents booking the last places at the same moment, each in a
    thread with its own connection and transaction. Exactly ``capacity`` succeed."""
    assert connection.vendor == "postgresql"
    bulky_policy()
    slot = bulky_slots(ward, on=TODAY, count=1, capacity=3)[0]
    BulkySlot.objects.filter(pk=slot.pk).update(booked=1)  # 2 places left
    people = []
    for n in range(8):
        person = UserFactory(email=f"resident{n}@example.org")
        person.address = AddressFactory(ward=ward)
        person.save()
        people.append(person)
    barrier = threading.Barrier(len(people))
    results = []

    def book(person):
        try:
            barrier.wait(timeout=10)
            bulky_booking(person, slot=slot, paid=False, on=TODAY)
            results.append("booked")
        except actions.SlotFull:
            results.append("full")
        except Exception as exc:  # noqa: BLE001 - reported below
            results.append(repr(exc))
        finally:
            connection.close()

    threads = [threading.Thread(target=book, args=(person,)) for person in people]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert sorted(results) == ["booked"] * 2 + ["full"] * 6, results
    slot.refresh_from_db()
    assert slot.booked == slot.capacity == 3
    assert BulkyBooking.objects.filter(slot=slot).count() == 2


# --- Payment that does not go through, and holds that run out -----------------------------------


@pytest.mark.parametrize("choice", ["decline", "cancel"])
def test_a_declined_or_cancelled_payment_leaves_the_day_held_and_unpaid(
    client, resident, home, items, slots, choice
):
    to_provider = _book(client, home, items, slots)
    landed = _card_page(client, to_provider["Location"], choice)

    booking = BulkyBooking.objects.get()
    assert landed.redirect_chain[-1][0] == selectors.booking_url(booking)
    html = landed.content.decode()
    assert "Not booked yet: waiting for payment" in html
    assert "Pay £65 now" in html
    assert booking.state == State.AWAITING_PAYMENT
    assert Case.objects.get(pk=booking.case_id).status == Status.AWAITING_PAYMENT
    assert BulkySlot.objects.get(pk=booking.slot_id).booked == 1
    assert not _sent(purpose="bulky-booked")

    # Paying again from the booking page books it.
    again = client.post(_url("pay", reference=booking.case.reference))
    landed = _card_page(client, again["Location"], "pay")
    assert "Booked: Thursday 19 November" in landed.content.decode()


def test_an_unpaid_booking_lets_its_day_go_after_the_hold_exactly_once(resident, slots):
    booking = bulky_booking(resident, slot=slots[THURSDAY], paid=False, on=TODAY)
    soon = timezone.now() + datetime.timedelta(minutes=90)
    assert actions.bulky_bookings_tidy(now=soon)["released"] == 0

    later = timezone.now() + selectors.HOLD + datetime.timedelta(minutes=1)
    assert actions.bulky_bookings_tidy(now=later)["released"] == 1
    assert actions.bulky_bookings_tidy(now=later)["released"] == 0

    booking.refresh_from_db()
    assert booking.state == State.CANCELLED and booking.refund_pence == 0
    assert BulkySlot.objects.get(pk=slots[THURSDAY].pk).booked == 0
    case = Case.objects.get(pk=booking.case_id)
    assert case.status == Status.WITHDRAWN
    assert "Not paid for within 2 hours" in case.events.last().message


def test_a_payment_still_being_made_keeps_the_day_held(resident, slots):
    from casework.payments import case_payment_start

    booking = bulky_booking(resident, slot=slots[THURSDAY], paid=False, on=TODAY)
    case_payment_start(case=booking.case, user=resident, return_to="/")  # on the card page
    later = timezone.now() + selectors.HOLD + datetime.timedelta(minutes=1)
    assert actions.bulky_bookings_tidy(now=later)["released"] == 0
    assert BulkySlot.objects.get(pk=slots[THURSDAY].pk).booked == 1


def test_casework_withdrawing_an_unpaid_request_releases_the_day_once(resident, slots, settings):
    settings.CASE_UNPAID_EXPIRY_DAYS = 7
    booking = bulky_booking(resident, slot=slots[THURSDAY], paid=False, on=TODAY)
    case_actions.cases_expire_unpaid(now=timezone.now() + datetime.timedelta(days=8))
    assert BulkySlot.objects.get(pk=booking.slot_id).booked == 1  # not yet: the job follows

    assert actions.bulky_bookings_tidy()["released"] == 1
    assert actions.bulky_bookings_tidy()["released"] == 0
    booking.refresh_from_db()
    assert booking.state == State.CANCELLED
    assert BulkySlot.objects.get(pk=booking.slot_id).booked == 0


def test_a_payment_after_the_day_was_let_go_is_refunded_in_full(resident, slots):
    from casework.payments import case_payment_start
    from integrations.pay.actions import payment_confirm
    from integrations.pay.fake import in_process

    booking = bulky_booking(resident, slot=slots[THURSDAY], paid=False, on=TODAY)
    payment = case_payment_start(case=booking.case, user=resident, return_to="/")
    in_process().set_state(payment.provider_payment_id, "success")
    actions.bulky_cancel(booking=booking, actor=resident)  # cancelled while paying

    payment_confirm(payment_id=payment.pk)  # the money arrives after all

    booking.refresh_from_db()
    assert booking.state == State.CANCELLED
    assert booking.refund_pence == 2500
    assert actions.bulky_bookings_tidy()["refunded_pence"] == 2500
    assert Payment.objects.get(pk=payment.pk).refunded_pence == 2500
    assert BulkySlot.objects.get(pk=booking.slot_id).booked == 0


# --- Cancelling ----------------------------------------------------------------------------------


def test_cancelling_before_the_cut_off_refunds_the_councils_share_and_releases_the_day(
    client, resident, slots, django_capture_on_commit_callbacks
):
    bulky_policy(bulky_refund_percent=50)
    booking = bulky_booking(
        resident, slot=slots[THURSDAY], quantities={"Sofa": 1, "Mattress": 2}, on=TODAY
    )
    assert booking.state == State.BOOKED
    reference = booking.case.reference

    page = client.get(_url("cancel", reference=reference))
    assert page.status_code == 200
    assert "We will refund £32.50 of the £65 you paid" in page.content.decode()

    with django_capture_on_commit_callbacks() as callbacks:
        response = client.post(_url("cancel", reference=reference))
    assert callbacks  # the refund is queued once the cancellation is committed
    bulky_refunds.bulky_refund(booking_id=booking.pk)  # what the queued task does

    assert response["Location"] == selectors.booking_url(booking)
    booking.refresh_from_db()
    assert booking.state == State.CANCELLED and booking.cancelled_at is not None
    assert booking.refund_pence == 3250
    assert BulkySlot.objects.get(pk=slots[THURSDAY].pk).booked == 0
    case = Case.objects.get(pk=booking.case_id)
    assert case.status == Status.WITHDRAWN
    assert "We are refunding £32.50" in case.events.filter(kind="status").last().message
    refund = Refund.objects.get()
    assert refund.amount_pence == 3250 and refund.status == Refund.Status.SUCCESS
    html = client.get(selectors.booking_url(booking)).content.decode()
    assert "Cancelled" in html and "£32.50 refunded to your card" in html
    # Nothing more is owed: the job refunds nothing again.
    assert actions.bulky_bookings_tidy()["refunded_pence"] == 0
    assert Refund.objects.count() == 1


def test_an_unpaid_booking_can_be_cancelled_and_nothing_is_refunded(client, resident, slots):
    booking = bulky_booking(resident, slot=slots[THURSDAY], paid=False, on=TODAY)
    client.post(_url("cancel", reference=booking.case.reference))
    booking.refresh_from_db()
    assert booking.state == State.CANCELLED and booking.refund_pence == 0
    assert BulkySlot.objects.get(pk=slots[THURSDAY].pk).booked == 0


def test_after_the_cut_off_the_booking_cannot_be_changed_online(client, resident, slots, clock):
    booking = bulky_booking(resident, slot=slots[THURSDAY], on=TODAY)
    reference = booking.case.reference
    clock(datetime.date(2026, 11, 17))  # Tuesday: the last day
    assert "Cancel this booking" in client.get(selectors.booking_url(booking)).content.decode()
    clock(datetime.date(2026, 11, 18))  # Wednesday: too late

    page = client.get(selectors.booking_url(booking)).content.decode()
    assert "It is too late to change or cancel this booking online" in page
    assert "01632 960000" in page and "Cancel this booking" not in page
    assert "01632 960000" in client.get(_url("cancel", reference=reference)).content.decode()
    response = client.post(_url("cancel", reference=reference))
    assert response.status_code == 400
    assert client.post(_url("change_day", reference=reference)).status_code == 400
    assert client.post(_url("change_items", reference=reference)).status_code == 400
    with pytest.raises(actions.BookingRefused):
        actions.bulky_cancel(booking=booking, actor=resident)
    booking.refresh_from_db()
    assert booking.state == State.BOOKED
    assert BulkySlot.objects.get(pk=slots[THURSDAY].pk).booked == 1


def test_a_refund_the_provider_cannot_make_now_is_kept_and_retried(
    resident, slots, django_capture_on_commit_callbacks
):
    from integrations.pay.fake import in_process

    booking = bulky_booking(resident, slot=slots[THURSDAY], on=TODAY)
    in_process().fail_next(10, status=503)  # GOV.UK Pay down
    with django_capture_on_commit_callbacks() as callbacks:
        actions.bulky_cancel(booking=booking, actor=resident)
    assert callbacks
    assert bulky_refunds.bulky_refund(booking_id=booking.pk) == 0  # what the queued task does

    booking.refresh_from_db()
    assert booking.state == State.CANCELLED  # the cancellation stands
    assert BulkySlot.objects.get(pk=booking.slot_id).booked == 0
    assert selectors.refund_due(booking) == 2500
    note = Case.objects.get(pk=booking.case_id).events.get(kind=CaseEvent.Kind.NOTE)
    assert not note.public and "could not be made just now" in note.message
    assert actions.bulky_bookings_tidy()["refunded_pence"] == 0  # still down: still owed
    assert CaseEvent.objects.filter(kind=CaseEvent.Kind.NOTE).count() == 1  # told once
    staff_list = [b.pk for b in selectors.bookings_with_refunds_owed()]
    assert staff_list == [booking.pk]

    in_process().recover()
    assert actions.bulky_bookings_tidy()["refunded_pence"] == 2500
    assert actions.bulky_bookings_tidy()["refunded_pence"] == 0
    assert selectors.refund_due(booking) == 0
    assert Payment.objects.get(purpose=f"case:{booking.case_id}").refunded_pence == 2500
    assert not selectors.bookings_with_refunds_owed().exists()


def _withdrawn_on(booking, day: datetime.date) -> None:
    """Withdrawn from "Your requests" (the case pages, not this service) on ``day``."""
    case_actions.case_withdraw(case=booking.case, actor=booking.case.resident, reason="Not needed")
    when = timezone.make_aware(datetime.datetime.combine(day, datetime.time(10)))
    Case.objects.filter(pk=booking.case_id).update(finished_at=when)


def test_withdrawing_from_your_requests_counts_as_cancelling(resident, slots):
    booking = bulky_booking(resident, slot=slots[THURSDAY], on=TODAY)
    _withdrawn_on(booking, datetime.date(2026, 11, 17))  # the last day to cancel

    assert actions.bulky_bookings_tidy()["cancelled"] == 1
    assert actions.bulky_bookings_tidy()["cancelled"] == 0
    booking.refresh_from_db()
    assert booking.state == State.CANCELLED
    assert BulkySlot.objects.get(pk=booking.slot_id).booked == 0
    assert Payment.objects.get(purpose=f"case:{booking.case_id}").refunded_pence == 2500


def test_withdrawing_after_the_cut_off_releases_the_day_but_refunds_nothing(resident, slots):
    booking = bulky_booking(resident, slot=slots[THURSDAY], on=TODAY)
    _withdrawn_on(booking, datetime.date(2026, 11, 18))
    assert actions.bulky_bookings_tidy()["cancelled"] == 1
    booking.refresh_from_db()
    assert booking.state == State.CANCELLED and booking.refund_pence == 0
    assert BulkySlot.objects.get(pk=booking.slot_id).booked == 0


# --- Changing --------------------------------------------------------------------------------


def test_changing_the_day_moves_the_place(client, resident, slots):
    booking = bulky_booking(resident, slot=slots[THURSDAY], on=TODAY)
    booking.reminders_sent = [3]
    booking.save()
    friday = slots[datetime.date(2026, 11, 20)]
    page = client.get(_url("change_day", reference=booking.case.reference))
    assert page.status_code == 200
    assert "Choose a new collection day" in page.content.decode()

    response = client.post(
        _url("change_day", reference=booking.case.reference), {"slot": friday.pk}
    )

    assert response["Location"] == selectors.booking_url(booking)
    booking.refresh_from_db()
    assert booking.slot == friday and booking.reminders_sent == []
    assert BulkySlot.objects.get(pk=slots[THURSDAY].pk).booked == 0
    assert BulkySlot.objects.get(pk=friday.pk).booked == 1
    listed = strip_tags(client.get(reverse("casework:list")).content.decode())
    assert "Booked for Friday 20 November 2026" in " ".join(listed.split())
    changed = _sent(to=resident.email, purpose="bulky-changed")
    assert len(changed) == 1 and "now on Friday 20 November 2026" in changed[0].payload["body"]


def test_changing_to_a_day_just_taken_keeps_the_old_day(client, resident, slots):
    booking = bulky_booking(resident, slot=slots[THURSDAY], on=TODAY)
    friday = slots[datetime.date(2026, 11, 20)]
    BulkySlot.objects.filter(pk=friday.pk).update(booked=friday.capacity)
    with pytest.raises(actions.SlotFull):
        actions.bulky_change_date(booking=booking, slot=friday, actor=resident)
    booking.refresh_from_db()
    assert booking.slot_id == slots[THURSDAY].pk
    assert BulkySlot.objects.get(pk=slots[THURSDAY].pk).booked == 1
    assert BulkySlot.objects.get(pk=friday.pk).booked == friday.capacity


def test_fewer_items_are_refunded_the_difference_and_more_are_refused(
    client, resident, items, slots, django_capture_on_commit_callbacks
):
    booking = bulky_booking(
        resident, slot=slots[THURSDAY], quantities={"Sofa": 1, "Mattress": 2}, on=TODAY
    )
    url = _url("change_items", reference=booking.case.reference)
    page = client.get(url)
    assert page.status_code == 200
    assert page.context["form"][f"item_{items['Mattress'].pk}"].value() == "2"

    dearer = client.post(url, {f"item_{items['Fridge or freezer'].pk}": "3"})
    assert dearer.status_code == 400
    assert "more than the £65 you paid" in dearer.content.decode()

    with django_capture_on_commit_callbacks() as callbacks:
        response = client.post(
            url, {f"item_{items['Sofa'].pk}": "1", f"item_{items['Mattress'].pk}": "1"}
        )
    assert callbacks
    bulky_refunds.bulky_refund(booking_id=booking.pk)  # what the queued task does

    assert response.status_code == 302
    booking.refresh_from_db()
    assert booking.total_pence == 4500 and booking.refund_pence == 2000
    assert selectors.booking_quote(booking).summary == "1 × Sofa, 1 × Mattress"
    assert Refund.objects.get().amount_pence == 2000
    # Cancelling afterwards refunds the share of what is still paid, no more.
    actions.bulky_cancel(booking=booking, actor=resident)
    booking.refresh_from_db()
    assert booking.refund_pence == 6500


# --- Reminders and collection -------------------------------------------------------------------


def test_reminders_go_three_days_and_one_day_before_once_each(resident, slots):
    booking = bulky_booking(resident, slot=slots[THURSDAY], on=TODAY)
    sent = lambda: _sent(to=resident.email, purpose="bulky-reminder")  # noqa: E731

    assert actions.bulky_reminders_send(on=datetime.date(2026, 11, 15)) == 0  # 4 days before
    assert actions.bulky_reminders_send(on=datetime.date(2026, 11, 16)) == 1  # 3 days before
    assert actions.bulky_reminders_send(on=datetime.date(2026, 11, 16)) == 0
    assert actions.bulky_reminders_send(on=datetime.date(2026, 11, 17)) == 0
    assert actions.bulky_reminders_send(on=datetime.date(2026, 11, 18)) == 1  # the day before
    assert actions.bulky_reminders_send(on=datetime.date(2026, 11, 18)) == 0
    assert actions.bulky_reminders_send(on=datetime.date(2026, 11, 19)) == 0

    reminders = sent()
    assert len(reminders) == 2
    assert "in 3 days, Thursday 19 November 2026" in reminders[0].payload["body"]
    assert (
        "tomorrow, Thursday 19 November 2026. Put your items out by 7am"
        in (reminders[1].payload["body"])
    )
    assert [m.idempotency_key for m in reminders] == [
        f"bulky-reminder-{booking.pk}-2026-11-19-3",
        f"bulky-reminder-{booking.pk}-2026-11-19-1",
    ]
    booking.refresh_from_db()
    assert booking.reminders_sent == [3, 1]


def test_a_missed_reminder_day_sends_one_message_not_two(resident, slots):
    bulky_booking(resident, slot=slots[THURSDAY], on=TODAY)
    assert actions.bulky_reminders_send(on=datetime.date(2026, 11, 18)) == 1
    assert actions.bulky_reminders_send(on=datetime.date(2026, 11, 18)) == 0


def test_unpaid_and_cancelled_bookings_are_not_reminded(resident, slots):
    unpaid = bulky_booking(resident, slot=slots[THURSDAY], paid=False, on=TODAY)
    assert actions.bulky_reminders_send(on=datetime.date(2026, 11, 16)) == 0
    actions.bulky_cancel(booking=unpaid, actor=resident)
    assert actions.bulky_reminders_send(on=datetime.date(2026, 11, 18)) == 0


def test_staff_mark_a_collection_collected(resident, slots, caseworker):
    from casework.models import Team

    booking = bulky_booking(resident, slot=slots[THURSDAY], on=TODAY)
    Team.objects.get(slug="waste-services").members.add(caseworker)
    staff = signed_in(caseworker, verified=True)

    day = staff.get(reverse("waste_staff:bulky_day"), {"day": "2026-11-19"})
    assert day.status_code == 200
    assert booking.case.reference in day.content.decode()
    response = staff.post(
        reverse("waste_staff:bulky_collected", kwargs={"reference": booking.case.reference})
    )

    assert response.status_code == 302
    booking.refresh_from_db()
    assert booking.state == State.COLLECTED
    assert Case.objects.get(pk=booking.case_id).status == Status.RESOLVED
    assert "Collected" in signed_in(resident).get(selectors.booking_url(booking)).content.decode()


def test_a_case_resolved_on_the_staff_case_page_marks_the_booking_collected(
    resident, slots, caseworker
):
    booking = bulky_booking(resident, slot=slots[THURSDAY], on=TODAY)
    case_actions.case_resolve(case=booking.case, actor=caseworker, message="Collected")
    assert actions.bulky_bookings_tidy()["collected"] == 1
    booking.refresh_from_db()
    assert booking.state == State.COLLECTED
    assert BulkySlot.objects.get(pk=booking.slot_id).booked == 1  # the day was used


# --- Access and queries -------------------------------------------------------------------------


def test_another_resident_gets_404_on_every_booking_page(resident, another_citizen, slots):
    booking = bulky_booking(resident, slot=slots[THURSDAY], on=TODAY)
    stranger = signed_in(another_citizen, verified=True)
    reference = booking.case.reference
    for name in ("booking", "cancel", "change_day", "change_items", "pay"):
        assert stranger.get(_url(name, reference=reference)).status_code == 404, name
        assert stranger.post(_url(name, reference=reference)).status_code == 404, name
    assert stranger.get(_url("booking", reference="ZZZZ-ZZZZ")).status_code == 404
    booking.refresh_from_db()
    assert booking.state == State.BOOKED


def test_signed_out_visitors_are_sent_to_sign_in(resident, slots):
    from django.test import Client

    booking = bulky_booking(resident, slot=slots[THURSDAY], on=TODAY)
    response = Client().get(selectors.booking_url(booking))
    assert response.status_code == 302 and "/account/login/" in response["Location"]


def test_the_day_page_queries_do_not_grow_with_the_days_offered(
    client, home, items, ward, django_assert_max_num_queries
):
    bulky_policy()
    bulky_slots(ward, on=TODAY, count=5)
    client.post(_url("items", home), {f"item_{items['Sofa'].pk}": "1"})
    with django_assert_max_num_queries(12) as few:
        assert client.get(_url("day", home)).status_code == 200
    bulky_slots(ward, on=TODAY, count=25)
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(_url("day", home))
    assert len(page.context["form"].fields["slot"].choices) == 25


def test_the_staff_day_list_queries_do_not_grow_with_bookings(
    ward, caseworker, django_assert_max_num_queries
):
    from casework.models import Team

    bulky_policy()
    slot = bulky_slots(ward, on=TODAY, count=1)[0]
    staff = signed_in(caseworker, verified=True)
    bulky_items()
    Team.objects.get(slug="waste-services").members.add(caseworker)

    def book(n):
        for _ in range(n):
            person = UserFactory()
            person.address = AddressFactory(ward=ward)
            person.save()
            bulky_booking(person, slot=slot, on=TODAY)

    book(1)
    url = reverse("waste_staff:bulky_day") + f"?day={slot.date.isoformat()}"
    with django_assert_max_num_queries(20) as few:
        staff.get(url)
    book(4)
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = staff.get(url)
    assert page.content.decode().count("Mark collected") == 5


def test_a_change_deadline_counts_working_days_and_bank_holidays(policy):
    deadline = selectors.change_deadline
    assert deadline(collection=THURSDAY, policy=policy) == datetime.date(2026, 11, 17)
    monday = datetime.date(2026, 11, 23)
    assert deadline(collection=monday, policy=policy) == datetime.date(2026, 11, 19)
    # Tuesday 29 December 2026: the bank holidays of Christmas are not working days.
    assert deadline(collection=datetime.date(2026, 12, 29), policy=policy) == datetime.date(
        2026, 12, 23
    )


def test_the_demo_loads_prices_days_and_a_paid_booking_for_sam(ward, items):
    from services.waste.demo import bulky as demo

    sam = UserFactory(email="sam@example.org")
    sam.address = AddressFactory(ward=ward)
    sam.save()
    with transaction.atomic():
        line = demo.load()
    assert "Sam's booking" in line and "(paid)" in line
    booking = BulkyBooking.objects.get(case__resident=sam)
    assert booking.state == State.BOOKED
    assert booking.slot.date >= project_clock.today() + datetime.timedelta(days=7)
    assert "already there" in demo.load()
    assert BulkyBooking.objects.count() == 1


# --- On the journey engine: save and come back later, tampering ----------------------------------


def test_save_and_come_back_later_resumes_at_the_question_it_stopped(
    client, resident, home, items, slots
):
    client.post(_url("items", home), {f"item_{items['Sofa'].pk}": "2"})
    saved = client.post(_url("day", home), {"slot": slots[THURSDAY].pk, "action": "save"})
    assert saved["Location"] == reverse("drafts:list")
    draft = Draft.objects.get(user=resident)
    listing = client.get(reverse("drafts:list")).content.decode()
    continue_url = reverse("drafts:continue", args=[draft.pk])
    assert f'href="{continue_url}"' in listing and "Book a bulky waste collection" in listing

    # Another device, another session: the answers are in the draft, not the session.
    elsewhere = signed_in(resident)
    resumed = elsewhere.get(continue_url)
    assert resumed["Location"] == _url("where", home)
    day = elsewhere.get(_url("day", home))
    assert day.context["form"].initial == {"slot": str(slots[THURSDAY].pk)}
    elsewhere.post(_url("where", home), {"location": "Front garden"})
    check = elsewhere.get(_url("check", home))
    assert "2 × Sofa: £50" in check.content.decode()


def test_tampering_gets_the_right_question_or_a_404_and_never_a_second_booking(
    client, resident, another_citizen, home, items, slots
):
    # Posting a question before the ones it follows stores nothing.
    jumped = client.post(_url("where", home), {"location": "Front garden"})
    assert jumped["Location"] == _url("items", home)
    assert not Draft.objects.exists()
    # Another person's saved booking is not theirs to continue.
    client.post(_url("items", home), {f"item_{items['Sofa'].pk}": "1", "action": "save"})
    draft = Draft.objects.get(user=resident)
    stranger = signed_in(another_citizen)
    assert stranger.get(reverse("drafts:continue", args=[draft.pk])).status_code == 404
    assert stranger.get(_url("check", home))["Location"] == _url("items", home)
    # A step the journey does not have.
    assert client.get(_url("items", home) + "nonsense/").status_code == 404
    # Sent once; posting its answers again afterwards makes nothing more.
    check = _answer(client, home, items, slots)
    client.post(_url("check", home), {"version": _version(check)})
    assert client.post(_url("where", home), {"location": "Side gate"})["Location"] == _url(
        "items", home
    )
    again = client.post(_url("check", home), {"version": _version(check)})
    assert again["Location"] == selectors.booking_url(BulkyBooking.objects.get())
    assert BulkyBooking.objects.count() == 1 and Case.objects.count() == 1


def test_the_last_place_taken_while_booking_is_refused_on_the_check_page_and_kept_to_retry(
    client, resident, home, items, slots, monkeypatch
):
    check = _answer(client, home, items, slots)
    monkeypatch.setattr(actions, "slot_reserve", lambda *, slot_id: False)  # gone meanwhile

    response = client.post(_url("check", home), {"version": _version(check)})

    assert response.status_code == 400
    assert (
        "Thursday 19 November is now fully booked. Choose another day" in response.content.decode()
    )
    assert not BulkyBooking.objects.exists() and not Case.objects.exists()
    assert Draft.objects.filter(user=resident).exists()  # nothing lost: choose another day

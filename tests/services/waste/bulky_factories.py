"""Prices, days and bookings for the bulky collection tests (and tests/services/waste/urlmap.py)."""

import datetime

from casework.request_types import request_types_sync
from core import clock
from services.waste.models import BulkyBooking, BulkyItem, BulkySlot, WastePolicy
from services.waste.selectors import bulky as selectors
from tests.factories import AddressFactory

PRICES = {"Sofa": 2500, "Fridge or freezer": 3000, "Mattress": 2000, "Bag of 3 small items": 1500}


def bulky_items() -> dict[str, BulkyItem]:
    """The price list, by name (made once)."""
    request_types_sync()
    return {
        name: BulkyItem.objects.get_or_create(
            name=name, defaults={"price_pence": price, "order": n}
        )[0]
        for n, (name, price) in enumerate(PRICES.items())
    }


def bulky_policy(**changes) -> WastePolicy:
    policy = WastePolicy.current()
    values = {
        "bulky_minimum_charge_pence": 2000,
        "bulky_max_items": 5,
        "bulky_cutoff_days": 2,
        "bulky_refund_percent": 100,
        **changes,
    }
    for name, value in values.items():
        setattr(policy, name, value)
    policy.save()
    return policy


def bulky_address(**extra):
    return AddressFactory(**extra)


def bulky_slots(ward, *, on: datetime.date | None = None, count: int = 10, capacity: int = 8):
    """Slots on the ``count`` working days from the first bookable one (as of ``on``)."""
    on = on or clock.today()  # the project clock: stopped in a test, the slots follow it
    day = selectors.first_bookable_day(on=on, policy=WastePolicy.current())
    slots = []
    while len(slots) < count:
        if day.weekday() < 5:
            slot, _created = BulkySlot.objects.get_or_create(
                ward=ward, date=day, defaults={"capacity": capacity}
            )
            slots.append(slot)
        day += datetime.timedelta(days=1)
    return slots


def pay(booking: BulkyBooking, *, user=None, outcome: str = "success"):
    """Pay for the booking at the fake provider and confirm it, as the return page does."""
    from casework.payments import case_payment_start
    from integrations.pay.actions import payment_confirm
    from integrations.pay.fake import in_process

    payment = case_payment_start(
        case=booking.case, user=user or booking.case.resident, return_to="/"
    )
    in_process().set_state(payment.provider_payment_id, outcome)
    payment = payment_confirm(payment_id=payment.pk)
    booking.refresh_from_db()
    return payment


def bulky_booking(
    user,
    *,
    address=None,
    slot=None,
    quantities: dict[str, int] | None = None,
    paid: bool = True,
    location: str = "Front garden",
    on: datetime.date | None = None,
) -> BulkyBooking:
    """A booking made as a resident makes one (and paid, unless ``paid=False``)."""
    from services.waste.actions.bulky import bulky_book

    items = bulky_items()
    address = address or user.address or bulky_address()
    slot = slot or bulky_slots(address.ward, on=on, count=5)[-1]
    quote = selectors.quote(
        quantities={items[name].pk: n for name, n in (quantities or {"Sofa": 1}).items()},
        items=list(items.values()),
        policy=WastePolicy.current(),
    )
    booking = bulky_book(
        user=user,
        address=address,
        quote=quote,
        slot=slot,
        location=location,
        request_type=selectors.request_type_get(),
        on=on,
    )
    if paid and booking.state == BulkyBooking.State.AWAITING_PAYMENT:
        pay(booking, user=user)
    return booking

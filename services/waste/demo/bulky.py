"""Demo bulky waste collections: a price list, a minimum charge, a place a day for each ward,
and a paid booking for Sam (sam@example.org) next week.

Safe to run again: prices and the policy an admin has changed are left alone, days that
exist keep their bookings, and Sam gets a booking only if Sam has none. Sam's booking is
made and paid the way a resident's is: through the booking action and the (fake)
payment provider, so the confirmation message goes out and the case waits in the waste
team's queue.
"""

from __future__ import annotations

import datetime
import logging

from django.db import transaction

from accounts.models import Address, User, Ward
from casework import sla
from casework.models import Team
from casework.payments import case_payment_start
from core import clock
from integrations.pay.actions import PaymentUnavailable, payment_confirm
from integrations.pay.fake import in_process
from services.waste.actions.bulky import bulky_book
from services.waste.apps import TEAM
from services.waste.models import (
    BulkyBooking,
    BulkyItem,
    BulkySlot,
    WastePolicy,
    bulky_calendar,
    ward_area,
)
from services.waste.selectors import bulky as selectors

log = logging.getLogger(__name__)

SAM = "sam@example.org"
CASEWORKER = "caseworker@millbrook.example"
CAPACITY = 8
WEEKS = 6
MINIMUM_CHARGE = 2000

ITEMS = [
    ("Sofa", 2500),
    ("Armchair", 1500),
    ("Fridge or freezer", 3000),
    ("Washing machine", 2500),
    ("Cooker", 2500),
    ("Mattress", 2000),
    ("Bed frame", 2000),
    ("Wardrobe", 2000),
    ("Table", 1500),
    ("Bag of 3 small items", 1500),
]


def _items() -> int:
    made = 0
    for order, (name, price) in enumerate(ITEMS, start=1):
        _item, created = BulkyItem.objects.get_or_create(
            name=name, defaults={"price_pence": price, "order": order}
        )
        made += created
    return made


def _policy() -> None:
    policy = WastePolicy.current()
    if not policy.bulky_minimum_charge_pence:
        policy.bulky_minimum_charge_pence = MINIMUM_CHARGE
        policy.save(update_fields=["bulky_minimum_charge_pence"])


def _slots(today: datetime.date) -> int:
    """A slot for every ward on every working day of the next six weeks."""
    days = [
        today + datetime.timedelta(days=n)
        for n in range(1, WEEKS * 7 + 1)
        if sla.is_working_day(today + datetime.timedelta(days=n))
    ]
    areas = [ward_area(pk) for pk in Ward.objects.values_list("pk", flat=True)]
    if not areas:
        return 0
    calendar = bulky_calendar()  # bulky days are the bookings core's rows
    have = set(BulkySlot.objects.filter(date__in=days, area__in=areas).values_list("area", "date"))
    new = [
        BulkySlot(calendar=calendar, area=area, date=day, capacity=CAPACITY)
        for area in areas
        for day in days
        if (area, day) not in have
    ]
    BulkySlot.objects.bulk_create(new, ignore_conflicts=True)
    return len(new)


def _team() -> None:
    """The demo caseworker works the waste team's queue, where paid bookings arrive."""
    team = Team.objects.filter(slug=TEAM).first()
    caseworker = User.objects.filter(email=CASEWORKER).first()
    if team is not None and caseworker is not None and not team.members.exists():
        team.members.add(caseworker)


def _sams_booking(today: datetime.date) -> str:
    sam = User.objects.filter(email=SAM).select_related("address").first()
    if sam is None or not sam.address_id:
        return ""
    if BulkyBooking.objects.filter(case__resident=sam).exists():
        return "Sam's booking already there"
    request_type = selectors.request_type_get()
    address = Address.objects.select_related("ward").get(pk=sam.address_id)
    if request_type is None or address.ward_id is None:
        return ""
    next_week = today + datetime.timedelta(days=7)
    slot = (
        BulkySlot.objects.filter(ward_id=address.ward_id, date__gte=next_week)
        .order_by("date")
        .first()
    )
    if slot is None:
        return ""
    items = {item.name: item for item in selectors.item_list()}
    chosen = {items[name].pk: n for name, n in (("Sofa", 1), ("Mattress", 2)) if name in items}
    policy = selectors.policy_get()
    quote = selectors.quote(quantities=chosen, items=list(items.values()), policy=policy)

    booking = bulky_book(
        user=sam,
        address=address,
        quote=quote,
        slot=slot,
        location="Front garden, by the gate",
        request_type=request_type,
        on=today,
    )
    paid = _pay(booking, sam)
    state = "paid" if paid else "waiting for payment"
    return f"Sam's booking {booking.case.reference} on {slot.date:%A %-d %B} ({state})"


def _pay(booking: BulkyBooking, sam: User) -> bool:
    """Pay at the fake of GOV.UK Pay, as its card page would, and confirm with it."""
    try:
        payment = case_payment_start(
            case=booking.case, user=sam, return_to=selectors.booking_url(booking)
        )
        if payment.provider != "fake":
            return False
        in_process().set_state(payment.provider_payment_id, "success")
        payment_confirm(payment_id=payment.pk)
    except PaymentUnavailable as exc:
        log.warning("bulky demo: Sam's booking not paid: %s", exc.detail)
        return False
    booking.refresh_from_db()
    return booking.state == BulkyBooking.State.BOOKED


@transaction.atomic
def load() -> str:
    today = clock.today()
    items = _items()
    _policy()
    slots = _slots(today)
    _team()
    sam = _sams_booking(today)
    line = f"Bulky collections: {items} items priced, {slots} ward-days added (capacity {CAPACITY})"
    return f"{line}; {sam}" if sam else line

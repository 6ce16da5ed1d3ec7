"""Bulky waste collections: prices, dates, bookings, and who sees them.

Reads only. What a booking costs (``quote``), which days can still be booked for
an address's ward (``slot_list``), until when a booking can be changed
(``change_deadline``), what has been paid and refunded, and the one access
function for a booking (``booking_for_owner``: 404 for "no such booking" and
"not yours" alike). The texts of the messages we send are composed here too.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db.models import CharField, F, OuterRef, Subquery, Sum, Value
from django.db.models.functions import Cast, Coalesce, Concat
from django.http import Http404
from django.urls import reverse
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.models import Address, Ward
from casework import sla
from casework.models import RequestType
from casework.money import format_pence
from casework.payments import PURPOSE_PREFIX, case_purpose
from casework.references import normalise_reference
from core import clock
from integrations.pay.models import UNFINISHED, Payment, Refund
from integrations.pay.models import Status as PaymentStatus
from services.waste.models import BulkyBooking, BulkyItem, BulkySlot, WastePolicy, ward_area
from services.waste.selectors.common import Recipient
from services.waste.selectors.common import recipient_for as recipient_for

REQUEST_TYPE = "bulky-collection"

LEAD_WORKING_DAYS = 3  # the first day that can be booked is this many working days away
WINDOW_DAYS = 42  # and the last about six weeks away
HOLD = datetime.timedelta(hours=2)  # an unpaid booking keeps its date this long
REMINDER_DAYS = (3, 1)  # days before the collection that we remind the resident
PUT_OUT_BY = "7am"
LOCATION_MAX = 200

State = BulkyBooking.State
ACTIVE = (State.AWAITING_PAYMENT, State.BOOKED)  # bookings that hold a place on a day


def policy_get() -> WastePolicy:
    return WastePolicy.current()


def request_type_get() -> RequestType | None:
    """The bulky collection request type, if it is there and active (`make run` syncs it)."""
    return RequestType.objects.select_related("team").filter(slug=REQUEST_TYPE, active=True).first()


def day_label(day: datetime.date) -> str:
    """'Thursday 3 December'."""
    return formats.date_format(day, "l j F")


def long_day_label(day: datetime.date) -> str:
    """'Thursday 3 December 2026'."""
    return formats.date_format(day, "l j F Y")


# --- Prices ----------------------------------------------------------------------------------


def item_list() -> list[BulkyItem]:
    """What residents can book now, in the council's order."""
    return list(BulkyItem.objects.filter(active=True).order_by("order", "name", "pk"))


@dataclass(frozen=True)
class Line:
    item_id: int
    name: str
    quantity: int
    price_pence: int  # each

    @property
    def total_pence(self) -> int:
        return self.quantity * self.price_pence

    @property
    def label(self) -> str:
        """'2 × Mattress'."""
        return f"{self.quantity} × {self.name}"

    def as_json(self) -> dict:
        return {
            "item": self.item_id,
            "name": self.name,
            "quantity": self.quantity,
            "price_pence": self.price_pence,
        }


@dataclass(frozen=True)
class Quote:
    """What a set of items costs: each item's price, but never less than the minimum charge."""

    lines: tuple[Line, ...]
    minimum_pence: int = 0

    @property
    def items_pence(self) -> int:
        return sum(line.total_pence for line in self.lines)

    @property
    def total_pence(self) -> int:
        return max(self.items_pence, self.minimum_pence) if self.lines else 0

    @property
    def minimum_applies(self) -> bool:
        return bool(self.lines) and self.items_pence < self.minimum_pence

    @property
    def count(self) -> int:
        return sum(line.quantity for line in self.lines)

    @property
    def summary(self) -> str:
        """'1 × Sofa, 2 × Mattress'."""
        return ", ".join(line.label for line in self.lines)

    def quantities(self) -> dict[int, int]:
        return {line.item_id: line.quantity for line in self.lines}

    def as_json(self) -> list[dict]:
        return [line.as_json() for line in self.lines]


def quote(*, quantities: dict[int, int], items: list[BulkyItem], policy: WastePolicy) -> Quote:
    """The price of ``quantities`` ({item id: how many}) from the active ``items``."""
    lines = tuple(
        Line(item.pk, item.name, quantities[item.pk], item.price_pence)
        for item in items
        if quantities.get(item.pk, 0) > 0
    )
    return Quote(lines=lines, minimum_pence=policy.bulky_minimum_charge_pence)


def booking_quote(booking: BulkyBooking) -> Quote:
    """A booking's items at the prices it was booked at (later price changes do not apply)."""
    lines = []
    for row in booking.items or []:
        try:
            lines.append(
                Line(
                    int(row["item"]),
                    str(row["name"]),
                    int(row["quantity"]),
                    int(row["price_pence"]),
                )
            )
        except (KeyError, TypeError, ValueError):
            continue
    items_pence = sum(line.total_pence for line in lines)
    # The minimum charge as it applied then: whatever the total is above the items' prices.
    minimum = booking.total_pence if booking.total_pence > items_pence else 0
    return Quote(lines=tuple(lines), minimum_pence=minimum)


# --- Days ------------------------------------------------------------------------------------


def first_bookable_day(*, on: datetime.date, policy: WastePolicy) -> datetime.date:
    """The first collection day bookable on ``on``: a few working days' notice for the crews,
    and never a day that is already past the cut-off for changes."""
    return sla.add_working_days(on, max(LEAD_WORKING_DAYS, policy.bulky_cutoff_days))


def last_bookable_day(*, on: datetime.date) -> datetime.date:
    return on + datetime.timedelta(days=WINDOW_DAYS)


def _open_slots(*, ward_id: int, on: datetime.date, policy: WastePolicy):
    return BulkySlot.objects.filter(
        ward_id=ward_id,
        date__gte=first_bookable_day(on=on, policy=policy),
        date__lte=last_bookable_day(on=on),
        booked__lt=F("capacity"),
    ).order_by("date")


def slot_list(*, address: Address, policy: WastePolicy, on: datetime.date | None = None):
    """Days with a place left for the address's area, soonest first (one query)."""
    if address.ward_id is None:
        return []
    return list(_open_slots(ward_id=address.ward_id, on=on or clock.today(), policy=policy))


def slot_is_bookable(
    *, slot_id, address: Address, policy: WastePolicy, on: datetime.date | None = None
) -> BulkySlot | None:
    """The slot if it is for this address's area and in the bookable window; None otherwise.

    Whether a place is left is for the reservation to find out (it never reads and then writes).
    """
    if address.ward_id is None:
        return None
    on = on or clock.today()
    try:
        return BulkySlot.objects.filter(
            pk=int(slot_id),
            ward_id=address.ward_id,
            date__gte=first_bookable_day(on=on, policy=policy),
            date__lte=last_bookable_day(on=on),
        ).first()
    except (TypeError, ValueError):
        return None


def slot_no_longer_offered(*, posted: dict, slots) -> str:
    """Why the day a draft chose is not among ``slots`` any more ('' when it is, or none
    was chosen): taken by others meanwhile, or too soon now."""
    try:
        slot_id = int((posted.get("slot") or [""])[-1])
    except (TypeError, ValueError):
        return ""
    if any(slot.pk == slot_id for slot in slots):
        return ""
    slot = BulkySlot.objects.filter(pk=slot_id).first()
    if slot is None:
        return ""
    if slot.booked >= slot.capacity:
        return slot_full_message(slot)
    return _("%(day)s can no longer be booked. Choose another day") % {"day": day_label(slot.date)}


def slot_full_message(slot: BulkySlot) -> str:
    return _("%(day)s is now fully booked. Choose another day") % {"day": day_label(slot.date)}


def slot_list_for_change(*, booking: BulkyBooking) -> list[BulkySlot]:
    """The days a booking can move to: those with a place left, but its own."""
    slots = slot_list(address=booking.address, policy=policy_get())
    return [slot for slot in slots if slot.pk != booking.slot_id]


def change_deadline(*, collection: datetime.date, policy: WastePolicy) -> datetime.date:
    """The last day a booking for ``collection`` can be changed or cancelled online:
    ``bulky_cutoff_days`` working days before it (with 2: Tuesday, for a Thursday)."""
    day = collection
    while sla.working_days_between(day, collection) < policy.bulky_cutoff_days:
        day -= datetime.timedelta(days=1)
    return day


def can_change(
    booking: BulkyBooking, *, policy: WastePolicy, on: datetime.date | None = None
) -> bool:
    """A paid booking, on or before its change deadline."""
    return booking.state == State.BOOKED and (on or clock.today()) <= change_deadline(
        collection=booking.slot.date, policy=policy
    )


# --- Bookings --------------------------------------------------------------------------------


def _bookings():
    return BulkyBooking.objects.select_related(
        "case", "case__request_type", "slot", "address", "address__ward"
    )


def booking_for_owner(*, user, reference: str) -> BulkyBooking:
    """The resident's own booking by its case reference: 404 for anything else."""
    ref = normalise_reference(reference)
    if not ref or not user.is_authenticated:
        raise Http404
    try:
        return _bookings().get(case__reference=ref, case__resident=user)
    except BulkyBooking.DoesNotExist:
        raise Http404 from None


def booking_list_for_resident(*, user, on: datetime.date | None = None) -> list[BulkyBooking]:
    """The resident's bookings still to come (paid or waiting for payment), soonest first."""
    if not user.is_authenticated:
        return []
    return list(
        _bookings()
        .filter(case__resident=user, state__in=ACTIVE, slot__date__gte=on or clock.today())
        .order_by("slot__date", "pk")
    )


def booking_url(booking: BulkyBooking) -> str:
    return reverse("waste:bulky_booking", kwargs={"reference": booking.case.reference})


def hold_until(booking: BulkyBooking) -> datetime.datetime:
    """When an unpaid booking lets its date go."""
    return booking.created_at + HOLD


def _case_payments(booking: BulkyBooking):
    return Payment.objects.filter(purpose=case_purpose(booking.case))


def paid_pence(booking: BulkyBooking) -> int:
    """What the resident has paid for the booking, all payments together."""
    total = (
        _case_payments(booking)
        .filter(status=PaymentStatus.SUCCESS)
        .aggregate(total=Sum("amount_pence"))["total"]
    )
    return total or 0


_COUNTED = (Refund.Status.SUBMITTED, Refund.Status.SUCCESS)  # made, or on its way


def refunded_pence(booking: BulkyBooking) -> int:
    """What has been given back through the payment provider so far."""
    total = Refund.objects.filter(
        payment__purpose=case_purpose(booking.case), status__in=_COUNTED
    ).aggregate(total=Sum("amount_pence"))["total"]
    return total or 0


def refund_due(booking: BulkyBooking) -> int:
    """What the council owes back and has not yet managed to refund."""
    return max(booking.refund_pence - refunded_pence(booking), 0)


def payment_in_progress(booking: BulkyBooking) -> bool:
    """A payment the resident may still be making (not yet settled with the provider)."""
    return _case_payments(booking).filter(status__in=UNFINISHED).exists()


def refund_for_cancelling(booking: BulkyBooking, *, policy: WastePolicy) -> int:
    """The council's rule: ``bulky_refund_percent`` of what is paid and not already owed back."""
    net = max(paid_pence(booking) - booking.refund_pence, 0)
    return net * min(policy.bulky_refund_percent, 100) // 100


def bookings_with_refunds_owed():
    """Bookings with money still owed back, oldest first (the retry job; staff see them)."""
    refunded = (
        Refund.objects.filter(
            payment__purpose=Concat(
                Value(PURPOSE_PREFIX), Cast(OuterRef("case_id"), output_field=CharField())
            ),
            status__in=_COUNTED,
        )
        .order_by()
        .values("payment__purpose")
        .annotate(total=Sum("amount_pence"))
        .values("total")
    )
    return (
        _bookings()
        .filter(refund_pence__gt=0)
        .annotate(refunded=Coalesce(Subquery(refunded), 0))
        .filter(refunded__lt=F("refund_pence"))
        .order_by("cancelled_at", "pk")
    )


# --- Staff -------------------------------------------------------------------------------------


def staff_day_list(*, cases, day: datetime.date, ward_id: int | None = None) -> list[BulkyBooking]:
    """The day's paid collections (and those already collected), by area and street.

    ``cases``: the cases the member of staff may see (casework.access.staff_case_queryset).
    """
    bookings = _bookings().filter(
        slot__date=day,
        state__in=(State.BOOKED, State.COLLECTED),
        case__in=cases.values("pk"),
    )
    if ward_id:
        bookings = bookings.filter(slot__area=ward_area(ward_id))
    return list(bookings.order_by("slot__area", "address__postcode", "address__line1"))


def staff_booking_get(*, cases, reference: str) -> BulkyBooking:
    ref = normalise_reference(reference)
    if not ref:
        raise Http404
    try:
        return _bookings().get(case__reference=ref, case__in=cases.values("pk"))
    except BulkyBooking.DoesNotExist:
        raise Http404 from None


def staff_refunds_owed(*, cases, limit: int = 50) -> list[BulkyBooking]:
    """Bookings with money still owed back (``owed`` on each), for staff to keep an eye on."""
    found = list(bookings_with_refunds_owed().filter(case__in=cases.values("pk"))[:limit])
    for booking in found:
        booking.owed = booking.refund_pence - booking.refunded
    return found


def staff_wards():
    areas = BulkySlot.objects.values_list("area", flat=True).distinct()
    ids = [int(area[5:]) for area in areas if area.startswith("ward-") and area[5:].isdigit()]
    return list(Ward.objects.filter(pk__in=ids).order_by("name"))


# --- Messages ----------------------------------------------------------------------------------


def _link(booking: BulkyBooking) -> str:
    return settings.PORTAL_BASE_URL + booking_url(booking)


def _compose(booking: BulkyBooking, recipient: Recipient, subject: str, lines: list[str]):
    link = _link(booking)
    if recipient.channel == "sms":
        return subject, f"{lines[0]} {_('Ref')} {booking.case.reference}. {link}"
    body = "\n".join([*lines, "", _("Reference: %(ref)s") % {"ref": booking.case.reference}, link])
    return subject, body


def _where(booking: BulkyBooking) -> str:
    return booking.case.location_text or ""


def confirmation_text(booking: BulkyBooking, recipient: Recipient, *, changed: bool = False):
    """(subject, body) of "your collection is booked" (or "has changed")."""
    day = long_day_label(booking.slot.date)
    quote_ = booking_quote(booking)
    if changed:
        subject = _("Your bulky waste collection has changed: %(day)s") % {"day": day}
        first = _("Your bulky waste collection is now on %(day)s.") % {"day": day}
    else:
        subject = _("Bulky waste collection booked: %(day)s") % {"day": day}
        first = _("Your bulky waste collection is booked for %(day)s.") % {"day": day}
    lines = [
        first,
        "",
        _("What we will collect: %(items)s") % {"items": quote_.summary},
        _("Where: %(where)s") % {"where": _where(booking)},
        _("Paid: %(money)s") % {"money": format_pence(booking.total_pence)},
        "",
        _("Put your items out by %(time)s on the day. We will remind you before.")
        % {"time": PUT_OUT_BY},
    ]
    return _compose(booking, recipient, subject, lines)


def reminder_text(booking: BulkyBooking, recipient: Recipient, *, days: int):
    """(subject, body) of the reminder ``days`` before the collection."""
    day = long_day_label(booking.slot.date)
    when = (
        _("tomorrow")
        if days == 1
        else ngettext("in %(n)s day", "in %(n)s days", days) % {"n": days}
    )
    subject = _("Reminder: bulky waste collection %(when)s") % {"when": when}
    lines = [
        _("Your bulky waste collection is %(when)s, %(day)s. Put your items out by %(time)s.")
        % {"when": when, "day": day, "time": PUT_OUT_BY},
        "",
        _("What we will collect: %(items)s") % {"items": booking_quote(booking).summary},
        _("Where: %(where)s") % {"where": _where(booking)},
    ]
    return _compose(booking, recipient, subject, lines)


def case_summary(*, quote_: Quote, day: datetime.date) -> str:
    return _("Bulky waste collection on %(day)s: %(items)s") % {
        "day": long_day_label(day),
        "items": quote_.summary,
    }


def case_answers(*, quote_: Quote, day: datetime.date, location: str) -> dict:
    """What the case records, in words staff and the resident read on the case page."""
    return {
        _("Items"): quote_.summary,
        _("Collection day (when booked)"): long_day_label(day),
        _("Where the items will be"): location,
        _("Total"): format_pence(quote_.total_pence),
    }

"""Bulky waste collections: book, pay, change, cancel, remind, collect.

A day's places in an area are a ``BulkySlot``, a row of the bookings core
(``casework.bookings.Slot`` of the bulky calendar, area "ward-<id>"): ``booked`` only
ever changes by one
conditional UPDATE (``slot_reserve``: ``booked = booked + 1 WHERE booked <
capacity``; ``slot_release``: ``booked - 1``), never read and then written, so two
residents after the last place cannot both get it (PostgreSQL re-checks the WHERE
on the row the first one committed; SQLite writes one at a time; and the table's
check constraint refuses an overbooking whatever happens).

A place is released exactly once, by the move of the booking out of an active
state (awaiting payment or booked), made with the booking row locked.

A booking is a casework case with a fee: it waits in "awaiting payment" until the
payment provider confirms (``on_case_payment``, registered for "case:" payments
beside casework's own listener). An unpaid booking keeps its day for
``selectors.HOLD``; the tidy job then withdraws it and lets the day go (and does
the same for one that casework withdrew after CASE_UNPAID_EXPIRY_DAYS).

Money back is owed in ``BulkyBooking.refund_pence`` (the total ever owed) and made
through integrations.pay after the change commits (``bulky_refunds``); what has gone
back is read from the provider's refunds, so a refund that fails is simply still owed,
and the tidy job tries again. Nothing is lost; staff see what is still owed on the day
list.
"""

from __future__ import annotations

import datetime
import logging

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from casework import actions as case_actions
from casework.bookings import actions as booking_actions
from casework.models import Channel, RequestType
from casework.money import format_pence
from casework.payments import PURPOSE_PREFIX
from casework.workflow import FINISHED, TransitionRefused
from casework.workflow import Status as CaseStatus
from core import clock
from integrations.outbox.actions import Outgoing, message_enqueue, message_enqueue_many
from integrations.pay.registry import PaymentEvent
from services.waste.actions.bulky_refunds import (
    bulky_refunds_retry,
    lock_booking,
    refund_after_commit,
)
from services.waste.models import BulkyBooking, BulkySlot
from services.waste.selectors import bulky as selectors
from services.waste.selectors.bulky import ACTIVE, State

log = logging.getLogger(__name__)


class SlotFull(Exception):
    """The day has no place left (someone else took the last one)."""


class BookingRefused(Exception):
    """Something the resident asked for cannot be done; the message says why, in their words."""


class AlreadyBooked(Exception):
    """The person already has this day booked at this address (a second click, or the back
    button after booking): ``booking`` is that booking."""

    def __init__(self, booking: BulkyBooking):
        super().__init__("already booked")
        self.booking = booking


# --- Places on a day -----------------------------------------------------------------------


def slot_reserve(*, slot_id: int) -> bool:
    """Take one place on the day, if one is left (the bookings core's one conditional
    UPDATE). True when it was taken."""
    return booking_actions.slot_reserve(slot_id=slot_id)


def slot_release(*, slot_id: int) -> bool:
    """Give one place back. Call only when a booking leaves an active state (see module)."""
    released = booking_actions.slot_release(slot_id=slot_id)
    if not released:
        log.error("bulky: slot %s released with nothing booked", slot_id)
    return bool(released)


def _leave(booking: BulkyBooking, *, state: str) -> None:
    """The booking stops holding its place (locked by the caller, in an active state)."""
    if booking.state not in ACTIVE:
        raise ValueError(f"booking {booking.pk} holds no place")
    slot_release(slot_id=booking.slot_id)
    booking.state = state
    booking.cancelled_at = clock.now()


# --- Booking -----------------------------------------------------------------------------------


def _check_items(quote: selectors.Quote, policy) -> None:
    if not quote.lines:
        raise BookingRefused(_("Choose at least one item for us to collect"))
    if quote.count > policy.bulky_max_items:
        raise BookingRefused(
            _("You can book up to %(max)s items in one collection")
            % {"max": policy.bulky_max_items}
        )


@transaction.atomic
def bulky_book(
    *,
    user,
    address,
    quote: selectors.Quote,
    slot: BulkySlot,
    location: str,
    request_type: RequestType,
    channel: str = Channel.WEB,
    on: datetime.date | None = None,
) -> BulkyBooking:
    """Reserve a place on the day, make the case (with the total as its fee) and the booking.

    All or nothing. Raises SlotFull when the day has no place left, AlreadyBooked
    when this person already has the day booked at this address, BookingRefused
    for answers the pages should not have let through.
    """
    policy = selectors.policy_get()
    _check_items(quote, policy)
    location = location.strip()
    if not location or len(location) > selectors.LOCATION_MAX:
        raise BookingRefused(_("Tell us where the items will be"))
    if selectors.slot_is_bookable(slot_id=slot.pk, address=address, policy=policy, on=on) is None:
        raise BookingRefused(_("Choose a collection day from the list"))
    # One booking at a time per person: a double click waits here, then finds the first.
    get_user_model().objects.select_for_update().filter(pk=user.pk).first()
    existing = (
        BulkyBooking.objects.select_related("case")
        .filter(case__resident=user, address=address, slot=slot, state__in=ACTIVE)
        .first()
    )
    if existing is not None:
        raise AlreadyBooked(existing)
    if not slot_reserve(slot_id=slot.pk):
        raise SlotFull
    case = case_actions.case_submit(
        request_type=request_type,
        answers=selectors.case_answers(quote_=quote, day=slot.date, location=location),
        summary=selectors.case_summary(quote_=quote, day=slot.date),
        resident=user,
        address=address,
        location_text=location,
        channel=channel,
        actor=user,
        fee_pence=quote.total_pence,
    )
    paid = not quote.total_pence  # a free collection needs no payment
    booking = BulkyBooking.objects.create(
        case=case,
        address=address,
        slot=slot,
        items=quote.as_json(),
        total_pence=quote.total_pence,
        state=State.BOOKED if paid else State.AWAITING_PAYMENT,
    )
    if paid:
        _booked(booking, actor=user)
    return booking


def _booked(booking: BulkyBooking, *, actor, changed: bool = False) -> None:
    """The day is the resident's: it shows on their requests, and they are told."""
    case_actions.case_set_appointment(case=booking.case, on=booking.slot.date, actor=actor)
    _tell_booked(booking, changed=changed)


def _tell_booked(booking: BulkyBooking, *, changed: bool = False) -> None:
    """The confirmation: the day, the items, where, and "out by 7am" (once per day booked)."""
    recipient = selectors.recipient_for(booking.case.resident)
    if recipient is None:
        return
    subject, body = selectors.confirmation_text(booking, recipient, changed=changed)
    what = "changed" if changed else "booked"
    message_enqueue(
        kind=f"notify.{recipient.channel}",
        payload={
            "to": recipient.to,
            "subject": subject,
            "body": body,
            "case_id": booking.case_id,
            "audience": "resident",
            "purpose": f"bulky-{what}",
        },
        idempotency_key=f"bulky-{what}-{booking.pk}-{booking.slot.date.isoformat()}",
    )


def on_case_payment(payment, event) -> None:
    """Payment listener for "case:" payments (after casework's), inside the payment's transaction.

    Paid: the booking is booked and the resident gets the confirmation. Paid for a
    booking that was cancelled meanwhile (its hold ran out): the money is owed back
    in full, and the refund job gives it back. Declined or cancelled at the provider:
    nothing changes; the day stays held until the hold runs out.
    """
    if str(event) != PaymentEvent.PAID:
        return
    try:
        case_id = int(payment.purpose.removeprefix(PURPOSE_PREFIX))
    except ValueError:
        return
    booking = (
        BulkyBooking.objects.select_for_update(of=("self",))
        .select_related("case", "case__resident", "slot")
        .filter(case_id=case_id)
        .first()
    )
    if booking is None:
        return  # not a bulky collection
    if booking.state == State.AWAITING_PAYMENT:
        booking.state = State.BOOKED
        booking.save(update_fields=["state", "updated_at"])
        _booked(booking, actor=None)
    elif booking.state == State.CANCELLED:
        booking.refund_pence += payment.amount_pence
        booking.save(update_fields=["refund_pence", "updated_at"])
        log.warning("bulky: booking %s paid after it was cancelled; refunding", booking.pk)
        refund_after_commit(booking)


# --- Changing and cancelling ---------------------------------------------------------------


def _changeable(booking: BulkyBooking, *, policy, on: datetime.date | None) -> None:
    if booking.state != State.BOOKED:
        raise BookingRefused(_("This booking can no longer be changed."))
    if not selectors.can_change(booking, policy=policy, on=on):
        raise BookingRefused(_("It is too late to change or cancel this booking online."))


def _note(booking: BulkyBooking, *, actor, message: str) -> None:
    case_actions.case_add_note(case=booking.case, actor=actor, message=message)


@transaction.atomic
def bulky_change_date(
    *, booking: BulkyBooking, slot: BulkySlot, actor, on: datetime.date | None = None
) -> BulkyBooking:
    """Move a paid booking to another day: reserve the new place, then release the old one."""
    policy = selectors.policy_get()
    booking = lock_booking(booking)
    _changeable(booking, policy=policy, on=on)
    if slot.pk == booking.slot_id:
        return booking
    if (
        selectors.slot_is_bookable(slot_id=slot.pk, address=booking.address, policy=policy, on=on)
        is None
    ):
        raise BookingRefused(_("Choose a collection day from the list"))
    if not slot_reserve(slot_id=slot.pk):
        raise SlotFull
    slot_release(slot_id=booking.slot_id)
    before = booking.slot.date
    booking.slot = BulkySlot.objects.get(pk=slot.pk)
    booking.reminders_sent = []
    booking.save(update_fields=["slot", "reminders_sent", "updated_at"])
    _note(
        booking,
        actor=actor,
        message=_("Collection moved from %(before)s to %(after)s.")
        % {
            "before": selectors.long_day_label(before),
            "after": selectors.long_day_label(booking.slot.date),
        },
    )
    _booked(booking, actor=actor, changed=True)
    return booking


@transaction.atomic
def bulky_change_items(
    *, booking: BulkyBooking, quote: selectors.Quote, actor, on: datetime.date | None = None
) -> BulkyBooking:
    """Change what is collected, for the same price or less: the difference is refunded in full.

    Items that cost more than was paid are refused (BookingRefused): taking a second
    payment for a booking is not built yet.
    """
    policy = selectors.policy_get()
    booking = lock_booking(booking)
    _changeable(booking, policy=policy, on=on)
    _check_items(quote, policy)
    if quote.total_pence > booking.total_pence:
        raise BookingRefused(
            _(
                "These items cost %(new)s, more than the %(paid)s you paid. You cannot add to a "
                "booking online yet: call us to add items."
            )
            % {"new": format_pence(quote.total_pence), "paid": format_pence(booking.total_pence)}
        )
    before = selectors.booking_quote(booking)
    difference = booking.total_pence - quote.total_pence
    booking.items = quote.as_json()
    booking.total_pence = quote.total_pence
    booking.refund_pence += difference
    booking.save(update_fields=["items", "total_pence", "refund_pence", "updated_at"])
    message = _("Items changed from %(before)s to %(after)s.") % {
        "before": before.summary,
        "after": quote.summary,
    }
    if difference:
        message += " " + _("%(money)s to refund.") % {"money": format_pence(difference)}
        refund_after_commit(booking)
    _note(booking, actor=actor, message=message)
    return booking


@transaction.atomic
def bulky_cancel(*, booking: BulkyBooking, actor, on: datetime.date | None = None) -> BulkyBooking:
    """The resident cancels: the day is released, the case withdrawn with the reason, and
    ``bulky_refund_percent`` of what was paid is owed back (refunded after this commits).

    An unpaid booking can always be cancelled; a paid one up to its change deadline.
    """
    policy = selectors.policy_get()
    booking = lock_booking(booking)
    if booking.state == State.AWAITING_PAYMENT:
        refund = 0
    else:
        _changeable(booking, policy=policy, on=on)
        refund = selectors.refund_for_cancelling(booking, policy=policy)
    _leave(booking, state=State.CANCELLED)
    booking.refund_pence += refund
    booking.save(update_fields=["state", "cancelled_at", "refund_pence", "updated_at"])
    reason = _("You cancelled this bulky waste collection.")
    if refund:
        reason += " " + _("We are refunding %(money)s to your card.") % {
            "money": format_pence(refund)
        }
        refund_after_commit(booking)
    case_actions.case_withdraw(case=booking.case, actor=actor, reason=reason)
    return booking


# --- The tidy job: unpaid holds, outcomes made elsewhere ----------------------------------------


@transaction.atomic
def _release_unpaid(booking_id: int, *, now: datetime.datetime) -> bool:
    booking = lock_booking(booking_id)
    if booking.state != State.AWAITING_PAYMENT:
        return False
    case = booking.case
    if case.status not in FINISHED and case.status != CaseStatus.AWAITING_PAYMENT:
        # Paid, though this booking did not hear of it: it is booked, not abandoned.
        log.error("bulky: booking %s was waiting for a case that is paid", booking.pk)
        booking.state = State.BOOKED
        booking.save(update_fields=["state", "updated_at"])
        return False
    if case.status == CaseStatus.AWAITING_PAYMENT:
        if selectors.hold_until(booking) > now or selectors.payment_in_progress(booking):
            return False
        case_actions.case_withdraw(
            case=case,
            actor=None,
            reason=_(
                "Not paid for within %(hours)s hours, so the collection day was released. "
                "You can book again."
            )
            % {"hours": int(selectors.HOLD.total_seconds() // 3600)},
        )
    _leave(booking, state=State.CANCELLED)
    booking.save(update_fields=["state", "cancelled_at", "updated_at"])
    return True


@transaction.atomic
def _follow_case(booking_id: int) -> str:
    """A paid booking whose case was finished on the case pages (not through this service)."""
    booking = lock_booking(booking_id)
    case = booking.case
    if booking.state != State.BOOKED or case.status not in FINISHED:
        return ""
    if case.status == CaseStatus.RESOLVED:
        booking.state = State.COLLECTED
        booking.save(update_fields=["state", "updated_at"])
        return "collected"
    policy = selectors.policy_get()
    finished_on = timezone.localdate(case.finished_at) if case.finished_at else clock.today()
    _leave(booking, state=State.CANCELLED)
    if case.status == CaseStatus.WITHDRAWN:
        # The resident withdrew it from "Your requests": the same rule as cancelling here.
        deadline = selectors.change_deadline(collection=booking.slot.date, policy=policy)
        if finished_on <= deadline:
            booking.refund_pence += selectors.refund_for_cancelling(booking, policy=policy)
    else:
        # Closed or rejected by staff: whether to refund is their decision, so they are told.
        _note(
            booking,
            actor=None,
            message=_(
                "The bulky collection was cancelled because this request was %(status)s. "
                "Refund the resident from the payments page if they are owed money."
            )
            % {"status": CaseStatus(case.status).label.lower()},
        )
    booking.save(update_fields=["state", "cancelled_at", "refund_pence", "updated_at"])
    if booking.refund_pence:
        refund_after_commit(booking)
    return "cancelled"


def bulky_bookings_tidy(*, now: datetime.datetime | None = None) -> dict[str, int]:
    """The job (every 15 minutes): let go of days held by bookings that were not paid for,
    follow outcomes made on the case pages, and retry refunds still owed."""
    now = now or clock.now()
    counts = {"released": 0, "collected": 0, "cancelled": 0, "refunded_pence": 0}
    unpaid = BulkyBooking.objects.filter(state=State.AWAITING_PAYMENT).filter(
        created_at__lte=now - selectors.HOLD
    ) | BulkyBooking.objects.filter(state=State.AWAITING_PAYMENT, case__status__in=FINISHED)
    for booking_id in unpaid.values_list("pk", flat=True).distinct():
        counts["released"] += _release_unpaid(booking_id, now=now)
    finished = BulkyBooking.objects.filter(state=State.BOOKED, case__status__in=FINISHED)
    for booking_id in finished.values_list("pk", flat=True):
        outcome = _follow_case(booking_id)
        if outcome:
            counts[outcome] += 1
    counts["refunded_pence"] = bulky_refunds_retry()
    return counts


# --- Staff ---------------------------------------------------------------------------------------


@transaction.atomic
def bulky_mark_collected(*, booking: BulkyBooking, actor) -> BulkyBooking:
    """The crew collected the items: the case is resolved (the resident is told) and the
    booking is marked collected. Raises TransitionRefused when the case cannot be resolved."""
    booking = lock_booking(booking)
    if booking.state == State.COLLECTED:
        return booking
    if booking.state != State.BOOKED:
        raise TransitionRefused(_("Only a paid booking can be marked as collected."))
    case_actions.case_resolve(
        case=booking.case,
        actor=actor,
        message=_("We collected your items on %(day)s.")
        % {"day": selectors.long_day_label(booking.slot.date)},
    )
    booking.state = State.COLLECTED
    booking.save(update_fields=["state", "updated_at"])
    return booking


# --- Reminders -----------------------------------------------------------------------------------


def bulky_reminders_send(*, on: datetime.date | None = None) -> int:
    """The daily job: remind residents 3 days and 1 day before their collection, once each.

    A reminder missed (the job did not run that day) is sent at the next run, as
    one message, never two on a day. Each has the idempotency key
    ``bulky-reminder-<booking>-<date>-<days>`` and is marked in ``reminders_sent``
    in the same transaction, with the rows locked and skipped by any other worker.
    """
    on = on or clock.today()
    furthest = max(selectors.REMINDER_DAYS)
    due = (
        BulkyBooking.objects.filter(
            state=State.BOOKED,
            slot__date__gt=on,
            slot__date__lte=on + datetime.timedelta(days=furthest),
        )
        .select_related("case", "case__resident", "slot")
        .order_by("pk")
    )
    sent = 0
    with transaction.atomic():
        bookings = list(due.select_for_update(skip_locked=True, of=("self",)))
        outgoing, marked = [], []
        for booking in bookings:
            days_left = (booking.slot.date - on).days
            already = {int(d) for d in booking.reminders_sent or [] if str(d).isdigit()}
            owed = [d for d in selectors.REMINDER_DAYS if days_left <= d and d not in already]
            if not owed:
                continue
            booking.reminders_sent = sorted(already | set(owed), reverse=True)
            marked.append(booking)
            recipient = selectors.recipient_for(booking.case.resident, reminder=True)
            if recipient is None:
                continue
            subject, body = selectors.reminder_text(booking, recipient, days=days_left)
            outgoing.append(
                Outgoing(
                    kind=f"notify.{recipient.channel}",
                    payload={
                        "to": recipient.to,
                        "subject": subject,
                        "body": body,
                        "case_id": booking.case_id,
                        "audience": "resident",
                        "purpose": "bulky-reminder",
                    },
                    idempotency_key=(
                        f"bulky-reminder-{booking.pk}-{booking.slot.date.isoformat()}-{min(owed)}"
                    ),
                )
            )
        sent = len(message_enqueue_many(messages=outgoing))
        if marked:
            BulkyBooking.objects.bulk_update(marked, ["reminders_sent"])
    return sent

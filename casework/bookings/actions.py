"""Writes of bookings: take a place, book a case's appointment, change, cancel, remind.

A place is taken by one conditional UPDATE on the day's row (``booked < capacity``),
so two people can never both have the last one, on any database. Every change to a
case's appointment also goes through ``casework.actions.case_set_appointment``, so
the case's timeline records it.
"""

from __future__ import annotations

import datetime
import logging

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.urls import reverse
from django.utils.translation import gettext as _

from casework import actions as case_actions
from casework import workflow
from casework.bookings import selectors
from casework.bookings.models import Booking, BookingCalendar, Slot
from casework.bookings.registry import (
    BOOKED,
    CANCELLED,
    CHANGED,
    booking_listeners_tell,
)
from core import clock
from integrations.outbox.actions import Outgoing, message_enqueue_many

log = logging.getLogger(__name__)


class BookingRefused(Exception):
    """Not possible: the message says why, in the resident's words."""


class SlotFull(BookingRefused):
    def __init__(self, day: datetime.date, period: str = ""):
        super().__init__(
            _("%(day)s has just been fully booked. Choose another day.")
            % {"day": selectors.choice_label(day, period)}
        )


def _slot_row(calendar: BookingCalendar, *, day, area: str, period: str) -> Slot:
    """The day's row for ``area``, made with the calendar's places if it is not there yet."""
    try:
        with transaction.atomic():
            slot, _created = Slot.objects.get_or_create(
                calendar=calendar,
                date=day,
                area=area,
                period=period,
                defaults={"capacity": calendar.capacity},
            )
    except IntegrityError:  # made by another request just now
        slot = Slot.objects.get(calendar=calendar, date=day, area=area, period=period)
    return slot


def slot_reserve(*, slot_id: int) -> bool:
    """Take one place on a day, if one is left. One conditional UPDATE: never overbooked."""
    return bool(
        Slot.objects.filter(pk=slot_id, booked__lt=F("capacity")).update(booked=F("booked") + 1)
    )


def slot_release(*, slot_id: int) -> bool:
    """Give one place back (never below none). True when one was."""
    return bool(Slot.objects.filter(pk=slot_id, booked__gt=0).update(booked=F("booked") - 1))


def _offered(calendar, *, choice: str, area: str, on) -> tuple[datetime.date, str]:
    parsed = selectors.parse_choice(choice)
    if parsed is None or parsed not in {
        (option.day, option.period) for option in selectors.option_list(calendar, area=area, on=on)
    }:
        raise BookingRefused(_("Choose a day from the list"))
    return parsed


def _take(calendar, *, choice: str, area: str, on) -> Slot:
    day, period = _offered(calendar, choice=choice, area=area, on=on)
    slot = _slot_row(calendar, day=day, area=area, period=period)
    if not slot_reserve(slot_id=slot.pk):
        raise SlotFull(day, period)
    return slot


@transaction.atomic
def booking_make(
    *,
    case,
    calendar: BookingCalendar,
    choice: str,
    area: str = "",
    actor,
    on: datetime.date | None = None,
) -> Booking:
    """Book ``case``'s appointment on the day ``choice`` names (an ``Option.value``).
    Raises ``SlotFull`` when it was taken meanwhile, ``BookingRefused`` for a day not offered."""
    slot = _take(calendar, choice=choice, area=area, on=on or clock.today())
    booking = Booking.objects.create(case=case, slot=slot)
    case_actions.case_set_appointment(case=case, on=slot.date, actor=actor)
    booking_listeners_tell(booking, BOOKED)
    return booking


def _lock(booking: Booking) -> Booking:
    locked = Booking.objects.select_for_update(of=("self",)).get(pk=booking.pk)
    return Booking.objects.select_related("slot", "slot__calendar", "case").get(pk=locked.pk)


def _changeable(booking: Booking, *, on) -> None:
    refusal = selectors.booking_refusal(booking, on=on)
    if refusal:
        raise BookingRefused(refusal)


@transaction.atomic
def booking_change(
    *, booking: Booking, choice: str, actor, on: datetime.date | None = None
) -> Booking:
    """Move the appointment to another day before the cut-off: take the new place, then
    give back the old one."""
    on = on or clock.today()
    booking = _lock(booking)
    _changeable(booking, on=on)
    calendar, old = booking.slot.calendar, booking.slot
    if choice == (selectors.Option(old.date, old.period, 0).value):
        return booking
    booking.slot = _take(calendar, choice=choice, area=old.area, on=on)
    slot_release(slot_id=old.pk)
    booking.reminded_for = None
    booking.save(update_fields=["slot", "reminded_for", "updated_at"])
    case_actions.case_set_appointment(case=booking.case, on=booking.slot.date, actor=actor)
    if booking.slot.date == old.date:  # the other half of the same day: the timeline says so
        case_actions.case_add_note(
            case=booking.case,
            actor=actor,
            message=_("Appointment moved to %(when)s.")
            % {"when": selectors.booking_label(booking)},
        )
    booking_listeners_tell(booking, CHANGED)
    return booking


@transaction.atomic
def booking_cancel(*, booking: Booking, actor, on: datetime.date | None = None) -> Booking:
    """The resident cancels before the cut-off: the place is given back, and the request,
    which was for the appointment, is withdrawn."""
    booking = _lock(booking)
    _changeable(booking, on=on or clock.today())
    _release(booking)
    case_actions.case_set_appointment(case=booking.case, on=None, actor=actor)
    case_actions.case_withdraw(
        case=booking.case, actor=actor, reason=_("You cancelled the appointment.")
    )
    booking_listeners_tell(booking, CANCELLED)
    return booking


def _release(booking: Booking) -> None:
    slot_release(slot_id=booking.slot_id)
    booking.state = Booking.State.CANCELLED
    booking.cancelled_at = clock.now()
    booking.save(update_fields=["state", "cancelled_at", "updated_at"])


@transaction.atomic
def bookings_release_finished() -> int:
    """Give back the places of appointments whose request finished without them (not
    paid for in time, withdrawn, rejected): the daily job."""
    released = 0
    stale = Booking.objects.filter(
        state=Booking.State.BOOKED, case__status__in=list(workflow.FINISHED - {"resolved"})
    ).select_for_update(skip_locked=True, of=("self",))
    for booking in stale:
        _release(booking)
        released += 1
    return released


# --- Reminders ---------------------------------------------------------------------------------


def _recipient(user) -> tuple[str, str] | None:
    """(channel, address) by the resident's own channel; None when they are not told."""
    if user is None or not user.is_active or getattr(user, "closed_at", None) is not None:
        return None
    if not getattr(user, "notify_reminders", True):
        return None
    if user.preferred_channel == "sms" and user.phone:
        return "sms", user.phone.as_e164
    if user.email:
        return "email", user.email
    return None


def _reminder_text(booking: Booking, channel: str) -> tuple[str, str]:
    when = selectors.booking_label(booking)
    name = booking.slot.calendar.request_type.name
    link = settings.PORTAL_BASE_URL + reverse(
        "casework:detail", kwargs={"reference": booking.case.reference}
    )
    subject = _("Reminder: your appointment on %(when)s") % {"when": when}
    if channel == "sms":
        return subject, _("Reminder: %(name)s on %(when)s. Ref %(ref)s. %(link)s") % {
            "name": name,
            "when": when,
            "ref": booking.case.reference,
            "link": link,
        }
    body = _(
        "This is a reminder of your appointment for %(name)s on %(when)s (reference %(ref)s).\n\n"
        "To see your request, go to %(link)s"
    ) % {"name": name, "when": when, "ref": booking.case.reference, "link": link}
    return subject, body


def booking_reminders_send(*, on: datetime.date | None = None) -> int:
    """The daily job: remind each resident of their appointment once, ``reminder_days``
    before it (or at the next run if one was missed), by their own channel, through the
    outbox. The booking is marked in the same transaction, its row locked and skipped by
    any other worker; the idempotency key names the booking and the day."""
    on = on or clock.today()
    due = (
        Booking.objects.filter(
            state=Booking.State.BOOKED,
            slot__date__gt=on,
            slot__calendar__reminder_days__gt=0,
            case__status__in=list(workflow.OPEN),
        )
        .select_related("slot", "slot__calendar__request_type", "case", "case__resident")
        .order_by("pk")
    )
    with transaction.atomic():
        outgoing, marked = [], []
        for booking in due.select_for_update(skip_locked=True, of=("self",)):
            days_left = (booking.slot.date - on).days
            if days_left > booking.slot.calendar.reminder_days:
                continue
            if booking.reminded_for == booking.slot.date:
                continue
            booking.reminded_for = booking.slot.date
            marked.append(booking)
            recipient = _recipient(booking.case.resident)
            if recipient is None:
                continue
            channel, to = recipient
            subject, body = _reminder_text(booking, channel)
            outgoing.append(
                Outgoing(
                    kind=f"notify.{channel}",
                    payload={
                        "to": to,
                        "subject": subject,
                        "body": body,
                        "case_id": booking.case_id,
                        "audience": "resident",
                        "purpose": "booking-reminder",
                    },
                    idempotency_key=f"booking-reminder-{booking.pk}-{booking.slot.date.isoformat()}",
                )
            )
        sent = len(message_enqueue_many(messages=outgoing))
        if marked:
            Booking.objects.bulk_update(marked, ["reminded_for"])
    return sent

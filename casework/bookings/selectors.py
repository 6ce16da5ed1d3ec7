"""Reads of bookings: a request type's calendar, the days still open, a case's booking."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Q
from django.http import Http404
from django.utils import formats
from django.utils.translation import gettext as _

from casework import access, workflow
from casework.bookings import rules
from casework.bookings.models import Booking, BookingCalendar, ClosedDate, Period, Slot
from core import clock


def calendar_get(*, request_type) -> BookingCalendar | None:
    """The request type's calendar when it offers appointments (None otherwise)."""
    if request_type is None or request_type.pk is None:
        return None
    # Read once for the request type as loaded (a journey asks on every step it walks).
    if not hasattr(request_type, "_booking_calendar"):
        request_type._booking_calendar = BookingCalendar.objects.filter(
            request_type=request_type, active=True
        ).first()
    return request_type._booking_calendar


def periods(calendar: BookingCalendar) -> list[str]:
    return [Period.AM, Period.PM] if calendar.half_days else [Period.DAY]


def day_label(day: datetime.date) -> str:
    """'Thursday 12 November 2026'."""
    return formats.date_format(day, "l j F Y")


def choice_label(day: datetime.date, period: str) -> str:
    if not period:
        return day_label(day)
    return _("%(day)s, %(period)s") % {
        "day": day_label(day),
        "period": Period(period).label.lower(),
    }


@dataclass(frozen=True)
class Option:
    """A day (and half day) offered, with the places left."""

    day: datetime.date
    period: str
    left: int

    @property
    def value(self) -> str:
        return f"{self.day.isoformat()}-{self.period}" if self.period else self.day.isoformat()

    @property
    def label(self) -> str:
        return choice_label(self.day, self.period)


def parse_choice(value: str) -> tuple[datetime.date, str] | None:
    """'2026-11-12' or '2026-11-12-am' as (day, period); None for anything else."""
    value = str(value or "")
    day_text, period = value[:10], value[11:]
    if len(value) not in (10, 13) or (len(value) == 13 and value[10] != "-"):
        return None
    if period not in ("", Period.AM, Period.PM):
        return None
    try:
        return datetime.date.fromisoformat(day_text), period
    except ValueError:
        return None


def _closed(calendar: BookingCalendar) -> set[datetime.date]:
    return set(
        ClosedDate.objects.filter(Q(calendar=calendar) | Q(calendar__isnull=True)).values_list(
            "date", flat=True
        )
    )


def option_list(
    calendar: BookingCalendar, *, area: str = "", on: datetime.date | None = None
) -> list[Option]:
    """Every day (and half day) the calendar offers ``area`` now, with the places left
    (0 for a full one), soonest first. Two queries, however many days."""
    on = on or clock.today()
    days = rules.offered_days(
        on=on,
        weekdays=calendar.weekdays,
        lead_working_days=calendar.lead_working_days,
        horizon_days=calendar.horizon_days,
        closed=_closed(calendar),
    )
    if not days:
        return []
    rows = {
        (slot.date, slot.period): slot.capacity - slot.booked
        for slot in Slot.objects.filter(
            calendar=calendar, area=area, date__gte=days[0], date__lte=days[-1]
        )
    }
    return [
        Option(day, period, max(0, rows.get((day, period), calendar.capacity)))
        for day in days
        for period in periods(calendar)
    ]


def option_weeks(options: list[Option]) -> list[tuple[str, list[Option]]]:
    """Options with places left, by week: [("Week of Monday 9 November", [...])]."""
    weeks: dict[datetime.date, list[Option]] = {}
    for option in options:
        if option.left > 0:
            weeks.setdefault(rules.week_start(option.day), []).append(option)
    return [
        (_("Week beginning %(day)s") % {"day": formats.date_format(start, "l j F")}, found)
        for start, found in weeks.items()
    ]


def booking_for_case(case) -> Booking | None:
    """The case's appointment (booked, or cancelled), with its day."""
    return Booking.objects.select_related("slot", "slot__calendar").filter(case_id=case.pk).first()


def booking_label(booking: Booking) -> str:
    return choice_label(booking.slot.date, booking.slot.period)


def booking_deadline(booking: Booking) -> datetime.date:
    return rules.change_deadline(
        day=booking.slot.date, cutoff_working_days=booking.slot.calendar.cutoff_working_days
    )


def booking_changeable(booking: Booking, *, on: datetime.date | None = None) -> bool:
    """Whether the resident may still change or cancel it online."""
    on = on or clock.today()
    return (
        booking.state == Booking.State.BOOKED
        and workflow.is_open(booking.case.status)
        and on <= booking_deadline(booking)
    )


def booking_refusal(booking: Booking, *, on: datetime.date | None = None) -> str:
    """Why the resident may not change or cancel it online now ('' when they may)."""
    if booking.state != Booking.State.BOOKED or not workflow.is_open(booking.case.status):
        return _("This appointment is no longer booked.")
    if not booking_changeable(booking, on=on):
        return _(
            "It is too late to change or cancel this appointment online: the last day was "
            "%(deadline)s. Telephone %(phone)s if you cannot be there."
        ) % {
            "deadline": day_label(booking_deadline(booking)),
            "phone": settings.COUNCIL_CONTACT_PHONE,
        }
    return ""


def booking_context(case) -> dict:
    """What the resident's case page shows of an appointment booked through the core."""
    booking = booking_for_case(case)
    if booking is None or booking.state != Booking.State.BOOKED:
        return {}
    booking.case = case
    return {
        "booking": booking,
        "booking_changeable": booking_changeable(booking),
        "booking_deadline": booking_deadline(booking),
    }


def booking_for_resident(user, reference: str) -> Booking:
    """The booking on the resident's own case: 404 for "no such case", "not yours" (a case
    they only follow is not theirs to rebook) and "no appointment"."""
    case = access.case_for_resident(user, reference)
    if not access.is_owner(user, case):
        raise Http404
    booking = booking_for_case(case)
    if booking is None:
        raise Http404
    booking.case = case
    return booking


def staff_calendar_list():
    return list(
        BookingCalendar.objects.select_related("request_type").order_by("request_type__name")
    )


def staff_day_list(*, cases, calendar: BookingCalendar, day: datetime.date) -> list[Booking]:
    """The day's appointments of a calendar, for the cases the member of staff may see
    (``cases``: casework.access.staff_case_queryset), by area, half day and address."""
    return list(
        Booking.objects.filter(
            slot__calendar=calendar,
            slot__date=day,
            state=Booking.State.BOOKED,
            case__in=cases.values("pk"),
        )
        .select_related("slot", "case", "case__address", "case__resident")
        .order_by("slot__area", "slot__period", "case__reference")
    )

"""The appointment step, for any journey: ``booking_step()`` in its ``steps``.

The request type's booking calendar says which days are offered; the step shows those
with places left, grouped by week; "Check your answers" shows the day with a "Change"
link; sending books it inside the sending transaction (a day taken meanwhile stops the
send with a clear message on the check page, nothing is made).
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from casework.bookings import selectors
from casework.bookings.forms import AppointmentForm
from casework.journeys.steps import Step


def default_area(ctx, calendar) -> str:
    """The area places are counted in: the ward of the person's address when the calendar
    counts by ward, else the whole council ('')."""
    if calendar is None or not calendar.by_ward:
        return ""
    address = getattr(ctx.citizen, "address", None)
    ward_id = getattr(address, "ward_id", None)
    return f"ward-{ward_id}" if ward_id else ""


def _form_kwargs(name, area):
    def kwargs(ctx, values) -> dict:
        calendar = ctx.once(
            "booking_calendar", lambda: selectors.calendar_get(request_type=ctx.request_type)
        )
        where = area(ctx, values) if area is not None else default_area(ctx, calendar)
        options = ctx.once(
            f"booking_options:{where}",
            lambda: selectors.option_list(calendar, area=where) if calendar else [],
        )
        kept = (ctx.answers.posted(name).get("slot") or [""])[-1] if ctx.answers else ""
        return {"calendar": calendar, "area": where, "options": options, "kept": kept}

    return kwargs


TITLE = _("Choose a day for your appointment")


def booking_step(name: str = "appointment", title=TITLE, *, area=None, when=None) -> Step:
    """A step asking for an appointment on the request type's booking calendar. ``area``:
    a function (ctx, answers so far) -> the area's key, when the service counts places
    by something of its own (a waste round)."""
    return Step(
        name,
        AppointmentForm,
        title,
        when=when,
        template="bookings/appointment_step.html",
        summary_exclude=("slot",),  # the case shows the booking as it is now, not as sent
        form_kwargs=_form_kwargs(name, area),
    )

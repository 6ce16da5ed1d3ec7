"""The resident changes or cancels their appointment from their request's page.

Thin: the booking comes from the one access function (``selectors.booking_for_resident``:
404 for a request that is not theirs), the change or cancelling from ``actions``.
After the cut-off both are refused plainly (400), with the number to call.
"""

from __future__ import annotations

from django import forms as django_forms
from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.access import tier_redirect
from accounts.decorators import signed_in_required
from casework.bookings import actions, selectors
from casework.bookings.forms import AppointmentForm


def _booking(request, reference):
    """(booking, None), or (None, a response): step up for tier-2 types, refused after the
    cut-off."""
    booking = selectors.booking_for_resident(request.user, reference)
    if booking.case.request_type.auth_tier >= 2:
        target = tier_redirect(request, tier=2)
        if target is not None:
            return None, redirect(target)
    if not selectors.booking_changeable(booking):
        return None, _refused(request, booking)
    return booking, None


def _refused(request, booking, reason=None):
    reason = reason or selectors.booking_refusal(booking)
    case = booking.case
    detail = reverse("casework:detail", kwargs={"reference": case.reference})
    context = {"case": case, "reason": reason, "detail_url": detail}
    return render(request, "casework/refused.html", context, status=400)


def _detail(booking):
    return redirect("casework:detail", reference=booking.case.reference)


@signed_in_required
def appointment_change(request, reference):
    booking, stop = _booking(request, reference)
    if stop is not None:
        return stop
    options = selectors.option_list(booking.slot.calendar, area=booking.slot.area)
    kwargs = {"calendar": booking.slot.calendar, "area": booking.slot.area, "options": options}
    current = selectors.Option(booking.slot.date, booking.slot.period, 0).value
    form = AppointmentForm(request.POST or None, initial={"slot": current}, **kwargs)
    if request.method == "POST" and form.is_valid():
        try:
            actions.booking_change(booking=booking, choice=form.chosen(), actor=request.user)
        except actions.BookingRefused as refused:
            form.add_error("slot", str(refused))
        else:
            messages.success(
                request,
                _("Your appointment is now on %(when)s")
                % {"when": selectors.booking_label(selectors.booking_for_case(booking.case))},
            )
            return _detail(booking)
    context = {"booking": booking, "case": booking.case, "form": form}
    return render(request, "bookings/change.html", context, status=400 if form.errors else 200)


class CancelForm(django_forms.Form):
    """Nothing to fill in: the button says it."""


@signed_in_required
def appointment_cancel(request, reference):
    booking, stop = _booking(request, reference)
    if stop is not None:
        return stop
    if request.method == "POST":
        try:
            actions.booking_cancel(booking=booking, actor=request.user)
        except actions.BookingRefused as refused:
            return _refused(request, booking, str(refused))
        messages.success(request, _("Your appointment has been cancelled"))
        return _detail(booking)
    context = {"booking": booking, "case": booking.case, "form": CancelForm()}
    return render(request, "bookings/cancel.html", context)

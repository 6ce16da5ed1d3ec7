"""Book a bulky waste collection: items, day, where, check, pay.

/waste/bulky/                                 start: prices, your bookings, your address
/waste/bulky/address/?postcode=               another address, by postcode (the gazetteer)
/waste/bulky/<uprn>/                          the booking journey (services.waste.journeys.bulky,
                                              on casework.journeys): items, day/, where/,
                                              check/ (POST books and goes to pay)
/waste/bulky/<reference>/                     the booking (owner only)
/waste/bulky/<reference>/pay/                 POST: pay for a booking waiting for payment
/waste/bulky/<reference>/change-day/          another day, before the cut-off
/waste/bulky/<reference>/change-items/        fewer or cheaper items, before the cut-off
/waste/bulky/<reference>/cancel/              cancel, with the council's refund
/staff/waste/bulky/                           staff: a day's collections, refunds still owed
/staff/waste/bulky/<reference>/collected/     staff, POST: mark collected

The answers of a booking being made are kept in the resident's draft by the journey
engine. Thin views: reads from ``selectors.bulky``, every change one function of
``actions.bulky``. Every page works without JavaScript; bad input is a
400 with an error summary; another resident's booking is a 404.
"""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from accounts.assisting import current_citizen, is_assisting
from accounts.decorators import signed_in_required, staff_required
from accounts.selectors import address_get
from casework import access
from casework.acting import acting_as, acting_for_request
from casework.payments import case_needs_payment, case_payment_start
from casework.workflow import TransitionRefused
from core import clock
from core.formatting import govuk_time
from core.rendering import render_form
from integrations.pay.access import remember_payment_in_session
from integrations.pay.actions import PaymentUnavailable
from services.waste.actions import bulky as actions
from services.waste.forms import bulky as forms
from services.waste.selectors import bulky as selectors
from services.waste.selectors.bulky import State
from services.waste.views.find_address import find_address as _find_address


def _request_type():
    request_type = selectors.request_type_get()
    if request_type is None:
        raise Http404
    return request_type


# --- Start and address -------------------------------------------------------------------------


@signed_in_required
def start(request):
    user = current_citizen(request)  # the person an agent is helping, else the user
    policy = selectors.policy_get()
    return render(
        request,
        "waste/bulky/start.html",
        {
            "request_type": selectors.request_type_get(),
            "items": selectors.item_list(),
            "policy": policy,
            "address": address_get(uprn=user.address_id) if user.address_id else None,
            "bookings": selectors.booking_list_for_resident(user=user),
        },
    )


@signed_in_required
def find_address(request):
    _request_type()
    return _find_address(
        request,
        url_name="waste:bulky_address",
        caption=_("Book a bulky waste collection"),
        back_url=reverse("waste:bulky_start"),
        chosen_url=lambda uprn: reverse("waste:bulky_items", kwargs={"uprn": uprn}),
    )


# --- Changing a booking's items or day (the pages the journey's questions use) ------------------


def _items_page(request, *, form, booking):
    return render_form(
        request,
        "waste/bulky/items.html",
        {"form": form, "booking": booking, "policy": form.policy},
    )


def _day_page(request, *, form, slots, quote, booking):
    return render_form(
        request,
        "waste/bulky/day.html",
        {"form": form, "slots": slots, "quote": quote, "booking": booking},
    )


def _pay(request, booking):
    """On to the payment provider; if it cannot be reached, the booking page says so and
    offers "Pay" again while the day is held."""
    by_phone = is_assisting(request)  # an agent takes the fee for the person (MOTO)
    try:
        payment = case_payment_start(
            case=booking.case,
            user=request.user,
            return_to=selectors.booking_url(booking),
            moto=by_phone,
        )
    except PaymentUnavailable as exc:
        messages.warning(
            request,
            _(
                "We are holding the day for you, but we could not take you to the payment page. "
                "%(reason)s"
            )
            % {"reason": str(exc)},
        )
        return redirect(selectors.booking_url(booking))
    if by_phone:
        remember_payment_in_session(request, payment)
    return redirect(payment.next_url)


# --- The booking ------------------------------------------------------------------------------


def _when(moment) -> str:
    """'9:18pm today', or '9:18pm on 22 November' (GOV.UK times and dates)."""
    local = timezone.localtime(moment)
    if local.date() == clock.today():
        return _("%(time)s today") % {"time": govuk_time(local)}
    return _("%(time)s on %(date)s") % {
        "time": govuk_time(local),
        "date": formats.date_format(local, "j F"),
    }


def _booking_context(request, booking) -> dict:
    policy = selectors.policy_get()
    deadline = selectors.change_deadline(collection=booking.slot.date, policy=policy)
    refunded = selectors.refunded_pence(booking) if booking.refund_pence else 0
    return {
        "booking": booking,
        "case": booking.case,
        "quote": selectors.booking_quote(booking),
        "policy": policy,
        "deadline": deadline,
        "can_change": selectors.can_change(booking, policy=policy),
        "hold_until": _when(selectors.hold_until(booking)),
        "refunded": refunded,
        "refund_owed": max(booking.refund_pence - refunded, 0),
        "put_out_by": selectors.PUT_OUT_BY,
        "case_url": reverse("casework:detail", kwargs={"reference": booking.case.reference}),
    }


@signed_in_required
def booking(request, reference):
    found = selectors.booking_for_owner(user=current_citizen(request), reference=reference)
    return render(request, "waste/bulky/booking.html", _booking_context(request, found))


@signed_in_required
def pay(request, reference):
    found = selectors.booking_for_owner(user=current_citizen(request), reference=reference)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])

    if found.state != State.AWAITING_PAYMENT or not case_needs_payment(found.case):
        messages.info(request, _("There is nothing to pay for this booking."))
        return redirect(selectors.booking_url(found))
    return _pay(request, found)


def _refused(request, booking, reason, *, status=400):
    context = _booking_context(request, booking)
    context["refusal"] = str(reason)
    return render(request, "waste/bulky/refused.html", context, status=status)


@signed_in_required
def cancel(request, reference):
    # While an agent helps the person: their booking, cancelled by the agent for them.
    citizen = current_citizen(request)
    found = selectors.booking_for_owner(user=citizen, reference=reference)
    context = _booking_context(request, found)
    if found.state not in (State.AWAITING_PAYMENT, State.BOOKED) or (
        found.state == State.BOOKED and not context["can_change"]
    ):
        return _refused(
            request,
            found,
            _("It is too late to cancel this booking online."),
            status=400 if request.method == "POST" else 200,
        )
    if request.method == "POST":
        try:
            with acting_as(acting_for_request(request)):
                actions.bulky_cancel(booking=found, actor=citizen)
        except (actions.BookingRefused, TransitionRefused) as refused:
            return _refused(request, found, refused)
        messages.success(request, _("Your bulky waste collection is cancelled"))
        return redirect(selectors.booking_url(found))
    paid = selectors.paid_pence(found) if found.state == State.BOOKED else 0
    context.update(
        paid=paid,
        refund=selectors.refund_for_cancelling(found, policy=context["policy"]) if paid else 0,
        form=forms.ConfirmForm(),
    )
    return render(request, "waste/bulky/cancel.html", context)


def _changeable_or_refused(request, found):
    context = _booking_context(request, found)
    if not context["can_change"]:
        reason = (
            _("It is too late to change this booking online.")
            if found.state == State.BOOKED
            else _("You can change a booking once it is paid for.")
            if found.state == State.AWAITING_PAYMENT
            else _("This booking can no longer be changed.")
        )
        return context, _refused(
            request, found, reason, status=400 if request.method == "POST" else 200
        )
    return context, None


def _day_taken(slots, slot):
    """The day question again without ``slot`` (taken meanwhile), saying so."""
    slots = [s for s in slots if s.pk != slot.pk]
    form = forms.SlotForm(data={}, slots=slots)
    form.is_valid()
    form.errors.clear()
    form.add_error("slot", selectors.slot_full_message(slot))
    return form, slots


@signed_in_required
def change_day(request, reference):
    citizen = current_citizen(request)  # the person an agent is helping, else the user
    found = selectors.booking_for_owner(user=citizen, reference=reference)
    _context, refusal = _changeable_or_refused(request, found)
    if refusal is not None:
        return refusal
    slots = selectors.slot_list_for_change(booking=found)
    form = forms.SlotForm(request.POST if request.method == "POST" else None, slots=slots)
    if form.is_bound and form.is_valid():
        slot = form.chosen_slot()
        try:
            with acting_as(acting_for_request(request)):
                actions.bulky_change_date(booking=found, slot=slot, actor=citizen)
        except actions.SlotFull:
            form, slots = _day_taken(slots, slot)
        except (actions.BookingRefused, TransitionRefused) as refused:
            return _refused(request, found, refused)
        else:
            day = selectors.day_label(slot.date)
            messages.success(request, _("Your collection is now on %(day)s") % {"day": day})
            return redirect(selectors.booking_url(found))
    quote = selectors.booking_quote(found)
    return _day_page(request, form=form, slots=slots, quote=quote, booking=found)


@signed_in_required
def change_items(request, reference):
    citizen = current_citizen(request)  # the person an agent is helping, else the user
    found = selectors.booking_for_owner(user=citizen, reference=reference)
    _context, refusal = _changeable_or_refused(request, found)
    if refusal is not None:
        return refusal
    policy = selectors.policy_get()
    catalogue = selectors.item_list()
    booked = selectors.booking_quote(found)
    if request.method == "POST":
        form = forms.ItemsForm(request.POST, items=catalogue, policy=policy)
        if form.is_valid():
            try:
                with acting_as(acting_for_request(request)):
                    actions.bulky_change_items(booking=found, quote=form.quote(), actor=citizen)
            except actions.BookingRefused as refused:
                form.add_error(None, str(refused))
            except TransitionRefused as refused:
                return _refused(request, found, refused)
            else:
                messages.success(request, _("Your items have been changed"))
                return redirect(selectors.booking_url(found))
    else:
        form = forms.ItemsForm(
            initial=forms.ItemsForm.initial_for(booked.quantities()),
            items=catalogue,
            policy=policy,
        )
    return _items_page(request, form=form, booking=found)


# --- Staff: a day's collections -----------------------------------------------------------------


@staff_required
def staff_day(request):
    wards = selectors.staff_wards()
    form = forms.StaffDayForm(request.GET or None, wards=wards)
    chosen_day = clock.today() + datetime.timedelta(days=1)
    ward_id = None
    if form.is_bound and form.is_valid():
        chosen_day = form.cleaned_data["day"] or chosen_day
        ward_id = form.cleaned_data["ward"]
    cases = access.staff_case_queryset(request.user)
    return render_form(
        request,
        "waste/bulky/staff_day.html",
        {
            "form": form,
            "day": chosen_day,
            "bookings": selectors.staff_day_list(cases=cases, day=chosen_day, ward_id=ward_id),
            "refunds": selectors.staff_refunds_owed(cases=cases),
        },
    )


@staff_required
def staff_collected(request, reference):
    cases = access.staff_case_queryset(request.user)
    found = selectors.staff_booking_get(cases=cases, reference=reference)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    # Marking collected resolves the case: it needs what "Mark as done" needs.
    if not access.may_take_action(request.user, found.case, "resolve"):
        raise Http404
    try:
        actions.bulky_mark_collected(booking=found, actor=request.user)
    except TransitionRefused as refused:
        messages.error(request, str(refused))
    else:
        messages.success(
            request,
            _("%(reference)s marked as collected") % {"reference": found.case.reference},
        )
    return redirect(reverse("waste_staff:bulky_day") + f"?day={found.slot.date.isoformat()}")

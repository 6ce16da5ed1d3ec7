"""Garden waste subscriptions: subscribe, pay, renew, cancel.

/waste/garden/                              your subscriptions: state, dates, bins, next
                                            collection, renew and cancel
/waste/garden/address/?postcode=            find another address by postcode
/waste/garden/<uprn>/                       subscribing, on the journey engine
                                            (services.waste.journeys.garden): how many
                                            bins (or why you cannot subscribe), check/
                                            with the price; POST subscribes, then pay
/waste/garden/subscription/<id>/renew/      renewing, on the journey engine too: how many
                                            bins, check/; POST renews and goes to pay
/waste/garden/subscription/<id>/cancel/     are you sure? (no refund); POST cancels
/waste/garden/sent/<reference>/             confirmation once paid (unpaid: the case page)

Thin views: ``selectors.garden`` reads, ``actions.garden`` writes. A subscription is
active only once the payment provider confirms the payment (the payment listener in
``actions.garden``), never because the resident came back from the payment page.
"""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.decorators import signed_in_required
from core import clock
from core.rendering import render_form
from services.waste.actions import garden as actions
from services.waste.forms import garden as forms
from services.waste.journeys.garden import rules_context
from services.waste.selectors import garden as selectors
from services.waste.selectors.garden import Shown
from services.waste.views.find_address import find_address as _find_address


def _request_type():
    request_type = selectors.request_type_get()
    if request_type is None:
        raise Http404
    return request_type


def _case_url(case) -> str:
    return reverse("casework:detail", kwargs={"reference": case.reference})


# --- Your subscriptions ------------------------------------------------------------------------


@signed_in_required
def garden(request):
    user = request.user
    on = clock.today()
    rules = selectors.policy()
    rows = selectors.garden_rows(user=user, on=on, rules=rules)
    address = user.address if user.address_id else None
    if address is not None and any(
        row.live and row.subscription.address_id == address.uprn for row in rows
    ):
        address = None  # theirs is already subscribed: only "a different address" is offered
    return render(
        request,
        "waste/garden/list.html",
        {
            "rows": rows,
            "request_type": selectors.request_type_get(),
            "address": address,
            "today": on,
            **rules_context(rules),
        },
    )


@signed_in_required
def find_address(request):
    _request_type()
    return _find_address(
        request,
        url_name="waste:garden_address",
        caption=_("Subscribe to garden waste collections"),
        back_url=reverse("waste:garden"),
        chosen_url=lambda uprn: reverse("waste:garden_subscribe", kwargs={"uprn": uprn}),
    )


@signed_in_required
def sent(request, reference):
    case = selectors.case_for_confirmation(user=request.user, reference=reference)
    subscription = selectors.subscription_for_case(case=case)
    on = clock.today()
    state = selectors.shown_state(subscription, on=on) if subscription else None
    if state not in (Shown.ACTIVE, Shown.UPCOMING):
        return redirect(_case_url(case))  # unpaid or given up: the case page says so
    return render(
        request,
        "waste/garden/confirmation.html",
        {
            "case": case,
            "subscription": subscription,
            "bins": selectors.bins_text(subscription.bins),
            "next_collection": selectors.next_collection_for(subscription, on=on),
            "case_url": _case_url(case),
        },
    )


# --- Cancelling ---------------------------------------------------------------------------------


@signed_in_required
def cancel(request, subscription_id):
    subscription = selectors.subscription_for_owner(
        user=request.user, subscription_id=subscription_id
    )
    on = clock.today()
    state = selectors.shown_state(subscription, on=on)
    if state not in selectors.LIVE:
        messages.info(request, _("That subscription has already ended or been cancelled."))
        return redirect("waste:garden")
    form = forms.CancelForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.garden_cancel(
                user=request.user, subscription=subscription, reason=form.cleaned_data["reason"]
            )
        except actions.GardenRefused as refused:
            messages.info(request, str(refused))
            return redirect("waste:garden")
        messages.success(request, _("You have cancelled your garden waste subscription"))
        return redirect("waste:garden")
    return render_form(
        request,
        "waste/garden/cancel.html",
        {
            "form": form,
            "subscription": subscription,
            "paid": state != Shown.AWAITING_PAYMENT,
            "bins": selectors.bins_text(subscription.bins),
        },
    )

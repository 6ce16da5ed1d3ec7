"""Garden waste subscriptions (issue 5, waste item 6): subscribe, pay, renew, cancel.

/waste/garden/                              your subscriptions: state, dates, bins, next
                                            collection, renew and cancel
/waste/garden/address/?postcode=            find another address by postcode
/waste/garden/<uprn>/                       subscribing, on the journey engine
                                            (services.waste.journeys.garden): how many
                                            bins (or why you cannot subscribe), check/
                                            with the price; POST subscribes, then pay
/waste/garden/subscription/<id>/renew/      how many bins for the renewal
/waste/garden/subscription/<id>/renew/<bins>/
                                            check the renewal; POST renews and goes to pay
/waste/garden/subscription/<id>/cancel/     are you sure? (no refund); POST cancels
/waste/garden/sent/<reference>/             confirmation once paid (unpaid: the case page)

Thin views: ``selectors.garden`` reads, ``actions.garden`` writes. A subscription is
active only once the payment provider confirms the payment (the payment listener in
``actions.garden``), never because the resident came back from the payment page.
"""

from urllib.parse import urlencode

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.decorators import signed_in_required
from casework import payments
from casework.forms import send_form_checked
from portal.rendering import render_form
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


def _sent_url(case) -> str:
    return reverse("waste:garden_sent", kwargs={"reference": case.reference})


def _with_bins(url: str, bins: int) -> str:
    return f"{url}?{urlencode({'bins': bins})}"


def _renew_check_url(subscription, bins: int) -> str:
    return reverse(
        "waste:garden_renew_check", kwargs={"subscription_id": subscription.pk, "bins": bins}
    )


def _pay(request, case):
    """On to the payment provider; if it cannot be reached, the case page offers "Pay now"."""
    from integrations.pay.actions import PaymentUnavailable

    if not payments.case_needs_payment(case):
        return redirect(_sent_url(case))
    try:
        payment = payments.case_payment_start(
            case=case, user=request.user, return_to=_sent_url(case)
        )
    except PaymentUnavailable as exc:
        messages.warning(
            request,
            _(
                "We have your subscription, but we could not take you to the payment page. "
                "%(reason)s"
            )
            % {"reason": str(exc)},
        )
        return redirect(_case_url(case))
    return redirect(payment.next_url)


# --- Your subscriptions ------------------------------------------------------------------------


@signed_in_required
def garden(request):
    user = request.user
    on = selectors.today()
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
    on = selectors.today()
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


# --- Renewing ---------------------------------------------------------------------------------


def _send_form(request, quote, *, changed_message):
    """Check your renewal's form: for the quote shown, or as posted (if still for it)."""
    if request.method != "POST":
        return forms.SendForm(initial={"version": quote.version})
    return send_form_checked(
        forms.SendForm, request.POST, version=quote.version, changed_message=changed_message
    )


def _bins_allowed(bins: int, rules) -> bool:
    return 1 <= bins <= rules.garden_max_bins


def _renewal_blocked(request, subscription, *, on, rules):
    """The page that says why it cannot be renewed (or where its renewal is), or None."""
    renewal = selectors.live_renewal_of(subscription=subscription, on=on)
    refusal = selectors.renewal_refusal(subscription, on=on, renewal=renewal, rules=rules)
    if not refusal:
        return None
    return render(
        request,
        "waste/garden/renew.html",
        {
            "subscription": subscription,
            "refusal": refusal,
            "renewal": renewal,
            "renewal_unpaid": renewal is not None and payments.case_needs_payment(renewal.case),
        },
    )


@signed_in_required
def renew(request, subscription_id):
    subscription = selectors.subscription_for_owner(
        user=request.user, subscription_id=subscription_id
    )
    _request_type()
    on = selectors.today()
    rules = selectors.policy()
    blocked = _renewal_blocked(request, subscription, on=on, rules=rules)
    if blocked is not None:
        return blocked
    choices = selectors.bin_choices(rules)
    if request.method == "POST":
        form = forms.BinsForm(request.POST, choices=choices)
        if form.is_valid():
            return redirect(_renew_check_url(subscription, form.cleaned_data["bins"]))
    else:
        bins = request.GET.get("bins") or min(subscription.bins, rules.garden_max_bins)
        form = forms.BinsForm(initial={"bins": bins}, choices=choices)
    return render_form(
        request,
        "waste/garden/renew.html",
        {"form": form, "subscription": subscription, **rules_context(rules)},
    )


@signed_in_required
def renew_check(request, subscription_id, bins):
    subscription = selectors.subscription_for_owner(
        user=request.user, subscription_id=subscription_id
    )
    request_type = _request_type()
    on = selectors.today()
    rules = selectors.policy()
    renew_url = reverse("waste:garden_renew", kwargs={"subscription_id": subscription.pk})
    if not _bins_allowed(bins, rules):
        return redirect(renew_url)
    if request.method == "POST":
        renewal = selectors.live_renewal_of(subscription=subscription, on=on)
        if renewal is not None:
            return _pay(request, renewal.case)  # a second click: pay for the first
    blocked = _renewal_blocked(request, subscription, on=on, rules=rules)
    if blocked is not None:
        return blocked
    quote = selectors.quote_renewal(subscription=subscription, bins=bins, rules=rules)
    form = _send_form(
        request,
        quote,
        changed_message=_("The price has changed since this page was shown. Check it, then renew"),
    )
    if form.is_bound and not form.errors:
        try:
            renewal = actions.garden_renew(
                user=request.user,
                subscription=subscription,
                bins=bins,
                request_type=request_type,
                on=on,
            )
        except actions.AlreadyRenewed as exc:
            return _pay(request, exc.renewal.case)
        except actions.GardenRefused:
            return redirect(renew_url)
        return _pay(request, renewal.case)
    return render_form(
        request,
        "waste/garden/renew_check.html",
        {
            "form": form,
            "subscription": subscription,
            "address": subscription.address,
            "quote": quote,
            "change_url": _with_bins(renew_url, bins),
        },
    )


# --- Cancelling ---------------------------------------------------------------------------------


@signed_in_required
def cancel(request, subscription_id):
    subscription = selectors.subscription_for_owner(
        user=request.user, subscription_id=subscription_id
    )
    on = selectors.today()
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

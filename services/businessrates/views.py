"""Business rates (A2): a business account's own service, behind the second factor.
Linking it with details from the bill is the linking core's page (``linking.views.link``,
in the words of ``link.LINKABLE``). A page only ever shows the account linked to the person
signed in, or, while an agent helps a caller, the caller's."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.assisting import current_citizen
from accounts.decorators import tier2_required
from casework.resident.account_payment_views import account_pay_page
from services.businessrates import actions, paying, selectors
from services.businessrates.apps import SLUG


def _unavailable(request):
    return render(request, "businessrates/unavailable.html", status=503)


@tier2_required
def account(request):
    # While an agent helps a caller, the caller's account (tier 2 checked who they are); one
    # not linked yet is linked on the contact centre's page ("Link your account").
    citizen = current_citizen(request)
    try:
        found = actions.business_rates_account_open(user=citizen)
    except selectors.RevenuesUnavailable:
        return _unavailable(request)
    if found is None:
        return render(request, "businessrates/not_linked.html")
    pending = paying.pending_payments(user=citizen, account_number=found.link.account_ref)
    return render(request, "businessrates/account.html", {"view": found, "pending": pending})


@tier2_required
def pay(request):
    """Choose what to pay (the next instalment or the overdue amount, the balance, another
    amount), then on to the payment provider; back to the account page."""
    try:
        view = actions.business_rates_account_open(user=request.user)
    except selectors.RevenuesUnavailable:
        return _unavailable(request)
    if view is None:
        return redirect("businessrates:link")
    choices = paying.payment_choices(view)
    if not choices:
        return render(request, "businessrates/nothing_to_pay.html", {"view": view})
    number = view.account.account_number
    return account_pay_page(
        request,
        service=SLUG,
        account_number=number,
        choices=choices,
        balance_pence=view.account.balance_pence,
        return_to=reverse("businessrates:account"),
        page={
            "heading": _("Pay your business rates"),
            "caption": _("Business rates account %(number)s") % {"number": number},
            "note": _(
                "You will pay by card on the next page. Your payment shows on your account as "
                "pending until our business rates system has it, usually within minutes."
            ),
            "back_url": reverse("businessrates:account"),
            "here": reverse("businessrates:pay"),
        },
    )


@tier2_required
def unlink(request):
    if request.method == "POST":
        if actions.business_rates_unlink(user=request.user):
            messages.success(request, _("Your business rates account is no longer linked"))
        return redirect("account_home")
    return render(
        request,
        "businessrates/unlink.html",
        {"link": selectors.business_rates_link_get(user=request.user)},
    )

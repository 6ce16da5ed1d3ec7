"""Council tax: the resident's account (tier 2). Linking it with details from the bill is
the linking core's page (``linking.views.link``, in the words of ``link.LINKABLE``).

Each page's access is decided by ``tier2_required`` and the person's own link (a page only
ever shows the account linked to the person signed in, or, while an agent helps a caller,
the caller's)."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from accounts.assisting import current_citizen
from accounts.decorators import tier2_required
from services.counciltax import actions, paying, reminders, selectors


def _unavailable(request):
    return render(request, "counciltax/unavailable.html", status=503)


@tier2_required
def account(request):
    """The account page: bill, band, instalments, payments, balance, earlier years."""
    # While an agent helps a caller, the caller's account (tier 2 checked who they are).
    citizen = current_citizen(request)
    try:
        found = actions.council_tax_account_open(user=citizen)
    except selectors.RevenuesUnavailable:
        return _unavailable(request)
    if found is None:
        return render(request, "counciltax/not_linked.html")
    number = found.link.account_ref
    context = {
        "view": found,
        "pending": paying.pending_payments(user=citizen, account_number=number),
        "reminders_on": reminders.reminders_on(user=citizen, account_number=number),
    }
    return render(request, "counciltax/account.html", context)


@tier2_required
def unlink(request):
    """GET asks "are you sure?"; POST unlinks (the account itself is not touched)."""
    link = selectors.council_tax_link_get(user=request.user)
    if request.method == "POST":
        if actions.council_tax_unlink(user=request.user):
            messages.success(request, _("Your council tax account is no longer linked"))
        return redirect("account_home")
    return render(request, "counciltax/unlink.html", {"link": link})


@tier2_required
def benefits(request):
    """Housing Benefit and Council Tax Support claims on the linked account: entitlement,
    payments (to the resident or their landlord), and the next payment date."""
    try:
        found = actions.council_tax_account_open(user=request.user)
    except selectors.RevenuesUnavailable:
        return _unavailable(request)
    if found is None:
        return render(request, "counciltax/not_linked.html")
    return render(request, "counciltax/benefits.html", {"view": found})

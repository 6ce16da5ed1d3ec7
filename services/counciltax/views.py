"""Council tax: the resident's account (tier 2), and linking it with details from the bill.

Each page's access is decided by ``tier2_required`` and the person's own link (a page only
ever shows the account linked to the person signed in)."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.assisting import current_citizen
from accounts.decorators import tier2_required
from linking.staff_views import for_caller_redirect
from services.counciltax import actions, paying, reminders, selectors
from services.counciltax.apps import SLUG
from services.counciltax.forms import LinkForm


def _unavailable(request):
    return render(request, "counciltax/unavailable.html", status=503)


@tier2_required
def account(request):
    """The account page: bill, band, instalments, payments, balance, earlier years."""
    try:
        # While an agent helps a caller, the caller's account (tier 2 checked who they are).
        found = actions.council_tax_account_open(user=current_citizen(request))
    except selectors.RevenuesUnavailable:
        return _unavailable(request)
    if found is None:
        return render(request, "counciltax/not_linked.html")
    number = found.link.account_ref
    context = {
        "view": found,
        "pending": paying.pending_payments(user=request.user, account_number=number),
        "reminders_on": reminders.reminders_on(user=request.user, account_number=number),
    }
    return render(request, "counciltax/account.html", context)


def _wrong_details(result) -> str:
    return ngettext(
        "The details do not match our records. Check them against your latest bill. "
        "You have %(count)d more try before linking is locked.",
        "The details do not match our records. Check them against your latest bill. "
        "You have %(count)d more tries before linking is locked.",
        result.tries_left,
    ) % {"count": result.tries_left}


@tier2_required
def link(request):
    """Prove the account is yours: account number, postcode, first instalment."""
    if (elsewhere := for_caller_redirect(request, service=SLUG)) is not None:
        return elsewhere  # an agent helping a caller links for them on the staff page
    if selectors.council_tax_link_get(user=request.user) is not None:
        return redirect("counciltax:account")
    form = LinkForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            result = actions.council_tax_link(
                user=request.user,
                account_number=form.cleaned_data["account_number"],
                postcode=form.cleaned_data["postcode"],
                first_instalment_pence=form.cleaned_data["first_instalment"],
            )
        except selectors.RevenuesUnavailable:
            return _unavailable(request)
        if result.linked:
            messages.success(request, _("Your council tax account is linked"))
            return redirect("counciltax:account")
        if result.locked_until:
            return render(
                request, "counciltax/locked.html", {"locked_until": result.locked_until}, status=429
            )
        form.add_error(None, _wrong_details(result))
    return render(
        request, "counciltax/link.html", {"form": form}, status=400 if form.errors else 200
    )


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

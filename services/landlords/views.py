"""Housing Benefit paid direct to landlords: a landlord links their record with details from
the payment advice (the linking core's page, ``linking.views.link``, in the words of
``link.LINKABLE``), then, behind the second factor, sees each payment run and which tenants
it was for. A page only ever shows the record linked to the person signed in
(``selectors.landlord_link_get``)."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from accounts.assisting import current_citizen
from accounts.decorators import tier2_required
from services.landlords import actions, selectors


def _unavailable(request):
    return render(request, "landlords/unavailable.html", status=503)


@tier2_required
def payments(request):
    """The payment runs, newest first, each with its tenants, properties and amounts (while
    an agent helps a caller, the caller's: tier 2 checked who they are)."""
    try:
        found = actions.landlord_schedule_open(user=current_citizen(request))
    except selectors.RevenuesUnavailable:
        return _unavailable(request)
    if found is None:
        return render(request, "landlords/not_linked.html")
    return render(request, "landlords/payments.html", {"view": found})


@tier2_required
def unlink(request):
    if request.method == "POST":
        if actions.landlord_unlink(user=request.user):
            messages.success(request, _("Your landlord record is no longer linked"))
        return redirect("account_home")
    return render(
        request, "landlords/unlink.html", {"link": selectors.landlord_link_get(user=request.user)}
    )

"""Housing Benefit paid direct to landlords: a landlord links their record with details from
the payment advice, then, behind the second factor, sees each payment run and which tenants
it was for. A page only ever shows the record linked to the person signed in
(``selectors.landlord_link_get``)."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.decorators import tier2_required
from services.landlords import actions, selectors
from services.landlords.forms import LinkForm


def _unavailable(request):
    return render(request, "landlords/unavailable.html", status=503)


@tier2_required
def payments(request):
    """The payment runs, newest first, each with its tenants, properties and amounts."""
    try:
        found = actions.landlord_schedule_open(user=request.user)
    except selectors.RevenuesUnavailable:
        return _unavailable(request)
    if found is None:
        return render(request, "landlords/not_linked.html")
    return render(request, "landlords/payments.html", {"view": found})


@tier2_required
def link(request):
    if selectors.landlord_link_get(user=request.user) is not None:
        return redirect("landlords:payments")
    form = LinkForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            result = actions.landlord_link(
                user=request.user,
                reference=form.cleaned_data["reference"],
                postcode=form.cleaned_data["postcode"],
                last_run_pence=form.cleaned_data["last_payment"],
            )
        except selectors.RevenuesUnavailable:
            return _unavailable(request)
        if result.linked:
            messages.success(request, _("Your landlord record is linked"))
            return redirect("landlords:payments")
        if result.locked_until:
            return render(
                request, "landlords/locked.html", {"locked_until": result.locked_until}, status=429
            )
        form.add_error(
            None,
            ngettext(
                "The details do not match our records. Check them against your latest "
                "payment advice. You have %(count)d more try before linking is locked.",
                "The details do not match our records. Check them against your latest "
                "payment advice. You have %(count)d more tries before linking is locked.",
                result.tries_left,
            )
            % {"count": result.tries_left},
        )
    return render(
        request, "landlords/link.html", {"form": form}, status=400 if form.errors else 200
    )


@tier2_required
def unlink(request):
    if request.method == "POST":
        if actions.landlord_unlink(user=request.user):
            messages.success(request, _("Your landlord record is no longer linked"))
        return redirect("account_home")
    return render(
        request, "landlords/unlink.html", {"link": selectors.landlord_link_get(user=request.user)}
    )

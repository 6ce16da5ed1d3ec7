"""Linking without the bill: ask for a PIN posted to the property, then enter it (tier 2)."""

from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from accounts.decorators import staff_required, tier2_required
from core.rendering import render_form
from linking.staff_views import for_caller_redirect
from linking.views import locked_page
from services.counciltax import pins, selectors
from services.counciltax.apps import SLUG
from services.counciltax.forms import PinEnterForm, PinRequestForm
from services.counciltax.link import LINKABLE
from services.counciltax.views import _unavailable


def _locked(request, locked_until):
    return locked_page(request, own=LINKABLE.own, locked_until=locked_until)


def _taken() -> str:
    return LINKABLE.own.taken % {"phone": settings.COUNCIL_CONTACT_PHONE}


@tier2_required
def pin_request(request):
    """ "I do not have my bill": account number and postcode; a PIN is posted there."""
    if (elsewhere := for_caller_redirect(request, service=SLUG)) is not None:
        return elsewhere  # an agent helping a caller links for them on the staff page
    if selectors.council_tax_link_get(user=request.user) is not None:
        return redirect("counciltax:account")
    waiting = pins.pin_waiting(user=request.user)
    if waiting is not None and request.method != "POST":
        return render(request, "counciltax/pin_sent.html", {"pin": waiting})
    form = PinRequestForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            asked = pins.council_tax_pin_request(
                user=request.user,
                account_number=form.cleaned_data["account_number"],
                postcode=form.cleaned_data["postcode"],
            )
        except selectors.RevenuesUnavailable:
            return _unavailable(request)
        if asked.sent is not None:
            return render(request, "counciltax/pin_sent.html", {"pin": asked.sent})
        if asked.taken:  # right details, nothing to correct: what to do instead (200)
            form.add_error(None, _taken())
            return render(request, "counciltax/pin_request.html", {"form": form})
        if asked.link_result.locked_until:
            return _locked(request, asked.link_result.locked_until)
        form.add_error(None, asked.wrong_details())
    return render_form(request, "counciltax/pin_request.html", {"form": form})


@tier2_required
def pin_enter(request):
    """Enter the PIN from the letter: the account it was posted for is linked."""
    if (elsewhere := for_caller_redirect(request, service=SLUG)) is not None:
        return elsewhere  # an agent helping a caller links for them on the staff page
    if selectors.council_tax_link_get(user=request.user) is not None:
        return redirect("counciltax:account")
    form = PinEnterForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        result = pins.council_tax_pin_enter(user=request.user, pin=form.cleaned_data["pin"])
        if result.linked:
            messages.success(request, _("Your council tax account is linked"))
            return redirect("counciltax:account")
        if result.locked_until:
            return _locked(request, result.locked_until)
        if result.taken:  # the right PIN, nothing to correct: what to do instead (200)
            form.add_error(None, _taken())
            return render(request, "counciltax/pin_enter.html", {"form": form})
        form.add_error(
            "pin",
            _("The PIN is not right, or it has run out. You have %(count)d more tries.")
            % {"count": result.tries_left},
        )
    return render_form(request, "counciltax/pin_enter.html", {"form": form})


@staff_required
def print_room(request):
    """Staff: PIN letters to print and post, oldest first. "Posted" deletes the letter."""
    if request.method == "POST":
        try:
            pin_id = int(request.POST.get("pin", ""))
        except ValueError:
            pin_id = 0
        if pins.pin_letter_posted(pin_id=pin_id) is not None:
            messages.success(request, _("Letter marked as posted"))
        return redirect("counciltax_staff:print_room")
    return render(
        request, "counciltax/staff/print_room.html", {"letters": pins.print_room_letters()}
    )

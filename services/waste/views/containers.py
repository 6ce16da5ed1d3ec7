"""Order a bin or box (issue 5, waste item 4): which one, why and how many, then pay if
the council charges for it.

/waste/bins/                           start: your address, or another one
/waste/bins/address/?postcode=         find another address by postcode
/waste/bins/<uprn>/                    the order (services.waste.journeys.containers, on
                                       casework.journeys): which bin or box, details/ (why
                                       and how many), check/ (POST orders it, and goes on
                                       to pay when there is a price), sent/<reference>/,
                                       outcome/ (nothing to order, already ordered)

The answers are kept in the resident's draft by the journey engine. Every page works
without JavaScript; bad input is a 400 with an error summary.
"""

from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.decorators import signed_in_required
from services.waste.selectors import containers as selectors
from services.waste.views.find_address import find_address as _find_address


@signed_in_required
def start(request):
    user = request.user
    return render(
        request,
        "waste/containers/start.html",
        {
            "request_type": selectors.request_type_get(),
            "address": user.address if user.address_id else None,
        },
    )


@signed_in_required
def find_address(request):
    if selectors.request_type_get() is None:
        raise Http404
    return _find_address(
        request,
        url_name="waste:containers_address",
        caption=str(_("Order a bin or box")),
        back_url=reverse("waste:containers_start"),
        chosen_url=lambda uprn: reverse("waste:containers_choose", kwargs={"uprn": uprn}),
    )

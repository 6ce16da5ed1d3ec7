"""Ask for an assisted bin collection (issue 5, waste item 7).

/waste/assisted/                        start: who it is for, what we ask and why
/waste/assisted/address/?postcode=      find another address by postcode
/waste/assisted/<uprn>/                 the request (services.waste.journeys.assisted, on
                                        casework.journeys): who needs help, household/
                                        (can anyone aged 16 or over put the bins out?),
                                        bins/ (where they are kept), check/, sent/<reference>/,
                                        outcome/ (we cannot offer it, already asked)

The answers are kept in the resident's draft by the journey engine. Every page works
without JavaScript; bad input is a 400 with an error summary.
"""

from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.decorators import signed_in_required
from services.waste.selectors import assisted as selectors
from services.waste.views.find_address import find_address as _find_address


@signed_in_required
def start(request):
    user = request.user
    return render(
        request,
        "waste/assisted/start.html",
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
        url_name="waste:assisted_address",
        caption=_("Ask for an assisted bin collection"),
        back_url=reverse("waste:assisted_start"),
        chosen_url=lambda uprn: reverse("waste:assisted_about", kwargs={"uprn": uprn}),
    )

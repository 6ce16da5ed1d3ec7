"""Report a missed bin (issue 5, waste item 3): address, bin, then what the council knows.

/waste/missed/                           start: your address, or another one
/waste/missed/address/?postcode=         find another address by postcode
/waste/missed/<uprn>/                    the report (services.waste.journeys.missed, on
                                         casework.journeys): which bin was not emptied,
                                         outcome/ (what we know: the crew's reason, a notice,
                                         already reported, too early or late), check/ (POST
                                         reports it), sent/<reference>/

``selectors.missed.missed_assess`` decides what the resident is told and
``actions.missed.missed_collection_report`` makes the case. Every page works without
JavaScript; bad input is a 400 with an error summary.
"""

from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.decorators import signed_in_required
from portal.templatetags.govuk import govuk_time
from services.waste.forms import missed as forms
from services.waste.selectors import missed as selectors
from services.waste.views.find_address import find_address as _find_address


@signed_in_required
def start(request):
    user = request.user
    address = user.address if user.address_id else None
    return render(
        request,
        "waste/missed/start.html",
        {
            "request_type": selectors.request_type_get(),
            "address": address,
            "report_days": selectors.report_days(),
            "rounds_end": govuk_time(selectors.ROUNDS_END),
        },
    )


@signed_in_required
def find_address(request):
    if selectors.request_type_get() is None:
        raise Http404
    return _find_address(
        request,
        url_name="waste:missed_address",
        caption=_("Report a missed bin collection"),
        back_url=reverse("waste:missed_start"),
        chosen_url=lambda uprn: reverse("waste:missed_bin", kwargs={"uprn": uprn}),
        address_form=forms.AddressForm,
        postcode_template="waste/missed/address.html",
        choose_template="waste/missed/choose.html",
    )

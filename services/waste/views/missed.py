"""Report a missed bin: address, bin, then what the council knows.

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

from django.utils.translation import gettext_lazy as _

from core.formatting import govuk_time
from services.waste.forms import missed as forms
from services.waste.selectors import missed as selectors
from services.waste.views.find_address import entry_views

start, find_address = entry_views(
    "missed",
    caption=_("Report a missed bin collection"),
    request_type_get=selectors.request_type_get,
    first_url_name="waste:missed_bin",
    start_context=lambda: {
        "report_days": selectors.report_days(),
        "rounds_end": govuk_time(selectors.ROUNDS_END),
    },
    address_form=forms.AddressForm,
    postcode_template="waste/missed/address.html",
    choose_template="waste/missed/choose.html",
)

"""Ask for an assisted bin collection.

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

from django.utils.translation import gettext_lazy as _

from services.waste.selectors import assisted as selectors
from services.waste.views.find_address import entry_views

start, find_address = entry_views(
    "assisted",
    caption=_("Ask for an assisted bin collection"),
    request_type_get=selectors.request_type_get,
    first_url_name="waste:assisted_about",
)

"""Order a bin or box: which one, why and how many, then pay if
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

from django.utils.translation import gettext_lazy as _

from services.waste.selectors import containers as selectors
from services.waste.views.find_address import entry_views

start, find_address = entry_views(
    "containers",
    caption=_("Order a bin or box"),
    request_type_get=selectors.request_type_get,
    first_url_name="waste:containers_choose",
)

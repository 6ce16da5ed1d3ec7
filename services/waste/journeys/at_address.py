"""What the waste journeys for one address share (containers, assisted collection, missed
bin): the address is in the URL (``/waste/<feature>/<uprn>/``), the feature's request type
must be switched on, an address nobody collects bins from ends the journey before its
first question (``Journey.outcome``), and the check page lists the address with a
"Change" link back to where an address is chosen."""

from __future__ import annotations

from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from casework.journeys import Journey, Outcome
from services.waste.selectors.collections import address_rounds
from services.waste.selectors.common import address_get


class AddressJourney(Journey):
    namespace = "waste"
    start_url_name = ""  # the feature's start page
    address_url_name = ""  # the feature's "find an address by postcode" page
    other_address = ""  # the words of the link to that page
    no_collections = ""  # why nothing can be done for an address nobody collects from

    def request_type_get(self):
        raise NotImplementedError

    def request_type(self, *, uprn):
        address_get(uprn=uprn)  # 404 for an address not in the gazetteer
        request_type = self.request_type_get()
        if request_type is None:  # switched off by an administrator
            raise Http404
        return request_type

    def address(self, ctx):
        return ctx.once("address", lambda: address_get(uprn=ctx.url_kwargs["uprn"]))

    def has_collections(self, ctx) -> bool:
        return ctx.once("rounds", lambda: bool(address_rounds(address=self.address(ctx))))

    def back_url(self, ctx):
        return reverse(f"waste:{self.start_url_name}")

    def sent_url(self, ctx, case):
        """The confirmation, also after paying (it shows the case's page while unpaid)."""
        return self.url("sent", ctx, reference=case.reference)

    def outcome_page(self, ctx, title, *explanation, template="", **context) -> Outcome:
        """An outcome at this address, offering another address instead."""
        return Outcome(
            title=str(title),
            explanation=[str(line) for line in explanation],
            instead=[(str(self.other_address), reverse(f"waste:{self.address_url_name}"))],
            caption=self.address(ctx).single_line,
            template=template or "waste/outcomes/at_address.html",
            context=context,
        )

    def outcome(self, *, ctx, values, after):
        if after is None and not self.has_collections(ctx):
            return self.outcome_page(
                ctx,
                _("We do not collect bins from this address"),
                self.no_collections,
                contact="collect",
            )
        return None

    def address_row(self, ctx) -> dict:
        """Check your answers: the address, changed by choosing another."""
        address = self.address(ctx)
        mine = ctx.citizen.address_id == address.uprn
        href = reverse(f"waste:{self.start_url_name if mine else self.address_url_name}")
        return {
            "key": _("Address"),
            "value": "\n".join(address.lines),
            "href": href,
            "action": _("the address"),
        }

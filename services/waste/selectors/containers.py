"""Order a bin or box: what an address can have, and at what price.

Residents choose from the council's active container types (``ContainerType``,
edited in the admin) for the bins collected at the address, say why (a new property,
a replacement for one lost, stolen or damaged, or an additional one) and how many.
The council's price is per container (blank: free); an order with a price waits for
payment (``casework.payments``) before it goes ahead.

Two simple rules, explained on the page:

- at most ``max_quantity`` of one container in an order (1 rubbish bin, else 2);
- no additional rubbish bins (households have one, to keep rubbish down) and no
  additional garden waste bins (each comes with a garden waste subscription).

The answers wait in the resident's draft (the journey engine: services.waste.journeys.
containers); the order is read back from them and checked again against the council's
data on every page, so a container withdrawn or repriced meanwhile is noticed before
anything is sent.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import Address
from casework import workflow
from casework.models import Case, RequestType
from casework.money import format_pence
from services.waste.models import ContainerType, Stream
from services.waste.selectors.collections import address_rounds
from services.waste.selectors.common import active_request_type
from services.waste.selectors.common import address_get as address_get

REQUEST_TYPE = "container-order"
DEFAULT_MAX_QUANTITY = 2
MAX_QUANTITY = {Stream.REFUSE: 1}


class Reason(StrEnum):
    NEW = "new"
    REPLACEMENT = "replacement"
    ADDITIONAL = "additional"

    @property
    def label(self) -> str:
        return str(REASON_LABELS[self])


REASON_LABELS = {
    Reason.NEW: gettext_lazy("For a new property, or none was there when I moved in"),
    Reason.REPLACEMENT: gettext_lazy("To replace one that was lost, stolen or damaged"),
    Reason.ADDITIONAL: gettext_lazy("An additional one"),
}

# Streams that cannot have an additional container, and why (shown on the page).
NO_ADDITIONAL = {
    Stream.REFUSE: gettext_lazy(
        "We do not give additional rubbish bins. Each household has one, to keep the "
        "rubbish we send to landfill down. If it is full, you may be able to recycle more: "
        "recycling boxes and food caddies are free."
    ),
    Stream.GARDEN: gettext_lazy(
        "Each garden waste bin comes with a garden waste subscription. To have another "
        "garden waste bin emptied, subscribe for more bins."
    ),
}


def request_type_get() -> RequestType | None:
    """The container-order request type, unless an administrator has switched it off."""
    return active_request_type(REQUEST_TYPE)


def address_streams(*, address) -> set[str]:
    return {round_.stream for round_ in address_rounds(address=address)}


def _stream_order(stream: str) -> int:
    values = list(Stream.values)
    return values.index(stream) if stream in values else len(values)


def container_list(*, address) -> list[ContainerType]:
    """The containers that can be ordered for ``address``: its bins' streams, in stream order."""
    streams = address_streams(address=address)
    if not streams:
        return []
    found = ContainerType.objects.filter(active=True, stream__in=streams)
    return sorted(found, key=lambda c: (_stream_order(c.stream), c.name, c.pk))


def price_text(pence: int | None) -> str:
    """'£30' or 'Free'."""
    return format_pence(pence) if pence else _("Free")


def max_quantity(container: ContainerType) -> int:
    return MAX_QUANTITY.get(container.stream, DEFAULT_MAX_QUANTITY)


def additional_refusal(container: ContainerType) -> str:
    """Why an additional one of these cannot be ordered ('' when it can)."""
    reason = NO_ADDITIONAL.get(container.stream)
    return str(reason) if reason else ""


def reasons_for(container: ContainerType) -> list[Reason]:
    return [r for r in Reason if not (r == Reason.ADDITIONAL and additional_refusal(container))]


# --- An order, as the pages build it -------------------------------------------------------


@dataclass(frozen=True)
class Order:
    address: Address
    container: ContainerType
    reason: Reason
    quantity: int

    @property
    def price_each_pence(self) -> int:
        return self.container.price_pence or 0

    @property
    def total_pence(self) -> int:
        return self.price_each_pence * self.quantity

    @property
    def total_text(self) -> str:
        return price_text(self.total_pence)

    @property
    def price_each_text(self) -> str:
        return price_text(self.container.price_pence)

    @property
    def version(self) -> str:
        """What the check page showed: sending checks nothing changed since (price included)."""
        return ":".join(
            str(part)
            for part in (
                self.address.uprn,
                self.container.slug,
                self.reason.value,
                self.quantity,
                self.total_pence,
            )
        )

    def answers(self) -> dict:
        """The case's answers, in words a resident and the waste team read."""
        return {
            "container": self.container.name,
            "container_code": self.container.slug,
            "reason": self.reason.label,
            "quantity": self.quantity,
            "total": self.total_text,
        }

    def summary(self) -> str:
        what = self.container.name
        if self.quantity > 1:
            what = f"{self.quantity} × {what}"
        return _("%(what)s for %(address)s") % {"what": what, "address": self.address.line1}


# --- Orders already made ----------------------------------------------------------------------


def open_order_get(*, user, address, container: ContainerType) -> Case | None:
    """``user``'s open order of this container for this address, if there is one."""
    return (
        Case.objects.filter(
            request_type__slug=REQUEST_TYPE,
            resident=user,
            address=address,
            status__in=workflow.OPEN,
            answers__container_code=container.slug,
        )
        .select_related("request_type")
        .order_by("-created_at", "-pk")
        .first()
    )

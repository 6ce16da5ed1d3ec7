"""Who wants to hear what became of a payment.

A payment's ``purpose`` says whom it is for ("case:123"). A listener registered
for a prefix ("case:") is called as ``listener(payment, event)`` for every
payment whose purpose starts with it: once when the payment finishes (paid,
failed or cancelled) and once for each refund. Listeners run inside the
transaction that records the outcome, so if one raises, nothing is recorded and
the next confirmation (the return page or the reconcile job) tries again.
"""

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

from core.registry import Registry


class PaymentEvent(StrEnum):
    PAID = "paid"
    FAILED = "failed"  # declined, expired, or the provider failed: no money taken
    CANCELLED = "cancelled"  # the resident (or the council) cancelled: no money taken
    REFUNDED = "refunded"  # the latest of ``payment.refunds`` says how much
    # A refund the provider accepted ("submitted") and later could not make: the money
    # is still the council's to give back; the latest failed refund says how much.
    REFUND_FAILED = "refund_failed"


Listener = Callable[[object, PaymentEvent], None]


@dataclass(frozen=True)
class PaymentListener:
    """``listen(payment, event)`` for payments whose purpose starts with ``prefix``."""

    prefix: str
    listen: Listener


# By name, in the registry's order: one that must hear after another says ``after=``.
payment_listeners: Registry[PaymentListener] = Registry("payment listeners")


def listeners_for(purpose: str) -> list[Listener]:
    return [found.listen for found in payment_listeners if purpose.startswith(found.prefix)]

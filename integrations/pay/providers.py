"""The payment providers behind one small interface.

A provider has a ``name`` (stored on the Payment) and three calls:

- ``create(*, amount_pence, reference, description, return_url, email, language)``
  -> CreatedPayment (the provider's id, the card page URL, the state);
- ``get(provider_id)`` -> ProviderState (status and, when it failed, why);
- ``refund(provider_id, *, amount_pence, available_pence)`` -> ProviderRefund.
  ``available_pence`` is what we believe is still refundable: the provider
  refuses when it disagrees, so two refunds at once cannot both go through.

Each raises PaymentUnavailable when it cannot get an answer (nothing is decided
on a guess), and ``refund`` raises RefundRefused when the provider says no.

GOV.UK Pay (``govuk.py``) is used when PAY_API_KEY is set. Without one, the fake of
GOV.UK Pay (``fake.py``, asked in this process by ``govuk.InProcessFake``) takes
payments, unless PAY_FAKE_ALLOWED is off (production settings), in which case online
payment is simply not available. ``actions.active_provider`` and
``actions.provider_named`` choose between them.
"""

from dataclasses import dataclass
from typing import Protocol

from django.conf import settings
from django.utils.translation import gettext

from integrations.pay.models import FINISHED


class PaymentUnavailable(Exception):
    """The provider could not be reached or asked. ``str()`` is safe to show a resident;
    ``detail`` is for logs and staff (no personal data)."""

    def __init__(self, detail: str = ""):
        super().__init__(
            gettext(
                "Sorry, there is a problem with the payment service. You have not been "
                "charged. Try again later."
            )
        )
        self.detail = detail


class RefundRefused(Exception):
    """A refund that cannot be made; the message says why, for the member of staff."""


@dataclass(frozen=True)
class ProviderState:
    status: str  # a models.Status value
    code: str = ""  # the provider's failure code, e.g. GOV.UK Pay's "P0010"
    failure_message: str = ""  # our words for it: safe to store and show staff

    @property
    def finished(self) -> bool:
        return self.status in FINISHED


@dataclass(frozen=True)
class CreatedPayment:
    provider_id: str
    next_url: str
    state: ProviderState


@dataclass(frozen=True)
class ProviderRefund:
    provider_refund_id: str
    status: str  # "submitted", "success" or "error" (models.Refund.Status)


class Provider(Protocol):
    name: str

    def create(
        self,
        *,
        amount_pence: int,
        reference: str,
        description: str,
        return_url: str,
        email: str = "",
        language: str = "en",
        moto: bool = False,
    ) -> CreatedPayment: ...

    def get(self, provider_id: str) -> ProviderState: ...

    def refund(
        self, provider_id: str, *, amount_pence: int, available_pence: int
    ) -> ProviderRefund: ...

    def refund_get(self, provider_id: str, refund_id: str) -> ProviderRefund:
        """Where a refund the provider took as "submitted" has got to."""
        ...


def fake_active() -> bool:
    """The fake takes new payments (and its card page is served) only without a real key."""
    return settings.PAY_FAKE_ALLOWED and not settings.PAY_API_KEY

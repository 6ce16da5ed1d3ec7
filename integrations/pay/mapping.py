"""GOV.UK Pay's JSON to our values and back: pure functions, tested with recorded fixtures.

A payment (``POST /v1/payments`` and ``GET /v1/payments/{id}``) answers with
``payment_id``, ``state: {status, finished, code, message}``,
``_links.next_url.href`` and ``refund_summary: {status, amount_available,
amount_submitted}``. A refund (``POST /v1/payments/{id}/refunds``) answers with
``refund_id`` and ``status``. Errors carry ``code`` (P0102...) and ``description``.

A webhook (``webhook_event``) is ``{webhook_message_id, event_type, resource_id,
resource_type, resource}``, the resource being the payment as ``GET`` answers it,
signed with the webhook's signing secret (``signature_matches``).

The provider's free text (``message``, ``description``) is never kept: we store
its code and our own words for it, so nothing a resident typed can leak into logs.
"""

import hashlib
import hmac
from dataclasses import dataclass

from integrations.pay.models import Status
from integrations.pay.providers import CreatedPayment, ProviderRefund, ProviderState

MAX_AMOUNT_PENCE = 10_000_000  # GOV.UK Pay's limit: £100,000
MAX_TEXT = 255  # reference and description

DECLINED = "P0010"
EXPIRED = "P0020"
CANCELLED_BY_USER = "P0030"
CANCELLED_BY_SERVICE = "P0040"
PROVIDER_ERROR = "P0050"

FAILURE_MESSAGES = {
    DECLINED: "Card declined",
    EXPIRED: "Expired: not paid within 90 minutes",
    CANCELLED_BY_USER: "Cancelled by the resident",
    CANCELLED_BY_SERVICE: "Cancelled by the council",
    PROVIDER_ERROR: "The payment provider had a problem",
}
REFUND_STATUSES = {"submitted", "success", "error"}
# Refund errors that mean "not now, not like this" rather than "try again".
REFUND_REFUSALS = {
    "P0603": "The payment provider says this payment cannot be refunded (yet).",
    "P0604": "The amount left to refund has changed: reload the payment and try again.",
}


class BadResponse(ValueError):
    """The provider answered, but not with what its API promises."""


def language_for(language_code: str | None) -> str:
    """GOV.UK Pay's card pages come in English and Welsh."""
    return "cy" if (language_code or "").lower().startswith("cy") else "en"


def create_request(
    *,
    amount_pence: int,
    reference: str,
    description: str,
    return_url: str,
    email: str = "",
    language: str = "en",
    moto: bool = False,
) -> dict:
    body = {
        "amount": amount_pence,
        "reference": reference,
        "description": description,
        "return_url": return_url,
        "language": language_for(language),
    }
    if email:
        body["email"] = email  # pre-fills the card page and sends the receipt
    if moto:
        body["moto"] = True  # card details typed in by staff for a caller ("MOTO")
    return body


def payment_state(document: dict) -> ProviderState:
    """Our state from a payment's ``state``.

    GOV.UK Pay reports a resident pressing "Cancel payment" as failed with code
    P0030; for the resident and the case it is a cancellation, so we call it one.
    """
    state = document.get("state") if isinstance(document, dict) else None
    status = state.get("status") if isinstance(state, dict) else None
    if status not in Status.values:
        raise BadResponse(f"unknown payment status {status!r}")
    code = state.get("code") or ""
    if not isinstance(code, str) or len(code) > 10:
        raise BadResponse("unreadable failure code")
    if status == Status.FAILED and code == CANCELLED_BY_USER:
        status = Status.CANCELLED
    failure = ""
    if status in (Status.FAILED, Status.CANCELLED, Status.ERROR):
        failure = FAILURE_MESSAGES.get(code) or (f"Failed ({code})" if code else "Failed")
    return ProviderState(status=status, code=code, failure_message=failure)


def created_payment(document: dict, *, schemes: tuple[str, ...] = ("https://",)) -> CreatedPayment:
    """``schemes``: how the card page's address may start (GOV.UK Pay's: https only)."""
    state = payment_state(document)
    payment_id = document.get("payment_id")
    if not isinstance(payment_id, str) or not payment_id or len(payment_id) > 100:
        raise BadResponse("no payment_id")
    next_url = ((document.get("_links") or {}).get("next_url") or {}).get("href")
    if not isinstance(next_url, str) or not next_url.startswith(schemes):
        # Without a card page to send the resident to, the payment is of no use.
        raise BadResponse("no https next_url")
    return CreatedPayment(provider_id=payment_id, next_url=next_url, state=state)


def refund_available(document: dict) -> int | None:
    """What GOV.UK Pay says is left to refund, when it says."""
    summary = document.get("refund_summary") if isinstance(document, dict) else None
    amount = summary.get("amount_available") if isinstance(summary, dict) else None
    if isinstance(amount, int) and not isinstance(amount, bool) and amount >= 0:
        return amount
    return None


def refund_request(*, amount_pence: int, available_pence: int) -> dict:
    return {"amount": amount_pence, "refund_amount_available": available_pence}


def refund_result(document: dict) -> ProviderRefund:
    refund_id = document.get("refund_id") if isinstance(document, dict) else None
    status = document.get("status") if isinstance(document, dict) else None
    if not isinstance(refund_id, str) or not refund_id or status not in REFUND_STATUSES:
        raise BadResponse("not a refund")
    return ProviderRefund(provider_refund_id=refund_id, status=status)


def refund_refusal(code: str) -> str:
    return REFUND_REFUSALS.get(code) or f"The payment provider refused the refund ({code})."


# --- Webhooks --------------------------------------------------------------------------------

# Events whose payment (the event's resource) says how the payment ended.
PAYMENT_OUTCOME_EVENTS = frozenset(
    {
        "card_payment_succeeded",
        "card_payment_captured",
        "card_payment_settled",
        "card_payment_failed",  # declined, cancelled by the resident, or an error
        "card_payment_expired",  # not paid within GOV.UK Pay's 90 minutes
    }
)
REFUNDED_EVENT = "card_payment_refunded"  # one of its refunds has been made


@dataclass(frozen=True)
class WebhookEvent:
    event_type: str
    payment_id: str  # GOV.UK Pay's, "" for an event we do not use
    state: ProviderState | None = None  # for PAYMENT_OUTCOME_EVENTS
    amount_pence: int | None = None

    @property
    def used(self) -> bool:
        return self.event_type in PAYMENT_OUTCOME_EVENTS or self.event_type == REFUNDED_EVENT


def signature_matches(secret: str, body: bytes, signature: str) -> bool:
    """GOV.UK Pay's ``Pay-Signature``: the body's HMAC-SHA256 with the signing secret, in hex.
    Compared in constant time; no secret set matches nothing."""
    if not secret or not signature:
        return False
    expected = hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
    given = signature.strip().lower().encode("ascii", "replace")
    return hmac.compare_digest(expected.encode(), given)


def webhook_event(document) -> WebhookEvent:
    """The event a (signed) webhook body tells of. BadResponse when it is not one."""
    if not isinstance(document, dict) or not isinstance(document.get("event_type"), str):
        raise BadResponse("not a webhook event")
    event_type = document["event_type"][:100]
    if event_type not in PAYMENT_OUTCOME_EVENTS and event_type != REFUNDED_EVENT:
        return WebhookEvent(event_type=event_type, payment_id="")
    payment_id, resource = document.get("resource_id"), document.get("resource")
    if not isinstance(payment_id, str) or not payment_id or len(payment_id) > 100:
        raise BadResponse("no resource_id")
    if not isinstance(resource, dict) or resource.get("payment_id", payment_id) != payment_id:
        raise BadResponse("no payment for the resource_id")
    amount = resource.get("amount")
    if not isinstance(amount, int) or isinstance(amount, bool):
        raise BadResponse("no amount")
    return WebhookEvent(
        event_type=event_type,
        payment_id=payment_id,
        state=payment_state(resource) if event_type in PAYMENT_OUTCOME_EVENTS else None,
        amount_pence=amount,
    )

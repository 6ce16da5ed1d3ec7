"""Paying for a request: casework's side of the payment flow.

A request type with a fee makes its cases wait for payment. The resident is sent
to the payment provider from the case page; integrations.pay confirms the outcome
with the provider server side and tells the listener here, which records it on
the case through casework.actions. Nothing here ever decides a payment succeeded.
"""

import logging

from casework import actions
from casework.models import Case
from casework.workflow import Status
from integrations.pay.actions import payment_create
from integrations.pay.registry import PaymentListener, payment_listeners

log = logging.getLogger(__name__)

PURPOSE_PREFIX = "case:"


def case_purpose(case) -> str:
    return f"{PURPOSE_PREFIX}{case.pk}"


def case_needs_payment(case) -> bool:
    return case.status == Status.AWAITING_PAYMENT and bool(case.fee_pence)


def case_payment_start(*, case, user, return_to: str, moto: bool = False):
    """A payment for the case's fee, at the provider. Returns the Payment (send them to
    ``payment.next_url``). Raises PaymentUnavailable when the provider cannot be reached.
    ``moto``: an agent takes the fee by phone for the person (the receipt is still
    theirs: it goes to the case's person)."""
    rt = case.request_type
    return payment_create(
        amount_pence=case.fee_pence,
        description=rt.name,
        reference=case.reference,
        purpose=case_purpose(case),
        return_to=return_to,
        owner=case.resident or user,
        email=(case.resident.email if case.resident else case.contact_email) or "",
        moto=moto,
    )


def on_payment(payment, event) -> None:
    """Payment listener for "case:" purposes, inside the payment's transaction."""
    try:
        case_id = int(payment.purpose.removeprefix(PURPOSE_PREFIX))
    except ValueError:
        log.warning("payment %s: purpose is not a case", payment.pk)
        return
    amount = payment.amount_pence
    if str(event) == "refunded":
        refund = payment.refunds.order_by("-created_at", "-pk").first()
        amount = refund.amount_pence if refund else payment.refunded_pence
    elif str(event) == "refund_failed":
        refund = payment.refunds.filter(status="error").order_by("-created_at", "-pk").first()
        amount = refund.amount_pence if refund else 0
    try:
        actions.case_record_payment(
            case_id=case_id, outcome=str(event), amount_pence=amount, payment_id=str(payment.pk)
        )
    except Case.DoesNotExist:
        log.warning("payment %s: case %s no longer exists", payment.pk, case_id)


def register() -> None:
    payment_listeners.register("casework", PaymentListener(PURPOSE_PREFIX, on_payment))

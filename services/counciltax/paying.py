"""Paying council tax online (issue 14, item 4), on the payment core (integrations.pay).

``council_tax_payment_start`` records what the resident chose to pay and creates the
payment at the provider (purpose ``counciltax:<id>``). When the provider says it is paid
(``on_payment``, inside the payment's own transaction) the payment is written to the
outbox for the revenues system (``revenues.payment``, the CouncilTaxPayment's own
idempotency key, so a retry never takes it twice); the account shows it "pending". When
the revenues system has it (``on_delivery``, an outbox listener) it is "received" and
the resident's cached account is forgotten, so the next page shows it as paid. The
revenues system being down only delays it: the outbox keeps trying, for days, and then
puts it in front of staff ("needs attention"); it is never lost.
"""

import logging

from django.db import transaction
from django.utils.translation import gettext as _

from core import clock
from integrations.outbox.actions import message_enqueue
from integrations.pay.registry import PaymentEvent
from integrations.revenues import PAYMENT_KIND
from services.counciltax import selectors
from services.counciltax.models import CouncilTaxPayment

log = logging.getLogger(__name__)

PURPOSE_PREFIX = "counciltax:"
# Back-off doubles to 6 hours: 40 tries is about a week of the revenues system being down.
DELIVERY_ATTEMPTS = 40


class NothingToPay(Exception):
    """The account has nothing to pay in the way chosen."""


def payment_choices(view: selectors.AccountView) -> dict[str, int]:
    """What the resident may pay, in pence: the next instalment, the overdue amount, the
    balance (each only when there is one)."""
    choices = {}
    account, current = view.account, view.current
    if account is None or account.balance_pence <= 0:
        return choices
    if current is not None and current.overdue_pence:
        choices[CouncilTaxPayment.What.OVERDUE] = current.overdue_pence
    elif current is not None and current.next_due is not None:
        row = current.next_due
        choices[CouncilTaxPayment.What.INSTALMENT] = row.amount_pence - row.paid_pence
    choices[CouncilTaxPayment.What.BALANCE] = account.balance_pence
    return choices


def council_tax_payment_start(
    *, user, view: selectors.AccountView, what: str, amount_pence: int | None, return_to: str
) -> CouncilTaxPayment:
    """Record the payment and create it at the provider; send the resident to
    ``payment.payment.next_url``. Raises NothingToPay, or PaymentUnavailable (the provider
    cannot be reached: the resident is told, nothing is taken)."""
    from integrations.pay.actions import payment_create

    choices = payment_choices(view)
    if what == CouncilTaxPayment.What.AMOUNT:
        if not choices or not amount_pence or amount_pence <= 0:
            raise NothingToPay
        amount = amount_pence
    elif what in choices:
        amount = choices[what]
    else:
        raise NothingToPay
    number = view.account.account_number
    record = CouncilTaxPayment.objects.create(
        user=user, account_number=number, what=what, amount_pence=amount
    )
    try:
        payment = payment_create(
            amount_pence=amount,
            description=_("Council tax"),
            reference=f"CT{number}-{record.pk}",
            purpose=f"{PURPOSE_PREFIX}{record.pk}",
            return_to=return_to,
            owner=user,
            email=user.email or "",
        )
    except Exception:
        CouncilTaxPayment.objects.filter(pk=record.pk).update(
            state=CouncilTaxPayment.State.NOT_PAID
        )
        raise
    CouncilTaxPayment.objects.filter(pk=record.pk).update(payment=payment)
    record.payment = payment
    return record


def on_payment(payment, event) -> None:
    """Payment listener for "counciltax:" purposes, inside the payment's transaction."""
    try:
        record_id = int(payment.purpose.removeprefix(PURPOSE_PREFIX))
    except ValueError:
        log.warning("payment %s: purpose is not a council tax payment", payment.pk)
        return
    record = CouncilTaxPayment.objects.select_for_update().filter(pk=record_id).first()
    if record is None or record.state != CouncilTaxPayment.State.STARTED:
        return
    if str(event) != PaymentEvent.PAID:
        record.state = CouncilTaxPayment.State.NOT_PAID
        record.save(update_fields=["state"])
        return
    record.state = CouncilTaxPayment.State.PENDING
    record.paid_at = clock.now()
    record.save(update_fields=["state", "paid_at"])
    message_enqueue(
        kind=PAYMENT_KIND,
        payload={
            "account_number": record.account_number,
            "payment": {
                "amount_pence": record.amount_pence,
                "reference": payment.reference,
                "paid_at": record.paid_at.isoformat(),
            },
            "council_tax_payment": record.pk,
        },
        idempotency_key=f"counciltax-payment-{record.pk}",
        lock_key=f"revenues:{record.account_number}",
        max_attempts=DELIVERY_ATTEMPTS,
    )


def on_delivery(message, result) -> None:
    """Outbox listener for revenues.payment: the revenues system has the payment."""
    record_id = message.payload.get("council_tax_payment")
    if not record_id or message.state != message.State.DELIVERED:
        return
    record = CouncilTaxPayment.objects.select_for_update().filter(pk=record_id).first()
    if record is None or record.state == CouncilTaxPayment.State.RECEIVED:
        return
    record.state = CouncilTaxPayment.State.RECEIVED
    record.received_at = clock.now()
    record.revenues_reference = str(message.result.get("external_reference", ""))[:64]
    record.save(update_fields=["state", "received_at", "revenues_reference"])
    user = record.user
    transaction.on_commit(
        lambda: selectors.account_cache_forget(user=user, account_number=record.account_number)
    )


def pending_payments(*, user, account_number: str) -> list[CouncilTaxPayment]:
    """Paid by the resident, not on the revenues system's account yet."""
    return list(
        CouncilTaxPayment.objects.filter(
            user=user, account_number=account_number, state=CouncilTaxPayment.State.PENDING
        ).order_by("-paid_at")
    )


def register() -> None:
    from integrations.outbox.registry import Listener, listeners
    from integrations.pay.registry import PaymentListener, payment_listeners

    payment_listeners.register("council-tax", PaymentListener(PURPOSE_PREFIX, on_payment))
    listeners.register("council-tax-payments", Listener(on_delivery, kinds=(PAYMENT_KIND,)))


def council_tax_export(user) -> dict:
    """'Download my data': council tax payments made here, and instalment reminders."""
    from services.counciltax.models import InstalmentReminder

    return {
        "payments": [
            {
                "account_number": p.account_number,
                "amount_pence": p.amount_pence,
                "state": p.state,
                "paid_at": p.paid_at.isoformat() if p.paid_at else None,
                "revenues_reference": p.revenues_reference,
            }
            for p in CouncilTaxPayment.objects.filter(user=user).order_by("created_at", "pk")
        ],
        "instalment_reminders": [
            {"account_number": r.account_number, "reminders_on": r.active}
            for r in InstalmentReminder.objects.filter(user=user).order_by("pk")
        ],
    }

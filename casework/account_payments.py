"""Paying towards an account kept in another system (council tax, business rates), on the
payment core (integrations.pay, whose ``AccountPayment`` keeps each one).

A service registers an ``AccountService`` (its slug, the payment's purpose prefix, the
outbox kind that hands a payment to its system, and how to forget its cached account).
``account_payment_start`` records what the person chose to pay and creates the payment at
the provider (purpose ``<prefix><AccountPayment id>``). When the provider says it is paid
(``on_payment``, inside the payment's own transaction) the payment is written to the outbox
(one idempotency key a payment, so a retry never takes it twice); the account shows it
"pending". When the system has it (``on_delivery``, an outbox listener) it is "received" and
the person's cached account is forgotten, so the next page shows it as paid. The system
being down only delays it: the outbox keeps trying, for days, and then puts it in front of
staff ("needs attention"); it is never lost.

The outbox payload is the revenues contract's: ``{"account_number": "...", "payment":
{"amount_pence", "reference", "paid_at"}, "account_payment": <id>}``.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _

from casework.money import format_pence
from core import clock
from core.registry import Registry
from integrations.outbox.actions import message_enqueue
from integrations.outbox.registry import Listener, listeners
from integrations.pay.actions import payment_create
from integrations.pay.models import AccountPayment
from integrations.pay.registry import PaymentEvent, PaymentListener, payment_listeners

log = logging.getLogger(__name__)

# Back-off doubles to 6 hours: 40 tries is about a week of the other system being down.
DELIVERY_ATTEMPTS = 40


class NothingToPay(Exception):
    """The account has nothing to pay in the way chosen."""


@dataclass(frozen=True)
class AccountService:
    slug: str  # AccountPayment.service
    purpose_prefix: str  # "counciltax:"
    description: Callable[[], str]  # what the card page and receipt say, e.g. "Council tax"
    reference_prefix: str  # the payment reference starts with it and the account number
    outbox_kind: str  # the handler that gives the payment to the other system
    idempotency_prefix: str  # "<prefix>-<AccountPayment id>" is the outbox's key
    lock_prefix: str  # "<prefix>:<account number>": one delivery at a time an account
    forget_account: Callable[..., None]  # (user=, account_number=): drop the cached account


account_services: Registry[AccountService] = Registry(
    "services paid towards an account", key=lambda service: service.slug
)


def account_service_register(service: AccountService) -> None:
    """Called from the service's AppConfig.ready: the service, and the payment and outbox
    listeners that carry its payments on."""
    account_services.add(service)
    payment_listeners.register(
        f"account-payments-{service.slug}", PaymentListener(service.purpose_prefix, on_payment)
    )
    listeners.register(
        f"account-payments-{service.slug}", Listener(on_delivery, kinds=(service.outbox_kind,))
    )


def _service_for_purpose(purpose: str) -> AccountService | None:
    return next(
        (s for s in account_services.values() if purpose.startswith(s.purpose_prefix)), None
    )


CHOICE_LABELS = {
    AccountPayment.What.INSTALMENT: lambda: _("The next instalment: %(amount)s"),
    AccountPayment.What.OVERDUE: lambda: _("The overdue amount: %(amount)s"),
    AccountPayment.What.BALANCE: lambda: _("The balance for the year: %(amount)s"),
}


def choices_for_form(choices: dict[str, int]) -> list[tuple[str, str]]:
    """The radio buttons for ``choices`` (what -> pence), and "Another amount" after them."""
    labelled = [
        (what, CHOICE_LABELS[what]() % {"amount": format_pence(pence)})
        for what, pence in choices.items()
    ]
    return [*labelled, (AccountPayment.What.AMOUNT, _("Another amount"))] if labelled else []


def account_payment_start(
    *,
    service: str,
    user,
    account_number: str,
    choices: dict[str, int],
    what: str,
    amount_pence: int | None,
    return_to: str,
) -> AccountPayment:
    """Record the payment and create it at the provider; send the person to
    ``record.payment.next_url``. ``choices``: what the account allows (what -> pence).
    Raises NothingToPay, or PaymentUnavailable (the provider cannot be reached: the person
    is told, nothing is taken)."""
    kind = account_services.get(service)
    if what == AccountPayment.What.AMOUNT:
        if not choices or not amount_pence or amount_pence <= 0:
            raise NothingToPay
        amount = amount_pence
    elif what in choices:
        amount = choices[what]
    else:
        raise NothingToPay
    record = AccountPayment.objects.create(
        service=service, user=user, account_number=account_number, what=what, amount_pence=amount
    )
    try:
        payment = payment_create(
            amount_pence=amount,
            description=str(kind.description()),
            reference=f"{kind.reference_prefix}{account_number}-{record.pk}",
            purpose=f"{kind.purpose_prefix}{record.pk}",
            return_to=return_to,
            owner=user,
            email=user.email or "",
        )
    except Exception:
        AccountPayment.objects.filter(pk=record.pk).update(state=AccountPayment.State.NOT_PAID)
        raise
    AccountPayment.objects.filter(pk=record.pk).update(payment=payment)
    record.payment = payment
    return record


def on_payment(payment, event) -> None:
    """Payment listener for the registered purposes, inside the payment's transaction."""
    kind = _service_for_purpose(payment.purpose)
    try:
        record_id = int(payment.purpose.removeprefix(kind.purpose_prefix)) if kind else None
    except ValueError:
        record_id = None
    if record_id is None:
        log.warning("payment %s: purpose is not an account payment", payment.pk)
        return
    record = AccountPayment.objects.select_for_update().filter(pk=record_id).first()
    if record is None or record.state != AccountPayment.State.STARTED:
        return
    if str(event) != PaymentEvent.PAID:
        record.state = AccountPayment.State.NOT_PAID
        record.save(update_fields=["state"])
        return
    record.state = AccountPayment.State.PENDING
    record.paid_at = clock.now()
    record.save(update_fields=["state", "paid_at"])

    message_enqueue(
        kind=kind.outbox_kind,
        payload={
            "account_number": record.account_number,
            "payment": {
                "amount_pence": record.amount_pence,
                "reference": payment.reference,
                "paid_at": record.paid_at.isoformat(),
            },
            "account_payment": record.pk,
        },
        idempotency_key=f"{kind.idempotency_prefix}-{record.pk}",
        lock_key=f"{kind.lock_prefix}:{record.account_number}",
        max_attempts=DELIVERY_ATTEMPTS,
    )


def on_delivery(message, result) -> None:
    """Outbox listener: the other system has the payment."""
    # Messages written before payments were shared name the record "council_tax_payment"
    # (its id was kept when the records moved here).
    record_id = message.payload.get("account_payment") or message.payload.get("council_tax_payment")
    if not record_id or message.state != message.State.DELIVERED:
        return
    record = AccountPayment.objects.select_for_update().filter(pk=record_id).first()
    if record is None or record.state == AccountPayment.State.RECEIVED:
        return
    record.state = AccountPayment.State.RECEIVED
    record.received_at = clock.now()
    record.back_office_reference = str(message.result.get("external_reference", ""))[:64]
    record.save(update_fields=["state", "received_at", "back_office_reference"])
    kind = account_services.get(record.service)
    if kind is not None:
        user, number = record.user, record.account_number
        transaction.on_commit(lambda: kind.forget_account(user=user, account_number=number))


def account_payments_pending(*, user, service: str, account_number: str) -> list[AccountPayment]:
    """Paid by the person, not on the other system's account yet."""
    return list(
        AccountPayment.objects.filter(
            user=user,
            service=service,
            account_number=account_number,
            state=AccountPayment.State.PENDING,
        ).order_by("-paid_at")
    )


def account_payments_export(*, user, service: str) -> list[dict]:
    """'Download my data': the payments made here towards that service's accounts."""
    return [
        {
            "account_number": p.account_number,
            "amount_pence": p.amount_pence,
            "state": p.state,
            "paid_at": p.paid_at.isoformat() if p.paid_at else None,
            "revenues_reference": p.back_office_reference,
        }
        for p in AccountPayment.objects.filter(user=user, service=service).order_by(
            "created_at", "pk"
        )
    ]

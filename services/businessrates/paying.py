"""Paying business rates online, on the shared account payments (``casework.account_payments``;
purpose ``businessrates:<id>``, the revenues system's ``revenues.payment``, as council tax):
the account shows a payment "pending" until the revenues system has it, then reads the
account afresh; the system being down only delays it (outbox)."""

from django.utils.translation import gettext as _

from casework import account_payments
from integrations.pay.models import AccountPayment
from integrations.revenues import PAYMENT_KIND
from services.businessrates import selectors
from services.businessrates.apps import SLUG

PURPOSE_PREFIX = "businessrates:"


def payment_choices(view: selectors.AccountView) -> dict[str, int]:
    """What the business may pay, in pence: the overdue amount (instalments due before
    today and not paid) or else the next instalment, and the balance."""
    account = view.account
    if account is None or account.balance_pence <= 0:
        return {}
    bill = account.current_bill
    rows = bill.instalments if bill else []
    overdue = sum(i.amount_pence - i.paid_pence for i in rows if i.due_on < view.today)
    choices = {}
    if overdue > 0:
        choices[AccountPayment.What.OVERDUE] = overdue
    elif view.next_due is not None:
        choices[AccountPayment.What.INSTALMENT] = (
            view.next_due.amount_pence - view.next_due.paid_pence
        )
    choices[AccountPayment.What.BALANCE] = account.balance_pence
    return choices


def pending_payments(*, user, account_number: str) -> list[AccountPayment]:
    """Paid by the business, not on the revenues system's account yet."""
    return account_payments.account_payments_pending(
        user=user, service=SLUG, account_number=account_number
    )


def register() -> None:
    account_payments.account_service_register(
        account_payments.AccountService(
            slug=SLUG,
            purpose_prefix=PURPOSE_PREFIX,
            description=lambda: _("Business rates"),
            reference_prefix="NNDR",
            outbox_kind=PAYMENT_KIND,
            idempotency_prefix="businessrates-payment",
            lock_prefix="revenues",
            forget_account=selectors.account_cache_forget,
        )
    )


def business_rates_export(user) -> dict:
    """'Download my data': business rates payments made here."""
    return {"payments": account_payments.account_payments_export(user=user, service=SLUG)}

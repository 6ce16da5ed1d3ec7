"""Paying council tax online, on the shared account payments
(``casework.account_payments``; purpose ``counciltax:<id>``, the revenues system's
``revenues.payment``): the account shows a payment "pending" until the revenues system has
it, then reads the account afresh; the system being down only delays it (outbox)."""

from django.utils.translation import gettext as _

from casework import account_payments
from integrations.pay.models import AccountPayment
from integrations.revenues import PAYMENT_KIND
from services.counciltax import selectors
from services.counciltax.apps import SLUG
from services.counciltax.models import InstalmentReminder

PURPOSE_PREFIX = "counciltax:"


def payment_choices(view: selectors.AccountView) -> dict[str, int]:
    """What the resident may pay, in pence: the next instalment, the overdue amount, the
    balance (each only when there is one)."""
    choices = {}
    account, current = view.account, view.current
    if account is None or account.balance_pence <= 0:
        return choices
    if current is not None and current.overdue_pence:
        choices[AccountPayment.What.OVERDUE] = current.overdue_pence
    elif current is not None and current.next_due is not None:
        row = current.next_due
        choices[AccountPayment.What.INSTALMENT] = row.amount_pence - row.paid_pence
    choices[AccountPayment.What.BALANCE] = account.balance_pence
    return choices


def pending_payments(*, user, account_number: str) -> list[AccountPayment]:
    """Paid by the resident, not on the revenues system's account yet."""
    return account_payments.account_payments_pending(
        user=user, service=SLUG, account_number=account_number
    )


def register() -> None:
    account_payments.account_service_register(
        account_payments.AccountService(
            slug=SLUG,
            purpose_prefix=PURPOSE_PREFIX,
            description=lambda: _("Council tax"),
            reference_prefix="CT",
            outbox_kind=PAYMENT_KIND,
            idempotency_prefix="counciltax-payment",
            lock_prefix="revenues",
            forget_account=selectors.account_cache_forget,
        )
    )


def council_tax_export(user) -> dict:
    """'Download my data': council tax payments made here, and instalment reminders."""
    return {
        "payments": account_payments.account_payments_export(user=user, service=SLUG),
        "instalment_reminders": [
            {"account_number": r.account_number, "reminders_on": r.active}
            for r in InstalmentReminder.objects.filter(user=user).order_by("pk")
        ],
    }

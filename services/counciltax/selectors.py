"""Reads: the resident's linked council tax account, from the revenues system.

At most one call to the revenues system a page, with its timeout; the answer is cached
for ``REVENUES_CACHE_SECONDS`` under a key of this person's and this account's, so that
nobody else is ever shown it, and the page says how fresh it is.
"""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache

from casework.models import RequestType
from core import clock
from integrations.revenues import lookup
from integrations.revenues.mapping import Account, Bill
from linking.models import ServiceLink
from linking.selectors import service_link_get
from services.counciltax import rules
from services.counciltax.apps import CHANGE_TYPES, SLUG

RevenuesUnavailable = lookup.RevenuesUnavailable


def council_tax_link_get(*, user) -> ServiceLink | None:
    return service_link_get(user=user, service=SLUG)


def _cache_key(user, account_number: str) -> str:
    return f"counciltax:account:{user.pk}:{account_number}"


def account_cache_set(*, user, account: Account | None, account_number: str) -> None:
    value = (account, clock.now())
    cache.set(_cache_key(user, account_number), value, settings.REVENUES_CACHE_SECONDS)


def account_cache_forget(*, user, account_number: str) -> None:
    cache.delete(_cache_key(user, account_number))


@dataclass(frozen=True)
class InstalmentRow:
    due_on: datetime.date
    amount_pence: int
    paid_pence: int
    state: str  # rules.PAID, DUE, OVERDUE


@dataclass(frozen=True)
class BillView:
    bill: Bill
    instalments: tuple[InstalmentRow, ...]

    @property
    def overdue_pence(self) -> int:
        return sum(
            row.amount_pence - row.paid_pence for row in self.instalments if row.state == "overdue"
        )

    @property
    def next_due(self) -> InstalmentRow | None:
        return next((row for row in self.instalments if row.state == "due"), None)


@dataclass(frozen=True)
class AccountView:
    link: ServiceLink
    account: Account | None  # None: the revenues system no longer has this account number
    fetched_at: datetime.datetime
    bills: tuple[BillView, ...] = ()

    @property
    def current(self) -> BillView | None:
        return self.bills[0] if self.bills else None

    @property
    def previous(self) -> tuple[BillView, ...]:
        return self.bills[1:]

    @property
    def recovery_words(self) -> str:
        return rules.recovery_words(self.account.recovery_stage) if self.account else ""


def bill_view(bill: Bill, *, on: datetime.date) -> BillView:
    rows = tuple(
        InstalmentRow(
            due_on=i.due_on,
            amount_pence=i.amount_pence,
            paid_pence=i.paid_pence,
            state=rules.instalment_state(
                due_on=i.due_on, amount_pence=i.amount_pence, paid_pence=i.paid_pence, today=on
            ),
        )
        for i in bill.instalments
    )
    return BillView(bill=bill, instalments=rows)


def council_tax_account_get(*, link: ServiceLink) -> AccountView:
    """The linked account, cached briefly for this person; raises RevenuesUnavailable."""
    key = _cache_key(link.user, link.account_ref)
    cached = cache.get(key)
    if cached is None:
        account = lookup.account_get(account_number=link.account_ref)
        account_cache_set(user=link.user, account=account, account_number=link.account_ref)
        cached = cache.get(key) or (account, clock.now())
    account, fetched_at = cached
    on = clock.today()
    bills = tuple(bill_view(bill, on=on) for bill in account.bills) if account else ()
    return AccountView(link=link, account=account, fetched_at=fetched_at, bills=bills)


def change_request_type_get(*, slug: str):
    """One of the council tax change request types (apps.CHANGE_TYPES), unless an
    administrator has switched it off."""
    if slug not in CHANGE_TYPES:
        return None
    return RequestType.objects.filter(slug=slug, active=True).select_related("team").first()

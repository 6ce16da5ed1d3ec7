"""Reads: the business's linked business rates account, from the revenues system (the same
system as council tax): one call a page, cached briefly for that person only."""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache

from casework.models import RequestType
from core import clock
from integrations.revenues import lookup
from integrations.revenues.mapping import Account
from linking.models import ServiceLink
from linking.selectors import service_link_get
from services.businessrates.apps import CHANGE_TYPES, SLUG

RevenuesUnavailable = lookup.RevenuesUnavailable


def business_rates_link_get(*, user) -> ServiceLink | None:
    return service_link_get(user=user, service=SLUG)


def _cache_key(user, account_number: str) -> str:
    return f"businessrates:account:{user.pk}:{account_number}"


def account_cache_set(*, user, account: Account | None, account_number: str) -> None:
    value = (account, clock.now())
    cache.set(_cache_key(user, account_number), value, settings.REVENUES_CACHE_SECONDS)


def account_cache_forget(*, user, account_number: str) -> None:
    cache.delete(_cache_key(user, account_number))


@dataclass(frozen=True)
class AccountView:
    link: ServiceLink
    account: Account | None
    fetched_at: datetime.datetime
    today: datetime.date

    @property
    def next_due(self):
        bill = self.account.current_bill if self.account else None
        if bill is None:
            return None
        return next((i for i in bill.instalments if i.paid_pence < i.amount_pence), None)


def business_rates_account_get(*, link: ServiceLink) -> AccountView:
    """The linked account; raises RevenuesUnavailable."""
    key = _cache_key(link.user, link.account_ref)
    cached = cache.get(key)
    if cached is None:
        account = lookup.account_get(account_number=link.account_ref)
        account_cache_set(user=link.user, account=account, account_number=link.account_ref)
        cached = (account, clock.now())
    account, fetched_at = cached
    return AccountView(link=link, account=account, fetched_at=fetched_at, today=clock.today())


def change_request_type_get(*, slug: str):
    """One of the business rates change request types (apps.CHANGE_TYPES), unless an
    administrator has switched it off."""
    if slug not in CHANGE_TYPES:
        return None
    return RequestType.objects.filter(slug=slug, active=True).select_related("team").first()

"""Reads: the landlord's payment schedule, from the revenues and benefits system (one call a
page, cached briefly for that person only)."""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache

from core import clock
from integrations.revenues import lookup
from integrations.revenues.mapping import Landlord
from linking.models import ServiceLink
from linking.selectors import service_link_get
from services.landlords.apps import SLUG

RevenuesUnavailable = lookup.RevenuesUnavailable


def landlord_link_get(*, user) -> ServiceLink | None:
    """The one access rule of this service: the landlord record linked to this person."""
    return service_link_get(user=user, service=SLUG)


def _cache_key(user, reference: str) -> str:
    return f"landlords:record:{user.pk}:{reference}"


def landlord_cache_set(*, user, landlord: Landlord | None, reference: str) -> None:
    cache.set(_cache_key(user, reference), (landlord, clock.now()), settings.REVENUES_CACHE_SECONDS)


def landlord_cache_forget(*, user, reference: str) -> None:
    cache.delete(_cache_key(user, reference))


@dataclass(frozen=True)
class LandlordView:
    link: ServiceLink
    landlord: Landlord | None
    fetched_at: datetime.datetime


def landlord_schedule_get(*, link: ServiceLink) -> LandlordView:
    """The linked landlord's record; raises RevenuesUnavailable."""
    key = _cache_key(link.user, link.account_ref)
    cached = cache.get(key)
    if cached is None:
        landlord = lookup.landlord_get(reference=link.account_ref)
        landlord_cache_set(user=link.user, landlord=landlord, reference=link.account_ref)
        cached = (landlord, clock.now())
    landlord, fetched_at = cached
    return LandlordView(link=link, landlord=landlord, fetched_at=fetched_at)

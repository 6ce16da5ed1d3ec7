"""Reads: the tenant's linked tenancy and rent account (from the housing system), and their
repairs and reports (from casework).

At most one call to the housing system a page, with its timeout; the answer is cached for
``HOUSING_CACHE_SECONDS`` under a key of this person's and this tenancy's, so that nobody
else is ever shown it, and the page says how fresh it is.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache

from casework.models import Case, RequestType
from core import clock
from integrations.housing import lookup
from integrations.housing.mapping import Tenancy
from linking.models import ServiceLink
from linking.selectors import service_link_get
from services.housing import rules
from services.housing.apps import ASB, REPAIR, SLUG

HousingUnavailable = lookup.HousingUnavailable


def tenancy_link_get(*, user) -> ServiceLink | None:
    return service_link_get(user=user, service=SLUG)


def _cache_key(user, reference: str) -> str:
    return f"housing:tenancy:{user.pk}:{reference}"


def tenancy_cache_set(*, user, tenancy: Tenancy | None, reference: str) -> None:
    cache.set(_cache_key(user, reference), (tenancy, clock.now()), settings.HOUSING_CACHE_SECONDS)


def tenancy_cache_forget(*, user, reference: str) -> None:
    cache.delete(_cache_key(user, reference))


@dataclass(frozen=True)
class RentView:
    link: ServiceLink
    tenancy: Tenancy | None  # None: the housing system no longer has this tenancy
    fetched_at: datetime.datetime

    @property
    def arrears_words(self) -> str:
        if self.tenancy is None:
            return ""
        return rules.arrears_words(
            arrears_pence=self.tenancy.rent.arrears_pence,
            weekly_rent_pence=self.tenancy.weekly_rent_pence,
            has_arrangement=self.tenancy.rent.arrangement is not None,
        )

    @property
    def tenant_pays_weekly_pence(self) -> int:
        """What the tenant pays themselves each week, after housing costs."""
        if self.tenancy is None:
            return 0
        return max(0, self.tenancy.weekly_rent_pence - self.tenancy.rent.housing_costs_weekly_pence)


def tenancy_get(*, link: ServiceLink) -> RentView:
    """The linked tenancy, cached briefly for this person; raises HousingUnavailable."""
    key = _cache_key(link.user, link.account_ref)
    cached = cache.get(key)
    if cached is None:
        tenancy = lookup.tenancy_get(reference=link.account_ref)
        tenancy_cache_set(user=link.user, tenancy=tenancy, reference=link.account_ref)
        cached = (tenancy, clock.now())
    tenancy, fetched_at = cached
    return RentView(link=link, tenancy=tenancy, fetched_at=fetched_at)


def tenancy_cached(*, link: ServiceLink) -> Tenancy | None:
    """The tenancy if this person's page read it a moment ago; never asks the system."""
    cached = cache.get(_cache_key(link.user, link.account_ref))
    return cached[0] if cached else None


def request_type_get(slug: str) -> RequestType | None:
    return RequestType.objects.filter(slug=slug, active=True).first()


def repairs_list(*, user) -> list[Case]:
    """The tenant's repairs, newest first (with their appointments)."""
    return list(
        Case.objects.filter(resident=user, request_type__slug=REPAIR)
        .select_related("request_type", "booking__slot")
        .order_by("-created_at")[:20]
    )


def asb_reports_list(*, user) -> list[Case]:
    """The reports this tenant made: only ever their own."""
    return list(
        Case.objects.filter(resident=user, request_type__slug=ASB).order_by("-created_at")[:20]
    )


def repair_for_resident(*, user, reference: str) -> Case | None:
    """One of the tenant's own repairs, or None (someone else's is never found)."""
    return (
        Case.objects.filter(resident=user, request_type__slug=REPAIR, reference=reference)
        .select_related("request_type")
        .first()
    )

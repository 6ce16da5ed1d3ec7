"""Reads of service links: a person's link to a service, their links, any lock, and whether
someone else has an account linked."""

import datetime

from core import clock
from linking.models import LinkAttempts, ServiceLink


def service_link_get(*, user, service: str) -> ServiceLink | None:
    if not user.is_authenticated:
        return None
    return ServiceLink.objects.filter(user=user, service=service).first()


def service_links_list(*, user) -> list[ServiceLink]:
    return list(ServiceLink.objects.filter(user=user).order_by("service"))


def service_link_locked_until(*, user, service: str) -> datetime.datetime | None:
    """When this person may try to link the service again, if they are locked out now."""
    found = (
        LinkAttempts.objects.filter(user=user, service=service)
        .values_list("locked_until", flat=True)
        .first()
    )
    return found if found and found > clock.now() else None


def service_link_taken(*, user, service: str, account_ref: str) -> bool:
    """Someone other than ``user`` has this account of ``service`` linked."""
    return (
        ServiceLink.objects.filter(service=service, account_ref=account_ref)
        .exclude(user=user)
        .exists()
    )

"""Who a home message for "people who have a service" reaches (portal.campaigns): the
services offered as audiences, and how to tell whether a person has each.

The message's model offers these as the choices of its ``service`` field, so this module
imports no model of the portal.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from casework import registry
from services.waste.selectors.garden import has_active_subscription


@dataclass(frozen=True)
class ServiceAudience:
    label: str
    # (user, links by service slug, today) -> whether the person has the service.
    has: Callable[..., bool]


def _garden(user, links, today) -> bool:
    return has_active_subscription(user=user, on=today)


def service_audiences() -> dict[str, ServiceAudience]:
    """The services a message may be for: linked service accounts, and subscriptions."""
    audiences = {
        "garden-waste": ServiceAudience(_("Garden waste subscribers"), _garden),
    }
    for definition in registry.services():
        audiences[f"linked:{definition.slug}"] = ServiceAudience(
            _("Linked their %(service)s account") % {"service": definition.name},
            lambda user, links, today, slug=definition.slug: slug in links,
        )
    return audiences

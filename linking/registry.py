"""Services whose accounts the contact centre may link for a caller, registered in their
``AppConfig.ready()`` (the linking core never imports a service app).

A service describes how its reference is written (``clean_reference``: the tidy form, or
``ValueError`` with a message for the agent) and how to find the record behind it in its
back office (``find``: a ``Record`` or None; ``BackOfficeUnavailable`` when it cannot be
asked). ``linking.actions.service_link_for_caller`` does the rest, the same for every
service.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from core.registry import Registry


class BackOfficeUnavailable(Exception):
    """The service's back office cannot be asked now (down, slow or answering nonsense)."""


@dataclass(frozen=True)
class Record:
    """What the back office holds about an account, as far as linking needs it: whether it
    is live, and where and whose it is (to check it plausibly belongs to the caller)."""

    reference: str
    live: bool
    address: str
    postcode: str
    names: tuple[str, ...] = ()  # the liable people, tenants or business


@dataclass(frozen=True)
class Linkable:
    slug: str  # the service's slug, as ``ServiceLink.service`` keeps it
    name: str  # "council tax account", in a sentence
    reference_label: str  # "Council tax account number"
    reference_hint: str
    clean_reference: Callable[[str], str]
    find: Callable[[str], Record | None]


# Each service adds its Linkable (``linkables.add(Linkable(...), order=1)``); listed by order.
linkables: Registry[Linkable] = Registry("linkable services", key=lambda one: one.slug)

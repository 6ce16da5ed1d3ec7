"""Services whose accounts a person links to their online account, registered in their
``AppConfig.ready()`` (the linking core never imports a service app).

A service describes how its reference is written (``clean_reference``: the tidy form, or
``ValueError`` with a message to show) and how to find the record behind it in its back
office (``find``: a ``Record`` or None; ``BackOfficeUnavailable`` when it cannot be asked).
``linking.actions.service_link_for_caller`` does the rest for the contact centre, the same
for every service (``for_callers``).

Its ``own`` (an ``OwnLink``) is the resident's own "link your account" page
(``linking.views.link``, mounted by each service's ``urls.py``): the details it asks for,
every word the page says, and the service's check of the details
(``linking.actions.service_link_prove``).
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
class Detail:
    """One thing the resident's link form asks for: a field, its words and how it is read.

    ``name``: the form field's name (the page's labels and the error summary link to it).
    ``clean``: the value as the check wants it (a tidy reference, a postcode, pence), or
    ``ValueError`` with the message to show. ``inputmode``: the keyboard phones offer.
    """

    name: str
    label: str
    required: str  # the message when it is left empty
    clean: Callable[[str], object]
    hint: str = ""
    inputmode: str = ""


@dataclass(frozen=True)
class OwnLink:
    """The resident's own "link your account" page, in the service's words.

    The person proves the account is theirs with its reference, a postcode and an amount
    only its holder knows (from the bill, the rent letter, the payment advice).
    ``link(user=, reference=, postcode=, amount_pence=)`` is the service's check and try
    (counted by ``linking.actions.service_link_attempt``): a ``linking.actions.LinkResult``;
    it raises one of ``unavailable`` when the back office cannot be asked (the try is then
    not counted, and ``unavailable_template`` says so, 503).

    Words with ``%(phone)s`` get the council's phone number; ``wrong_details`` is an
    ``ngettext_lazy(..., "count")`` message, given the tries left.
    """

    reference: Detail
    postcode: Detail
    amount: Detail
    link: Callable[..., object]
    unavailable: tuple[type[Exception], ...]
    unavailable_template: str
    done_url_name: str  # the service's page: "Back", and where a linked person goes
    caption: str  # "Council tax"
    title: str  # "Link your council tax account"
    intro: str  # what to have at hand, and why
    button: str  # "Link account"
    linked: str  # "Your council tax account is linked"
    wrong_details: str
    taken: str  # linked to someone else's online account: what to do
    locked_title: str
    locked_why: str
    locked_instead: str  # what to do instead, while locked
    no_proof: str = ""  # "If you do not have your bill, call us on %(phone)s."
    help_template: str = ""  # instead of ``no_proof``: a part of the page of the service's own


@dataclass(frozen=True)
class Linkable:
    slug: str  # the service's slug, as ``ServiceLink.service`` keeps it
    name: str  # "council tax account", in a sentence
    reference_label: str  # "Council tax account number"
    reference_hint: str  # for the contact centre's page
    clean_reference: Callable[[str], str]
    find: Callable[[str], Record | None]
    own: OwnLink | None = None  # the resident's own link page, when the service has one
    for_callers: bool = True  # the contact centre links it for a caller (/staff/assisting/link/)


# Each service adds its Linkable (``linkables.add(Linkable(...), order=1)``); listed by order.
linkables: Registry[Linkable] = Registry("linkable services", key=lambda one: one.slug)


def for_callers() -> list[Linkable]:
    """The services the contact centre links for a caller, in order."""
    return [one for one in linkables.values() if one.for_callers]


def for_caller(slug: str) -> Linkable | None:
    """The service ``slug`` when the contact centre links it for a caller, else None."""
    linkable = linkables.get(slug)
    return linkable if linkable is not None and linkable.for_callers else None

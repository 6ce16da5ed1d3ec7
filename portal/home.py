"""The account home's snapshot: what the home shows a resident, in one cache read.

``HomeSnapshot`` is a plain, picklable record of everything the home page shows
that is not on the person's user row (which every signed-in page loads anyway).
It is built by ``home_snapshot_build`` (a few queries), kept in the cache under
the person's key (accounts/home.py, which also holds the one invalidation path,
``home_snapshot_forget``), and read back with one cache round trip: the snapshot,
the global generation and the home's rendered panels together (``home_page_get``).
The panels (templates/accounts/home_panels.html) are kept per language under the
snapshot's build token and a digest of the user row, so they are rendered again
exactly when either changes. What only the panels show (cases, bin rounds, links, the
ward: model instances) is pickled on its own inside the snapshot (``HomeDetail``) and
unpickled only when the panels are rendered again, so a repeat visit reads back a few
plain fields and a string.

A later panel (council tax, housing, councillors) plugs in by adding a field
here (to ``HomeDetail`` when only the panels show it), one line in
``home_snapshot_build`` to fill it, a call to ``home_snapshot_forget`` in the actions
that change it, and its template reading ``home.<field>``. No registry: the snapshot
is this file.
"""

import datetime
import pickle
import uuid
from dataclasses import dataclass
from functools import cached_property

from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from accounts.home import GENERATION_KEY, SNAPSHOT_SECONDS, home_snapshot_key
from accounts.principal import principal_digest
from casework import registry
from casework.selectors import CaseRow, recent_cases_for_resident
from core import clock
from linking.selectors import service_links_list
from portal.campaigns import ShownMessage, home_messages_for
from services.local.selectors import WardLocal, local_for_home
from services.waste.selectors import collections as waste_collections

# The rendered panels outlive no snapshot: once it is rebuilt they are never used again.
PANELS_SECONDS = SNAPSHOT_SECONDS
VERSION = 7  # bump when the fields change, so that old pickles are never read


@dataclass(frozen=True)
class BinDays:
    """The next collection of each stream at the account's address (waste)."""

    today: datetime.date
    address_line1: str
    collections: list  # services.waste.selectors.collections.AddressCollection


@dataclass(frozen=True)
class HomeDetail:
    """What only the home's panels show: read back only when they are rendered again."""

    recent_cases: list[CaseRow]  # "Your recent activity": the latest five
    bins: BinDays | None  # None without an address on the account
    links: dict  # service slug -> linking.models.ServiceLink: the services linked with proof
    local: WardLocal | None  # the address's ward, its councillors and polling station


@dataclass(frozen=True)
class HomeSnapshot:
    version: int
    # A new value at every build: the home's rendered panels are cached under it
    # (templates/accounts/home.html), so they are rendered again exactly when the
    # snapshot is rebuilt, and one build's panels can never be another's.
    token: str
    generation: str  # accounts.home.GENERATION_KEY's value when it was built
    built_on: datetime.date  # late requests and bin days are relative to this day
    address_id: int | None  # the account's address when it was built
    address_lines: list[str]  # that address's lines ("Your details"), [] without one
    bins_on: datetime.date | None  # the day the bin days were worked out from, if any
    messages: list[ShownMessage]  # welcome and campaign messages for this person today
    # The HomeDetail, pickled on its own: its cases, rounds and links are model instances,
    # which cost most of the home's cache read to unpickle (0.12 ms of 1.3) and are not
    # needed on a visit whose panels were kept. ``detail`` unpickles it when first used.
    detail_pickle: bytes

    @cached_property
    def detail(self) -> HomeDetail:
        return pickle.loads(self.detail_pickle)  # noqa: S301 - written by home_snapshot_build

    def __getstate__(self):
        return {k: v for k, v in self.__dict__.items() if k != "detail"}  # pickled once

    @property
    def recent_cases(self) -> list[CaseRow]:
        return self.detail.recent_cases

    @property
    def bins(self) -> BinDays | None:
        return self.detail.bins

    @property
    def links(self) -> dict:
        return self.detail.links

    @property
    def local(self) -> WardLocal | None:
        return self.detail.local


def _bins(user) -> BinDays | None:
    today = clock.today()
    collections = waste_collections.user_next_collections(user=user, today=today)
    if not collections:
        return None
    return BinDays(
        today=today,
        address_line1=user.address.line1,
        collections=collections,
    )


def home_snapshot_build(*, user, generation: str = "") -> HomeSnapshot:
    today = clock.today()
    links = {link.service: link for link in service_links_list(user=user)}
    detail = HomeDetail(
        recent_cases=recent_cases_for_resident(user=user),
        bins=_bins(user),
        links=links,
        local=local_for_home(user=user),
    )
    return HomeSnapshot(
        version=VERSION,
        token=uuid.uuid4().hex,
        generation=generation,
        built_on=today,
        address_id=user.address_id,
        address_lines=list(user.address.lines) if user.address_id else [],
        bins_on=detail.bins.today if detail.bins else None,
        messages=home_messages_for(user=user, today=today, links=links),
        detail_pickle=pickle.dumps(detail, pickle.HIGHEST_PROTOCOL),
    )


def _panels_key(user_id: int, language: str) -> str:
    return f"home-panels:{user_id}:{language}"


def _current(snapshot, generation: str, user) -> bool:
    return (
        isinstance(snapshot, HomeSnapshot)
        and snapshot.version == VERSION
        and snapshot.generation == generation
        and snapshot.built_on == clock.today()
        and snapshot.address_id == user.address_id
        and (snapshot.bins_on is None or snapshot.bins_on == clock.today())
    )


def home_page_get(*, user, language: str = "", user_row: str = "") -> tuple[HomeSnapshot, str]:
    """The resident's snapshot, and the home's panels rendered for it in ``language`` for
    the user row whose digest is ``user_row`` ("" when they must be rendered again): one
    cache read. The snapshot is built (and kept) when missing or stale."""
    key = home_snapshot_key(user.pk)
    keys = [key, GENERATION_KEY] + ([_panels_key(user.pk, language)] if language else [])
    found = cache.get_many(keys)
    snapshot, generation = found.get(key), found.get(GENERATION_KEY, "")
    if not _current(snapshot, generation, user):
        snapshot = home_snapshot_build(user=user, generation=generation)
        cache.set(key, snapshot, SNAPSHOT_SECONDS)
        return snapshot, ""
    token, row, html = found.get(_panels_key(user.pk, language)) or ("", "", "")
    return snapshot, html if (token, row) == (snapshot.token, user_row) else ""


def home_snapshot_get(*, user) -> HomeSnapshot:
    """The resident's snapshot: one cache read, built (and kept) when missing or stale."""
    return home_page_get(user=user)[0]


def _panels_keep(*, user, language: str, snapshot: HomeSnapshot, user_row: str, html: str):
    cache.set(_panels_key(user.pk, language), (snapshot.token, user_row, html), PANELS_SECONDS)


def _service_panels() -> list[str]:
    """Each registered service may put a panel on the home (casework.registry)."""
    return [panel for service in registry.services() for panel in service.home_panels]


def home_page(request) -> tuple[HomeSnapshot, SafeString]:
    """What the signed-in resident's home shows: their snapshot, and the panels below the
    messages, kept from an earlier visit or rendered now and kept (one cache read when
    nothing changed)."""
    user = request.user
    language, user_row = get_language(), principal_digest(user)
    snapshot, panels = home_page_get(user=user, language=language, user_row=user_row)
    if not panels:
        panels = render_to_string(
            "accounts/home_panels.html",
            {
                "user": user,
                "home": snapshot,
                "recent_cases": snapshot.recent_cases,
                # A gazetteer address's lines from the snapshot (no query); typed-in ones
                # are on the user row.
                "address_lines": snapshot.address_lines if user.address_id else user.address_lines,
                "service_panels": _service_panels(),
            },
            request,
        )
        _panels_keep(
            user=user, language=language, snapshot=snapshot, user_row=user_row, html=panels
        )
    return snapshot, mark_safe(panels)  # noqa: S308 - rendered from our template, now or before

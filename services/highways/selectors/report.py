"""Reads for reporting a street problem (the database; the pure rules they use are
``services.highways.geometry`` for distances and ``services.highways.location`` for the
place a report is about).

- Categories: the highways service's active request types.
- Places: the council's gazetteer answers "where?" three ways: a postcode (its
  addresses), a street name (a few points along each matching street), or a
  point on a map or from the device (the nearest address, within
  ``settings.HIGHWAYS_AREA_METRES``; further than that is outside the area).
- Duplicates (C5): open reports of the same category within
  ``settings.HIGHWAYS_DUPLICATE_METRES``, found by a bounding box in SQL and then
  the great-circle distance in Python.

The steps of a report are the journey engine's (``services.highways.journeys.report``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Q
from django.http import Http404
from django.utils.translation import gettext as _

from accounts.models import Address
from accounts.selectors import address_list_for_postcode
from casework import public, workflow
from casework.models import Case, RequestType
from casework.references import normalise_reference
from integrations.gazetteer.postcodes import normalise_postcode
from services.highways.apps import SLUG
from services.highways.geometry import bounding_box, distance_metres
from services.highways.location import street_of

DESCRIPTION_MAX = 2000
WHERE_EXACTLY_MAX = 200
NAME_MAX = 200
SEARCH_MAX = 100
STREETS_SHOWN = 20  # street search: at most this many streets (a place per postcode)


def max_photos() -> int:
    return settings.HIGHWAYS_MAX_PHOTOS


def duplicate_metres() -> int:
    return settings.HIGHWAYS_DUPLICATE_METRES


def area_metres() -> int:
    return settings.HIGHWAYS_AREA_METRES


# --- Categories ---------------------------------------------------------------------------


def category_list() -> list[RequestType]:
    """What residents may report now, by name (one query)."""
    return list(RequestType.objects.filter(service=SLUG, active=True).order_by("name", "pk"))


def category_get(slug: str | None) -> RequestType | None:
    if not slug:
        return None
    return RequestType.objects.filter(service=SLUG, active=True, slug=slug).first()


# --- Places -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Place:
    """A point the resident can choose: an address of the gazetteer, in words."""

    uprn: int
    label: str


@dataclass(frozen=True)
class Search:
    """What a search for ``query`` found. ``problem`` says why nothing was: "empty",
    "postcode" (not one of ours), "street" (no such street), "too_many"."""

    query: str
    kind: str = ""  # "postcode" or "street"
    postcode: str = ""
    places: list[Place] = field(default_factory=list)
    problem: str = ""


def _postcode_or_none(text: str) -> str | None:
    try:
        return normalise_postcode(text)
    except ValueError:
        return None


def _normal(text: str) -> str:
    return " ".join(text.casefold().replace(",", " ").split())


def place_search(query: str) -> Search:
    """Addresses at a postcode, or a few places along each street whose name matches."""
    query = " ".join((query or "").split())[:SEARCH_MAX]
    if not query or "\x00" in query:  # a NUL byte is no postcode nor street (nor SQL text)
        return Search(query=query.replace("\x00", ""), problem="empty")
    postcode = _postcode_or_none(query)
    if postcode is not None:
        addresses = address_list_for_postcode(postcode=postcode)
        places = [Place(a.uprn, a.single_line) for a in addresses if a.latitude is not None]
        return Search(
            query=query,
            kind="postcode",
            postcode=postcode,
            places=places,
            problem="" if places else "postcode",
        )
    return _street_search(query)


def _street_search(query: str) -> Search:
    wanted = _normal(query)
    town = _normal(settings.COUNCIL_SHORT_NAME)
    if wanted.endswith(" " + town):  # "Mill Lane, Millbrook"
        wanted = wanted[: -len(town) - 1].strip()
    if len(wanted) < 3:
        return Search(query=query, kind="street", problem="street")
    rows = (
        Address.objects.filter(
            Q(line1__icontains=wanted) | Q(line2__icontains=wanted) | Q(line3__icontains=wanted),
            latitude__isnull=False,
            longitude__isnull=False,
        )
        .only("uprn", "line1", "line2", "line3", "town", "postcode")
        .order_by("postcode", "uprn")[:5000]
    )
    streets: dict[tuple[str, str], list[Address]] = {}
    for address in rows:
        street = street_of(address)
        if wanted in _normal(street):
            streets.setdefault((street, address.town), []).append(address)
    if not streets:
        return Search(query=query, kind="street", problem="street")
    if len(streets) > STREETS_SHOWN:
        return Search(query=query, kind="street", problem="too_many")
    places = []
    for (street, _town), addresses in sorted(streets.items()):
        # One place for each stretch of the street with its own postcode, in house order.
        stretches: dict[str, list[Address]] = {}
        for address in sorted(addresses, key=_number_order):
            stretches.setdefault(address.postcode, []).append(address)
        for postcode, stretch in stretches.items():
            middle = stretch[len(stretch) // 2]
            places.append(
                Place(
                    middle.uprn,
                    _("%(street)s, %(postcode)s, near %(address)s")
                    % {"street": street, "postcode": postcode, "address": _lines(middle)},
                )
            )
    return Search(query=query, kind="street", places=places)


def _number_order(address: Address):
    lines = [line for line in (address.line1, address.line2, address.line3) if line.strip()]
    match = re.match(r"^(\d+)", lines[-1]) if lines else None
    return (int(match.group(1)) if match else 0, address.postcode, address.uprn)


def _lines(address: Address) -> str:
    return ", ".join(line for line in (address.line1, address.line2, address.line3) if line.strip())


def place_get(*, uprn: int) -> Address | None:
    return (
        Address.objects.select_related("ward")
        .filter(uprn=uprn, latitude__isnull=False, longitude__isnull=False)
        .first()
    )


@dataclass(frozen=True)
class Nearest:
    address: Address
    metres: float


def address_nearest(*, latitude: float, longitude: float) -> Nearest | None:
    """The gazetteer's nearest address to a point, or None when there is none within
    ``settings.HIGHWAYS_AREA_METRES`` (the point is outside the council's area).

    A small box first, wider only when it is empty: a few rows read, not the town.
    """
    limit = area_metres()
    for metres in sorted({radius for radius in (100, 400) if radius < limit} | {limit}):
        rows = Address.objects.filter(**bounding_box(latitude, longitude, metres)).values_list(
            "uprn", "latitude", "longitude"
        )
        best = min(
            ((distance_metres(latitude, longitude, lat, lon), uprn) for uprn, lat, lon in rows),
            default=None,
        )
        if best is not None and best[0] <= metres:
            return Nearest(address=place_get(uprn=best[1]), metres=best[0])
    return None


# --- Open reports nearby (C5) -------------------------------------------------------------


@dataclass(frozen=True)
class NearbyReport:
    case: Case
    title: str
    metres: float

    @property
    def reference(self) -> str:
        return self.case.reference

    @property
    def status_label(self) -> str:
        return str(workflow.PUBLIC_LABELS.get(self.case.status, ""))

    @property
    def reported_ago(self) -> str:
        return public.reported_ago(self.case.created_at)

    @property
    def distance_words(self) -> str:
        metres = max(5, round(self.metres / 5) * 5)
        return _("about %(metres)s metres away") % {"metres": metres}


def nearby_open_reports(
    *,
    request_type: RequestType,
    latitude: float,
    longitude: float,
    metres: float | None = None,
    user=None,
    sent: Iterable[str] = (),
) -> list[NearbyReport]:
    """Open reports of ``request_type`` within ``metres`` of a point, nearest first (one query).

    Only what the public may see: not hidden by staff, not waiting for payment; the
    title is the report's public title (never the reporter's words or details).
    Never the resident's own reports (``user``'s, or those this browser ``sent``):
    they hear about those anyway, so there is nothing to follow.
    """
    metres = duplicate_metres() if metres is None else metres
    if not request_type.followable or metres <= 0:
        return []
    own = Q(reference__in=list(sent))
    if user is not None and user.is_authenticated:
        own |= Q(resident_id=user.pk)
    cases = (
        Case.objects.filter(
            request_type=request_type,
            status__in=workflow.WORK,
            **bounding_box(latitude, longitude, metres),
        )
        .exclude(street_report__hidden=True)
        .exclude(own)
        .select_related("street_report")
        .only(
            "id",
            "reference",
            "status",
            "created_at",
            "latitude",
            "longitude",
            "request_type_id",
            "street_report__public_title",
            "street_report__street",
            "street_report__hidden",
        )
        .order_by("-created_at", "-id")[:50]
    )
    found = []
    for case in cases:
        away = distance_metres(latitude, longitude, case.latitude, case.longitude)
        if away <= metres:
            found.append(NearbyReport(case=case, title=_title(case, request_type), metres=away))
    return sorted(found, key=lambda report: report.metres)


def _title(case: Case, request_type: RequestType) -> str:
    report = getattr(case, "street_report", None)
    if report is not None and report.public_title.strip():
        return report.public_title.strip()
    if report is not None and report.street:
        return public_title(request_type, report.street)
    return request_type.name


def public_title(request_type: RequestType, street: str) -> str:
    """'Pothole on Mill Lane': what the public list calls a report."""
    return public.title_for(request_type.name, street)


def followable_report_get(*, reference: str) -> Case:
    """An open, public, followable street report (for "follow this report instead"): else 404."""
    ref = normalise_reference(reference)
    if not ref:
        raise Http404
    case = (
        Case.objects.select_related("request_type")
        .filter(
            reference=ref,
            request_type__service=SLUG,
            request_type__followable=True,
            status__in=workflow.WORK,
        )
        .exclude(street_report__hidden=True)
        .first()
    )
    if case is None:
        raise Http404
    return case

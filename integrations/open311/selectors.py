"""Reads for the Open311 server: only public request types, and their cases' public facts."""

import datetime
import math

from django.conf import settings
from django.db.models import Max, Min, QuerySet

from accounts.models import Address
from casework import public, registry
from casework.models import Case, CaseEvent, RequestType
from casework.public import PublicCase
from casework.questions import question_fields
from casework.references import normalise_reference
from casework.workflow import FINISHED, OPEN

MAX_RESULTS = 1000
DEFAULT_DAYS = 90
METRES_PER_DEGREE = 111_320


def public_request_types() -> QuerySet[RequestType]:
    return RequestType.objects.filter(public=True, active=True).order_by("service", "name")


def public_request_type_get(*, code: str) -> RequestType | None:
    return public_request_types().filter(slug=code).first()


def service_group(request_type: RequestType) -> str:
    definition = registry.service(request_type.service)
    return str(definition.name) if definition else ""


def api_questions(request_type: RequestType):
    """The questions its service builds for ``request_type`` (an admin-built form's
    published version, ``casework.registry.ServiceDefinition.api_questions``), or None."""
    definition = registry.service(request_type.service)
    hook = definition.api_questions if definition else None
    return hook(request_type) if hook else None


def questions_of(request_type: RequestType) -> list[dict]:
    """The request type's own questions that residents are asked (those an administrator
    got wrong are left out, as on the portal's own pages); a built form's when it has one."""
    built = api_questions(request_type)
    if built is not None:
        return built.questions()
    usable = question_fields(request_type.questions)
    return [
        q for q in request_type.questions or [] if isinstance(q, dict) and q.get("key") in usable
    ]


def address_get(*, pk: int) -> Address | None:
    return Address.objects.filter(pk=pk).first()


def council_area() -> tuple[float, float, float, float] | None:
    """(south, north, west, east): the gazetteer's addresses, with a margin of
    ``settings.HIGHWAYS_AREA_METRES`` (further from every address is outside the area).
    None when the gazetteer has no located address, so the area is not known."""
    box = Address.objects.filter(latitude__isnull=False, longitude__isnull=False).aggregate(
        south=Min("latitude"), north=Max("latitude"), west=Min("longitude"), east=Max("longitude")
    )
    if box["south"] is None:
        return None
    return widened(
        box["south"], box["north"], box["west"], box["east"], settings.HIGHWAYS_AREA_METRES
    )


def widened(south, north, west, east, metres: float) -> tuple[float, float, float, float]:
    """A latitude and longitude box grown by ``metres`` on every side (pure)."""
    d_lat = metres / METRES_PER_DEGREE
    widest = max(abs(south), abs(north))
    d_lon = metres / (METRES_PER_DEGREE * max(math.cos(math.radians(widest)), 0.01))
    return south - d_lat, north + d_lat, west - d_lon, east + d_lon


def point_in_council_area(*, latitude: float | None, longitude: float | None) -> bool:
    """Whether a point may be the council's; True without a point or a known area."""
    if latitude is None or longitude is None:
        return True
    area = council_area()
    if area is None:
        return True
    south, north, west, east = area
    return south <= latitude <= north and west <= longitude <= east


def _public_cases() -> QuerySet[Case]:
    return (
        Case.objects.filter(request_type__public=True, status__in=public.LISTED_STATUSES)
        .select_related("request_type")
        .only(*public.QUERY_FIELDS)
    )


def service_request_get(*, reference: str) -> PublicCase | None:
    """A request anyone may see, as ``casework.public`` decides (hidden by staff: None)."""
    reference = normalise_reference(reference)
    if not reference:
        return None
    case = _public_cases().filter(reference=reference).first()
    return public.case_public_get(case) if case is not None else None


def service_request_list(
    *,
    references: list[str] | None = None,
    codes: list[str] | None = None,
    start: datetime.datetime | None = None,
    end: datetime.datetime | None = None,
    statuses: list[str] | None = None,
    now: datetime.datetime,
) -> list[PublicCase]:
    """Newest first, at most 1000; by default the last 90 days (GeoReport v2).

    As ``casework.public`` shows them: no report staff have hidden.
    """
    cases = _public_cases()
    if references:
        wanted = [normalise_reference(reference) for reference in references]
        cases = cases.filter(reference__in=[r for r in wanted if r]).order_by("-created_at")
        return public.cases_public(cases)
    if codes:
        cases = cases.filter(request_type__slug__in=codes)
    if start is None:
        start = (end or now) - datetime.timedelta(days=DEFAULT_DAYS)
    cases = cases.filter(created_at__gte=start)
    if end is not None:
        cases = cases.filter(created_at__lte=end)
    if statuses and set(statuses) != {"open", "closed"}:
        wanted_statuses = OPEN if "open" in statuses else FINISHED
        cases = cases.filter(status__in=sorted(wanted_statuses))
    return public.cases_public(cases.order_by("-created_at", "-id")[:MAX_RESULTS])


def request_update_list(
    *,
    start: datetime.datetime | None = None,
    end: datetime.datetime | None = None,
    now: datetime.datetime,
) -> list[CaseEvent]:
    """Public status changes of public cases, oldest first (mySociety extension)."""
    if start is None:
        start = (end or now) - datetime.timedelta(days=DEFAULT_DAYS)
    events = CaseEvent.objects.filter(
        kind=CaseEvent.Kind.STATUS, public=True, case__request_type__public=True
    ).filter(created_at__gte=start)
    if end is not None:
        events = events.filter(created_at__lte=end)
    return list(
        events.select_related("case")
        .only("status_after", "created_at", "case__reference")
        .order_by("created_at", "id")[:MAX_RESULTS]
    )

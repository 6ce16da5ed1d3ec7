"""Reads for the public list and map of street reports.

Anyone may see these, signed in or not, so what leaves this module is the
public view of each case, as ``casework.public`` (the one function every public
output shares: these pages, their JSON, Open311, a follower's view) makes it from
the case and its ``StreetReport``: the category, the public title (and details,
only when the reporter agreed and they name no one), street and ward, a location
rounded to about 10 metres, status, dates, and the public timeline. Never the
reporter, their answers or "where exactly", the case's summary or address, the
conversation with them, notes, files or event data. Rows become ``PublicReport``
(``casework.public.PublicCase``) values here, so a template cannot reach into the
case for anything else.

Which reports: those of the highways service's public request types (all of
its registered categories), not hidden by staff, and not waiting for payment
or withdrawn (the reporter took it back). ``street_report_for_public`` is the
one way to one of them; anything else is a 404.

The list and the pins cost a fixed number of queries (categories, wards, one
page of reports) however many reports there are: a page is read newest first
along the ``street_report_newest`` index (keyset, no OFFSET, no COUNT), and
category and ward names come from the two small lists the filter form needs
anyway, not from joins.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from accounts.models import Ward
from casework import public
from casework.models import Case, Follower, RequestType
from casework.public import PublicCase, PublicEvent, PublicFacts
from casework.references import normalise_reference
from casework.staff.selectors import Page, keyset_page
from core import clock
from services.highways.apps import SLUG
from services.highways.models import StreetReport

PAGE_SIZE = 25
SORT = "newest"  # casework.staff.selectors.SORTS: created_at, id, newest first

# Which statuses the public sees, in which words, and how precisely where: casework.public.
OPEN, FIXED, CLOSED = public.OPEN, public.FIXED, public.CLOSED
STATES = public.STATES
STATE_LABELS = public.STATE_LABELS
LISTED_STATUSES = public.LISTED_STATUSES
COORDINATE_PLACES = public.COORDINATE_PLACES
state_of = public.state_of
rounded = public.rounded
reported_ago = public.reported_ago


# --- What the filters offer ------------------------------------------------------------


@dataclass(frozen=True)
class Category:
    pk: int
    slug: str
    name: str
    followable: bool


def report_categories() -> list[Category]:
    """The highways service's public request types, by name (one query)."""
    rows = (
        RequestType.objects.filter(service=SLUG, public=True)
        .order_by("name")
        .values_list("pk", "slug", "name", "followable")
    )
    return [Category(*row) for row in rows]


def report_wards() -> list[Ward]:
    """Every ward, by name (one query; a council has tens of them)."""
    return list(Ward.objects.only("pk", "code", "name").order_by("name"))


# --- The reports ----------------------------------------------------------------------------

# What a row reads of its case: what the public view needs (casework.public.CASE_FIELDS).
_CASE_FIELDS = tuple(f"case__{name}" for name in public.CASE_FIELDS)
_REPORT_FIELDS = (
    "id",
    "created_at",
    "ward_id",
    "street",
    "public_title",
    "public_details",
    "hidden",
)


def public_reports(categories: list[Category]) -> QuerySet[StreetReport]:
    """Street reports anyone may see, in ``categories`` (see ``report_categories``)."""
    return (
        StreetReport.objects.filter(
            hidden=False,
            case__request_type_id__in=[category.pk for category in categories],
            case__status__in=LISTED_STATUSES,
        )
        .select_related("case")
        .only(*_REPORT_FIELDS, *_CASE_FIELDS)
    )


# A street report as anyone may see it: the public view of its case.
PublicReport = PublicCase


def street_report_facts(report: StreetReport, *, ward: str) -> PublicFacts:
    """What a street report keeps for the public view of its case."""
    return PublicFacts(
        title=report.public_title,
        street=report.street,
        ward=ward,
        details=report.public_details,
        hidden=report.hidden,
    )


def street_reports_facts(cases: list[Case]) -> dict[int, PublicFacts]:
    """The facts of those of ``cases`` that are street reports (one query): registered with
    casework.public in apps.py, for Open311 and the follower's view of a case."""
    reports = (
        StreetReport.objects.filter(case_id__in=[case.pk for case in cases])
        .select_related("ward")
        .only(*_REPORT_FIELDS, "case_id", "ward__name")
    )
    return {
        report.case_id: street_report_facts(report, ward=report.ward.name if report.ward else "")
        for report in reports
    }


def _public_report(
    report: StreetReport,
    *,
    categories: dict[int, Category],
    ward_names: dict[int, str],
    today: datetime.date,
) -> PublicReport:
    case = report.case
    category = categories.get(case.request_type_id)
    return public.case_public(
        case,
        facts=street_report_facts(report, ward=ward_names.get(report.ward_id, "")),
        category=category.name if category else "",
        category_code=category.slug if category else "",
        today=today,
    )


@dataclass
class ReportPage:
    reports: list[PublicReport]
    next_cursor: str = ""
    previous_cursor: str = ""


def public_report_page(
    queryset: QuerySet[StreetReport],
    *,
    categories: list[Category],
    wards: list[Ward],
    after: str = "",
    before: str = "",
    size: int = PAGE_SIZE,
) -> ReportPage:
    """One page of ``queryset`` (``public_reports``, filtered), newest first: one query."""
    page: Page = keyset_page(queryset, sort_key=SORT, after=after, before=before, size=size)
    by_pk = {category.pk: category for category in categories}
    ward_names = {ward.pk: ward.name for ward in wards}
    today = clock.today()
    return ReportPage(
        reports=[
            _public_report(report, categories=by_pk, ward_names=ward_names, today=today)
            for report in page.rows
        ],
        next_cursor=page.next_cursor,
        previous_cursor=page.previous_cursor,
    )


def report_pins(reports: list[PublicReport], *, url_for) -> dict:
    """The reports that have a location, as GeoJSON for the map (no personal data)."""
    features = []
    for report in reports:
        if not report.has_location:
            continue
        features.append(
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [report.longitude, report.latitude]},
                "properties": {
                    "reference": report.reference,
                    "title": report.title,
                    "category": report.category,
                    "place": report.place,
                    "status": report.status_label,
                    "state": report.state,
                    "reported": timezone.localdate(report.reported_at).isoformat(),
                    "url": url_for(report.reference),
                },
            }
        )
    return {"type": "FeatureCollection", "features": features}


# --- One report ------------------------------------------------------------------------------


def _visible() -> QuerySet[StreetReport]:
    """Every report anyone may see (``public_reports`` is the same, by category ids)."""
    return StreetReport.objects.filter(
        hidden=False,
        case__request_type__service=SLUG,
        case__request_type__public=True,
        case__status__in=LISTED_STATUSES,
    )


def street_report_for_public(reference: str) -> StreetReport:
    """The one way to a report's public page: 404 unless anyone may see it.

    Hidden, not a public highways category, waiting for payment, withdrawn, or
    no such reference: all the same 404.
    """
    ref = normalise_reference(reference)
    if not ref:
        raise Http404
    try:
        return _visible().select_related("case__request_type", "ward").get(case__reference=ref)
    except StreetReport.DoesNotExist:
        raise Http404 from None


def public_report(report: StreetReport) -> PublicReport:
    """One report (from ``street_report_for_public``) as anyone may see it: no query."""
    case = report.case
    request_type = case.request_type
    category = Category(request_type.pk, request_type.slug, request_type.name, False)
    return _public_report(
        report,
        categories={request_type.pk: category},
        ward_names={report.ward_id: report.ward.name} if report.ward_id else {},
        today=clock.today(),
    )


def public_report_timeline(report: StreetReport) -> list[PublicEvent]:
    """What has happened to a report, oldest first, in standard words (casework.public)."""
    return public.public_timeline(report.case)


def public_outcome_reason(report: StreetReport, timeline: list[PublicEvent]) -> str:
    """Why a closed or rejected report was finished, as its last timeline line says."""
    return public.public_outcome_reason(report.case.status, timeline)


# The check a reporter's words pass before anyone else sees them (casework.public).
reporter_terms = public.reporter_terms
mentions_reporter = public.mentions_reporter


# --- Following ------------------------------------------------------------------------------

SIGN_IN = "sign_in"
OWNER = "owner"
FOLLOWING = "following"
CAN_FOLLOW = "can_follow"


def public_follow_state(*, user, report: StreetReport) -> str:
    """What the report page offers ``user``: sign in, their own case, following, follow, or ''."""
    case = report.case
    if not case.request_type.followable:
        return ""
    if not user.is_authenticated:
        return SIGN_IN
    if case.resident_id == user.pk:
        return OWNER
    if Follower.objects.filter(case=case, user=user).exists():
        return FOLLOWING
    return CAN_FOLLOW

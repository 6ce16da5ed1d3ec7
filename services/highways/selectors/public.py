"""Reads for the public list and map of street reports (issue 5, street reporting item 4).

Anyone may see these, signed in or not, so what leaves this module is chosen
field by field: the category, the public title (and details, only when the
reporter agreed), street and ward, a location rounded to about 10 metres,
status, dates, and the public timeline. Never the reporter, their answers,
the case's summary or address, the conversation with them, notes, files or
event data. Rows become ``PublicReport`` values here, so a template cannot
reach into the case for anything else.

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
import re
from dataclasses import dataclass, replace

from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.timesince import timesince
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import Address, User, Ward
from casework import workflow
from casework.models import Case, Follower, RequestType
from casework.references import normalise_reference
from casework.selectors import TAG_CLASSES, case_public_timeline, is_late
from casework.staff_selectors import Page, keyset_page
from casework.workflow import Status
from services.highways.apps import SLUG
from services.highways.models import StreetReport

PAGE_SIZE = 25
SORT = "newest"  # casework.staff_selectors.SORTS: created_at, id, newest first
# Four decimal places: about 11 m north-south and 7 m east-west in Britain.
COORDINATE_PLACES = 4

# --- Which statuses the public sees, and in which words -------------------------------

OPEN = "open"
FIXED = "fixed"
CLOSED = "closed"
STATES: dict[str, frozenset[Status]] = {
    OPEN: frozenset(workflow.WORK),  # open, bar those still waiting for payment
    FIXED: frozenset({Status.RESOLVED}),
    CLOSED: frozenset({Status.CLOSED, Status.REJECTED, Status.DUPLICATE}),
}
STATE_LABELS = {
    OPEN: gettext_lazy("Open"),
    FIXED: gettext_lazy("Fixed"),
    CLOSED: gettext_lazy("Closed"),
}
LISTED_STATUSES = sorted(STATES[OPEN] | STATES[FIXED] | STATES[CLOSED])

PUBLIC_STATUS_LABELS = workflow.PUBLIC_LABELS
# Outcomes whose reason (required by casework) explains to anyone why nothing more is done.
REASONED = frozenset({Status.CLOSED, Status.REJECTED})


def state_of(status: str) -> str:
    for state, statuses in STATES.items():
        if status in statuses:
            return state
    return ""


def rounded(value: float | None) -> float | None:
    return None if value is None else round(value, COORDINATE_PLACES)


def reported_ago(when: datetime.datetime, *, now: datetime.datetime | None = None) -> str:
    """'today', 'yesterday', '3 days ago', '2 weeks ago', '4 months ago'."""
    now = now or timezone.now()
    days = (timezone.localdate(now) - timezone.localdate(when)).days
    if days <= 0:
        return _("today")
    if days == 1:
        return _("yesterday")
    return _("%(time)s ago") % {"time": timesince(when, now, depth=1)}


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

# What a row reads of its case: nothing personal (no resident, contact, summary, answers, address).
_CASE_FIELDS = (
    "case__id",
    "case__reference",
    "case__request_type_id",
    "case__status",
    "case__created_at",
    "case__due_date",
    "case__clock_stopped_on",
    "case__overdue",
    "case__finished_at",
    "case__latitude",
    "case__longitude",
)
_REPORT_FIELDS = ("id", "created_at", "ward_id", "street", "public_title", "public_details")


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


@dataclass(frozen=True)
class PublicReport:
    """A street report as anyone may see it."""

    reference: str
    title: str
    category: str
    street: str
    ward: str
    status: str
    reported_at: datetime.datetime
    due_date: datetime.date | None
    finished_at: datetime.datetime | None
    late: bool
    latitude: float | None  # rounded to about 10 m
    longitude: float | None
    details: str = ""  # the reporter's own words, only if they agreed to publish them

    @property
    def state(self) -> str:
        return state_of(self.status)

    @property
    def is_open(self) -> bool:
        return self.state == OPEN

    @property
    def status_label(self) -> str:
        return str(PUBLIC_STATUS_LABELS.get(self.status, ""))

    @property
    def tag_class(self) -> str:
        return TAG_CLASSES.get(self.status, "")

    @property
    def place(self) -> str:
        """'Mill Lane, Millbrook Central ward' (or as much of it as we know)."""
        ward = _("%(ward)s ward") % {"ward": self.ward} if self.ward else ""
        return ", ".join(part for part in (self.street, ward) if part)

    @property
    def has_location(self) -> bool:
        return self.latitude is not None and self.longitude is not None

    def reported_ago(self, now: datetime.datetime | None = None) -> str:
        return reported_ago(self.reported_at, now=now)


def _public_report(
    report: StreetReport,
    *,
    category_names: dict[int, str],
    ward_names: dict[int, str],
    today: datetime.date,
) -> PublicReport:
    case = report.case
    category = category_names.get(case.request_type_id, "")
    title = report.public_title.strip()
    if not title:
        title = (
            _("%(category)s on %(street)s") % {"category": category, "street": report.street}
            if report.street
            else category
        )
    return PublicReport(
        reference=case.reference,
        title=title,
        category=category,
        street=report.street,
        ward=ward_names.get(report.ward_id, ""),
        status=case.status,
        reported_at=case.created_at,
        due_date=case.due_date,
        finished_at=case.finished_at,
        late=is_late(case, today=today),
        latitude=rounded(case.latitude),
        longitude=rounded(case.longitude),
        details=report.public_details.strip(),
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
    names = {category.pk: category.name for category in categories}
    ward_names = {ward.pk: ward.name for ward in wards}
    today = timezone.localdate()
    return ReportPage(
        reports=[
            _public_report(report, category_names=names, ward_names=ward_names, today=today)
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
    return _public_report(
        report,
        category_names={case.request_type_id: case.request_type.name},
        ward_names={report.ward_id: report.ward.name} if report.ward_id else {},
        today=timezone.localdate(),
    )


@dataclass(frozen=True)
class PublicEvent:
    """One line of the public timeline: what happened (a key the template words) and when."""

    what: str  # "submitted", "received", "in_progress", "awaiting_customer", "resolved",
    # "closed", "rejected", "duplicate", "reopened"
    when: datetime.datetime
    reason: str = ""  # closed or rejected: the outcome's reason, when it is safe to show
    original: str = ""  # duplicate: the first report's reference, when anyone may see it


# The resident's timeline entries (casework.selectors) the public timeline keeps, by key.
_PUBLIC_WHAT = {
    "submitted": "submitted",
    "reopened": "reopened",
    "restarted": "in_progress",  # the reporter answered a question: the answer stays private
    **{
        f"status_{status}": status.value
        for status in (
            Status.RECEIVED,
            Status.IN_PROGRESS,
            Status.AWAITING_CUSTOMER,
            Status.RESOLVED,
            Status.CLOSED,
            Status.REJECTED,
            Status.DUPLICATE,
        )
    },
}


def public_report_timeline(report: StreetReport) -> list[PublicEvent]:
    """What has happened to a report, oldest first, in standard words.

    Built on the follower's view of the case (``case_public_timeline`` with
    ``for_owner=False``: no notes, assignments, replies, messages sent, files),
    and stricter: no free text at all (status messages are written to the
    reporter and may name them), except the reason a report was closed or not
    accepted, which casework requires and which explains the outcome to anyone,
    and only when it does not mention the reporter (``mentions_reporter``).
    Back-office updates, the reporter's own reopening words and event data are
    never shown. One query, and one or two more only when there is a reason to
    check (the reporter's details) or a duplicate names its original.
    """
    case = report.case
    entries = case_public_timeline(case=case, attachments=[], for_owner=False)
    events: list[PublicEvent] = []
    terms = None
    originals = []
    for entry in entries:
        what = _PUBLIC_WHAT.get(entry.what)
        if what is None or (events and events[-1].what == what):
            continue
        reason = original = ""
        if what in REASONED and entry.event.message:
            if terms is None:
                terms = reporter_terms(case)
            reason = "" if mentions_reporter(entry.event.message, terms) else entry.event.message
        if what == Status.DUPLICATE:
            original = normalise_reference(str(entry.event.data.get("original", "")))
            if original:
                originals.append(original)
        events.append(PublicEvent(what=what, when=entry.when, reason=reason, original=original))
    if originals:
        visible = set(
            _visible()
            .filter(case__reference__in=originals)
            .values_list("case__reference", flat=True)
        )
        events = [
            event if event.original in visible else replace(event, original="") for event in events
        ]
    return events


def public_outcome_reason(report: StreetReport, timeline: list[PublicEvent]) -> str:
    """Why a closed or rejected report was finished, as its last timeline line says."""
    if report.case.status not in REASONED:
        return ""
    for event in reversed(timeline):
        if event.what == report.case.status:
            return event.reason
    return ""


# --- Is a text about the reporter? -------------------------------------------------------------


def _normal(text: str) -> str:
    return " ".join(str(text or "").casefold().split())


def reporter_terms(case: Case) -> list[str]:
    """What would identify the reporter: names, e-mail, phone, their and the case's address.

    Read only to check staff's words before they are shown (never to show them).
    """
    terms = [case.contact_name, case.contact_email, case.contact_phone]
    terms += case.contact_name.split()
    user = None
    if case.resident_id is not None:
        user = (
            User.objects.select_related("address")
            .only(
                "first_name",
                "last_name",
                "email",
                "phone",
                "organisation_name",
                "manual_address",
                "manual_postcode",
                "address__line1",
                "address__line2",
                "address__line3",
                "address__postcode",
            )
            .filter(pk=case.resident_id)
            .first()
        )
    if user is not None:
        terms += [user.first_name, user.last_name, user.email, str(user.phone or "")]
        terms += [user.organisation_name, user.manual_postcode]
        terms += user.manual_address.splitlines()
        if user.address is not None:
            terms += _address_terms(user.address)
    if case.address_id is not None:
        address = Address.objects.filter(pk=case.address_id).first()
        if address is not None:
            terms += _address_terms(address)
    return [term for term in (_normal(term) for term in terms) if len(term) >= 2]


def _address_terms(address: Address) -> list[str]:
    # Not the town: every address in the council has it.
    return [address.line1, address.line2, address.line3, address.postcode]


def mentions_reporter(text: str, terms: list[str]) -> bool:
    """Whether ``text`` contains any of ``terms`` (whole words; phone numbers by their digits)."""
    normal = _normal(text)
    compact = normal.replace(" ", "")
    digits = re.sub(r"\D", "", text or "")
    for term in terms:
        term_digits = re.sub(r"\D", "", term)
        if len(term_digits) >= 7 and term_digits[-9:] in digits:
            return True  # 07700 900123, +44 7700 900123, 07700900123
        if re.search(r"(?<!\w)" + re.escape(term) + r"(?!\w)", normal):
            return True
        if " " in term and len(term) <= 8 and term.replace(" ", "") in compact:
            return True  # a postcode written without its space
    return False


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

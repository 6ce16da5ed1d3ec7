"""What of a case may leave the council's walls (ARCHITECTURE: "What is public").

One function decides it for every public output: the public pages of street
reports, their JSON and map, Open311, and a case page seen by someone who follows
another person's report. It gives a ``PublicCase``: the category, a public title,
the public wording of the status, the street-level place, coordinates rounded to
about 10 metres, dates, and the resident's own words only when they chose to
publish them and they name no one (``may_publish``). Never the reporter, their
contact details, answers, address or "where exactly", the case's summary, the
conversation, notes or files.

casework knows nothing of services, so what a service keeps for the public (a
street report's street, ward, title, published words, whether staff hid it)
comes from the service's ``PublicFacts`` loader, registered in its
``AppConfig.ready`` in ``facts_loaders``. A case whose service registered
none is shown with its category and status only.

A case made through the Open311 API is the exception the API itself makes: its
poster published the description and the address string, so they are shown,
when they pass the same check.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace

from django.utils import timezone
from django.utils.timesince import timesince
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import Address, User
from casework import workflow
from casework.models import Case, Channel
from casework.references import normalise_reference
from casework.selectors import TAG_CLASSES, case_public_timeline, is_late
from casework.workflow import Status
from core import clock
from core.registry import Registry

# Four decimal places: about 11 m north-south and 7 m east-west in Britain.
COORDINATE_PLACES = 4
TITLE_MAX = 150

# What a public output reads of a case. The contact details are read to check
# published words against, never to show them.
CASE_FIELDS = (
    "id",
    "reference",
    "request_type_id",
    "status",
    "channel",
    "summary",
    "location_text",
    "contact_name",
    "contact_email",
    "contact_phone",
    "created_at",
    "updated_at",
    "due_date",
    "clock_stopped_on",
    "overdue",
    "finished_at",
    "latitude",
    "longitude",
)
# The same with its request type (``select_related("request_type").only(*QUERY_FIELDS)``).
QUERY_FIELDS = (
    *CASE_FIELDS,
    "request_type__slug",
    "request_type__name",
    "request_type__service",
    "request_type__public",
)

# --- Which statuses the public sees, and in which words ---------------------------------

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
# Not waiting for payment, not withdrawn (the reporter took it back).
LISTED_STATUSES = sorted(STATES[OPEN] | STATES[FIXED] | STATES[CLOSED])
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
    now = now or clock.now()
    days = (timezone.localdate(now) - timezone.localdate(when)).days
    if days <= 0:
        return _("today")
    if days == 1:
        return _("yesterday")
    return _("%(time)s ago") % {"time": timesince(when, now, depth=1)}


def title_for(category: str, street: str) -> str:
    """'Pothole on Mill Lane': what every public output calls a report."""
    if not street:
        return str(category)[:TITLE_MAX]
    return (_("%(category)s on %(street)s") % {"category": category, "street": street})[:TITLE_MAX]


# --- Do the words give someone away? ------------------------------------------------------

EMAIL = re.compile(r"[^\s@]+@[^\s@]+\.[^\s@]+")
# A phone number: ten or more digits, written with spaces, dots, dashes or brackets.
PHONE = re.compile(r"\+?\(?\d(?:[\s().-]{0,2}\d){9,}")


def _normal(text: str) -> str:
    return " ".join(str(text or "").casefold().split())


def gives_contact_details(text: str) -> bool:
    """An e-mail address or a phone number, anyone's."""
    return bool(EMAIL.search(text or "") or PHONE.search(text or ""))


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


def may_publish(text: str, terms: Iterable[str] = ()) -> bool:
    """The one check a resident's words pass before anyone else sees them.

    No e-mail address or phone number (the reporter's or anyone's), and none of
    ``terms`` (the reporter's names, contact details and address: ``contact_terms``
    or ``reporter_terms``).
    """
    if not (text or "").strip() or gives_contact_details(text):
        return False
    return not mentions_reporter(text, [term for term in terms if len(term) >= 3])


def contact_terms(*names_and_details: str) -> list[str]:
    """Names (whole, and each word), e-mail addresses and phone numbers, normalised."""
    terms = []
    for value in names_and_details:
        if value:
            terms.append(_normal(value))
            if "@" not in value:
                terms += [_normal(word) for word in str(value).split()]
    return [term for term in terms if len(term) >= 2]


def _case_contact_terms(case: Case) -> list[str]:
    return contact_terms(case.contact_name, case.contact_email, case.contact_phone)


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
        terms += [user.first_name, user.last_name, user.email or "", str(user.phone or "")]
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


# --- What a service keeps for the public ---------------------------------------------------


@dataclass(frozen=True)
class PublicFacts:
    """What a service app stores for a case's public view (all optional)."""

    title: str = ""
    street: str = ""
    ward: str = ""
    details: str = ""  # the resident's words, when they chose to publish them
    hidden: bool = False  # taken off public view by staff


FactsLoader = Callable[[list[Case]], dict[int, PublicFacts]]
# By service slug: ``loader(cases)`` gives the ``PublicFacts`` of those of ``cases`` it
# knows, by case id, in one query.
facts_loaders: Registry[FactsLoader] = Registry("public facts loaders")


def _facts(cases: list[Case]) -> dict[int, PublicFacts]:
    by_service: dict[str, list[Case]] = {}
    for case in cases:
        by_service.setdefault(case.request_type.service, []).append(case)
    facts: dict[int, PublicFacts] = {}
    for service, some in by_service.items():
        loader = facts_loaders.get(service)
        if loader is not None:
            facts.update(loader(some))
    return facts


# --- The public view of a case ---------------------------------------------------------------


@dataclass(frozen=True)
class PublicCase:
    """A case as anyone may see it."""

    reference: str
    title: str
    category: str
    category_code: str
    street: str
    ward: str
    status: str
    reported_at: datetime.datetime
    updated_at: datetime.datetime | None
    due_date: datetime.date | None
    finished_at: datetime.datetime | None
    late: bool
    latitude: float | None  # rounded to about 10 m
    longitude: float | None
    details: str = ""  # the reporter's own words, only if they chose to publish them

    @property
    def state(self) -> str:
        return state_of(self.status)

    @property
    def is_open(self) -> bool:
        return self.state == OPEN

    @property
    def status_label(self) -> str:
        return str(workflow.PUBLIC_LABELS.get(self.status, ""))

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


def case_public(
    case: Case,
    *,
    facts: PublicFacts | None,
    category: str | None = None,
    category_code: str | None = None,
    today: datetime.date | None = None,
) -> PublicCase:
    """THE public view of ``case`` (``CASE_FIELDS`` read), given what its service keeps.

    ``category`` and ``category_code``: the request type's name and slug, when the
    caller has them without reading the case's request type.
    """
    if category is None:
        category = case.request_type.name
    if category_code is None:
        category_code = case.request_type.slug
    facts = facts or PublicFacts()
    street, details = facts.street.strip(), facts.details
    terms = _case_contact_terms(case)
    if case.channel == Channel.API:
        # Its poster published these through the API (GeoReport v2).
        if not street and may_publish(case.location_text, terms):
            street = case.location_text.strip()
        details = details or case.summary
    details = details.strip() if may_publish(details, terms) else ""
    return PublicCase(
        reference=case.reference,
        title=facts.title.strip() or title_for(category, street),
        category=str(category),
        category_code=category_code,
        street=street,
        ward=facts.ward,
        status=case.status,
        reported_at=case.created_at,
        updated_at=case.updated_at,
        due_date=case.due_date,
        finished_at=case.finished_at,
        late=is_late(case, today=today or clock.today()),
        latitude=rounded(case.latitude),
        longitude=rounded(case.longitude),
        details=details,
    )


def is_public(case: Case, facts: PublicFacts | None) -> bool:
    """A public request type's case, listed (not unpaid or withdrawn), not hidden by staff."""
    return (
        case.request_type.public
        and case.status in LISTED_STATUSES
        and not (facts is not None and facts.hidden)
    )


def cases_public(cases: Iterable[Case]) -> list[PublicCase]:
    """The public view of those of ``cases`` anyone may see, in the same order.

    One query per service with a facts loader, however many cases.
    """
    cases = list(cases)
    facts = _facts(cases)
    today = clock.today()
    return [
        case_public(case, facts=facts.get(case.pk), today=today)
        for case in cases
        if is_public(case, facts.get(case.pk))
    ]


def case_public_view(case: Case) -> PublicCase:
    """The public view of a case someone may already see (a report they follow), listed or not."""
    return case_public(case, facts=_facts([case]).get(case.pk))


@dataclass(frozen=True)
class FollowerView:
    """A case page as someone who follows another person's report sees it."""

    public: PublicCase
    timeline: list[PublicEvent]
    outcome_reason: str


def case_for_follower(case: Case) -> FollowerView:
    """The public view of ``case``, its timeline in public words and its outcome's reason."""
    timeline = public_timeline(case)
    return FollowerView(
        public=case_public_view(case),
        timeline=timeline,
        outcome_reason=public_outcome_reason(case.status, timeline),
    )


def case_public_get(case: Case) -> PublicCase | None:
    """The public view of one case; None when nobody else may see it."""
    found = cases_public([case])
    return found[0] if found else None


# --- What has happened, in public words ------------------------------------------------------


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


def public_timeline(case: Case) -> list[PublicEvent]:
    """What has happened to a case, oldest first, in standard words.

    Built on the follower's view of the case (``case_public_timeline`` with
    ``for_owner=False``: no notes, assignments, replies, messages sent, files),
    and stricter: no free text at all (status messages are written to the
    reporter and may name them), except the reason a case was closed or not
    accepted, which casework requires and which explains the outcome to anyone,
    and only when it passes ``may_publish`` against ``reporter_terms``.
    Back-office updates, the reporter's own reopening words and event data are
    never shown. One query, and one or two more only when there is a reason to
    check (the reporter's details) or a duplicate names its original.
    """
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
            message = entry.event.message
            reason = message if may_publish(message, terms) else ""
        if what == Status.DUPLICATE:
            original = normalise_reference(str(entry.event.data.get("original", "")))
            if original:
                originals.append(original)
        events.append(PublicEvent(what=what, when=entry.when, reason=reason, original=original))
    if originals:
        visible = {
            public.reference
            for public in cases_public(
                Case.objects.filter(reference__in=originals)
                .select_related("request_type")
                .only(*QUERY_FIELDS)
            )
        }
        events = [
            event if event.original in visible else replace(event, original="") for event in events
        ]
    return events


def public_outcome_reason(status: str, timeline: list[PublicEvent]) -> str:
    """Why a closed or rejected case was finished, as its last public timeline line says."""
    if status not in REASONED:
        return ""
    for event in reversed(timeline):
        if event.what == status:
            return event.reason
    return ""

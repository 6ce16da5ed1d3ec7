"""Demo street reports for the public list and map: every ward, most categories, every status.

Made the one way cases are made (casework actions) by people without an account
(a name and an e-mail address, never shown publicly), moved on by the demo
caseworker, then dated back over the last six weeks so that the list reads
"reported 3 days ago", open reports past their target date show as overdue and
the timelines have sensible dates. Two finished ones carry the reasons the
public sees; one is a duplicate of another. Safe to run again: a report whose
public title is already there is left alone.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from accounts.models import Address, User
from casework import actions, sla
from casework.models import Case, CaseEvent, RequestType
from casework.workflow import Status
from core import clock
from services.highways.models import StreetReport

TOWN = "Millbrook"
CASEWORKER = "caseworker@millbrook.example"
REPORTER_DOMAIN = "example.net"


@dataclass(frozen=True)
class DemoReport:
    category: str
    street: str
    title: str
    status: str
    days_ago: int
    details: str = ""
    reason: str = ""  # closed or rejected: shown publicly
    duplicate_of: str = ""  # the title of the first report


REPORTS = (
    DemoReport(
        "pothole",
        "High Street",
        "Deep pothole by the zebra crossing",
        Status.IN_PROGRESS,
        2,
        details="About a foot across and deep enough to jolt a car. Cyclists swerve round it.",
    ),
    DemoReport(
        "pothole",
        "High Street",
        "Pothole on High Street",
        Status.DUPLICATE,
        1,
        duplicate_of="Deep pothole by the zebra crossing",
    ),
    DemoReport("street-light", "Abbey Road", "Lamp post out near the bus stop", Status.RECEIVED, 5),
    DemoReport(
        "fly-tipping",
        "Farm Lane",
        "Mattress and black bags dumped in the lay-by",
        Status.RESOLVED,
        12,
    ),
    DemoReport(
        "graffiti",
        "Castle Street",
        "Graffiti on the bus shelter",
        Status.CLOSED,
        20,
        reason=(
            "The bus shelter belongs to the bus company, so we cannot clean it. We have passed "
            "the report on to them."
        ),
    ),
    DemoReport(
        "blocked-drain",
        "River View",
        "Drain blocked with leaves, water across the road",
        Status.SUBMITTED,
        0,
        details="The water is about 2 metres across the road after rain.",
    ),
    DemoReport(
        "abandoned-vehicle",
        "Elm Close",
        "Car with flat tyres not moved for weeks",
        Status.AWAITING_CUSTOMER,
        8,
    ),
    DemoReport("dog-fouling", "Willow Walk", "Dog mess all along the path", Status.RESOLVED, 30),
    DemoReport(
        "pothole",
        "Keep Avenue",
        "Potholes on the road into the new estate",
        Status.REJECTED,
        40,
        reason=(
            "This road has not been adopted by the council: it still belongs to the developer, "
            "who must repair it. We have written to them."
        ),
    ),
    DemoReport("street-light", "Station Road", "Street light on all day", Status.IN_PROGRESS, 24),
)

REPORTERS = ("Alex Morgan", "Bea Clarke", "Dev Shah", "Erin Walsh", "Femi Adeyemi")


def load() -> str:
    caseworker = User.objects.filter(email=CASEWORKER).first()
    categories = {rt.slug: rt for rt in RequestType.objects.filter(service="highways")}
    if caseworker is None or not categories:
        return ""
    made = 0
    for number, demo in enumerate(REPORTS):
        if demo.category not in categories:
            continue
        if StreetReport.objects.filter(public_title=demo.title).exists():
            continue
        _report(demo, request_type=categories[demo.category], staff=caseworker, number=number)
        made += 1
    if not made:
        return ""
    return (
        f"Street reports: {made} public example reports in every ward, at every stage "
        "(/street/reports/)"
    )


def _address(street: str, number: int) -> Address | None:
    on_street = Address.objects.filter(town=TOWN, line1__endswith=street, latitude__isnull=False)
    count = on_street.count()
    if not count:
        return None
    return on_street.order_by("uprn")[(number * 7) % count]


@transaction.atomic
def _report(demo: DemoReport, *, request_type: RequestType, staff: User, number: int) -> None:
    near = _address(demo.street, number)
    name = REPORTERS[number % len(REPORTERS)]
    case = actions.case_submit(
        request_type=request_type,
        answers={},
        summary=demo.title,
        contact_name=name,
        contact_email=name.lower().replace(" ", ".") + "@" + REPORTER_DOMAIN,
        latitude=near.latitude + 0.00004 if near else None,  # in the road, not the house
        longitude=near.longitude - 0.00003 if near else None,
        location_text=demo.street,
    )
    StreetReport.objects.create(
        case=case,
        ward=near.ward if near else None,
        street=demo.street,
        public_title=demo.title,
        public_details=demo.details,
    )
    _progress(case, demo, staff=staff)
    _date_back(case, demo.days_ago)


def _progress(case: Case, demo: DemoReport, *, staff: User) -> None:
    if demo.status == Status.SUBMITTED:
        return
    case = actions.case_acknowledge(case=case, actor=staff)
    if demo.status == Status.RECEIVED:
        return
    if demo.status == Status.DUPLICATE:
        first = StreetReport.objects.filter(public_title=demo.duplicate_of).first()
        if first is not None:
            actions.case_mark_duplicate(case=case, original=first.case, actor=staff)
        return
    if demo.status == Status.AWAITING_CUSTOMER:
        actions.case_request_information(
            case=case,
            actor=staff,
            message="Can you tell us the car's registration number? We could not see it.",
        )
        return
    case = actions.case_change_status(
        case=case,
        status=Status.IN_PROGRESS,
        actor=staff,
        message="A crew is booked to look at this.",
    )
    if demo.status == Status.RESOLVED:
        actions.case_resolve(case=case, actor=staff, message="Done: thank you for telling us.")
    elif demo.status == Status.CLOSED:
        actions.case_close(case=case, actor=staff, reason=demo.reason)
    elif demo.status == Status.REJECTED:
        actions.case_reject(case=case, actor=staff, reason=demo.reason)


def _date_back(case: Case, days: int) -> None:
    """Made ``days`` ago, its events spread over the time since (at most a week)."""
    if not days:
        return
    now = clock.now()
    created = now - datetime.timedelta(days=days, hours=3)
    events = list(case.events.order_by("created_at", "id").values_list("pk", flat=True))
    span = min(datetime.timedelta(days=days), datetime.timedelta(days=7))
    step = span / max(len(events), 1)
    last = created
    for index, pk in enumerate(events):
        last = created + step * index
        CaseEvent.objects.filter(pk=pk).update(created_at=last)
    case.refresh_from_db()
    rt = case.request_type
    Case.objects.filter(pk=case.pk).update(
        created_at=created,
        due_date=sla.due_date(
            start=timezone.localdate(created), days=rt.sla_days, working_days=rt.sla_working_days
        ),
        finished_at=last if case.finished_at else None,
    )
    StreetReport.objects.filter(case=case).update(created_at=created)

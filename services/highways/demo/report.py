"""Demo for reporting a street problem: example reports, routing, and "is it fixed?" texts.

- A handful of reports around Millbrook, made the one way cases are made
  (``casework.actions.case_submit``) with their StreetReport rows: open and finished,
  some on Mill Lane near MB1 1AA, so that reporting a pothole at MB1 1AA is offered
  the open ones to follow. Sam (sam@example.org) made one of them; the others were
  made by people without an account. Safe to run again: one that is there is left.
- Routing (C6, I5): pothole and street-light reports go to the simulated back office's
  Open311 endpoint, fly-tipping to its JSON webhook, the others to the highways team's
  queue only; only for categories with no connector yet, so an admin's choice stays.
  This runs after the example reports are made (and after the public feature's demo,
  see FEATURES), so that loading never waits on a back office.
- Each category's "resolved" text asks whether it is fixed, where it has none yet.
- The highways team gets the demo caseworker as member and lead, where it has none.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.db import transaction

from accounts.models import Address, User
from casework import actions
from casework.models import Case, RequestType, Team
from casework.workflow import Status
from services.highways.apps import RESOLVED, SLUG, TEAM
from services.highways.location import street_of
from services.highways.models import StreetReport
from services.highways.selectors.report import public_title

TOWN = "Millbrook"
SAM = "sam@example.org"
CASEWORKER = "caseworker@millbrook.example"
ADMINISTRATOR = "admin@millbrook.example"

# `make run` starts the simulated back office here and puts its secret in this variable.
BACK_OFFICE = settings.DEMO_BACKOFFICE_URL
SECRET_ENV = "DEMO_BACKOFFICE_SECRET"  # noqa: S105 - a variable's name, not a secret
CONNECTORS = {
    "pothole": (
        "open311",
        {
            "endpoint": f"{BACK_OFFICE}/open311/v2",
            "service_code": "POTHOLE",
            "api_key_env": SECRET_ENV,
            "attributes": {"size": "POTHOLE_SIZE", "where_on_road": "POTHOLE_WHERE"},
            "name": "Millbrook highways",
        },
    ),
    "street-light": (
        "open311",
        {
            "endpoint": f"{BACK_OFFICE}/open311/v2",
            "service_code": "STREETLIGHT",
            "api_key_env": SECRET_ENV,
            "attributes": {"fault": "LIGHT_FAULT", "column_number": "COLUMN_NUMBER"},
            "name": "Millbrook street lighting",
        },
    ),
    "fly-tipping": (
        "webhook",
        {
            "url": f"{BACK_OFFICE}/cases",
            "secret_env": SECRET_ENV,
            "name": "Millbrook street scene",
        },
    ),
}


@dataclass(frozen=True)
class DemoReport:
    category: str
    postcode: str
    number: int  # the house number it is outside (or the nearest to it)
    where_exactly: str
    description: str
    answers: dict
    status: str = Status.SUBMITTED
    reporter: str = ""  # a one-off reporter's name; "" for Sam
    public: bool = True


REPORTS = (
    DemoReport(
        "pothole",
        "MB1 1AA",
        1,
        "In the road outside number 1",
        "A pothole about a foot across, deep enough to jolt a car. It fills with water when it rains.",
        {"where_on_road": "In the road", "size": "Bigger than a dinner plate"},
        status=Status.RECEIVED,
    ),
    DemoReport(
        "pothole",
        "MB1 1AA",
        14,
        "By the drop kerb outside the flats at number 14",
        "Broken surface by the drop kerb. Wheelchairs and buggies catch on it.",
        {"where_on_road": "On the pavement", "size": "About a dinner plate"},
        status=Status.IN_PROGRESS,
        reporter="Priya Nair",
    ),
    DemoReport(
        "pothole",
        "MB1 1AA",
        7,
        "Outside number 7",
        "A small pothole in the road.",
        {"where_on_road": "In the road", "size": "Smaller than a dinner plate"},
        status=Status.RESOLVED,
        reporter="Tom Hughes",
    ),
    DemoReport(
        "street-light",
        "MB1 1AA",
        20,
        "The lamp post opposite number 20",
        "It has been out for a week, and this end of Mill Lane is very dark.",
        {"fault": "It is out", "column_number": "ML12"},
        status=Status.RECEIVED,
        reporter="Grace Owen",
        public=False,
    ),
    DemoReport(
        "fly-tipping",
        "MB1 2AA",
        9,
        "In the alley behind the shops",
        "Two mattresses and some black bags.",
        {"amount": "A car boot load", "hazardous": False},
        status=Status.RESOLVED,
        reporter="Olu Bello",
    ),
    DemoReport(
        "graffiti",
        "MB1 2AA",
        3,
        "On the side wall of the bus shelter",
        "Spray-painted tags on the bus shelter.",
        {"offensive": False},
        status=Status.IN_PROGRESS,
        reporter="Hannah Reid",
    ),
)


def load() -> str:
    categories = {rt.slug: rt for rt in RequestType.objects.filter(service=SLUG)}
    if not categories:
        return ""
    _texts(categories.values())
    _team()
    made = [
        demo
        for demo in REPORTS
        if demo.category in categories and _report(demo, categories[demo.category])
    ]
    connected = _connect(categories)
    lines = []
    if made:
        lines.append(
            f"{len(made)} example reports near {REPORTS[0].postcode} (report a pothole at "
            f"{REPORTS[0].postcode} to be offered the open ones to follow)"
        )
    if connected:
        lines.append("routed " + ", ".join(connected))
    return ("Street reporting (/street/report/): " + "; ".join(lines)) if lines else ""


def _texts(request_types) -> None:
    for request_type in request_types:
        if not request_type.notification_texts.get("resolved"):
            request_type.notification_texts = {
                **request_type.notification_texts,
                "resolved": str(RESOLVED),
            }
            request_type.save(update_fields=["notification_texts"])


def _team() -> None:
    team = Team.objects.filter(slug=TEAM).first()
    caseworker = User.objects.filter(email=CASEWORKER).first()
    if team is None or caseworker is None:
        return
    if not team.members.exists():
        team.members.add(caseworker)
    if team.lead_id is None or team.manager_id is None:
        team.lead = team.lead or caseworker
        team.manager = team.manager or User.objects.filter(email=ADMINISTRATOR).first()
        team.save(update_fields=["lead", "manager"])


def _connect(categories: dict[str, RequestType]) -> list[str]:
    connected = []
    for slug, (connector, connector_settings) in CONNECTORS.items():
        request_type = categories.get(slug)
        if request_type is not None and not request_type.connector:
            request_type.connector = connector
            request_type.connector_settings = connector_settings
            request_type.save(update_fields=["connector", "connector_settings"])
            connected.append(f"{request_type.name.lower()} by {connector}")
    return connected


def _address(postcode: str, number: int) -> Address | None:
    for address in Address.objects.filter(
        postcode=postcode, town=TOWN, latitude__isnull=False
    ).order_by("uprn"):
        lines = [line for line in (address.line1, address.line2, address.line3) if line]
        if lines and lines[-1].split(" ", 1)[0] == str(number):
            return address
    return None


@transaction.atomic
def _report(demo: DemoReport, request_type: RequestType) -> bool:
    address = _address(demo.postcode, demo.number)
    if address is None:
        return False
    location_text = f"{demo.where_exactly}, near {address.single_line}"
    if Case.objects.filter(request_type=request_type, location_text=location_text).exists():
        return False
    sam = None if demo.reporter else User.objects.filter(email=SAM).first()
    if not demo.reporter and sam is None:
        return False
    street = street_of(address)
    title = public_title(request_type, street)
    reporter = demo.reporter
    case = actions.case_submit(
        request_type=request_type,
        answers={**demo.answers, "description": demo.description},
        summary=title,
        resident=sam,
        contact_name=reporter,
        contact_email=reporter.lower().replace(" ", ".") + "@example.net" if reporter else "",
        address=address,
        # In the road in front of the house, not on it.
        latitude=address.latitude + 0.00005,
        longitude=address.longitude - 0.00003,
        location_text=location_text,
        actor=sam,
    )
    StreetReport.objects.create(
        case=case,
        ward_id=address.ward_id,
        street=street,
        public_title=title,
        public_details=demo.description if demo.public else "",
    )
    _progress(case, demo.status)
    return True


def _progress(case: Case, status: str) -> None:
    """Moved on by the demo caseworker, as the staff pages would (not if it went to a back
    office: the back office says how it goes)."""
    staff = User.objects.filter(email=CASEWORKER).first()
    if status == Status.SUBMITTED or case.status != Status.SUBMITTED:
        return
    case = actions.case_acknowledge(case=case, actor=staff)
    if status == Status.RECEIVED:
        return
    case = actions.case_change_status(
        case=case,
        status=Status.IN_PROGRESS,
        actor=staff,
        message="A crew is booked to look at this.",
    )
    if status == Status.RESOLVED:
        actions.case_resolve(case=case, actor=staff, message="Repaired. Thank you for telling us.")

"""The demo council's published service standards, and its first count of the figures
(portal.demo calls ``load``). Safe to repeat: a standard already there is left alone."""

from __future__ import annotations

import datetime
import random

from accounts import roles
from accounts.models import Address, User
from casework import actions as case_actions
from casework.models import Case, CaseEvent, Channel, RequestType
from core import clock
from insight.actions import summaries_refresh
from insight.models import ServiceStandard

HISTORY_NAME = "Millbrook history (demo)"  # the contact name of the past requests made here
HISTORY_PER_TYPE = 10

# (service, standard in plain words, request type slugs, target %)
STANDARDS = [
    (
        "waste",
        "We collect a reported missed bin within 2 working days",
        ("missed-collection",),
        95,
    ),
    ("waste", "We deliver a new bin or box within 10 working days", ("container-order",), 90),
    (
        "highways",
        "We make a reported pothole safe within 10 working days",
        ("pothole",),
        90,
    ),
    (
        "highways",
        "We clear a reported blocked drain within 10 working days",
        ("blocked-drain",),
        90,
    ),
    ("general", "We answer your question within 10 working days", ("general-enquiry",), 90),
]


def standards_load() -> int:
    """Make the demo standards whose request types exist; returns how many were made."""
    made = 0
    for order, (service, wording, slugs, target) in enumerate(STANDARDS):
        types = list(RequestType.objects.filter(slug__in=slugs))
        if not types or ServiceStandard.objects.filter(wording=wording).exists():
            continue
        standard = ServiceStandard.objects.create(
            service=service, wording=wording, target_percent=target, order=order
        )
        standard.request_types.set(types)
        made += 1
    return made


def history_load() -> int:
    """A year of past requests for the standards' request types, so that the figures have
    something to show: made through the casework actions like any request (by phone or
    online, most done on time), then moved back to the day they were made on.
    Only request types with no back office, so nothing is sent anywhere. Demo only: the
    back-dating writes the cases' dates directly, which nothing else ever does."""
    if Case.objects.filter(contact_name=HISTORY_NAME).exists():
        return 0
    officer = User.objects.filter(is_staff=True, groups__name=roles.CASEWORKER).first()
    addresses = list(Address.objects.exclude(ward=None).order_by("uprn")[:400])
    if officer is None or not addresses:
        return 0
    rng = random.Random(17)  # the same history every time
    now = clock.now()
    made_count = 0
    types = RequestType.objects.filter(standards__isnull=False, connector="").distinct()
    for request_type in types:
        for index in range(HISTORY_PER_TYPE):
            # Twice a month or so, so that the first count has few days to count.
            made = now - datetime.timedelta(days=rng.randrange(5, 360, 15), hours=index % 8)
            case = case_actions.case_submit(
                request_type=request_type,
                answers={"details": "A request from the demo's past year"},
                summary=f"{request_type.name} (demo history)",
                contact_name=HISTORY_NAME,
                address=rng.choice(addresses),
                channel=Channel.PHONE if index % 3 == 0 else Channel.WEB,
                actor=officer if index % 3 == 0 else None,
            )
            finished = None
            if index % 9 != 0:  # one in nine still open
                case_actions.case_resolve(case=case, actor=officer, message="Done.")
                late = index % 8 == 0
                finished = made + datetime.timedelta(days=8 if late else 2)
            due = (made + datetime.timedelta(days=request_type.sla_days + 2)).date()
            Case.objects.filter(pk=case.pk).update(
                created_at=made,
                finished_at=finished,
                due_date=due,
                overdue=finished is None and due < clock.today(),
                rating=rng.choice([3, 4, 4, 5, 5]) if finished and index % 4 == 0 else None,
            )
            events = CaseEvent.objects.filter(case=case)
            events.filter(kind=CaseEvent.Kind.SUBMITTED).update(created_at=made)
            events.filter(status_after="resolved").update(created_at=finished or made)
            made_count += 1
    return made_count


def load() -> list[str]:
    made = standards_load()
    history = history_load()
    result = summaries_refresh(full=bool(history))
    return [
        f"Performance: {history} past requests made for the demo's figures",
        f"Service standards: {made} made, {ServiceStandard.objects.count()} in all "
        "(/performance/); figures counted for "
        f"{result.days} day(s) (the managers' dashboard: /staff/insight/)",
    ]

"""Seeded cases for the insight tests, made the one way cases are made (casework actions),
then moved back in time where a test needs days gone by (test data only)."""

import datetime
from dataclasses import dataclass

import pytest
from django.utils import timezone

from casework import actions
from casework.models import Case, CaseEvent, Channel
from tests.casework.factories import RequestTypeFactory, TeamFactory
from tests.conftest import _staff
from tests.factories import AddressFactory, UserFactory, WardFactory


@dataclass
class Town:
    team_a: object
    team_b: object
    bins: object  # a request type of team A, service "waste"
    potholes: object  # a request type of team B, service "highways"
    north: object  # wards
    south: object
    resident: object
    officer: object


@pytest.fixture
def town(db):
    team_a = TeamFactory(slug="bins", name="Bins team")
    team_b = TeamFactory(slug="roads", name="Roads team")
    officer = _staff("Caseworker")
    team_a.members.add(officer)
    team_b.members.add(officer)
    return Town(
        team_a=team_a,
        team_b=team_b,
        bins=RequestTypeFactory(
            service="waste", slug="missed-bin", name="Missed bin", team=team_a, sla_days=2
        ),
        potholes=RequestTypeFactory(
            service="highways", slug="pothole-x", name="Pothole", team=team_b, sla_days=10
        ),
        north=WardFactory(code="E05000001", name="North"),
        south=WardFactory(code="E05000002", name="South"),
        resident=UserFactory(),
        officer=officer,
    )


def days_ago(days: int, hour: int = 10) -> datetime.datetime:
    day = timezone.localdate() - datetime.timedelta(days=days)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def make_case(
    town: Town,
    *,
    request_type=None,
    ward=None,
    channel=Channel.WEB,
    made_days_ago: int = 0,
    finished_days_ago: int | None = None,
    late: bool = False,
    rating: int | None = None,
    reopened: bool = False,
    answered: bool = True,
) -> Case:
    """A case made ``made_days_ago`` (and resolved ``finished_days_ago``, on time or
    ``late``), answered by staff an hour after it was made unless ``answered`` is False."""
    request_type = request_type or town.bins
    case = actions.case_submit(
        request_type=request_type,
        resident=town.resident,
        answers={"what": "x"},
        summary="A request",
        address=AddressFactory(ward=ward or town.north),
        channel=channel,
        actor=town.officer if channel != Channel.WEB else None,
        acting_for=town.resident if channel != Channel.WEB else None,
    )
    made = days_ago(made_days_ago)
    if answered:
        actions.case_acknowledge(case=case, actor=town.officer)
    if finished_days_ago is not None:
        actions.case_resolve(case=case, actor=town.officer, message="Done.")
        if reopened:
            actions.case_reopen(case=case, actor=town.officer, message="Not done after all.")
            actions.case_resolve(case=case, actor=town.officer, message="Done now.")
        if rating:
            actions.case_rate(case=case, user=town.resident, rating=rating)
    # Back in time: made at ``made``, answered an hour later, finished on its day.
    finished = days_ago(finished_days_ago, hour=15) if finished_days_ago is not None else None
    due = (finished or made).date() + datetime.timedelta(days=-1 if late else 1)
    Case.objects.filter(pk=case.pk).update(created_at=made, finished_at=finished, due_date=due)
    events = CaseEvent.objects.filter(case=case)
    events.filter(kind=CaseEvent.Kind.SUBMITTED).update(created_at=made)
    events.exclude(kind=CaseEvent.Kind.SUBMITTED).update(
        created_at=finished or made + datetime.timedelta(hours=1)
    )
    if answered:
        first = events.filter(kind=CaseEvent.Kind.STATUS).order_by("pk").first()
        CaseEvent.objects.filter(pk=first.pk).update(created_at=made + datetime.timedelta(hours=1))
    case.refresh_from_db()
    return case

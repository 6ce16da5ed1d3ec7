"""A9 with casework: my requests are in my data; closing keeps cases, drops what is only mine."""

import json

import pytest

from casework import actions
from casework.drafts import draft_save
from casework.models import Case, Draft, Follower
from tests.conftest import signed_in
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_my_data_includes_my_requests_and_not_internal_notes(citizen, request_type, agent):
    case = actions.case_submit(
        request_type=request_type, resident=citizen, answers={}, summary="Bench"
    )
    actions.case_add_note(case=case, actor=agent, message="Known complainer")
    actions.case_change_status(
        case=case, status="received", actor=agent, message="With the parks team"
    )
    response = signed_in(citizen, verified=True).get("/account/your-data/download.json")
    data = json.loads(response.content)
    [exported] = data["requests"]
    assert exported["reference"] == case.reference
    assert "With the parks team" in [entry["message"] for entry in exported["timeline"]]
    assert "Known complainer" not in response.content.decode()


def test_closing_an_account_keeps_cases_and_drops_follows_and_drafts(citizen, request_type):
    mine = actions.case_submit(request_type=request_type, resident=citizen, answers={}, summary="A")
    other = actions.case_submit(
        request_type=request_type, resident=UserFactory(), answers={}, summary="B"
    )
    actions.case_follow(case=other, user=citizen)
    draft_save(user=citizen, request_type=request_type, answers={"x": 1})

    signed_in(citizen, verified=True).post("/account/close/", {"confirm": "on"})

    assert Case.objects.filter(pk=mine.pk, resident=citizen).exists()  # a council record
    assert not Follower.objects.filter(user=citizen).exists()
    assert not Draft.objects.filter(user=citizen).exists()

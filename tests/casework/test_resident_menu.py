"""The resident's request page offers an action exactly when the action would be taken
(casework/resident/menu.py), for the owner, for a follower and for an agent helping."""

import pytest
from django.urls import reverse

from casework import actions
from casework.models import Case
from casework.resident.menu import reopen_refusal, resident_menu, withdraw_refusal
from casework.workflow import Status
from tests.conftest import signed_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(citizen, request_type, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return actions.case_submit(
            request_type=request_type, resident=citizen, answers={}, summary="Bench broken"
        )


@pytest.mark.parametrize("status", list(Status))
def test_withdraw_and_reopen_show_exactly_when_their_pages_would_take_them(citizen, case, status):
    Case.objects.filter(pk=case.pk).update(status=status)
    case.refresh_from_db()
    menu = resident_menu(case, citizen, assisting=False)
    assert menu.can_withdraw == (withdraw_refusal(case, citizen) is None)
    assert menu.can_reopen == (reopen_refusal(case, citizen) is None)
    client = signed_in(citizen)
    page = client.get(reverse("casework:detail", args=[case.reference])).content.decode()
    assert ("Withdraw this request" in page) == menu.can_withdraw
    withdraw = client.get(reverse("casework:withdraw", args=[case.reference]))
    assert withdraw.status_code == (200 if menu.can_withdraw else 400)


def test_an_agent_helping_and_a_follower_get_no_forms(citizen, another_citizen, case):
    helping = resident_menu(case, citizen, assisting=True)
    assert helping.owner and helping.assisted_view
    assert not (helping.can_reply or helping.can_withdraw or helping.can_reopen)
    following = resident_menu(case, another_citizen, assisting=False)
    assert not following.owner and following.following
    assert not (following.can_reply or following.can_withdraw or following.can_rate)

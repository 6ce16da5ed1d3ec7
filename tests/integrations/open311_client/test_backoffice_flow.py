"""End to end over Open311: a street report reaches the simulated back office's
Open311 endpoint once, and its status comes back by polling.

The back office runs for real in a thread on a free port. Delivery goes through the
outbox (``outbox_sweep``) and status through ``casework.inbound.polling``, as the worker and
beat would.
"""

import pytest
from django.urls import reverse

from casework import actions
from casework.inbound.polling import back_office_poll_all
from casework.models import BackOfficePoll, Case, CaseEvent
from casework.workflow import Status
from integrations.open311_client import client, mapping
from integrations.outbox.actions import message_retry
from integrations.outbox.models import Message
from integrations.outbox.worker import outbox_sweep
from integrations.simulated_backoffice import BackOffice, start
from integrations.simulated_backoffice.open311 import request_by_portal_reference, set_status
from tests.casework.factories import RequestTypeFactory
from tests.conftest import signed_in
from tests.helpers import make_due, public_timeline

pytestmark = pytest.mark.django_db

API_KEY = "open311-test-key-0123456789"
KIND = "connector.open311"


@pytest.fixture(autouse=True)
def _key_in_the_environment(monkeypatch):
    monkeypatch.setenv("TEST_OPEN311_KEY", API_KEY)


@pytest.fixture
def back_office():
    running = start(BackOffice(secret="s" * 32, api_key=API_KEY, seed=11))
    yield running
    running.stop()


def pothole_type(back_office, **settings):
    return RequestTypeFactory(
        slug="report-a-pothole",
        name="Report a pothole",
        service="highways",
        connector="open311",
        connector_settings={
            "endpoint": back_office.open311_url,
            "service_code": "POTHOLE",
            "api_key_env": "TEST_OPEN311_KEY",
            "attributes": {"size": "POTHOLE_SIZE"},
            "name": "the highways team",
            **settings,
        },
    )


@pytest.fixture
def request_type(back_office):
    return pothole_type(back_office)


def submit(request_type, resident, n=0, **where):
    where = where or {
        "location_text": "Mill Lane, outside number 4",
        "latitude": 52.1,
        "longitude": -1.2,
    }
    return actions.case_submit(
        request_type=request_type,
        resident=resident,
        answers={"size": "deep", "n": n},
        summary="A deep pothole outside number 4",
        **where,
    )


def delivered(request_type, citizen):
    case = submit(request_type, citizen)
    outbox_sweep()
    case.refresh_from_db()
    assert case.status == Status.RECEIVED
    return case


# --- Out --------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["xml", "json"])
def test_a_report_arrives_once_and_its_status_comes_back_by_polling(back_office, citizen, fmt):
    request_type = pothole_type(back_office, format=fmt)
    case = submit(request_type, citizen)
    outbox_sweep()

    sent = request_by_portal_reference(back_office.office, case.reference)
    assert sent is not None, "the back office has it under the portal's reference"
    assert sent["service_code"] == "POTHOLE"
    assert sent["attributes"] == {"portal_reference": case.reference, "POTHOLE_SIZE": "deep"}
    assert sent["lat"] == "52.1" and sent["address"] == "Mill Lane, outside number 4"
    # PostgreSQL's jsonb keeps keys in its own order: only the lines are promised.
    assert sent["description"].startswith("A deep pothole outside number 4\n\n")
    assert "size: deep" in sent["description"].splitlines()
    assert sent["contact"]["email"] == citizen.email
    assert len(back_office.office.open311.requests) == 1

    case.refresh_from_db()
    assert case.status == Status.RECEIVED
    assert case.external_reference == sent["service_request_id"]
    assert ("status_received", "Received by the highways team.") in public_timeline(case)

    set_status(back_office.office, case.external_reference, status="ACTION_SCHEDULED")
    set_status(
        back_office.office, case.external_reference, status="FIXED", description="Filled in."
    )
    assert back_office_poll_all() == 2
    case.refresh_from_db()
    assert case.status == Status.RESOLVED
    assert ("status_resolved", "Filled in.") in public_timeline(case)
    assert case.events.filter(status_after=Status.IN_PROGRESS).exists()
    event = case.events.get(status_after=Status.RESOLVED)
    assert event.actor is None and event.channel == "api" and event.public

    events = case.events.count()
    back_office_poll_all()  # the same updates read again (the window overlaps)
    assert case.events.count() == events, "each update is applied once"

    page = signed_in(citizen).get(reverse("casework:detail", args=[case.reference]))
    assert "Filled in." in page.content.decode()


def test_a_lost_reply_is_retried_and_the_back_office_still_has_one_request(
    back_office, request_type, citizen
):
    office = back_office.office
    office.lost_reply_rate = 1.0  # stored, but the answer never arrives
    case = submit(request_type, citizen)
    outbox_sweep()
    case.refresh_from_db()
    assert case.status == Status.SENDING
    assert Message.objects.get(kind=KIND).state == Message.State.PENDING

    office.lost_reply_rate = 0.0
    make_due()
    outbox_sweep()
    case.refresh_from_db()
    assert case.status == Status.RECEIVED
    assert office.open311.posts == 2
    assert len(office.open311.requests) == 1
    assert (
        case.external_reference
        == request_by_portal_reference(office, case.reference)["service_request_id"]
    )


def test_thirty_reports_arrive_exactly_once_with_the_back_office_failing(
    back_office, request_type, citizen
):
    office = back_office.office
    office.failure_rate, office.lost_reply_rate = 0.3, 0.1
    cases = [submit(request_type, citizen, n) for n in range(30)]
    for _round in range(40):
        outbox_sweep(limit=500)
        stuck = Message.objects.filter(kind=KIND, state=Message.State.NEEDS_ATTENTION)
        message_retry(message_ids=list(stuck.values_list("pk", flat=True)))
        make_due()
        if not Message.objects.filter(kind=KIND).exclude(state=Message.State.DELIVERED).exists():
            break
    assert office.failures > 0
    assert len(office.open311.requests) == 30
    by_portal = {
        r["portal_reference"]: r["service_request_id"] for r in office.open311.requests.values()
    }
    for case in Case.objects.filter(pk__in=[c.pk for c in cases]):
        assert case.status == Status.RECEIVED
        assert case.external_reference == by_portal[case.reference]


def test_an_open311_error_puts_the_case_in_needs_attention_with_its_description(
    back_office, request_type, citizen
):
    # Errors are cleaned of the resident's name, so not one that is a word of this error
    # (the factory's random surnames include "Long").
    citizen.first_name, citizen.last_name = "Sam", "Yates"
    citizen.save()
    case = submit(request_type, citizen, location_text="")  # no location at all
    outbox_sweep()
    case.refresh_from_db()
    assert case.status == Status.SEND_FAILED
    message = Message.objects.get(kind=KIND)
    assert message.state == Message.State.NEEDS_ATTENTION
    expected = (
        "HTTP 400 from the back office: lat and long, address_string or address_id are required."
    )
    assert message.last_error == expected
    assert case.events.get(status_after=Status.SEND_FAILED).data["error"] == expected
    assert back_office.office.open311.requests == {}


def test_a_wrong_api_key_needs_attention(back_office, request_type, citizen, monkeypatch):
    monkeypatch.setenv("TEST_OPEN311_KEY", "not-the-key")
    case = submit(request_type, citizen)
    outbox_sweep()
    case.refresh_from_db()
    assert case.status == Status.SEND_FAILED
    assert "api_key is missing or not valid" in Message.objects.get(kind=KIND).last_error


def test_the_api_key_is_never_copied_into_the_outbox(back_office, request_type, citizen):
    case = delivered(request_type, citizen)
    message = Message.objects.get(kind=KIND)
    assert API_KEY not in str(message.payload) and API_KEY not in str(message.result)
    assert API_KEY not in str(list(case.events.values_list("data", "message")))


# --- Back ----------------------------------------------------------------------------


def test_a_token_only_answer_is_resolved_by_polling(back_office, request_type, citizen):
    back_office.office.open311.answer_with_token = True
    case = delivered(request_type, citizen)
    assert case.external_reference.startswith("token:")
    request_id = request_by_portal_reference(back_office.office, case.reference)[
        "service_request_id"
    ]
    set_status(back_office.office, request_id, status="IN_PROGRESS", description="Booked in.")
    back_office_poll_all()  # its current state by GET requests: "open", with notes
    case.refresh_from_db()
    assert case.status == Status.RECEIVED
    assert ("update", "Booked in.") in public_timeline(case)
    set_status(back_office.office, request_id, status="FIXED", description="Filled in.")
    back_office_poll_all()
    back_office_poll_all()
    case.refresh_from_db()
    assert case.status == Status.RESOLVED
    assert case.events.filter(status_after=Status.RESOLVED).count() == 1
    assert ("status_resolved", "Filled in.") in public_timeline(case)


def test_polling_by_get_requests(back_office, citizen):
    case = delivered(pothole_type(back_office, updates="requests", format="json"), citizen)
    set_status(back_office.office, case.external_reference, status="FIXED", description="Done.")
    back_office_poll_all()
    back_office_poll_all()
    case.refresh_from_db()
    assert case.status == Status.RESOLVED
    assert case.events.filter(status_after=Status.RESOLVED).count() == 1


def test_a_back_office_that_is_down_loses_nothing_and_the_next_poll_catches_up(
    back_office, request_type, citizen, agent
):
    case = delivered(request_type, citizen)
    back_office_poll_all()  # a first good poll sets the cursor
    set_status(back_office.office, case.external_reference, status="NOT_COUNCILS_RESPONSIBILITY")

    back_office.office.failure_rate = 1.0
    back_office_poll_all()
    back_office_poll_all()
    poll = BackOfficePoll.objects.get(request_type=request_type)
    assert poll.failures == 2
    assert poll.last_error == (
        "HTTP 503 from the back office: The service is temporarily unavailable."
    )
    case.refresh_from_db()
    assert case.status == Status.RECEIVED
    html = signed_in(agent, verified=True).get(reverse("staff:outbox")).content.decode()
    assert "Back offices the portal could not ask for news" in html
    assert "Report a pothole" in html and "temporarily unavailable" in html

    back_office.office.failure_rate = 0.0
    back_office_poll_all()
    poll.refresh_from_db()
    assert poll.failures == 0 and poll.last_error == "" and poll.last_success_at
    case.refresh_from_db()
    assert case.status == Status.REJECTED
    assert case.outcome_reason == "This is not something the council is responsible for."
    html = signed_in(agent, verified=True).get(reverse("staff:outbox")).content.decode()
    assert "Back offices the portal could not ask for news" not in html


def test_a_back_office_that_cannot_be_reached_is_recorded(back_office, request_type, citizen):
    case = delivered(request_type, citizen)
    back_office.stop()
    back_office_poll_all()
    poll = BackOfficePoll.objects.get(request_type=request_type)
    assert poll.failures == 1
    assert poll.last_error.startswith("Could not reach the back office")
    case.refresh_from_db()
    assert case.status == Status.RECEIVED


def test_updates_for_other_requests_are_left_alone(back_office, request_type, citizen):
    """The endpoint's updates cover every report the back office has, not only ours."""
    case = delivered(request_type, citizen)
    other = delivered(request_type, citizen)
    Case.objects.filter(pk=other.pk).update(status=Status.RESOLVED)
    set_status(back_office.office, other.external_reference, status="IN_PROGRESS")
    events = CaseEvent.objects.count()
    assert back_office_poll_all() == 0
    assert CaseEvent.objects.count() == events
    case.refresh_from_db()
    assert case.status == Status.RECEIVED


# --- The simulated back office itself ----------------------------------------------------


@pytest.mark.parametrize("fmt", ["xml", "json"])
def test_the_simulator_lists_its_services(back_office, fmt):
    answer = client.get(f"{back_office.open311_url}/services.{fmt}", timeout=5)
    assert answer.status == 200
    codes = [item["service_code"] for item in mapping.read_list(answer.body, "services")]
    assert codes == ["POTHOLE", "FLYTIP", "STREETLIGHT"]


def test_a_slow_back_office_is_retried_later(back_office, citizen):
    back_office.office.latency_ms = 1500
    case = submit(pothole_type(back_office, timeout=1), citizen)
    outbox_sweep()
    case.refresh_from_db()
    assert case.status == Status.SENDING
    message = Message.objects.get(kind=KIND)
    assert message.state == Message.State.PENDING
    assert message.last_error == "Could not reach the back office: TimeoutError"

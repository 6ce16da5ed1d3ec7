"""End to end: a case reaches the simulated back office, and its status comes back.

The back office runs for real in a thread on a free port; delivery goes through the
outbox (``outbox_sweep``), as a worker would, and status comes back through the
signed inbound webhook.
"""

import json

import pytest
from django.test import Client
from django.urls import reverse

from casework import actions
from casework.models import Case, CaseEvent
from casework.workflow import Status
from integrations.outbox.actions import message_retry
from integrations.outbox.models import Message
from integrations.outbox.worker import outbox_sweep
from integrations.simulated_backoffice import BackOffice, start
from integrations.webhook.mapping import sign
from tests.casework.factories import RequestTypeFactory
from tests.conftest import signed_in
from tests.helpers import make_due, public_timeline

SECRET = "back-office-shared-secret-0123456789"
KIND = "connector.webhook"
STATUS_URL = reverse("inbound:status", kwargs={"connector": "webhook"})


@pytest.fixture(autouse=True)
def _secret_in_the_environment(monkeypatch):
    monkeypatch.setenv("TEST_BACKOFFICE_SECRET", SECRET)


@pytest.fixture
def back_office():
    running = start(BackOffice(secret=SECRET, seed=4))
    yield running
    running.stop()


@pytest.fixture
def request_type(db, back_office):
    return RequestTypeFactory(
        slug="report-a-pothole",
        name="Report a pothole",
        service="highways",
        connector="webhook",
        connector_settings={
            "url": back_office.cases_url,
            "secret_env": "TEST_BACKOFFICE_SECRET",
            "name": "the highways team",
        },
    )


def submit(request_type, resident, n=0):
    return actions.case_submit(
        request_type=request_type,
        resident=resident,
        answers={"size": "deep", "n": n},
        summary="A deep pothole outside number 4",
        location_text="Mill Lane, outside number 4",
        latitude=52.1,
        longitude=-1.2,
    )


def progress(case):
    """The public timeline without "we e-mailed you" lines (the notifications' business)."""
    return [entry for entry in public_timeline(case) if not entry[0].startswith("sent_")]


def post_update(update: dict, *, secret=SECRET, signature=None, client=None):
    body = json.dumps(update).encode()
    return (client or Client()).post(
        STATUS_URL,
        data=body,
        content_type="application/json",
        headers={"X-Portal-Signature": signature or sign(secret, body)},
    )


# --- The whole round trip (a live portal: the back office calls it over HTTP) --------------


@pytest.mark.django_db(transaction=True)
def test_a_request_reaches_the_back_office_and_its_status_comes_back(
    back_office, request_type, citizen, live_server
):
    back_office.office.portal_status_url = live_server.url + STATUS_URL
    case = submit(request_type, citizen)
    outbox_sweep()  # after commit the (eager, in tests) worker may already have sent it

    record = back_office.office.case_by_portal_reference(case.reference)
    assert record is not None, "the back office has the case under the portal's reference"
    sent = record["case"]
    assert sent["request_type"]["slug"] == "report-a-pothole"
    assert sent["summary"] == "A deep pothole outside number 4"
    assert sent["contact"]["email"] == citizen.email
    assert record["idempotency_key"] == f"case-{case.reference}-submit"

    case.refresh_from_db()
    assert case.status == Status.RECEIVED
    assert case.external_reference == record["reference"]
    assert ("status_received", "Received by the highways team.") in public_timeline(case)

    # Someone at the back office marks it done: it tells the portal, signed.
    status, reply = back_office.office.set_status(
        record["reference"], status="resolved", message="Filled and rolled on Tuesday."
    )
    assert status == 200, reply
    case.refresh_from_db()
    assert case.status == Status.RESOLVED
    assert ("status_resolved", "Filled and rolled on Tuesday.") in public_timeline(case)
    event = case.events.get(status_after=Status.RESOLVED)
    assert event.actor is None and event.channel == "api" and event.public

    page = signed_in(citizen).get(reverse("casework:detail", args=[case.reference]))
    assert "Filled and rolled on Tuesday." in page.content.decode()


# --- Delivery ----------------------------------------------------------------------------


@pytest.mark.django_db
def test_200_submissions_all_arrive_exactly_once_with_the_back_office_failing(
    back_office, request_type, citizen
):
    office = back_office.office
    office.failure_rate = 0.3
    office.lost_reply_rate = 0.1  # stored, but the answer never arrives: the portal retries
    cases = [submit(request_type, citizen, n) for n in range(200)]

    for _round in range(60):
        outbox_sweep(limit=2000)
        stuck = list(
            Message.objects.filter(kind=KIND, state=Message.State.NEEDS_ATTENTION).values_list(
                "pk", flat=True
            )
        )
        message_retry(message_ids=stuck)  # staff press "retry" on the needs-attention page
        make_due()
        if not Message.objects.filter(kind=KIND).exclude(state=Message.State.DELIVERED).exists():
            break

    assert office.failures > 0
    assert not Message.objects.filter(kind=KIND).exclude(state=Message.State.DELIVERED).exists()
    assert len(office.cases) == 200, "each case once, however many times it was sent"
    assert len(office.by_key) == 200
    by_portal = {r["portal_reference"]: r["reference"] for r in office.cases.values()}
    assert set(by_portal) == {case.reference for case in cases}
    for case in Case.objects.filter(pk__in=[c.pk for c in cases]):
        assert case.status == Status.RECEIVED
        assert case.external_reference == by_portal[case.reference]
    # Retries are nobody's news: the resident heard "received" once per case.
    assert CaseEvent.objects.filter(status_after=Status.RECEIVED, public=True).count() == 200


@pytest.mark.django_db
def test_a_passing_failure_tells_the_resident_nothing(back_office, request_type, citizen):
    back_office.office.failure_rate = 1.0
    case = submit(request_type, citizen)
    before = progress(case)
    outbox_sweep()
    case.refresh_from_db()
    assert case.status == Status.SENDING
    assert progress(case) == before
    message = Message.objects.get(kind=KIND)
    assert message.state == Message.State.PENDING and "503" in message.last_error


@pytest.mark.django_db
def test_stuck_delivery_needs_attention_then_staff_retry_delivers(
    back_office, request_type, citizen
):
    office = back_office.office
    office.failure_rate = 1.0
    case = submit(request_type, citizen)
    before = progress(case)
    message = Message.objects.get(kind=KIND)
    for _ in range(message.max_attempts):
        make_due()
        outbox_sweep()
    message.refresh_from_db()
    assert message.state == Message.State.NEEDS_ATTENTION
    case.refresh_from_db()
    assert case.status == Status.SEND_FAILED
    failed = case.events.get(status_after=Status.SEND_FAILED)
    assert not failed.public
    assert failed.data["error"] == "HTTP 503 from the back office"
    assert citizen.email not in failed.message
    assert progress(case) == before

    office.failure_rate = 0.0
    message_retry(message_ids=[message.pk])
    outbox_sweep()
    case.refresh_from_db()
    assert case.status == Status.RECEIVED
    assert case.external_reference.startswith("BO-")


@pytest.mark.django_db
def test_an_answer_the_portal_cannot_use_marks_the_case_for_attention(back_office, citizen):
    """The back office answers 404 (wrong URL): failed for good at once, not lost."""
    request_type = RequestTypeFactory(
        connector="webhook",
        connector_settings={
            "url": back_office.url + "/nowhere",
            "secret_env": "TEST_BACKOFFICE_SECRET",
        },
    )
    case = submit(request_type, citizen)
    outbox_sweep()
    case.refresh_from_db()
    assert case.status == Status.SEND_FAILED
    assert Message.objects.get(kind=KIND).state == Message.State.NEEDS_ATTENTION
    assert back_office.office.cases == {}


@pytest.mark.django_db
def test_a_misconfigured_connector_is_visible_at_once(citizen):
    request_type = RequestTypeFactory(connector="webhook", connector_settings={"url": "nope"})
    case = submit(request_type, citizen)
    assert case.status == Status.SEND_FAILED
    assert not Message.objects.filter(kind=KIND).exists()
    assert "'url'" in case.events.get(status_after=Status.SEND_FAILED).data["error"]


@pytest.mark.django_db
def test_a_request_type_without_a_connector_is_not_sent(citizen):
    case = submit(RequestTypeFactory(), citizen)
    assert case.status == Status.SUBMITTED
    assert not Message.objects.filter(kind__startswith="connector.").exists()


# --- Status coming back --------------------------------------------------------------------


@pytest.fixture
def received_case(back_office, request_type, citizen):
    case = submit(request_type, citizen)
    outbox_sweep()
    case.refresh_from_db()
    assert case.status == Status.RECEIVED
    return case


@pytest.mark.django_db
def test_updates_by_portal_reference_and_messages_alone(received_case):
    response = post_update(
        {"reference": received_case.reference.lower(), "status": "in_progress", "message": "On it"}
    )
    assert response.status_code == 200
    assert response.json() == {"reference": received_case.reference, "status": "in_progress"}
    response = post_update({"reference": received_case.external_reference, "message": "Booked"})
    assert response.status_code == 200
    response = post_update(
        {"reference": received_case.reference, "message": "Crew 7", "public": False}
    )
    assert response.status_code == 200
    received_case.refresh_from_db()
    assert received_case.status == Status.IN_PROGRESS
    shown = public_timeline(received_case)
    assert ("status_in_progress", "On it") in shown and ("update", "Booked") in shown
    assert all(message != "Crew 7" for _what, message in shown)
    assert received_case.events.filter(message="Crew 7", public=False).exists()


@pytest.mark.django_db
def test_a_bad_signature_is_refused_and_nothing_changes(received_case, caplog):
    events = received_case.events.count()
    update = {"reference": received_case.reference, "status": "resolved", "message": "Done"}

    assert post_update(update, secret="someone-elses-secret-0123456789abc").status_code == 403
    assert post_update(update, signature="sha256=00").status_code == 403
    unsigned = Client().post(STATUS_URL, data=json.dumps(update), content_type="application/json")
    assert unsigned.status_code == 401

    received_case.refresh_from_db()
    assert received_case.status == Status.RECEIVED
    assert received_case.events.count() == events
    assert "bad signature" in caplog.text
    assert received_case.resident.email not in caplog.text


@pytest.mark.django_db
def test_an_unsigned_caller_cannot_learn_which_references_exist(received_case):
    """Known or unknown, a reference with a bad signature gets the same 403."""
    bad = "someone-elses-secret-0123456789abc"
    known = post_update({"reference": received_case.reference, "status": "resolved"}, secret=bad)
    unknown = post_update({"reference": "BO-999999", "status": "resolved"}, secret=bad)
    assert known.status_code == unknown.status_code == 403
    assert known.json() == unknown.json()


@pytest.mark.django_db
def test_an_unknown_reference_is_404(received_case):
    response = post_update({"reference": "BO-999999", "status": "resolved", "message": "x"})
    assert response.status_code == 404
    assert "error" in response.json()
    # Another connector's name does not reach this connector's cases either.
    other = Client().post(
        reverse("inbound:status", kwargs={"connector": "open311"}),
        data=b"{}",
        content_type="application/json",
        headers={"X-Portal-Signature": "sha256=00"},
    )
    assert other.status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize(
    "update",
    [
        {"status": "exploded"},
        {"status": "closed"},  # closing needs a reason the resident can read
        {"status": "received", "message": "again"},  # the same status with a message is fine...
    ],
)
def test_invalid_updates_and_refused_moves_are_400(received_case, update):
    response = post_update({"reference": received_case.reference, **update})
    if update == {"status": "received", "message": "again"}:
        assert response.status_code == 200
        return
    assert response.status_code == 400
    assert response.json()["error"]


@pytest.mark.django_db
def test_a_move_the_workflow_refuses_is_400(received_case):
    assert (
        post_update(
            {"reference": received_case.reference, "status": "resolved", "message": "Done"}
        ).status_code
        == 200
    )
    response = post_update({"reference": received_case.reference, "status": "received"})
    assert response.status_code == 400
    assert "cannot be changed" in response.json()["error"]
    received_case.refresh_from_db()
    assert received_case.status == Status.RESOLVED


@pytest.mark.django_db
def test_closing_from_the_back_office_records_the_reason(received_case):
    response = post_update(
        {"reference": received_case.reference, "status": "closed", "message": "Private road"}
    )
    assert response.status_code == 200
    received_case.refresh_from_db()
    assert received_case.status == Status.CLOSED
    assert received_case.outcome_reason == "Private road"


@pytest.mark.django_db
def test_a_secret_in_another_variable_is_never_copied_into_the_outbox(
    back_office, citizen, monkeypatch
):
    monkeypatch.setenv("HIGHWAYS_BO_SECRET", SECRET)
    request_type = RequestTypeFactory(
        connector="webhook",
        connector_settings={"url": back_office.cases_url, "secret_env": "HIGHWAYS_BO_SECRET"},
    )
    case = submit(request_type, citizen)
    outbox_sweep()
    case.refresh_from_db()
    assert case.status == Status.RECEIVED
    assert "secret" not in Message.objects.get(kind=KIND).payload["settings"]
    assert post_update({"reference": case.reference, "message": "Hello"}).status_code == 200


def test_the_inbound_webhook_only_takes_post(client):
    assert client.get(STATUS_URL).status_code == 405

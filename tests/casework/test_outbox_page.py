"""The staff "needs attention" page: stuck deliveries, why, and retry."""

import pytest
from django.urls import reverse

from casework import actions
from casework.models import Case
from casework.workflow import Status
from core import clock as project_clock
from integrations.outbox.models import Message
from integrations.outbox.worker import outbox_sweep
from integrations.simulated_backoffice import BackOffice, start
from tests.casework.factories import RequestTypeFactory, TeamFactory
from tests.conftest import identity_queries, signed_in

pytestmark = pytest.mark.django_db

SECRET = "back-office-shared-secret-0123456789"
KIND = "connector.webhook"
PAGE = reverse("staff:outbox")
RETRY = reverse("staff:outbox_retry")


@pytest.fixture(autouse=True)
def _secret_in_the_environment(monkeypatch):
    monkeypatch.setenv("TEST_BACKOFFICE_SECRET", SECRET)


@pytest.fixture
def back_office():
    running = start(BackOffice(secret=SECRET, seed=2))
    yield running
    running.stop()


@pytest.fixture
def team(caseworker):
    team = TeamFactory(slug="highways", name="Highways")
    team.members.add(caseworker)
    return team


@pytest.fixture
def request_type(back_office, team):
    return RequestTypeFactory(
        slug="report-a-pothole",
        name="Report a pothole",
        team=team,
        connector="webhook",
        connector_settings={"url": back_office.cases_url, "secret_env": "TEST_BACKOFFICE_SECRET"},
    )


def submit(request_type, resident):
    return actions.case_submit(
        request_type=request_type, resident=resident, answers={"size": "deep"}, summary="Pothole"
    )


@pytest.fixture
def stuck(back_office, request_type, citizen):
    """A case whose delivery gave up: the back office answered 503 until it ran out of tries."""
    back_office.office.failure_rate = 1.0
    case = submit(request_type, citizen)
    Message.objects.filter(kind=KIND).update(max_attempts=1)
    outbox_sweep()
    case.refresh_from_db()
    assert case.status == Status.SEND_FAILED
    return case, Message.objects.get(kind=KIND)


def test_the_page_lists_a_stuck_delivery_with_its_error_and_case(stuck, agent):
    case, message = stuck
    response = signed_in(agent, verified=True).get(PAGE)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Deliveries that need attention" in html
    assert "HTTP 503 from the back office" in html
    assert reverse("staff:case", args=[case.reference]) in html
    assert f'value="{message.pk}"' in html
    assert "Retry selected" in html
    assert "sam@example.org" not in html


def test_the_staff_home_links_to_it_with_a_count(stuck, agent):
    html = signed_in(agent, verified=True).get(reverse("staff_home")).content.decode()
    assert PAGE in html
    assert "1 delivery needs attention" in html


def test_retry_sends_again_and_the_case_is_received_after_a_sweep(stuck, back_office, agent):
    case, message = stuck
    client = signed_in(agent, verified=True)
    response = client.post(RETRY, {"message": [message.pk]})
    assert response.status_code == 302
    assert response.url == PAGE
    message.refresh_from_db()
    assert message.state == Message.State.PENDING and message.attempts == 0
    case.refresh_from_db()
    assert case.status == Status.SENDING
    event = case.events.get(status_after=Status.SENDING, status_before=Status.SEND_FAILED)
    assert event.actor == agent and not event.public
    assert (agent.get_full_name() or agent.email) in event.message
    assert "1 delivery will be tried again now." in client.get(PAGE).content.decode()

    back_office.office.failure_rate = 0.0
    outbox_sweep()
    case.refresh_from_db()
    assert case.status == Status.RECEIVED
    assert len(back_office.office.by_key) == 1
    assert "Nothing needs attention" in client.get(PAGE).content.decode()


def test_retry_with_nothing_chosen_is_400(stuck, agent):
    response = signed_in(agent, verified=True).post(RETRY, {})
    assert response.status_code == 400
    assert "Choose at least one delivery to retry" in response.content.decode()
    assert stuck[1].__class__.objects.get(pk=stuck[1].pk).state == Message.State.NEEDS_ATTENTION


def test_residents_get_403(stuck, citizen):
    client = signed_in(citizen, verified=True)
    assert client.get(PAGE).status_code == 403
    assert client.post(RETRY, {"message": [stuck[1].pk]}).status_code == 403
    assert Message.objects.get(pk=stuck[1].pk).state == Message.State.NEEDS_ATTENTION


def test_caseworkers_see_their_teams_deliveries_but_do_not_retry(
    stuck, caseworker, back_office, citizen
):
    case, message = stuck
    other = RequestTypeFactory(
        slug="leak",
        team=TeamFactory(slug="housing"),
        connector="webhook",
        connector_settings={"url": back_office.cases_url, "secret_env": "TEST_BACKOFFICE_SECRET"},
    )
    elsewhere = submit(other, citizen)
    Message.objects.filter(payload__case_id=elsewhere.pk).update(
        state=Message.State.NEEDS_ATTENTION, last_error="Somewhere else"
    )
    client = signed_in(caseworker, verified=True)
    html = client.get(PAGE).content.decode()
    assert case.reference in html
    assert elsewhere.reference not in html and "Somewhere else" not in html
    assert "Retry selected" not in html
    assert client.post(RETRY, {"message": [message.pk]}).status_code == 403


@pytest.mark.parametrize("count", [2, 20])
def test_the_page_reads_in_constant_queries(
    agent, request_type, citizen, count, django_assert_num_queries
):
    cases = Case.objects.bulk_create(
        Case(request_type=request_type, resident=citizen, reference=f"ABCD-{n:04d}")
        for n in range(count)
    )
    Message.objects.bulk_create(
        Message(
            kind=KIND,
            idempotency_key=f"k-{case.pk}",
            payload={"case_id": case.pk},
            state=Message.State.NEEDS_ATTENTION,
            attempts=8,
            last_error="HTTP 503 from the back office",
            next_attempt_at=project_clock.now(),
        )
        for case in cases
    )
    client = signed_in(agent, verified=True)
    client.get(PAGE)  # the session's sliding expiry is renewed here
    # (session, user: identity_queries), OTP device, permissions (the user's own and their
    # roles', read once for the request), messages, cases, back offices whose polling fails
    with django_assert_num_queries(6 + identity_queries()):
        html = client.get(PAGE).content.decode()
    assert html.count("HTTP 503 from the back office") == count
    assert all(case.reference in html for case in cases)


def test_a_delivery_still_retrying_is_listed_without_a_retry_button(
    back_office, request_type, citizen, agent
):
    back_office.office.failure_rate = 1.0
    case = submit(request_type, citizen)
    outbox_sweep()  # one failed attempt; the outbox will try again by itself
    message = Message.objects.get(kind=KIND)
    assert message.state == Message.State.PENDING and message.attempts == 1
    html = signed_in(agent, verified=True).get(PAGE).content.decode()
    assert case.reference in html and "Retrying" in html
    assert f'value="{message.pk}"' not in html
    response = signed_in(agent, verified=True).post(RETRY, {"message": [message.pk]})
    assert response.status_code == 400

"""Fault tests: what breaks, and that every case still arrives exactly once.

The simulated back office runs for real in a thread; delivery goes through the outbox
sweep, as the periodic task would run it.
"""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from casework import actions
from casework.workflow import Status
from integrations.outbox import worker
from integrations.outbox.models import Message
from integrations.outbox.tasks import deliver_message_task
from integrations.simulated_backoffice import BackOffice, start
from tests.casework.factories import RequestTypeFactory
from tests.conftest import signed_in
from tests.helpers import make_due

pytestmark = pytest.mark.django_db

SECRET = "back-office-shared-secret-0123456789"
KIND = "connector.webhook"


@pytest.fixture(autouse=True)
def _secret_in_the_environment(monkeypatch):
    monkeypatch.setenv("TEST_BACKOFFICE_SECRET", SECRET)


@pytest.fixture
def back_office():
    running = start(BackOffice(secret=SECRET, seed=9))
    yield running
    running.stop()


def webhook_type(url):
    return RequestTypeFactory(
        connector="webhook",
        connector_settings={"url": url, "secret_env": "TEST_BACKOFFICE_SECRET"},
    )


def submit(request_type, resident, n=0):
    return actions.case_submit(
        request_type=request_type, resident=resident, answers={"n": n}, summary=f"Report {n}"
    )


def assert_each_once(office, cases):
    assert len(office.cases) == len(cases)
    assert set(office.by_key) == {f"case-{case.reference}-submit" for case in cases}
    for case in cases:
        case.refresh_from_db()
        assert case.status == Status.RECEIVED
        assert office.by_key[f"case-{case.reference}-submit"] == case.external_reference


def test_back_office_down_for_a_while_then_everything_arrives_once(back_office, citizen):
    office = back_office.office
    office.failure_rate = 1.0
    cases = [submit(webhook_type(back_office.cases_url), citizen, n) for n in range(10)]
    for _ in range(4):  # several sweeps with due attempts while it is down
        make_due()
        worker.outbox_sweep()
    assert office.calls >= 40 and office.cases == {}
    assert not Message.objects.filter(kind=KIND, state=Message.State.NEEDS_ATTENTION).exists()
    assert all(m.attempts == 4 for m in Message.objects.filter(kind=KIND))

    office.failure_rate = 0.0  # back again
    make_due()
    worker.outbox_sweep()
    make_due()
    worker.outbox_sweep()  # a further sweep sends nothing twice
    assert_each_once(office, cases)
    assert not Message.objects.filter(kind=KIND).exclude(state=Message.State.DELIVERED).exists()


def test_back_office_not_listening_at_all_then_back(citizen):
    """Connection refused (no server on the port) is a retry, not a failure for good."""
    office = BackOffice(secret=SECRET, seed=1)
    first = start(office)
    host, port = first.server.server_address[:2]
    first.stop()
    case = submit(webhook_type(f"http://{host}:{port}/cases"), citizen)
    worker.outbox_sweep()
    message = Message.objects.get(kind=KIND)
    assert message.state == Message.State.PENDING
    assert message.last_error.startswith("Could not reach the back office")

    again = start(office, port=port)
    try:
        make_due()
        worker.outbox_sweep()
    finally:
        again.stop()
    assert_each_once(office, [case])


@pytest.mark.django_db(transaction=True)
def test_broker_unreachable_at_submit_the_sweep_delivers(back_office, citizen, monkeypatch):
    def broker_down(*args, **kwargs):
        raise ConnectionError("Error 111 connecting to redis:6379. Connection refused.")

    monkeypatch.setattr(deliver_message_task, "delay", broker_down)
    request_type = webhook_type(back_office.cases_url)
    case = submit(request_type, citizen)  # commits: on_commit tries the broker and fails
    case.refresh_from_db()
    assert case.status == Status.SENDING, "the submission itself succeeded"
    assert back_office.office.cases == {}
    assert Message.objects.get(kind=KIND).state == Message.State.PENDING

    worker.outbox_sweep()
    assert_each_once(back_office.office, [case])


def test_worker_killed_mid_delivery_is_delivered_once(back_office, citizen):
    case = submit(webhook_type(back_office.cases_url), citizen)
    message = Message.objects.get(kind=KIND)
    # A worker claims it and dies before recording anything (say, after sending).
    assert worker._claim(message.pk) is not None
    worker.outbox_sweep()  # the lease holds: nobody else delivers it meanwhile
    assert back_office.office.calls == 0
    assert worker.message_deliver(message_id=message.pk) is None

    Message.objects.filter(pk=message.pk).update(
        lease_until=timezone.now() - datetime.timedelta(seconds=1)
    )
    assert message.pk in worker.due_message_ids()
    worker.outbox_sweep()
    worker.outbox_sweep()  # it is delivered: nothing left to send again
    assert Message.objects.get(pk=message.pk).state == Message.State.DELIVERED
    assert back_office.office.calls == 1
    assert_each_once(back_office.office, [case])


def test_worker_killed_after_sending_is_not_duplicated(back_office, citizen):
    """The back office stored the case but the portal never heard: the retry is not a copy."""
    case = submit(webhook_type(back_office.cases_url), citizen)
    message = Message.objects.get(kind=KIND)
    back_office.office.lost_reply_rate = 1.0
    worker.outbox_sweep()  # stored there, answer lost
    back_office.office.lost_reply_rate = 0.0
    assert Message.objects.get(pk=message.pk).state == Message.State.PENDING
    make_due()
    worker.outbox_sweep()
    assert back_office.office.calls == 2
    assert_each_once(back_office.office, [case])


@pytest.mark.parametrize(
    ("answer", "content_type", "error"),
    [
        (b'{"status": "ok"}', "application/json", "but no reference"),
        (b"<html><body>Welcome to IIS</body></html>", "text/html", "but not JSON"),
    ],
)
def test_garbage_from_the_back_office_needs_attention_and_is_not_lost(
    citizen, agent, answer, content_type, error
):
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
    from threading import Thread

    class Garbage(BaseHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def do_POST(self):  # noqa: N802 - the standard library's name
            self.rfile.read(int(self.headers.get("Content-Length") or 0))
            self.send_response(200)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(answer)))
            self.end_headers()
            self.wfile.write(answer)

    server = ThreadingHTTPServer(("127.0.0.1", 0), Garbage)
    thread = Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        host, port = server.server_address[:2]
        case = submit(webhook_type(f"http://{host}:{port}/cases"), citizen)
        worker.outbox_sweep()
    finally:
        server.shutdown()
        server.server_close()
    case.refresh_from_db()
    assert case.status == Status.SEND_FAILED
    message = Message.objects.get(kind=KIND)
    assert message.state == Message.State.NEEDS_ATTENTION
    assert error in message.last_error
    html = signed_in(agent, verified=True).get(reverse("staff:outbox")).content.decode()
    assert case.reference in html and error in html

"""A case e-mailed to a team inbox through the outbox, as a worker would send it."""

import smtplib

import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend

from casework.workflow import Status
from integrations.email_connector import mapping
from integrations.email_connector.tasks import deliver_case
from integrations.outbox.actions import message_retry
from integrations.outbox.models import Message
from integrations.outbox.worker import outbox_sweep
from tests.casework.factories import RequestTypeFactory
from tests.helpers import make_due, public_timeline
from tests.integrations.email_connector.conftest import REPLIES, TEAM, sent_to_team, submit

KIND = "connector.email"


class BrokenBackend(BaseEmailBackend):
    """A mail server that fails with ``error``; then behaves like locmem when it is None."""

    error: Exception | None = None

    def send_messages(self, messages):
        if BrokenBackend.error is not None:
            raise BrokenBackend.error
        mail.outbox.extend(messages)
        return len(messages)


@pytest.fixture
def broken_mail_server(settings):
    settings.EMAIL_BACKEND = f"{__name__}.BrokenBackend"
    BrokenBackend.error = smtplib.SMTPServerDisconnected("Connection unexpectedly closed")
    yield BrokenBackend
    BrokenBackend.error = None


@pytest.mark.django_db
def test_a_case_is_emailed_to_the_team_and_received_under_its_message_id(request_type, citizen):
    case = submit(request_type, citizen)
    outbox_sweep()

    sent = sent_to_team(case)
    assert sent.to == [TEAM]
    assert sent.subject == f"[Ref {case.reference}] Report a pothole"
    assert "Pothole depth:   Deeper than 5cm" in sent.body
    assert "Mill Lane, outside number 4" in sent.body
    assert citizen.email in sent.body
    assert sent.alternatives[0].mimetype == "text/html"
    token = sent.reply_to[0]
    assert token.endswith("@portal.millbrook.gov.uk")
    assert token.startswith(f"replies+{case.reference.replace('-', '')}.")
    signature = token.partition(".")[2].partition("@")[0]
    assert mapping.reply_signature_ok(case.reference, signature)
    message_id = sent.extra_headers["Message-ID"]
    assert sent.message()["Message-ID"] == message_id

    case.refresh_from_db()
    assert case.status == Status.RECEIVED
    assert case.external_reference == message_id
    assert ("status_received", "Received by the highways team.") in public_timeline(case)


@pytest.mark.django_db
def test_a_resend_carries_the_same_message_id(request_type, citizen):
    """A worker that dies after sending sends again: the team can see it is the same e-mail."""
    case = submit(request_type, citizen)
    message = Message.objects.get(kind=KIND)
    deliver_case(message.payload, message.idempotency_key)
    deliver_case(message.payload, message.idempotency_key)
    first, again = [m for m in mail.outbox if m.subject.startswith(f"[Ref {case.reference}]")]
    assert first.extra_headers["Message-ID"] == again.extra_headers["Message-ID"]
    assert first.reply_to == again.reply_to
    assert first.extra_headers["Message-ID"].endswith(f"@{REPLIES.partition('@')[2]}>")


@pytest.mark.django_db
def test_a_mail_server_that_is_down_is_retried_then_needs_attention_then_staff_retry(
    request_type, citizen, broken_mail_server
):
    case = submit(request_type, citizen)
    before = public_timeline(case)
    outbox_sweep()
    message = Message.objects.get(kind=KIND)
    assert message.state == Message.State.PENDING
    assert message.last_error == "Could not reach the mail server: SMTPServerDisconnected"
    case.refresh_from_db()
    assert case.status == Status.SENDING and public_timeline(case) == before  # nobody's news yet

    for _ in range(message.max_attempts):
        make_due()
        outbox_sweep()
    message.refresh_from_db()
    assert message.state == Message.State.NEEDS_ATTENTION
    case.refresh_from_db()
    assert case.status == Status.SEND_FAILED
    assert not case.events.get(status_after=Status.SEND_FAILED).public

    broken_mail_server.error = None  # the mail server is back
    message_retry(message_ids=[message.pk])
    outbox_sweep()
    case.refresh_from_db()
    assert case.status == Status.RECEIVED
    assert sent_to_team(case)


@pytest.mark.django_db
def test_a_team_address_the_server_refuses_needs_a_person_at_once(
    request_type, citizen, broken_mail_server
):
    broken_mail_server.error = smtplib.SMTPRecipientsRefused(
        {TEAM: (550, b"5.1.1 <highways@millbrook.gov.uk>: Recipient address rejected")}
    )
    case = submit(request_type, citizen)
    outbox_sweep()
    message = Message.objects.get(kind=KIND)
    assert message.state == Message.State.NEEDS_ATTENTION
    assert message.attempts == 1
    assert message.last_error == "The mail server refused the team's address (550)"
    case.refresh_from_db()
    assert case.status == Status.SEND_FAILED


@pytest.mark.django_db
def test_settings_without_a_usable_address_are_visible_at_once(citizen):
    request_type = RequestTypeFactory(connector="email", connector_settings={"to": "highways"})
    case = submit(request_type, citizen)
    assert case.status == Status.SEND_FAILED
    assert "'to'" in case.events.get(status_after=Status.SEND_FAILED).data["error"]
    assert not Message.objects.filter(kind=KIND).exists()

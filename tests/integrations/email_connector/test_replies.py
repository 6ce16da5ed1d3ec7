"""Replies from the team inbox, matched back to the case: by pipe (manage.py) or by relay (HTTP)."""

import io
import logging
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from casework import selectors
from casework.inbound.email_replies import Outcome, email_reply_receive
from casework.models import CaseEvent
from casework.workflow import Status
from integrations.email_connector import mapping
from integrations.email_connector.inbound import MAX_RAW_BYTES
from integrations.outbox.models import Message
from integrations.outbox.worker import outbox_sweep
from tests.casework.factories import RequestTypeFactory
from tests.conftest import signed_in
from tests.integrations.email_connector.conftest import (
    COLLEAGUE,
    REPLIES,
    STRANGER,
    TEAM,
    reply,
    sent_to_team,
    submit,
)
from tests.integrations.email_connector.test_inbound import OUTLOOK

URL = reverse("inbound:email")
TOKEN = "relay-token-0123456789abcdef0123456789"
BASE_DIR = Path(__file__).resolve().parents[3]

pytestmark = pytest.mark.django_db


def resident_page(case):
    return signed_in(case.resident).get(reverse("casework:detail", args=[case.reference]))


def public_timeline(case):
    return [(e.what, e.message) for e in selectors.case_public_timeline(case=case)]


def told_the_resident(case, text):
    messages = Message.objects.filter(kind="notify.email", payload__case_id=case.pk)
    return any(m.payload["audience"] == "resident" and text in m.payload["body"] for m in messages)


# --- What a reply does --------------------------------------------------------------------


def test_a_plain_reply_is_a_note_for_staff_on_the_right_case(request_type, citizen, received_case):
    other = submit(request_type, citizen)
    outbox_sweep()
    result = email_reply_receive(raw=reply(sent_to_team(received_case), "Crew 7 booked, Tuesday."))

    assert result.outcome == Outcome.APPLIED
    assert result.reference == received_case.reference
    note = received_case.events.get(message="Crew 7 booked, Tuesday.")
    assert not note.public and note.channel == "email" and note.actor is None
    assert not other.events.filter(message__contains="Crew 7").exists()
    received_case.refresh_from_db()
    assert received_case.status == Status.RECEIVED
    assert "Crew 7" not in resident_page(received_case).content.decode()
    assert not told_the_resident(received_case, "Crew 7")


def test_a_status_line_resolves_the_case_and_tells_the_resident(received_case):
    text = "Status: resolved\n\nFilled and rolled on Tuesday.\n\nJo\n"
    result = email_reply_receive(raw=reply(sent_to_team(received_case), text))

    assert result.outcome == Outcome.APPLIED and result.status == Status.RESOLVED
    received_case.refresh_from_db()
    assert received_case.status == Status.RESOLVED
    assert ("status_resolved", "Filled and rolled on Tuesday.\n\nJo") in public_timeline(
        received_case
    )
    assert received_case.events.get(status_after=Status.RESOLVED).channel == "email"
    assert "Filled and rolled on Tuesday." in resident_page(received_case).content.decode()
    assert told_the_resident(received_case, "Filled and rolled on Tuesday.")


def test_the_quoted_message_below_a_reply_is_not_kept(received_case):
    email_reply_receive(raw=reply(sent_to_team(received_case), OUTLOOK))
    note = received_case.events.filter(channel="email").get()
    assert note.message.startswith("Filled and rolled this morning.")
    assert received_case.resident.email not in note.message
    assert "Report a pothole" not in note.message


def test_the_same_reply_twice_is_applied_once(received_case):
    data = reply(sent_to_team(received_case), "Status: in progress\nCrew on the way.")
    assert email_reply_receive(raw=data).outcome == Outcome.APPLIED
    assert email_reply_receive(raw=data).outcome == Outcome.REPEATED
    assert received_case.events.filter(channel="email").count() == 1
    received_case.refresh_from_db()
    assert received_case.status == Status.IN_PROGRESS


def test_closing_without_a_reason_is_refused(received_case):
    result = email_reply_receive(raw=reply(sent_to_team(received_case), "Status: closed\n"))
    assert result.outcome == Outcome.REFUSED
    assert "reason" in result.detail
    received_case.refresh_from_db()
    assert received_case.status == Status.RECEIVED


def test_an_out_of_office_is_dropped(received_case):
    data = reply(
        sent_to_team(received_case),
        "I am on leave until Monday.",
        headers={"Auto-Submitted": "auto-replied"},
    )
    assert email_reply_receive(raw=data).outcome == Outcome.IGNORED
    assert not received_case.events.filter(channel="email").exists()


# --- Who may write to a case -----------------------------------------------------------------


def unchanged(case, events):
    case.refresh_from_db()
    return case.status == Status.RECEIVED and case.events.count() == events


def test_a_forged_token_is_not_applied(received_case):
    events = received_case.events.count()
    forged = (
        f"replies+{received_case.reference.replace('-', '')}.0123456789abcdef@"
        + (REPLIES.partition("@")[2])
    )
    data = reply(
        sent_to_team(received_case), "Status: closed\nNot ours", sender=STRANGER, to=forged
    )
    assert email_reply_receive(raw=data).outcome == Outcome.NO_CASE
    assert unchanged(received_case, events)


def test_the_token_of_one_case_does_not_open_another(request_type, citizen, received_case):
    other = submit(request_type, citizen)
    events = received_case.events.count()
    their_token = sent_to_team(received_case).reply_to[0]
    aimed = their_token.replace(
        received_case.reference.replace("-", ""), other.reference.replace("-", "")
    )
    data = reply(
        sent_to_team(received_case),
        "Status: closed\nNot ours",
        sender=STRANGER,
        to=aimed,
        subject=f"RE: [Ref {other.reference}] Report a pothole",
    )
    assert email_reply_receive(raw=data).outcome == Outcome.NO_CASE
    other.refresh_from_db()
    assert not other.events.filter(channel="email").exists()
    assert unchanged(received_case, events)


def test_a_sender_outside_the_team_is_not_applied_even_with_the_token(received_case):
    """Someone the message was forwarded to, outside the council."""
    events = received_case.events.count()
    data = reply(sent_to_team(received_case), "Status: resolved\nDone!", sender=STRANGER)
    assert email_reply_receive(raw=data).outcome == Outcome.NO_CASE
    assert unchanged(received_case, events)


def test_a_colleague_at_the_teams_domain_may_reply_through_the_token(received_case):
    data = reply(sent_to_team(received_case), "Looked at it today.", sender=COLLEAGUE)
    assert email_reply_receive(raw=data).outcome == Outcome.APPLIED


def test_a_new_email_with_the_reference_in_the_subject_from_the_team_is_matched(received_case):
    """The team writes afresh (not a reply) to the replies address, quoting the reference."""
    data = reply(
        sent_to_team(received_case),
        "Status: in progress\nScheduled for next week.",
        to=REPLIES,
        subject=f"Update [Ref {received_case.reference.lower()}]",
    )
    assert email_reply_receive(raw=data).outcome == Outcome.APPLIED
    received_case.refresh_from_db()
    assert received_case.status == Status.IN_PROGRESS


def test_the_subject_alone_is_not_enough_from_anyone_else(received_case):
    events = received_case.events.count()
    for sender in (COLLEAGUE, STRANGER):
        data = reply(
            sent_to_team(received_case), "Status: resolved\nDone", sender=sender, to=REPLIES
        )
        assert email_reply_receive(raw=data).outcome == Outcome.NO_CASE
    assert unchanged(received_case, events)


def test_a_case_on_another_connector_is_not_reached(received_case, citizen):
    plain = submit(RequestTypeFactory(), citizen)
    token = mapping.reply_address(plain.reference, mailbox=REPLIES)
    data = reply(sent_to_team(received_case), "Hello", to=token)
    assert email_reply_receive(raw=data).outcome == Outcome.NO_CASE
    assert not plain.events.filter(channel="email").exists()


# --- By pipe: manage.py receive_email ------------------------------------------------------------


def run_command(data: bytes):
    out = io.StringIO()
    call_command("receive_email", stdin=io.BytesIO(data), stdout=out)
    return out.getvalue()


def test_the_command_applies_a_reply_and_exits_0(received_case):
    out = run_command(reply(sent_to_team(received_case), "Noted."))
    assert out.strip() == f"applied: {received_case.reference}"
    assert received_case.events.filter(channel="email", message="Noted.").exists()


def test_the_command_bounces_a_reply_to_no_case_with_67(received_case):
    data = reply(sent_to_team(received_case), "Noted.", sender=STRANGER, to=REPLIES)
    with pytest.raises(CommandError) as raised:
        run_command(data)
    assert raised.value.returncode == 67
    assert str(raised.value) == "No request matches this reply."


@pytest.mark.parametrize("data", [b"not an e-mail", None], ids=["garbage", "refused-status-change"])
def test_the_command_bounces_what_it_cannot_use_with_65(received_case, data):
    if data is None:
        data = reply(sent_to_team(received_case), "Status: closed\n")  # closing needs a reason
    with pytest.raises(CommandError) as raised:
        run_command(data)
    assert raised.value.returncode == 65


def test_the_real_command_exits_with_the_code_a_mail_server_reads():
    """As Postfix runs it: a separate process, the message on stdin, the exit status."""
    done = subprocess.run(
        [sys.executable, "manage.py", "receive_email"],
        input=b"this is not an e-mail",
        cwd=BASE_DIR,
        capture_output=True,
        timeout=60,
    )
    assert done.returncode == 65, done.stderr
    assert b"This is not an e-mail message." in done.stderr


# --- By relay: POST /integrations/email/inbound -----------------------------------------------


@pytest.fixture
def relay(settings, client):
    settings.EMAIL_INBOUND_TOKEN = TOKEN

    def post(data: bytes, *, token=TOKEN, **headers):
        if token is not None:
            headers["Authorization"] = f"Bearer {token}"
        return client.post(URL, data=data, content_type="message/rfc822", headers=headers)

    return post


def test_the_relay_endpoint_applies_a_reply(relay, received_case):
    response = relay(reply(sent_to_team(received_case), "Status: resolved\nFilled."))
    assert response.status_code == 200
    assert response.json() == {
        "outcome": "applied",
        "reference": received_case.reference,
        "status": "resolved",
    }


def test_the_relay_may_hand_over_the_same_reply_twice(relay, received_case):
    data = reply(sent_to_team(received_case), "Noted.")
    assert relay(data).json()["outcome"] == "applied"
    again = relay(data)
    assert again.status_code == 200 and again.json()["outcome"] == "repeated"
    assert received_case.events.filter(channel="email").count() == 1


def test_the_relay_endpoint_answers_like_the_other_machine_endpoints(relay, received_case, client):
    good = reply(sent_to_team(received_case), "Noted.")
    assert relay(good, token=None).status_code == 401
    assert relay(good, token="wrong").status_code == 403
    assert relay(b"garbage").status_code == 400
    stranger = relay(reply(sent_to_team(received_case), "Hi", sender=STRANGER, to=REPLIES))
    assert stranger.status_code == 404
    assert stranger.json() == {"error": "No request matches this reply."}
    refused = relay(reply(sent_to_team(received_case), "Status: closed\n"))
    assert refused.status_code == 400 and "reason" in refused.json()["error"]
    assert client.get(URL).status_code == 405
    assert not received_case.events.filter(channel="email").exists()


def test_a_message_too_large_is_413(relay, received_case):
    assert relay(b"x" * (MAX_RAW_BYTES + 1)).status_code == 413


def test_without_a_token_configured_the_endpoint_does_not_exist(settings, client, received_case):
    settings.EMAIL_INBOUND_TOKEN = ""
    response = client.post(
        URL,
        data=reply(sent_to_team(received_case), "Noted."),
        content_type="message/rfc822",
        headers={"Authorization": "Bearer "},
    )
    assert response.status_code == 404
    assert not received_case.events.filter(channel="email").exists()


# --- Logs -----------------------------------------------------------------------------------------


def test_logs_name_the_case_never_an_address_or_the_text(relay, received_case, caplog):
    caplog.set_level(logging.INFO)
    sent = sent_to_team(received_case)
    email_reply_receive(raw=reply(sent, "Secret crew note."))
    email_reply_receive(raw=reply(sent, "Hi", sender=STRANGER, to=REPLIES))
    email_reply_receive(raw=reply(sent, "Status: exploded"))
    relay(reply(sent, "Hi"), token="wrong")

    assert received_case.reference in caplog.text
    for secret in (TEAM, STRANGER, received_case.resident.email, sent.reply_to[0], "Secret crew"):
        assert secret not in caplog.text
    assert "@" not in caplog.text
    assert CaseEvent.objects.filter(message="Secret crew note.", public=False).exists()

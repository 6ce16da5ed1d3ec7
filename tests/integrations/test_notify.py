"""Notify: e-mail and texts through GOV.UK Notify (a local fake here), and its receipts."""

import pytest
from django.core import mail
from django.db import transaction
from django.urls import reverse

from integrations.notify import sms
from integrations.notify.fake_notify import FakeNotify
from integrations.notify.notify import NotifySMSBackend, redact
from integrations.outbox import actions, worker
from integrations.outbox.models import Message

pytestmark = pytest.mark.django_db

EMAIL_TEMPLATE = "a1b2c3d4-0000-4000-8000-000000000001"
SMS_TEMPLATE = "a1b2c3d4-0000-4000-8000-000000000002"
CALLBACK_TOKEN = "a-long-callback-token-from-notify"


@pytest.fixture(scope="module")
def running_fake():
    with FakeNotify() as fake:
        yield fake


@pytest.fixture
def fake_notify(running_fake, settings):
    running_fake.notifications.clear()
    running_fake._failures.clear()
    settings.NOTIFY_API_KEY = running_fake.api_key
    settings.NOTIFY_BASE_URL = running_fake.url
    settings.NOTIFY_EMAIL_TEMPLATE_ID = EMAIL_TEMPLATE
    settings.NOTIFY_SMS_TEMPLATE_ID = SMS_TEMPLATE
    settings.NOTIFY_CALLBACK_TOKEN = CALLBACK_TOKEN
    return running_fake


def send(kind, to, *, subject="Report a pothole: MB-1234", body="We are on it.", key="", **extra):
    with transaction.atomic():
        message = actions.message_enqueue(
            kind=kind,
            payload={"to": to, "subject": subject, "body": body, **extra},
            idempotency_key=key,
        )
    return worker.message_deliver(message_id=message.pk)


def test_an_email_goes_through_notify(fake_notify):
    message = send("notify.email", "sam@example.org", key="event-7-email-sam")

    assert message.state == Message.State.DELIVERED
    [sent] = fake_notify.notifications
    assert sent["type"] == "email"
    assert sent["email_address"] == "sam@example.org"
    assert sent["template"]["id"] == EMAIL_TEMPLATE
    assert sent["personalisation"] == {
        "subject": "Report a pothole: MB-1234",
        "body": "We are on it.",
    }
    assert sent["reference"] == "event-7-email-sam"
    assert message.result == {"notify_id": sent["id"]}
    assert mail.outbox == []  # not also through EMAIL_BACKEND


STOP = "https://portal.example/waste/reminders/stop/abc123/"


def test_a_message_with_a_stop_link_gets_one_click_unsubscribe(fake_notify, settings):
    send("notify.email", "sam@example.org", key="bin-reminder-1", unsubscribe_url=STOP)
    [sent] = fake_notify.notifications
    assert sent["one_click_unsubscribe_url"] == STOP  # Notify adds the headers

    settings.NOTIFY_API_KEY = ""  # the same through EMAIL_BACKEND (SMTP)
    send("notify.email", "sam@example.org", key="bin-reminder-2", unsubscribe_url=STOP)
    [email] = mail.outbox
    assert email.extra_headers["List-Unsubscribe"] == f"<{STOP}>"
    assert email.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_a_text_goes_through_notify(fake_notify):
    message = send("notify.sms", "07700 900123", body="Your request is done. Ref MB-1234.")

    assert message.state == Message.State.DELIVERED
    [sent] = fake_notify.notifications
    assert (sent["type"], sent["phone_number"]) == ("sms", "07700 900123")
    assert sent["template"]["id"] == SMS_TEMPLATE
    assert sent["personalisation"] == {"body": "Your request is done. Ref MB-1234."}
    assert sent["reference"] == message.idempotency_key
    assert message.result["notify_id"] == sent["id"]
    assert sms.outbox == []


def test_the_sms_backend_sends_sign_in_codes_through_notify(fake_notify):
    NotifySMSBackend().send(sms.SMS(to="07700 900123", body="Your security code is 123456."))
    [sent] = fake_notify.notifications
    assert sent["body"] == "Your security code is 123456."


@pytest.mark.parametrize("status", [500, 503, 429])
def test_notify_down_or_busy_means_try_again_later(fake_notify, status):
    fake_notify.fail_next(1, status=status)
    message = send("notify.email", "sam@example.org")

    assert message.state == Message.State.PENDING
    assert message.last_error.startswith(f"Notify {status}:")
    assert fake_notify.notifications == []

    Message.objects.filter(pk=message.pk).update(next_attempt_at=message.created_at)
    worker.outbox_sweep()
    message.refresh_from_db()
    assert message.state == Message.State.DELIVERED
    assert len(fake_notify.notifications) == 1


def test_notify_unreachable_means_try_again_later(fake_notify, settings):
    with FakeNotify() as gone:
        closed_url = gone.url
    settings.NOTIFY_BASE_URL = closed_url

    message = send("notify.sms", "07700 900123")

    assert message.state == Message.State.PENDING
    assert message.last_error.startswith("Notify 503:")


def test_a_refusal_needs_attention_and_names_nobody(fake_notify):
    fake_notify.fail_next(
        1,
        status=400,
        message="Can’t send to this recipient (sam@example.org) using a team-only API key",
    )
    message = send("notify.email", "sam@example.org")

    assert message.state == Message.State.NEEDS_ATTENTION
    assert message.attempts == 1
    assert "team-only API key" in message.last_error
    assert "sam@example.org" not in message.last_error


def test_a_bad_number_needs_attention_without_the_number(fake_notify):
    message = send("notify.sms", "not a number")

    assert message.state == Message.State.NEEDS_ATTENTION
    assert message.last_error == "Notify 400: ValidationError: phone_number Not a UK mobile number"


def test_a_key_notify_does_not_know_needs_attention(fake_notify, settings):
    settings.NOTIFY_API_KEY = (
        "wrong-11111111-2222-4333-8444-555555555555-00000000-0000-4000-8000-000000000000"
    )
    message = send("notify.email", "sam@example.org")

    assert message.state == Message.State.NEEDS_ATTENTION
    assert message.last_error.startswith("Notify 403: AuthError")
    assert fake_notify.notifications == []


@pytest.mark.parametrize(
    ("setting", "value", "error"),
    [
        ("NOTIFY_API_KEY", "not-a-key", "NOTIFY_API_KEY is not a Notify API key"),
        ("NOTIFY_EMAIL_TEMPLATE_ID", "", "NOTIFY_EMAIL_TEMPLATE_ID is not set"),
    ],
)
def test_missing_configuration_needs_attention(fake_notify, settings, setting, value, error):
    setattr(settings, setting, value)
    message = send("notify.email", "sam@example.org")

    assert message.state == Message.State.NEEDS_ATTENTION
    assert message.last_error == error


def test_without_a_key_the_file_backends_are_used(running_fake, settings):
    settings.NOTIFY_API_KEY = ""
    running_fake.notifications.clear()

    email = send("notify.email", "sam@example.org", key="event-1-email")
    text = send("notify.sms", "07700 900123", body="Your request is done.")

    assert email.state == text.state == Message.State.DELIVERED
    assert [m.to for m in mail.outbox] == [["sam@example.org"]]
    assert mail.outbox[0].extra_headers["X-Idempotency-Key"] == "event-1-email"
    assert "List-Unsubscribe" not in mail.outbox[0].extra_headers  # only with a stop link
    assert sms.outbox == [sms.SMS(to="07700 900123", body="Your request is done.")]
    assert running_fake.notifications == []


def test_redact_removes_addresses_and_numbers():
    text = "sam@example.org and +44 7700 900123 and 07700900123 refused"
    assert redact(text) == "[e-mail address] and [number] and [number] refused"


# --- Delivery receipts -------------------------------------------------------------


def receipt(client, body, token=CALLBACK_TOKEN):
    headers = {"Authorization": f"Bearer {token}"} if token is not None else {}
    return client.post(
        reverse("notify:callback"), body, content_type="application/json", headers=headers
    )


@pytest.mark.parametrize("status", ["delivered", "permanent-failure"])
def test_a_receipt_is_recorded_on_the_message(fake_notify, client, status):
    message = send("notify.email", "sam@example.org")
    notify_id = message.result["notify_id"]

    response = receipt(client, fake_notify.receipt(notify_id, status))

    assert response.status_code == 200
    message.refresh_from_db()
    assert message.result["notify_id"] == notify_id
    assert message.result["receipt"]["status"] == status
    assert message.result["receipt"]["notification_type"] == "email"
    assert message.result["receipt"]["received_at"]
    assert message.state == Message.State.DELIVERED


@pytest.mark.parametrize("token", [None, "", "the-wrong-token-entirely"])
def test_a_receipt_without_the_right_token_is_refused(fake_notify, client, token):
    message = send("notify.sms", "07700 900123")

    response = receipt(client, fake_notify.receipt(message.result["notify_id"]), token=token)

    assert response.status_code == 403
    message.refresh_from_db()
    assert "receipt" not in message.result


def test_receipts_are_refused_when_no_token_is_configured(fake_notify, client, settings):
    message = send("notify.sms", "07700 900123")
    settings.NOTIFY_CALLBACK_TOKEN = ""

    response = receipt(client, fake_notify.receipt(message.result["notify_id"]), token="")

    assert response.status_code == 403


def test_a_receipt_for_an_unknown_notification_is_404(fake_notify, client):
    body = {"id": "00000000-0000-4000-8000-00000000dead", "status": "delivered"}
    assert receipt(client, body).status_code == 404


@pytest.mark.parametrize("body", ["not json", {"id": "x"}, {"id": "x", "status": "sending"}])
def test_a_malformed_receipt_is_400(fake_notify, client, body):
    assert receipt(client, body).status_code == 400


def test_the_fake_reports_status_like_notify(fake_notify):
    from notifications_python_client import NotificationsAPIClient

    message = send("notify.email", "sam@example.org")
    notify_id = message.result["notify_id"]
    fake_notify.set_status(notify_id, "delivered")

    client = NotificationsAPIClient(fake_notify.api_key, base_url=fake_notify.url)
    found = client.get_notification_by_id(notify_id)

    assert (found["status"], found["reference"]) == ("delivered", message.idempotency_key)

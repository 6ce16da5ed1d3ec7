"""E-mail and text messages through GOV.UK Notify: I/O only, no database.

Used by the outbox handlers in ``transports.py`` when ``settings.NOTIFY_API_KEY``
is set. Each message uses one generic template: e-mail with subject
``((subject))`` and body ``((body))``, texts with body ``((body))``; the outbox
idempotency key goes to Notify as the notification's ``reference``.

What Notify says becomes a Result:
- 2xx: delivered, with Notify's id kept as ``notify_id`` (receipts find it by that);
- 5xx, 429 (rate limit), timeouts and connection errors: retry later;
- any other 4xx (a bad address, a team-only key, a bad template): failed, with
  Notify's reason and never the address, for staff to see.
"""

import re

from django.conf import settings
from notifications_python_client import NotificationsAPIClient
from notifications_python_client.errors import APIError, HTTPError

from integrations.notify.sms import SMS
from integrations.outbox.registry import Outcome, Result

TIMEOUT = 10  # seconds; Notify answers in well under one

# Notify API keys are "{key name}-{service id}-{secret}", both ids UUIDs.
_UUID = r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"
_KEY = re.compile(rf".+-{_UUID}-{_UUID}", re.IGNORECASE)
_EMAIL = re.compile(r"[^\s@'\"]+@[^\s@'\"]+")
_NUMBER = re.compile(r"\+?\d[\d\s()-]{6,}\d")


class NotifyNotConfigured(Exception):
    """A setting Notify needs is missing or malformed: no point in trying again."""


def _client() -> NotificationsAPIClient:
    key = settings.NOTIFY_API_KEY
    if not _KEY.fullmatch(key):
        raise NotifyNotConfigured("NOTIFY_API_KEY is not a Notify API key")
    return NotificationsAPIClient(key, base_url=settings.NOTIFY_BASE_URL, timeout=TIMEOUT)


def _template(setting: str) -> str:
    template_id = getattr(settings, setting, "")
    if not template_id:
        raise NotifyNotConfigured(f"{setting} is not set")
    return template_id


def redact(text: str, *, recipient: str = "") -> str:
    """Notify's words without anyone's address or number in them."""
    if recipient:
        text = text.replace(recipient, "[recipient]")
    text = _EMAIL.sub("[e-mail address]", text)
    return _NUMBER.sub("[number]", text)


def _reason(error: APIError) -> str:
    message = error.message
    if isinstance(message, list):  # Notify's {"errors": [{"error": ..., "message": ...}]}
        message = "; ".join(
            f"{item.get('error', '')}: {item.get('message', '')}"
            for item in message
            if isinstance(item, dict)
        )
    return str(message)


def result_for_error(error: APIError, *, recipient: str) -> Result:
    """Pure: what an error from the Notify client means for the outbox."""
    status = error.status_code
    reason = redact(_reason(error), recipient=recipient)[:300]
    detail = f"Notify {status}: {reason}"
    if status >= 500 or status == 429 or not isinstance(error, HTTPError):
        return Result.retry(detail)
    return Result.failed(detail)


def _send(send, *, recipient: str) -> Result:
    try:
        response = send()
    except NotifyNotConfigured as exc:
        return Result.failed(str(exc))
    except APIError as exc:
        return result_for_error(exc, recipient=recipient)
    return Result.delivered(notify_id=response["id"])


def deliver_email(payload: dict, idempotency_key: str) -> Result:
    def send():
        return _client().send_email_notification(
            email_address=payload["to"],
            template_id=_template("NOTIFY_EMAIL_TEMPLATE_ID"),
            personalisation={"subject": payload["subject"], "body": payload["body"]},
            reference=idempotency_key,
            # Notify adds the List-Unsubscribe headers for mail providers' "unsubscribe" button.
            one_click_unsubscribe_url=payload.get("unsubscribe_url") or None,
        )

    return _send(send, recipient=payload["to"])


def deliver_sms(payload: dict, idempotency_key: str) -> Result:
    def send():
        return _client().send_sms_notification(
            phone_number=payload["to"],
            template_id=_template("NOTIFY_SMS_TEMPLATE_ID"),
            personalisation={"body": payload["body"]},
            reference=idempotency_key,
        )

    return _send(send, recipient=payload["to"])


class NotifySMSBackend:
    """For SMS_BACKEND: texts sent straight away (sign-in codes), not through the outbox.

    SMS_BACKEND=integrations.notify.notify.NotifySMSBackend
    """

    def send(self, message: SMS) -> None:
        result = deliver_sms({"to": message.to, "body": message.body}, "")
        if result.outcome != Outcome.DELIVERED:
            raise OSError(result.detail)

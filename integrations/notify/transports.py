"""Outbox handlers for e-mail and text messages: I/O only, no database.

The one place that chooses the transport: GOV.UK Notify when settings.NOTIFY_API_KEY
is set (integrations/notify/notify.py), else EMAIL_BACKEND and SMS_BACKEND.
"""

import smtplib

from django.conf import settings
from django.core.mail import EmailMessage

from integrations.notify import notify
from integrations.notify.sms import send_sms
from integrations.outbox.registry import Result


def deliver_email(payload: dict, idempotency_key: str) -> Result:
    if settings.NOTIFY_API_KEY:
        return notify.deliver_email(payload, idempotency_key)
    headers = {"X-Idempotency-Key": idempotency_key}
    if payload.get("unsubscribe_url"):
        # RFC 8058: the mail provider's own "unsubscribe" button POSTs to the link.
        headers["List-Unsubscribe"] = f"<{payload['unsubscribe_url']}>"
        headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    message = EmailMessage(
        subject=payload["subject"],
        body=payload["body"],
        to=[payload["to"]],
        headers=headers,
    )
    try:
        message.send()
    except (smtplib.SMTPException, OSError) as exc:
        return Result.retry(f"e-mail not sent: {type(exc).__name__}")
    return Result.delivered()


def deliver_sms(payload: dict, idempotency_key: str) -> Result:
    if settings.NOTIFY_API_KEY:
        return notify.deliver_sms(payload, idempotency_key)
    try:
        send_sms(payload["to"], payload["body"])
    except OSError as exc:
        return Result.retry(f"text not sent: {type(exc).__name__}")
    return Result.delivered()

"""The outbox handler for ``connector.email`` messages: build, send, say how it went. No database."""

import smtplib

from django.conf import settings

from integrations.email_connector import client, mapping
from integrations.outbox.registry import Result


def deliver_case(payload: dict, idempotency_key: str) -> Result:
    """E-mail one case to the team inbox named in the payload's settings.

    Delivered with the Message-ID as the case's external reference. The Message-ID
    is the same on every attempt, so a resend after a lost answer can be spotted.
    """
    connector_settings = payload.get("settings") or {}
    errors = mapping.validate_settings(connector_settings)
    if errors:
        return Result.failed("E-mail settings are not usable: " + " ".join(errors))
    email = mapping.build_email(
        payload.get("case") or {},
        settings=connector_settings,
        idempotency_key=idempotency_key,
        mailbox=settings.EMAIL_REPLY_ADDRESS,
        portal_name=settings.PORTAL_NAME,
    )
    try:
        client.send(email, from_email=settings.DEFAULT_FROM_EMAIL)
    except (smtplib.SMTPException, OSError) as exc:
        return mapping.result_from_error(exc)
    return Result.delivered(external_reference=email.headers["Message-ID"])

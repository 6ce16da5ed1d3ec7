import re

from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django_otp.oath import totp

from integrations.notify import sms


def last_email_code(to: str) -> str:
    """The code in the newest e-mail to ``to``, as a resident would read it."""
    messages = [m for m in mail.outbox if to in m.to]
    assert messages, f"no e-mail was sent to {to}"
    match = re.search(r"\b([A-Z0-9]{4}-[A-Z0-9]{4}|[A-Z0-9]{6}|\d{6})\b", messages[-1].body)
    assert match, messages[-1].body
    return match.group(1)


def last_sms_code(to: str) -> str:
    texts = [m for m in sms.outbox if m.to == to]
    assert texts, f"no text message was sent to {to}"
    return re.search(r"\b(\d{6})\b", texts[-1].body).group(1)


def totp_code(device) -> str:
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"


class DownEmailBackend(BaseEmailBackend):
    """A mail server that cannot be reached: every send raises ``error``."""

    error: Exception = ConnectionRefusedError(111, "Connection refused")

    def send_messages(self, email_messages):
        raise type(self).error

"""Text messages out. The backend is chosen by settings.SMS_BACKEND, like e-mail.

- FileSMSBackend (the embedded default): one file per message in var/sms/.
- LocmemSMSBackend (tests): messages kept in ``integrations.notify.sms.outbox``.
- integrations.notify.notify.NotifySMSBackend: through GOV.UK Notify (needs NOTIFY_API_KEY).
"""

import datetime
import uuid
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.utils.module_loading import import_string

outbox: list["SMS"] = []


@dataclass(frozen=True)
class SMS:
    to: str
    body: str


class FileSMSBackend:
    def send(self, message: SMS) -> None:
        folder = Path(settings.SMS_FILE_PATH)
        folder.mkdir(parents=True, exist_ok=True)
        stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S")
        path = folder / f"{stamp}-{uuid.uuid4().hex[:8]}.txt"
        path.write_text(f"To: {message.to}\n\n{message.body}\n", encoding="utf-8")


class LocmemSMSBackend:
    def send(self, message: SMS) -> None:
        outbox.append(message)


def send_sms(to: str, body: str) -> None:
    backend = import_string(settings.SMS_BACKEND)()
    backend.send(SMS(to=to, body=body))

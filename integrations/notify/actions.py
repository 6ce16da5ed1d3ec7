"""Writes for the Notify transport: delivery receipts on outbox messages."""

import logging

from django.db import transaction

from core import clock
from integrations.outbox.models import Message

log = logging.getLogger(__name__)

# What Notify reports at the end of a message's life (its callback statuses).
RECEIPT_STATUSES = ("delivered", "permanent-failure", "temporary-failure", "technical-failure")


class UnknownStatus(ValueError):
    pass


@transaction.atomic
def receipt_record(
    *, notify_id: str, status: str, completed_at: str = "", notification_type: str = ""
) -> Message | None:
    """Keep Notify's final word on a message in ``result["receipt"]``; None if no such message."""
    if status not in RECEIPT_STATUSES:
        raise UnknownStatus(status)
    message = (
        Message.objects.select_for_update()
        .filter(kind__in=("notify.email", "notify.sms"), result__notify_id=notify_id)
        .first()
    )
    if message is None:
        return None
    message.result = {
        **message.result,
        "receipt": {
            "status": status,
            "completed_at": completed_at,
            "notification_type": notification_type,
            "received_at": clock.now().isoformat(),
        },
    }
    message.save(update_fields=["result"])
    if status != "delivered":
        log.warning("notify: message %s was not delivered (%s)", message.pk, status)
    return message

"""What the outbox's worker does with a message: claim it, hand it to its kind's handler,
record how it went (telling the listeners), and sweep for messages the broker missed.

``integrations.outbox.tasks`` runs these; ``integrations.outbox.actions`` writes messages
and queues those tasks, so this module never imports either.
"""

import datetime
import logging
import random

from django.db import transaction
from django.db.models import Exists, OuterRef, Q

from core import clock
from integrations.outbox.models import Message
from integrations.outbox.registry import Outcome, Result, handler_for, listeners_for

log = logging.getLogger(__name__)

LEASE = datetime.timedelta(minutes=5)  # a worker that dies mid-delivery loses its claim after this
BASE_DELAY = 30  # seconds before the first retry; doubles each time
MAX_DELAY = 6 * 60 * 60


def backoff(attempts: int) -> datetime.timedelta:
    """Exponential back-off with full jitter, capped at six hours."""
    ceiling = min(MAX_DELAY, BASE_DELAY * 2 ** max(attempts - 1, 0))
    return datetime.timedelta(seconds=random.uniform(ceiling / 2, ceiling))


def _claim(message_id: int) -> Message | None:
    """Take a message for delivery: one worker, one message per lock key at a time."""
    now = clock.now()
    busy = Message.objects.filter(
        lock_key=OuterRef("lock_key"), state=Message.State.SENDING, lease_until__gt=now
    ).exclude(pk=OuterRef("pk"))
    claimable = (
        Message.objects.filter(pk=message_id, next_attempt_at__lte=now)
        .filter(
            Q(state=Message.State.PENDING)
            | Q(state=Message.State.SENDING, lease_until__lte=now)  # its worker died
        )
        .exclude(Q(lock_key__gt="") & Exists(busy))
    )
    with transaction.atomic():
        claimed = claimable.update(state=Message.State.SENDING, lease_until=now + LEASE)
    if not claimed:
        return None
    return Message.objects.get(pk=message_id)


def message_deliver(*, message_id: int) -> Message | None:
    """Try to deliver one message. Safe to call twice: only one caller gets it."""
    message = _claim(message_id)
    if message is None:
        return None
    handler = handler_for(message.kind)
    if handler is None:
        result = Result.failed(f"No handler for {message.kind!r}")
    else:
        try:
            result = handler(message.payload, message.idempotency_key)
        except Exception as exc:  # noqa: BLE001 - any surprise is a retry, recorded for staff
            log.exception("outbox: handler for %s raised", message.kind)
            result = Result.retry(f"{type(exc).__name__}: {exc}"[:500])
    return _record(message, result)


@transaction.atomic
def _record(message: Message, result: Result) -> Message:
    message = Message.objects.select_for_update().get(pk=message.pk)
    message.attempts += 1
    message.lease_until = None
    if result.outcome == Outcome.DELIVERED:
        message.state = Message.State.DELIVERED
        message.delivered_at = clock.now()
        message.result = result.data
        message.last_error = ""
    elif result.outcome == Outcome.RETRY and message.attempts < message.max_attempts:
        message.state = Message.State.PENDING
        message.next_attempt_at = clock.now() + backoff(message.attempts)
        message.last_error = result.detail
    else:
        message.state = Message.State.NEEDS_ATTENTION
        message.last_error = result.detail
    message.save()
    for listener in listeners_for(message.kind):
        listener(message, result)
    return message


def due_message_ids(*, limit: int = 500) -> list[int]:
    """Messages the broker may have missed: due and pending, or claimed by a worker that died."""
    now = clock.now()
    return list(
        Message.objects.filter(
            Q(state=Message.State.PENDING, next_attempt_at__lte=now)
            | Q(state=Message.State.SENDING, lease_until__lte=now)
        )
        .order_by("next_attempt_at")
        .values_list("pk", flat=True)[:limit]
    )


def outbox_sweep(*, limit: int = 500) -> int:
    delivered = 0
    for message_id in due_message_ids(limit=limit):
        if message_deliver(message_id=message_id) is not None:
            delivered += 1
    return delivered

import datetime
import logging
import random
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from functools import partial

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


def message_enqueue(
    *,
    kind: str,
    payload: dict,
    lock_key: str = "",
    idempotency_key: str = "",
    max_attempts: int = 8,
) -> Message:
    """Write a message in the caller's transaction; dispatch it once that commits."""
    message = Message.objects.create(
        kind=kind,
        payload=payload,
        lock_key=lock_key,
        idempotency_key=idempotency_key or uuid.uuid4().hex,
        max_attempts=max_attempts,
        next_attempt_at=clock.now(),
    )
    transaction.on_commit(partial(_dispatch, message.pk))
    return message


def _dispatch(message_id: int) -> None:
    from integrations.outbox.tasks import deliver_message_task

    try:
        deliver_message_task.delay(message_id)
    except Exception:  # noqa: BLE001 - broker down: the sweep delivers it later
        log.warning("outbox: could not queue message %s; the sweep will pick it up", message_id)


@dataclass(frozen=True)
class Outgoing:
    """One message for ``message_enqueue_many`` (the arguments of ``message_enqueue``)."""

    kind: str
    payload: dict
    idempotency_key: str
    lock_key: str = ""
    max_attempts: int = 8


ENQUEUE_BATCH = 500  # rows a statement


def message_enqueue_many(*, messages: Iterable[Outgoing]) -> list[int]:
    """Write many messages in the caller's transaction, a batch a statement; dispatch on commit.

    For jobs that tell thousands of people at once (bin reminders). A message whose
    idempotency key is already in the outbox (a rerun, or another worker that got
    there first) is not written again. Returns the ids of the messages written.
    """
    messages = list(messages)
    written: list[int] = []
    for start in range(0, len(messages), ENQUEUE_BATCH):
        batch = {m.idempotency_key: m for m in messages[start : start + ENQUEUE_BATCH]}
        known = set(
            Message.objects.filter(idempotency_key__in=list(batch)).values_list(
                "idempotency_key", flat=True
            )
        )
        new = [key for key in batch if key not in known]
        if not new:
            continue
        now = clock.now()
        Message.objects.bulk_create(
            [
                Message(
                    kind=batch[key].kind,
                    payload=batch[key].payload,
                    lock_key=batch[key].lock_key,
                    idempotency_key=key,
                    max_attempts=batch[key].max_attempts,
                    next_attempt_at=now,
                )
                for key in new
            ],
            ignore_conflicts=True,  # written meanwhile by another transaction: theirs stands
        )
        written += Message.objects.filter(
            idempotency_key__in=new, state=Message.State.PENDING, attempts=0
        ).values_list("pk", flat=True)
    if written:
        transaction.on_commit(partial(_dispatch_many, written))
    return written


def _dispatch_many(message_ids: list[int]) -> None:
    from integrations.outbox.tasks import deliver_message_task

    for done, message_id in enumerate(message_ids):
        try:
            deliver_message_task.delay(message_id)
        except Exception:  # noqa: BLE001 - broker down: the sweep delivers them later
            log.warning(
                "outbox: could not queue %s messages; the sweep will pick them up",
                len(message_ids) - done,
            )
            return


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


def message_retry(*, message_ids: list[int]) -> int:
    """Staff: send stuck messages again now."""
    with transaction.atomic():
        count = Message.objects.filter(
            pk__in=message_ids, state=Message.State.NEEDS_ATTENTION
        ).update(state=Message.State.PENDING, next_attempt_at=clock.now(), attempts=0)
        for message_id in message_ids:
            transaction.on_commit(partial(_dispatch, message_id))
    return count


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

"""Writing outbox messages, in the caller's transaction, and queueing their delivery once it
commits; a staff retry. What the worker then does with them is
``integrations.outbox.worker``.
"""

import logging
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from functools import partial

from django.db import transaction

from core import clock
from integrations.outbox import tasks
from integrations.outbox.models import Message

log = logging.getLogger(__name__)


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
    try:
        tasks.deliver_message_task.delay(message_id)
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
    for done, message_id in enumerate(message_ids):
        try:
            tasks.deliver_message_task.delay(message_id)
        except Exception:  # noqa: BLE001 - broker down: the sweep delivers them later
            log.warning(
                "outbox: could not queue %s messages; the sweep will pick them up",
                len(message_ids) - done,
            )
            return


def message_retry(*, message_ids: list[int]) -> int:
    """Staff: send stuck messages again now."""
    with transaction.atomic():
        count = Message.objects.filter(
            pk__in=message_ids, state=Message.State.NEEDS_ATTENTION
        ).update(state=Message.State.PENDING, next_attempt_at=clock.now(), attempts=0)
        for message_id in message_ids:
            transaction.on_commit(partial(_dispatch, message_id))
    return count

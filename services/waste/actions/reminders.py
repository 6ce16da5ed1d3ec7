"""Bin reminders: turn them on and off, and the evening job that sends them (S-W2).

``reminders_send`` runs at 18:00 (Celery beat, Europe/London) for tomorrow's
collections. It scales with the council, not with the request: the rounds that
collect tomorrow are found once, the ids of the subscriptions due are read once,
then handled in chunks (one transaction each, rows locked and skipped by any
other worker), each chunk one read, one INSERT of outbox rows (a few on SQLite,
whose statements take at most 999 values) and one UPDATE of ``last_sent_for``.
Each message's idempotency key is ``bin-reminder-<subscription>-<date>``, so a
rerun, or two workers at once, never remind anyone twice.
"""

import datetime
import logging
from collections import defaultdict

from django.db import IntegrityError, transaction
from django.db.models import Q

from core import clock
from integrations.outbox.actions import Outgoing, message_enqueue_many
from services.waste.models import PropertyRound, ReminderSubscription
from services.waste.selectors import reminders as selectors
from services.waste.selectors.collections import rounds_collecting_on

log = logging.getLogger(__name__)

CHUNK = 1000  # subscriptions a transaction


class TooManyReminders(Exception):
    """The person already has the most reminders one person may have."""


@transaction.atomic
def reminder_subscribe(*, user, address) -> ReminderSubscription:
    """Turn reminders on for ``address`` (again, if they were stopped). Safe to repeat."""
    existing = (
        ReminderSubscription.objects.select_for_update().filter(user=user, address=address).first()
    )
    if existing is not None and existing.active:
        return existing
    if selectors.reminder_count(user=user) >= selectors.MAX_ACTIVE_PER_PERSON:
        raise TooManyReminders
    if existing is not None:
        existing.active = True
        existing.save(update_fields=["active"])
        return existing
    try:
        with transaction.atomic():
            return ReminderSubscription.objects.create(user=user, address=address)
    except IntegrityError:  # a second click made it first
        return ReminderSubscription.objects.get(user=user, address=address)


def reminder_stop(*, subscription: ReminderSubscription) -> bool:
    """Turn reminders off. True when they were on (a second click changes nothing)."""
    stopped = ReminderSubscription.objects.filter(pk=subscription.pk, active=True).update(
        active=False
    )
    subscription.active = False
    return bool(stopped)


@transaction.atomic
def reminders_move(*, user, address) -> ReminderSubscription:
    """Tell us once (A5): the person has moved; their reminders follow them to ``address``
    (those for other addresses stop)."""
    ReminderSubscription.objects.filter(user=user, active=True).exclude(address=address).update(
        active=False
    )
    return reminder_subscribe(user=user, address=address)


def reminders_tell_us_once_send(user, change) -> None:
    address = selectors.address_for_reminders(uprn=change.uprn)
    reminders_move(user=user, address=address)


def reminders_on_account_closed(user) -> None:
    """Closing an account (A9): reminders are the person's own wish, not a record. They go."""
    ReminderSubscription.objects.filter(user=user).delete()


# --- The evening job ---------------------------------------------------------------------


def _not_yet_reminded(day: datetime.date):
    return selectors.reminders_that_send().filter(
        Q(last_sent_for__isnull=True) | Q(last_sent_for__lt=day)
    )


def _due_ids(*, day: datetime.date, round_ids: list[int]) -> list[int]:
    """Subscriptions at addresses on the rounds, not yet reminded: one query, once a run.

    Read once and cut into chunks, because a query per chunk that also joins
    the rounds' addresses makes the database rebuild that set for every chunk
    (quadratic: minutes instead of seconds at 200,000 households).
    """
    on_rounds = PropertyRound.objects.filter(round_id__in=round_ids).values("address_id")
    return list(
        _not_yet_reminded(day)
        .filter(address_id__in=on_rounds)
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def _chunk(ids: list[int], *, day: datetime.date) -> list[ReminderSubscription]:
    """The chunk's subscriptions, checked again and locked: another worker's are skipped."""
    return list(
        _not_yet_reminded(day)
        .filter(pk__in=ids)
        .select_related("user", "address")
        .only(
            "token",
            "user",
            "address",
            "user__email",
            "user__phone",
            "user__preferred_channel",
            "user__is_active",
            "user__closed_at",
            "user__notify_reminders",
            "address__line1",
            "address__line2",
            "address__line3",
            "address__town",
            "address__postcode",
        )
        .order_by("pk")
        .select_for_update(skip_locked=True, of=("self",))
    )


def reminders_send(*, day: datetime.date | None = None) -> int:
    """Remind everyone with reminders on of what is collected ``day`` (tomorrow by default).

    Returns how many reminders were written to the outbox. A collection moved
    by a bank holiday is reminded on the eve of its new day, not the usual one.
    """
    day = day or clock.today() + datetime.timedelta(days=1)
    collecting = {round_.pk: (round_.stream, c) for round_, c in rounds_collecting_on(day=day)}
    if not collecting:
        log.info("bin reminders for %s: no rounds collect that day", day)
        return 0
    due = _due_ids(day=day, round_ids=sorted(collecting))
    stop_url = selectors.stop_url_maker()
    texts: dict[tuple, tuple[str, str]] = {}
    sent = 0
    for start in range(0, len(due), CHUNK):
        with transaction.atomic():
            chunk = _chunk(due[start : start + CHUNK], day=day)
            if chunk:
                sent += _remind(
                    chunk, day=day, collecting=collecting, texts=texts, stop_url=stop_url
                )
    log.info("bin reminders for %s: %s sent", day, sent)
    return sent


def _remind(chunk, *, day, collecting, texts, stop_url) -> int:
    """One chunk: what each address has collected, one message each, marked as reminded."""
    rounds_at: dict[int, list[int]] = defaultdict(list)
    for address_id, round_id in PropertyRound.objects.filter(
        address_id__in={s.address_id for s in chunk}, round_id__in=list(collecting)
    ).values_list("address_id", "round_id"):
        rounds_at[address_id].append(round_id)
    outgoing = []
    for subscription in chunk:
        found = [collecting[round_id] for round_id in rounds_at[subscription.address_id]]
        recipient = selectors.recipient_for(subscription.user)
        if not found or recipient is None:
            continue
        streams = tuple(sorted({stream for stream, _c in found}))
        moved = [c for _stream, c in found if c.moved]
        key = (streams, bool(moved), next((c.reason for c in moved if c.reason), ""))
        if key not in texts:
            texts[key] = selectors.reminder_text(
                day=day, streams=streams, moved=key[1], moved_reason=key[2]
            )
        subject, sentence = texts[key]
        url = stop_url(subscription.pk)
        subject, body = selectors.compose_reminder(
            recipient=recipient,
            subject=subject,
            sentence=sentence,
            address=subscription.address,
            stop_url=url,
        )
        outgoing.append(
            Outgoing(
                kind=f"notify.{recipient.channel}",
                payload={
                    "to": recipient.to,
                    "subject": subject,
                    "body": body,
                    "unsubscribe_url": url,
                    "purpose": "bin-reminder",
                },
                idempotency_key=f"bin-reminder-{subscription.pk}-{day.isoformat()}",
            )
        )
    written = message_enqueue_many(messages=outgoing)
    ReminderSubscription.objects.filter(pk__in=[s.pk for s in chunk]).update(last_sent_for=day)
    return len(written)

"""M7: bin reminders written per second by the evening job, against a no-op Celery task's rate.

Run by ``python -m tests.bench`` in a subprocess, with DATABASE_URL pointing at the
benchmark's own (throwaway, migrated) database:

    python -m tests.bench.reminders 50000 [rounds]

Seeds N households through ``bulk_create``: an address, a resident (one in five
prefers text messages) with reminders on, on a rubbish and a food waste round
that collect on the bench day and a recycling round that does not. Then, in each
of R rounds (default 3), back to back:

- reminders: the day's outbox rows are deleted and ``last_sent_for`` cleared,
  then ``reminders_send(day=...)`` is timed: the whole job (the day's rounds,
  subscriptions read in chunks, messages composed, outbox rows INSERTed,
  subscriptions marked, and each message dispatched after its chunk commits);
- noop: N calls of ``noop_task.delay(n)``, a task that does nothing, which is how
  the outbox dispatches each message after commit.

The outbox's dispatch is pointed at the same no-op task, so the job pays the
same per-message dispatch as the no-op side plus all of its own work: the ratio
(median of the per-round ratios, reminders/s ÷ noop/s) is the share of the bare
dispatch rate the job keeps; 1.0 would mean its database work is free. Without
REDIS_URL, Celery runs tasks eagerly (the embedded default), so both sides
measure the portal's own cost; with REDIS_URL both publish to a throwaway queue,
emptied and deleted at the end. The first run is checked: exactly one message
per subscription, under its own key; a rerun the same day writes none.

Prints one line on standard output, whose last token is ``ratio=<value>``.
"""

import datetime
import os
import statistics
import sys
import time

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.bench.settings")
django.setup()

from django.db import connection  # noqa: E402

from accounts.models import Address, User  # noqa: E402
from integrations.outbox import tasks as outbox_tasks  # noqa: E402
from integrations.outbox.models import Message  # noqa: E402
from portal.celery import app  # noqa: E402
from services.waste.actions.reminders import reminders_send  # noqa: E402
from services.waste.models import PropertyRound, ReminderSubscription, Round  # noqa: E402

QUEUE = "bench-m7"
FIRST_UPRN = 900_000_000_000
BATCH = 5000
PREFIX = "bin-reminder-"


@app.task(name="bench.noop", ignore_result=True)
def noop_task(message_id: int) -> None:
    return None


def say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def _bench_day() -> datetime.date:
    """A Tuesday a few weeks ahead: no bank holiday changes are seeded."""
    day = datetime.date.today() + datetime.timedelta(weeks=4)
    return day + datetime.timedelta(days=(1 - day.weekday()) % 7)


def seed(households: int, day: datetime.date) -> None:
    started = time.monotonic()
    other_day = day + datetime.timedelta(days=1)
    rounds = [
        Round.objects.create(
            code=f"bench-m7-{stream}",
            name=f"Bench {stream}",
            stream=stream,
            weekday=on.weekday(),
            every_weeks=1,
            first_date=on,
        )
        for stream, on in (("refuse", day), ("food", day), ("recycling", other_day))
    ]
    for start in range(0, households, BATCH):
        numbers = range(start, min(start + BATCH, households))
        addresses = Address.objects.bulk_create(
            [
                Address(
                    uprn=FIRST_UPRN + n,
                    line1=f"{n % 200 + 1} Bench Street {n // 200}",
                    town="Benchton",
                    postcode="BE1 1AA",
                )
                for n in numbers
            ]
        )
        users = User.objects.bulk_create(
            [
                User(
                    email=f"bench-m7-{n}@example.invalid",
                    password="!",  # noqa: S106 - unusable: these people never sign in
                    first_name="Bench",
                    preferred_channel="sms" if n % 5 == 0 else "email",
                    phone="+447700900123" if n % 5 == 0 else "",
                )
                for n in numbers
            ]
        )
        PropertyRound.objects.bulk_create(
            [
                PropertyRound(address=address, round=round_, stream=round_.stream)
                for address in addresses
                for round_ in rounds
            ]
        )
        ReminderSubscription.objects.bulk_create(
            [
                ReminderSubscription(user=user, address=address)
                for user, address in zip(users, addresses, strict=True)
            ]
        )
    say(f"  seeded {households:,} households in {time.monotonic() - started:.1f}s")


def reset() -> None:
    Message.objects.filter(idempotency_key__startswith=PREFIX).delete()
    ReminderSubscription.objects.update(last_sent_for=None)
    if connection.vendor == "postgresql":
        # A day passes between two evenings' runs, and autovacuum with it; back to back,
        # each round would otherwise read through the dead rows the last one left.
        tables = ", ".join(
            connection.ops.quote_name(model._meta.db_table)
            for model in (Message, ReminderSubscription)
        )
        with connection.cursor() as cursor:
            cursor.execute(f"VACUUM ANALYZE {tables}")


def time_reminders(day: datetime.date) -> tuple[float, int]:
    started = time.perf_counter()
    sent = reminders_send(day=day)
    return time.perf_counter() - started, sent


def time_noop(count: int) -> float:
    started = time.perf_counter()
    for n in range(count):
        noop_task.delay(n)
    return time.perf_counter() - started


def exactly_once(day: datetime.date, households: int) -> bool:
    keys = set(
        Message.objects.filter(idempotency_key__startswith=PREFIX).values_list(
            "idempotency_key", flat=True
        )
    )
    expected = {
        f"{PREFIX}{pk}-{day.isoformat()}"
        for pk in ReminderSubscription.objects.values_list("pk", flat=True)
    }
    return len(keys) == households and keys == expected


def _broker_queue(action: str) -> None:
    """With a real broker: route the no-op task to its own queue; afterwards empty and drop it."""
    if app.conf.task_always_eager:
        return
    if action == "route":
        app.conf.task_routes = {"bench.noop": {"queue": QUEUE}}
        return
    from kombu import Queue

    with app.connection_for_write() as conn:
        queue = Queue(QUEUE, channel=conn.default_channel)
        queue.purge()
        queue.delete()


def main(argv: list[str]) -> None:
    households = int(argv[0]) if argv else 50_000
    rounds = int(argv[1]) if len(argv) > 1 else 3
    if connection.vendor == "sqlite":
        # A throwaway file: no fsync per commit, or the disk is what gets measured.
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA synchronous=OFF")
    day = _bench_day()
    say(f"Seeding {households:,} households with reminders for {day} (M7) ...")
    seed(households, day)
    _broker_queue("route")
    outbox_tasks.deliver_message_task = noop_task  # the outbox dispatches to the no-op task
    say(f"  Celery: {'eager (no broker)' if app.conf.task_always_eager else 'Redis broker'}")
    ratios, reminder_rates, noop_rates = [], [], []
    once = rerun = None
    try:
        for n in range(rounds):
            reset()
            seconds, sent = time_reminders(day)
            if once is None:
                once = sent == households and exactly_once(day, households)
                rerun = reminders_send(day=day)
            noop_seconds = time_noop(households)
            reminder_rates.append(sent / seconds)
            noop_rates.append(households / noop_seconds)
            ratios.append(reminder_rates[-1] / noop_rates[-1])
            say(
                f"  round {n + 1}/{rounds}: {sent:,} reminders in {seconds:.2f}s "
                f"({reminder_rates[-1]:,.0f}/s); {households:,} no-op tasks in "
                f"{noop_seconds:.2f}s ({noop_rates[-1]:,.0f}/s)"
            )
    finally:
        _broker_queue("drop")
    ratios.sort()
    print(
        f"M7 reminders-per-second reminders={statistics.median(reminder_rates):.1f}/s "
        f"noop={statistics.median(noop_rates):.1f}/s households={households} "
        f"rounds={rounds} round-ratios={ratios[0]:.2f}..{ratios[-1]:.2f} "
        f"exactly-once={'yes' if once else 'NO'} rerun-sent={rerun} "
        f"ratio={statistics.median(ratios):.2f}",
        flush=True,
    )


if __name__ == "__main__":
    main(sys.argv[1:])

"""I1: queued, retried, never lost, visible when stuck, delivered once."""

import datetime

import pytest
from django.db import transaction
from django.utils import timezone

from integrations.outbox import actions, registry, worker
from integrations.outbox.models import Message
from integrations.outbox.registry import Result
from tests.helpers import make_due

pytestmark = pytest.mark.django_db


class FakeBackOffice:
    """Receives deliveries; fails the first ``fail_times`` calls; remembers idempotency keys."""

    def __init__(self, fail_times=0, outcome="retry"):
        self.fail_times = fail_times
        self.outcome = outcome
        self.received: dict[str, dict] = {}
        self.calls = 0

    def __call__(self, payload, key):
        self.calls += 1
        if self.calls <= self.fail_times:
            if self.outcome == "raise":
                raise ConnectionError("back office down")
            return (
                Result.retry("503 from back office")
                if self.outcome == "retry"
                else Result.failed("400 bad")
            )
        self.received.setdefault(key, payload)
        return Result.delivered(external_reference=f"BO-{len(self.received)}")


@pytest.fixture
def back_office(registered):
    return registered(registry.handlers, "test.backoffice", FakeBackOffice())


def enqueue(n=1, lock_key="", **kw):
    with transaction.atomic():
        return [
            actions.message_enqueue(
                kind="test.backoffice", payload={"n": i}, lock_key=lock_key, **kw
            )
            for i in range(n)
        ]


def test_a_message_is_written_with_the_change_and_dispatched_after_commit(
    back_office, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        [message] = enqueue()
    assert len(callbacks) == 1
    assert Message.objects.get(pk=message.pk).state == Message.State.PENDING


def test_rolled_back_change_sends_nothing(back_office):
    with pytest.raises(RuntimeError), transaction.atomic():
        actions.message_enqueue(kind="test.backoffice", payload={})
        raise RuntimeError
    assert not Message.objects.exists()


def test_delivered_once_even_if_dispatched_twice(back_office):
    [message] = enqueue()
    worker.message_deliver(message_id=message.pk)
    assert worker.message_deliver(message_id=message.pk) is None
    assert back_office.calls == 1
    message.refresh_from_db()
    assert message.state == Message.State.DELIVERED
    assert message.result == {"external_reference": "BO-1"}


def test_a_passing_failure_is_retried_later_with_backoff(back_office):
    back_office.fail_times = 2
    [message] = enqueue()
    worker.message_deliver(message_id=message.pk)
    message.refresh_from_db()
    assert message.state == Message.State.PENDING
    assert message.last_error == "503 from back office"
    assert message.next_attempt_at > timezone.now() + datetime.timedelta(seconds=10)
    # Not due yet: the sweep leaves it alone.
    assert worker.outbox_sweep() == 0
    make_due(message)
    worker.outbox_sweep()
    make_due(message)
    worker.outbox_sweep()
    message.refresh_from_db()
    assert message.state == Message.State.DELIVERED
    assert message.attempts == 3


def test_backoff_grows_and_is_capped():
    delays = [worker.backoff(n).total_seconds() for n in range(1, 20)]
    assert delays[0] <= 30 and delays[4] >= 240
    assert max(delays) <= worker.MAX_DELAY


def test_gives_up_into_needs_attention_and_staff_can_retry(back_office):
    back_office.fail_times = 100
    [message] = enqueue(max_attempts=3)
    for _ in range(3):
        make_due(message)
        worker.message_deliver(message_id=message.pk)
    message.refresh_from_db()
    assert message.state == Message.State.NEEDS_ATTENTION
    assert message.last_error

    back_office.fail_times = 0
    back_office.calls = 0
    assert actions.message_retry(message_ids=[message.pk]) == 1
    worker.outbox_sweep()
    message.refresh_from_db()
    assert message.state == Message.State.DELIVERED


def test_a_permanent_failure_goes_straight_to_needs_attention(back_office):
    back_office.fail_times, back_office.outcome = 1, "failed"
    [message] = enqueue()
    worker.message_deliver(message_id=message.pk)
    message.refresh_from_db()
    assert message.state == Message.State.NEEDS_ATTENTION
    assert message.attempts == 1


def test_a_handler_that_raises_is_retried_not_lost(back_office):
    back_office.fail_times, back_office.outcome = 1, "raise"
    [message] = enqueue()
    worker.message_deliver(message_id=message.pk)
    message.refresh_from_db()
    assert message.state == Message.State.PENDING
    assert "ConnectionError" in message.last_error


def test_a_worker_killed_mid_delivery_is_taken_over_after_its_lease(back_office):
    [message] = enqueue()
    # A worker claimed it and died: the message is SENDING with a lease.
    claimed = worker._claim(message.pk)
    assert claimed is not None
    assert worker.outbox_sweep() == 0  # lease still valid: nobody else takes it
    Message.objects.filter(pk=message.pk).update(
        lease_until=timezone.now() - datetime.timedelta(seconds=1)
    )
    assert worker.outbox_sweep() == 1
    assert back_office.calls == 1


def test_one_delivery_at_a_time_per_case(back_office):
    first, second = enqueue(2, lock_key="case:1")
    assert worker._claim(first.pk) is not None
    assert worker.message_deliver(message_id=second.pk) is None  # waits for the first
    assert back_office.calls == 0


def test_the_sweep_delivers_what_the_broker_missed(back_office, settings):
    enqueue(5)  # on-commit dispatch never ran (as if the broker was down)
    assert worker.outbox_sweep() == 5
    assert len(back_office.received) == 5


def test_broker_down_at_submit_does_not_fail_the_request(back_office, monkeypatch):
    from integrations.outbox import tasks

    def unreachable(*args, **kwargs):
        raise ConnectionError("broker down")

    monkeypatch.setattr(tasks.deliver_message_task, "delay", unreachable)
    [message] = enqueue()
    actions._dispatch(message.pk)  # what on_commit runs: logs, does not raise
    assert Message.objects.get(pk=message.pk).state == Message.State.PENDING
    worker.outbox_sweep()
    assert Message.objects.get(pk=message.pk).state == Message.State.DELIVERED


def test_unknown_kind_needs_attention():
    with transaction.atomic():
        message = actions.message_enqueue(kind="nobody.handles.this", payload={})
    worker.message_deliver(message_id=message.pk)
    message.refresh_from_db()
    assert message.state == Message.State.NEEDS_ATTENTION
    assert "No handler" in message.last_error

"""Status from back offices that must be asked (casework.inbound.polling), with a fake connector.

The Open311 connector's own polling is tested end to end in
tests/integrations/open311_client/test_backoffice_flow.py.
"""

import datetime
import logging

import pytest
from django.db import connection
from django.utils import timezone

from casework import actions
from casework.inbound.polling import back_office_poll_all, polls_failing
from casework.models import BackOfficePoll, Case
from casework.tasks import poll_back_offices_task
from casework.workflow import Status
from integrations import connectors
from integrations.connectors import BackOfficeUpdate, PollFailed, PollResult
from integrations.open311_client import client
from integrations.outbox.registry import Result
from tests.casework.factories import RequestTypeFactory

pytestmark = pytest.mark.django_db


class FakeBackOffice:
    """What ``poll`` is asked and what it answers."""

    def __init__(self):
        self.updates: list[BackOfficeUpdate] = []
        self.error: Exception | None = None
        self.calls: list[tuple[str, list[str]]] = []
        self.during = None  # called while the back office is being asked

    def poll(self, settings, cursor, open_references):
        self.calls.append((cursor, sorted(open_references)))
        if self.during:
            self.during()
        if self.error:
            raise self.error
        return PollResult(updates=list(self.updates), cursor=f"cursor-{len(self.calls)}")


@pytest.fixture
def fake(registered):
    back_office = FakeBackOffice()
    registered(
        connectors.connectors,
        "fake-poll",
        connectors.Connector(
            name="fake-poll",
            label="Fake polled back office",
            validate_settings=lambda settings: [],
            deliver=lambda payload, key: Result.delivered(external_reference="X"),
            poll=back_office.poll,
        ),
    )
    return back_office


@pytest.fixture
def request_type(fake):
    return RequestTypeFactory(name="Report a pothole", connector="fake-poll")


def open_case(request_type, resident, external_reference, status=Status.RECEIVED):
    case = actions.case_submit(
        request_type=RequestTypeFactory(slug="no-connector"),
        resident=resident,
        answers={},
        summary="Pothole",
    )
    Case.objects.filter(pk=case.pk).update(
        request_type=request_type, status=status, external_reference=external_reference
    )
    case.refresh_from_db()
    return case


def test_updates_are_applied_and_the_cursor_kept(fake, request_type, citizen):
    case = open_case(request_type, citizen, "BO-1")
    open_case(request_type, citizen, "BO-2", status=Status.RESOLVED)  # not open: not asked about
    fake.updates = [BackOfficeUpdate("BO-1", "in_progress", "Booked", update_id="u1")]

    assert back_office_poll_all() == 1
    assert fake.calls == [("", ["BO-1"])]
    case.refresh_from_db()
    assert case.status == Status.IN_PROGRESS
    poll = BackOfficePoll.objects.get(request_type=request_type)
    assert poll.cursor == "cursor-1" and poll.failures == 0 and poll.last_success_at

    back_office_poll_all()  # the same update again: nothing new
    assert fake.calls[-1][0] == "cursor-1"
    assert case.events.filter(status_after=Status.IN_PROGRESS).count() == 1


def test_a_refused_update_does_not_stop_the_others(fake, request_type, citizen, caplog):
    first = open_case(request_type, citizen, "BO-1", status=Status.IN_PROGRESS)
    second = open_case(request_type, citizen, "BO-2")
    fake.updates = [
        BackOfficeUpdate("BO-1", "received", update_id="u1"),  # the workflow refuses this
        BackOfficeUpdate("BO-2", "resolved", "Filled", update_id="u2"),
        BackOfficeUpdate("BO-9", "resolved", "Not ours", update_id="u3"),
    ]
    with caplog.at_level(logging.INFO):
        assert back_office_poll_all() == 1
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == Status.IN_PROGRESS
    assert second.status == Status.RESOLVED
    assert "refused" in caplog.text and citizen.email not in caplog.text
    assert BackOfficePoll.objects.get(request_type=request_type).failures == 0


def test_a_failed_poll_is_recorded_and_the_cursor_kept(fake, request_type, citizen):
    case = open_case(request_type, citizen, "BO-1")
    back_office_poll_all()
    fake.error = PollFailed("HTTP 503 from the back office")
    fake.updates = [BackOfficeUpdate("BO-1", "resolved", "Filled", update_id="u1")]
    back_office_poll_all()
    back_office_poll_all()
    poll = BackOfficePoll.objects.get(request_type=request_type)
    assert (poll.failures, poll.last_error, poll.cursor) == (
        2,
        "HTTP 503 from the back office",
        "cursor-1",
    )
    assert polls_failing() == [poll]
    case.refresh_from_db()
    assert case.status == Status.RECEIVED

    fake.error = None
    back_office_poll_all()
    assert fake.calls[-1][0] == "cursor-1", "the next poll starts where the last good one ended"
    case.refresh_from_db()
    assert case.status == Status.RESOLVED
    assert polls_failing() == []


def test_a_connector_that_crashes_is_recorded_and_others_are_still_polled(
    fake, request_type, citizen
):
    fake.error = RuntimeError("surprise")
    other_fake = FakeBackOffice()
    another = connectors.Connector(
        name="fake-poll-2",
        label="Another",
        validate_settings=lambda settings: [],
        deliver=lambda payload, key: Result.delivered(),
        poll=other_fake.poll,
    )
    with connectors.connectors.added({"fake-poll-2": another}):
        other = RequestTypeFactory(connector="fake-poll-2")
        open_case(other, citizen, "B-1")
        back_office_poll_all()
    poll = BackOfficePoll.objects.get(request_type=request_type)
    assert poll.failures == 1 and poll.last_error == "RuntimeError while polling"
    assert other_fake.calls == [("", ["B-1"])]


def test_garbage_xml_from_an_open311_back_office_is_a_failed_poll_not_a_crash(citizen, monkeypatch):
    monkeypatch.setenv("OPEN311_KEY", "key")
    monkeypatch.setattr(
        client, "get", lambda url, timeout: client.Response(200, b"<service_request_updates><oops")
    )
    request_type = RequestTypeFactory(
        connector="open311",
        connector_settings={
            "endpoint": "http://bo.example/open311/v2",
            "service_code": "POTHOLE",
            "api_key_env": "OPEN311_KEY",
        },
    )
    open_case(request_type, citizen, "638344")
    assert back_office_poll_all() == 0
    poll = BackOfficePoll.objects.get(request_type=request_type)
    assert poll.failures == 1
    assert poll.last_error == (
        "The back office's answer was not usable: the answer is not well-formed XML."
    )


def test_request_types_without_polling_or_anything_open_are_not_asked(fake, request_type, citizen):
    RequestTypeFactory(connector="webhook", connector_settings={})
    retired = RequestTypeFactory(connector="fake-poll", active=False)
    back_office_poll_all()
    assert len(fake.calls) == 1  # request_type only: the retired one has nothing open
    assert not BackOfficePoll.objects.exclude(request_type=request_type).exists()

    open_case(retired, citizen, "OLD-1")
    back_office_poll_all()
    assert ("cursor-1", []) in fake.calls and ("", ["OLD-1"]) in fake.calls


def test_the_task_polls(fake, request_type, citizen):
    open_case(request_type, citizen, "BO-1")
    poll_back_offices_task()
    assert fake.calls == [("", ["BO-1"])]


def test_beat_polls_every_five_minutes(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["poll-back-offices"]
    assert entry == {"task": "casework.tasks.poll_back_offices_task", "schedule": 300.0}


# --- No lock held while the back office is asked; one poller per back office -----------------


def test_no_transaction_is_open_while_the_back_office_is_asked(fake, request_type, citizen):
    # Locks last as long as their transaction: with none open, no row is locked. (The test
    # itself runs in a transaction; polling must open none of its own around the call.)
    case = open_case(request_type, citizen, "BO-1")
    fake.updates = [BackOfficeUpdate("BO-1", "in_progress", "Booked", update_id="u1")]
    the_tests_own = len(connection.atomic_blocks)
    during_call = []
    fake.during = lambda: during_call.append(len(connection.atomic_blocks) > the_tests_own)

    assert back_office_poll_all() == 1
    assert during_call == [False], "the back office was asked inside a transaction (a row lock)"
    case.refresh_from_db()
    assert case.status == Status.IN_PROGRESS
    poll_row = BackOfficePoll.objects.get(request_type=request_type)
    assert (poll_row.cursor, poll_row.failures) == ("cursor-1", 0)


def test_two_pollers_do_not_ask_the_same_back_office_at_once(fake, request_type, citizen):
    open_case(request_type, citizen, "BO-1")
    second_poller_found = []

    def second_poller():  # another worker starts while this one is asking
        if not second_poller_found:
            second_poller_found.append(back_office_poll_all())

    fake.during = second_poller

    back_office_poll_all()

    assert second_poller_found == [0]
    assert fake.calls == [("", ["BO-1"])], "only one poller asked the back office"
    poll_row = BackOfficePoll.objects.get(request_type=request_type)
    assert (poll_row.cursor, poll_row.failures) == ("cursor-1", 0)

    back_office_poll_all()  # the claim ended with the poll: the next one asks again
    assert fake.calls[-1] == ("cursor-1", ["BO-1"])


def test_a_poller_that_died_does_not_stop_polling_for_good(fake, request_type, citizen):
    open_case(request_type, citizen, "BO-1")
    back_office_poll_all()
    # A worker claimed the back office, then was killed while asking it.
    BackOfficePoll.objects.filter(request_type=request_type).update(
        leased_until=timezone.now() - datetime.timedelta(seconds=1)
    )

    back_office_poll_all()

    assert len(fake.calls) == 2
    assert BackOfficePoll.objects.get(request_type=request_type).cursor == "cursor-2"


def test_a_poller_whose_claim_was_taken_over_keeps_its_updates_not_its_cursor(
    fake, request_type, citizen
):
    case = open_case(request_type, citizen, "BO-1")
    fake.updates = [BackOfficeUpdate("BO-1", "in_progress", "Booked", update_id="u1")]
    taken_over_until = timezone.now() + datetime.timedelta(hours=1)
    # So slow that its claim ran out and another worker claimed the back office.
    fake.during = lambda: BackOfficePoll.objects.filter(request_type=request_type).update(
        leased_until=taken_over_until, cursor="newer"
    )

    assert back_office_poll_all() == 1

    case.refresh_from_db()
    assert case.status == Status.IN_PROGRESS  # what it learnt is applied (updates repeat safely)
    poll_row = BackOfficePoll.objects.get(request_type=request_type)
    assert (poll_row.cursor, poll_row.leased_until) == ("newer", taken_over_until)


def test_a_crash_while_asking_ends_the_claim(fake, request_type, citizen):
    open_case(request_type, citizen, "BO-1")
    fake.error = RuntimeError("surprise")
    back_office_poll_all()
    fake.error = None

    back_office_poll_all()  # at once, not after the claim would have run out

    assert len(fake.calls) == 2
    assert BackOfficePoll.objects.get(request_type=request_type).failures == 0

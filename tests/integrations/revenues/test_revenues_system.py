"""The portal reads and writes the simulated revenues system, served for real in a thread;
it being down, slow or refusing is "could not be read" (reads) or "try again" (writes)."""

import datetime

import pytest

from integrations.outbox.registry import Outcome
from integrations.revenues import lookup, tasks
from integrations.simulated_backoffice import BackOffice, start
from integrations.simulated_backoffice.revenues import account_document

SECRET = "back-office-shared-secret-0123456789"
TODAY = datetime.date(2026, 12, 7)


def sams_account(**extra):
    return account_document(
        account_number="60010001",
        uprn=100090000001,
        address="1 Mill Lane, Millbrook",
        postcode="MB1 1AA",
        liable=["Sam Taylor"],
        band="C",
        today=TODAY,
        **extra,
    )


@pytest.fixture
def office():
    running = start(BackOffice(secret=SECRET, seed=5))
    yield running
    running.stop()


@pytest.fixture
def revenues(office, settings):
    settings.REVENUES_URL = office.url
    settings.REVENUES_TIMEOUT = 1.0
    settings.REVENUES_API_KEY = "revenues-key"
    office.office.revenues.api_key = "revenues-key"
    office.office.revenues.add(sams_account())
    return office.office.revenues


def test_an_account_is_read(revenues):
    account = lookup.account_get(account_number="60010001")

    assert account.postcode == "MB1 1AA"
    assert account.balance_pence == 20200
    assert revenues.reads == 1


def test_an_unknown_account_is_none(revenues):
    assert lookup.account_get(account_number="60019999") is None


def test_a_wrong_key_is_not_an_account(revenues, settings):
    settings.REVENUES_API_KEY = "not-the-key"
    with pytest.raises(lookup.RevenuesUnavailable, match="HTTP 401"):
        lookup.account_get(account_number="60010001")


def test_down_slow_or_gone_is_unavailable(revenues, office, settings):
    revenues.down = True
    with pytest.raises(lookup.RevenuesUnavailable, match="HTTP 503"):
        lookup.account_get(account_number="60010001")
    revenues.down = False
    office.office.latency_ms = 400
    settings.REVENUES_TIMEOUT = 0.1
    with pytest.raises(lookup.RevenuesUnavailable, match="did not answer in time"):
        lookup.account_get(account_number="60010001")
    office.office.latency_ms = 0
    settings.REVENUES_URL = ""
    with pytest.raises(lookup.RevenuesUnavailable, match="turned off"):
        lookup.account_get(account_number="60010001")


def test_a_payment_is_taken_once_however_often_it_is_sent(revenues):
    payload = {
        "account_number": "60010001",
        "payment": {"amount_pence": 20200, "reference": "PAY-1", "paid_at": "2026-12-07T10:00"},
    }

    first = tasks.deliver_payment(payload, "key-1")
    again = tasks.deliver_payment(payload, "key-1")

    assert first.outcome == again.outcome == Outcome.DELIVERED
    assert first.data["external_reference"] == again.data["external_reference"]
    account = lookup.account_get(account_number="60010001")
    assert account.balance_pence == 0
    assert account.current_bill.instalments[-1].paid_pence == 20200
    assert account.payments[0].reference == "PAY-1"


def test_a_payment_while_the_system_is_down_is_tried_again(revenues, office, settings):
    revenues.down = True
    payload = {"account_number": "60010001", "payment": {"amount_pence": 100}}
    assert tasks.deliver_payment(payload, "key-2").outcome == Outcome.RETRY
    office.stop()  # refused connections
    assert tasks.deliver_payment(payload, "key-2").outcome == Outcome.RETRY


@pytest.mark.parametrize("state", ["accepted", "refused", "queued"])
def test_a_change_is_accepted_refused_or_queued(revenues, state):
    revenues.change_answer = state
    payload = {"account_number": "60010001", "change": {"kind": "single_person_discount"}}

    result = tasks.deliver_change(payload, f"change-{state}")

    assert result.outcome == Outcome.DELIVERED
    assert result.data["state"] == state


def _queue_a_change(key="queued-1") -> str:
    payload = {
        "account_number": "60010001",
        "change": {"kind": "single_person_discount", "details": {"action": "apply"}},
    }
    return tasks.deliver_change(payload, key).data["external_reference"]


def test_a_queued_change_says_nothing_until_an_officer_decides_it(revenues):
    revenues.change_answer = "rules"  # a new single person discount waits for an officer
    reference = _queue_a_change()

    assert tasks.poll({}, "", [reference]).updates == []

    revenues.change_request_decide(reference, "refused", "Two adults are registered here.")
    (update,) = tasks.poll({}, "", [reference]).updates
    assert (update.reference, update.status, update.message) == (
        reference,
        "rejected",
        "Two adults are registered here.",
    )


def test_a_queued_change_is_decided_by_itself_after_a_while_and_shows_on_the_account(revenues):
    revenues.change_answer = "rules"
    revenues.decide_after = 0.0
    reference = _queue_a_change()

    (update,) = tasks.poll({}, "", [reference]).updates

    assert update.status == "resolved"
    assert "electoral register" in update.message
    assert lookup.account_get(account_number="60010001").current_bill.discounts[0].kind == (
        "single_person"
    )


def test_an_officers_decision_can_be_made_by_hand_over_http(revenues, office):
    import json

    from integrations.revenues import client

    revenues.change_answer = "queued"
    reference = _queue_a_change()
    answer = client.request(
        "POST",
        f"{office.url}/revenues/control/change-requests/{reference}/decision",
        headers={"Authorization": "Bearer revenues-key", "Content-Type": "application/json"},
        body=json.dumps({"state": "accepted", "reason": "Done."}).encode(),
        timeout=2,
    )
    assert answer.status == 200
    assert json.loads(answer.body)["state"] == "accepted"

    (update,) = tasks.poll({}, "", [reference]).updates
    assert update.message == "Our council tax team has made the change. Done."


def test_polling_while_the_system_is_down_fails_whole_and_an_unknown_reference_is_skipped(
    revenues, office
):
    from integrations.connectors import PollFailed

    revenues.change_answer = "queued"
    reference = _queue_a_change()
    revenues.change_request_decide(reference, "accepted")
    revenues.down = True
    with pytest.raises(PollFailed, match="HTTP 503"):
        tasks.poll({}, "", [reference])

    revenues.down = False
    (update,) = tasks.poll({}, "", ["CR-999999", reference]).updates
    assert update.reference == reference
    office.stop()
    with pytest.raises(PollFailed, match="could not reach"):
        tasks.poll({}, "", [reference])


def test_with_no_change_waiting_the_system_is_not_asked(revenues, settings):
    settings.REVENUES_URL = ""  # turned off: asking would fail

    assert tasks.poll({}, "", []).updates == []

"""The revenues contract read from recorded answers (tests/fixtures/revenues/)."""

import datetime
import json
from pathlib import Path

import pytest

from integrations.outbox.registry import Outcome
from integrations.revenues import mapping

FIXTURES = Path(__file__).parents[2] / "fixtures" / "revenues"


def recorded(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def test_an_account_up_to_date_reads_as_the_resident_will_see_it():
    account = mapping.parse_account(
        200, recorded("account_up_to_date.json"), account_number="60010001"
    )

    assert account.band == "C"
    assert account.liable == ("Sam Taylor",)
    assert account.balance_pence == 20200
    assert account.recovery_stage == "none"
    bill = account.current_bill
    assert bill.year == "2026-27"
    assert bill.first_instalment_pence == 20866
    assert len(bill.instalments) == 10
    assert bill.instalments[-1] == mapping.Instalment(datetime.date(2027, 1, 1), 20200, 0)
    assert [b.year for b in account.bills] == ["2026-27", "2025-26"]
    assert account.payments[0].paid_on == datetime.date(2026, 12, 1)


def test_an_account_in_arrears_keeps_its_discount_and_recovery_stage():
    account = mapping.parse_account(
        200, recorded("account_in_arrears.json"), account_number="60010002"
    )

    assert account.recovery_stage == "final_notice"
    assert account.current_bill.discounts[0].kind == "single_person"
    assert len(account.current_bill.instalments) == 12
    unpaid_due = [
        i
        for i in account.current_bill.instalments
        if i.due_on <= datetime.date(2026, 12, 7) and i.paid_pence < i.amount_pence
    ]
    assert len(unpaid_due) == 2


def test_no_such_account_is_none():
    assert mapping.parse_account(404, recorded("not_found.json"), account_number="60010009") is None


@pytest.mark.parametrize(
    ("status", "name", "why"),
    [
        (200, "account_balance_as_text.json", "the balance is not a whole number of pence"),
        (200, "account_for_another_number.json", "answered for another account"),
        (502, "gateway_error.html", "HTTP 502"),
        (200, "gateway_error.html", "not JSON"),
    ],
)
def test_an_answer_it_cannot_rely_on_is_refused_whole(status, name, why):
    with pytest.raises(mapping.RevenuesUnusable, match=why):
        mapping.parse_account(status, recorded(name), account_number="60010001")


def test_a_change_the_system_refused_is_delivered_with_its_reason():
    result = mapping.result_from_response(202, recorded("change_refused.json"))

    assert result.outcome == Outcome.DELIVERED
    assert result.data == {
        "external_reference": "CR-000004",
        "state": "refused",
        "reason": "Another adult is registered at the property",
    }


@pytest.mark.parametrize(
    ("status", "outcome"),
    [(201, Outcome.DELIVERED), (503, Outcome.RETRY), (429, Outcome.RETRY), (400, Outcome.FAILED)],
)
def test_what_an_answer_to_a_payment_means(status, outcome):
    assert mapping.result_from_response(status, recorded("payment_taken.json")).outcome == outcome


def test_no_answer_is_tried_again():
    assert mapping.result_from_error(TimeoutError()).outcome == Outcome.RETRY


@pytest.mark.parametrize(
    ("state", "reason", "status", "message"),
    [
        ("accepted", "", "resolved", "Our council tax system has made the change."),
        ("refused", "This account is closed.", "rejected", "This account is closed."),
        ("queued", "", "in_progress", mapping.QUEUED_MESSAGE.format(system="council tax")),
    ],
)
def test_a_changes_state_becomes_the_cases_next_step(state, reason, status, message):
    body = json.dumps({"reference": "CR-000009", "state": state, "reason": reason}).encode()

    result = mapping.decision(mapping.result_from_response(202, body))

    assert result.outcome == Outcome.DELIVERED
    assert result.data["external_reference"] == "CR-000009"
    assert (result.data["status"], result.data["message"]) == (status, message)


def test_a_change_not_delivered_is_not_decided():
    result = mapping.decision(mapping.result_from_response(503, b""))

    assert result.outcome == Outcome.RETRY
    assert "status" not in result.data


def test_benefit_claims_and_business_rates_accounts_are_read():
    from integrations.simulated_backoffice.revenues import (
        account_document,
        business_rates_document,
        claim_document,
    )

    today = datetime.date(2026, 12, 7)
    claim = claim_document(
        claim_number="HB400001",
        kind="housing_benefit",
        weekly_pence=8_550,
        today=today,
        paid_to="landlord",
        payee="Millbrook Homes",
    )
    document = account_document(
        account_number="60010001",
        uprn=1,
        address="1 Mill Lane",
        postcode="MB1 1AA",
        liable=["Sam Taylor"],
        band="C",
        today=today,
        claims=[claim],
    )
    account = mapping.parse_account(200, json.dumps(document).encode(), account_number="60010001")
    (read,) = account.claims
    assert (read.weekly_entitlement_pence, read.paid_to, read.payee) == (
        8_550,
        "landlord",
        "Millbrook Homes",
    )
    assert read.next_payment_on == datetime.date(2026, 12, 14)
    assert read.payments[0].paid_on == datetime.date(2026, 11, 30)

    rates = business_rates_document(
        account_number="70010001",
        uprn=2,
        address="3 High Street",
        postcode="MB1 2AA",
        business_name="Millbrook Bakery",
        rateable_value_pence=14_500_00,
        today=today,
    )
    business = mapping.parse_account(200, json.dumps(rates).encode(), account_number="70010001")
    assert (business.kind, business.rateable_value_pence, business.band) == (
        "business_rates",
        14_500_00,
        "",
    )


def test_an_account_or_claim_of_an_unknown_kind_is_refused_whole():
    document = {"account_number": "1", "kind": "parking", "band": "C", "balance_pence": 0}
    with pytest.raises(mapping.RevenuesUnusable):
        mapping.parse_account(200, json.dumps(document).encode(), account_number="1")


# --- A queued change decided later ------------------------------------------------------------


def test_a_change_still_queued_moves_nothing():
    change = mapping.parse_change_request(
        200, recorded("change_request_queued.json"), reference="CR-000007"
    )

    assert change.state == "queued"
    assert change.decided_on is None
    assert mapping.decided_update(change) is None


def test_a_queued_change_accepted_later_makes_the_case_done_once():
    change = mapping.parse_change_request(
        200, recorded("change_request_accepted.json"), reference="CR-000007"
    )

    update = mapping.decided_update(change)

    assert change.decided_on == datetime.date(2026, 12, 9)
    assert update.reference == "CR-000007"
    assert update.status == "resolved"
    assert update.message == (
        "Our council tax team has made the change. We have checked the electoral register. "
        "We will send you a new bill."
    )
    assert update.update_id == "decided-CR-000007", "read twice, applied once"


def test_a_queued_change_refused_later_is_not_accepted_with_the_officers_reason():
    change = mapping.parse_change_request(
        200, recorded("change_request_refused.json"), reference="CR-000007"
    )

    update = mapping.decided_update(change)

    assert (update.status, update.message) == (
        "rejected",
        "Another adult is on the electoral register at this address.",
    )


def test_an_unknown_change_request_is_none():
    assert (
        mapping.parse_change_request(404, recorded("not_found.json"), reference="CR-000007") is None
    )


@pytest.mark.parametrize(
    ("status", "name", "reference", "why"),
    [
        (200, "change_request_accepted.json", "CR-000008", "another change"),
        (200, "change_request_unknown_state.json", "CR-000007", "state the portal does not know"),
        (502, "gateway_error.html", "CR-000007", "HTTP 502"),
        (200, "gateway_error.html", "CR-000007", "not JSON"),
    ],
)
def test_a_change_request_it_cannot_rely_on_is_refused(status, name, reference, why):
    with pytest.raises(mapping.RevenuesUnusable, match=why):
        mapping.parse_change_request(status, recorded(name), reference=reference)

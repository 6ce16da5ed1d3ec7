"""GOV.UK Pay's JSON, as recorded, to our values."""

import json
from pathlib import Path

import pytest

from integrations.pay import mapping

FIXTURES = Path(__file__).parents[2] / "fixtures" / "pay"


def fixture(name: str) -> dict:
    return json.loads((FIXTURES / f"{name}.json").read_text())


def test_a_created_payment_gives_its_id_and_card_page():
    created = mapping.created_payment(fixture("payment_created"))

    assert created.provider_id == "hu20sqlact5260q2nanm0q8u93"
    assert created.next_url == (
        "https://card.payments.service.gov.uk/secure/ef1b6ff1-db34-4c62-b854-3ed4ba3c4049"
    )
    assert created.state.status == "created" and not created.state.finished


@pytest.mark.parametrize(
    ("name", "status", "finished", "failure"),
    [
        ("payment_success", "success", True, ""),
        ("payment_declined", "failed", True, "Card declined"),
        ("payment_cancelled_by_user", "cancelled", True, "Cancelled by the resident"),
        ("payment_expired", "failed", True, "Expired: not paid within 90 minutes"),
        ("payment_submitted", "submitted", False, ""),
    ],
)
def test_payment_states(name, status, finished, failure):
    state = mapping.payment_state(fixture(name))

    assert (state.status, state.finished, state.failure_message) == (status, finished, failure)


def test_nothing_the_resident_typed_is_kept():
    document = fixture("payment_success")
    state = mapping.payment_state(document)
    assert "Sam" not in repr(state) and "sam@" not in repr(state)
    declined = mapping.payment_state(fixture("payment_declined"))
    assert declined.code == "P0010" and "rejected" not in declined.failure_message


def test_an_unknown_status_is_not_guessed_at():
    with pytest.raises(mapping.BadResponse):
        mapping.payment_state({"state": {"status": "paid-probably", "finished": True}})
    with pytest.raises(mapping.BadResponse):
        mapping.payment_state({"payment_id": "x"})


def test_a_card_page_that_is_not_https_is_refused():
    document = fixture("payment_created")
    document["_links"]["next_url"]["href"] = "http://card.example/secure/1"
    with pytest.raises(mapping.BadResponse):
        mapping.created_payment(document)


def test_refunds():
    refund = mapping.refund_result(fixture("refund_submitted"))
    assert (refund.provider_refund_id, refund.status) == ("j6se0f2o427g28g8yg3u3i", "submitted")
    assert mapping.refund_available(fixture("payment_success")) == 4500
    assert mapping.refund_available({}) is None
    assert mapping.refund_request(amount_pence=1500, available_pence=4500) == {
        "amount": 1500,
        "refund_amount_available": 4500,
    }


def test_the_request_carries_the_resident_language_and_email_only_when_given():
    body = mapping.create_request(
        amount_pence=4500,
        reference="MB-1",
        description="Pest control",
        return_url="https://my.millbrook.example/pay/x/return",
        language="cy-gb",
    )
    assert body["language"] == "cy" and "email" not in body
    assert mapping.language_for("en-gb") == "en"

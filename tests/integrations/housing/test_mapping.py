"""The housing contract read from recorded answers (tests/fixtures/housing/), and what the
connector sends for each kind of case."""

import datetime
from pathlib import Path

import pytest

from integrations.housing import mapping
from integrations.outbox.registry import Outcome

FIXTURES = Path(__file__).parents[2] / "fixtures" / "housing"


def recorded(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def test_a_tenancy_in_arrears_reads_as_the_tenant_will_see_it():
    tenancy = mapping.parse_tenancy(200, recorded("tenancy_in_arrears.json"), reference="HT-100001")

    assert tenancy.tenants == ("Sam Taylor",)
    assert tenancy.block == "Mill Court"
    assert tenancy.weekly_rent_pence == 10450
    rent = tenancy.rent
    assert rent.balance_pence == rent.arrears_pence == 2 * (10450 - 3000)
    assert rent.next_due_on == datetime.date(2026, 12, 14)
    assert rent.housing_costs_source == "housing_benefit"
    assert rent.arrangement == mapping.Arrangement(500, datetime.date(2026, 12, 14))
    assert rent.transactions[0].on >= rent.transactions[-1].on, "newest first"
    assert {t.kind for t in rent.transactions} == {"rent", "payment", "housing_costs"}


@pytest.mark.parametrize(
    ("status", "name", "why"),
    [
        (200, "tenancy_for_another_reference.json", "another tenancy"),
        (200, "tenancy_balance_as_text.json", "not a whole number of pence"),
        (502, "gateway_error.html", "HTTP 502"),
        (200, "gateway_error.html", "not JSON"),
    ],
)
def test_an_answer_the_portal_cannot_rely_on_is_refused_with_a_reason(status, name, why):
    with pytest.raises(mapping.HousingUnusable, match=why):
        mapping.parse_tenancy(status, recorded(name), reference="HT-100001")


def test_no_such_tenancy_is_none():
    assert mapping.parse_tenancy(404, recorded("not_found.json"), reference="HT-1") is None


def test_updates_name_the_portals_reference_when_kept_and_drop_unknown_statuses():
    found = mapping.parse_updates(200, recorded("updates.json"), cursor="0")

    assert found.cursor == "3"
    assert [u.reference for u in found.updates] == ["5T2N-8AEJ", "RJ-000001", "7K3P-2MQX"]
    assert [u.status for u in found.updates] == ["received", "resolved", ""]
    assert found.updates[1].message == "New washer fitted."
    assert len({u.update_id for u in found.updates}) == 3


def test_the_contractors_slots_are_read():
    slots = mapping.parse_availability(200, recorded("availability.json"))

    assert slots[0] == mapping.Slot(datetime.date(2026, 12, 8), "am", 2)


def _case(slug, **answers):
    return {
        "reference": "5T2N-8AEJ",
        "request_type": {"slug": slug},
        "summary": "A summary",
        "answers": {"tenancy_reference": "HT-100001", **answers},
        "contact": {"name": "Sam Taylor", "email": "sam@example.org", "phone": ""},
        "attachments": [{"name": "tap.png", "url": "https://portal/f/1"}],
        "created_at": "2026-12-07T10:00:00+00:00",
    }


def test_a_repair_goes_to_repairs_with_its_priority_trade_and_appointment():
    path, document = mapping.case_request(
        _case(mapping.REPAIR, priority="urgent", trade="plumbing", slot="2026-12-08-pm")
    )

    assert path == "repairs"
    assert document["appointment"] == {"date": "2026-12-08", "period": "pm"}
    assert (document["priority"], document["trade"]) == ("urgent", "plumbing")
    assert document["photos"] == ["https://portal/f/1"]


def test_a_follow_on_goes_to_the_original_job_and_needs_its_reference():
    path, document = mapping.follow_on_request(
        {
            "job": "RJ-000001",
            "portal_reference": "MB-1",
            "reason": "Still drips.",
            "trade": "plumbing",
        }
    )

    assert path == "repairs/RJ-000001/follow-on"
    assert document == {
        "portal_reference": "MB-1",
        "reason": "Still drips.",
        "priority": "routine",
        "trade": "plumbing",
    }
    assert mapping.follow_on_request({"job": "", "portal_reference": "MB-1"}) is None


def test_an_asb_report_carries_contact_details_only_when_it_is_safe_to_contact():
    unsafe = mapping.case_request(_case(mapping.ASB, what="Noise", safe_to_contact="no"))[1]
    safe = mapping.case_request(_case(mapping.ASB, what="Noise", safe_to_contact="yes"))[1]

    assert unsafe["contact"] == {}
    assert safe["contact"]["email"] == "sam@example.org"


def test_a_payment_goes_to_the_tenancys_rent_account():
    path, document = mapping.case_request(_case(mapping.RENT_PAYMENT, amount_pence=5000))

    assert path == "tenancies/HT-100001/payments"
    assert document == {
        "amount_pence": 5000,
        "reference": "5T2N-8AEJ",
        "paid_at": "2026-12-07T10:00:00+00:00",
    }


def test_a_case_with_no_place_in_the_housing_system_is_none():
    assert mapping.case_request(_case("general-enquiry")) is None
    assert mapping.case_request({**_case(mapping.RENT_PAYMENT), "answers": {}}) is None


@pytest.mark.parametrize(
    ("status", "body", "outcome"),
    [
        (201, recorded("repair_logged.json"), Outcome.DELIVERED),
        (200, recorded("repair_logged.json"), Outcome.DELIVERED),
        (503, b"{}", Outcome.RETRY),
        (429, b"{}", Outcome.RETRY),
        (422, b'{"error": "no such tenancy"}', Outcome.FAILED),
        (201, b"not json", Outcome.FAILED),
        (201, b"{}", Outcome.FAILED),
    ],
)
def test_what_each_answer_to_a_write_means(status, body, outcome):
    result = mapping.result_from_response(status, body)

    assert result.outcome == outcome
    if outcome == Outcome.DELIVERED:
        assert result.data == {"external_reference": "RJ-000001"}


def test_no_answer_at_all_is_tried_again():
    assert mapping.result_from_error(TimeoutError()).outcome == Outcome.RETRY
    assert "did not answer in time" in mapping.result_from_error(TimeoutError()).detail

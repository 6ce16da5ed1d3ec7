"""The simulated housing system behaves like a real one: tenancies, payments once per key,
repair jobs with due dates by priority, the contractor's diary from today, updates, and
failures (503, refused connections, timeouts)."""

import datetime
import json

import pytest

from integrations.housing import lookup, tasks
from integrations.outbox.registry import Outcome
from integrations.simulated_backoffice import BackOffice, start
from integrations.simulated_backoffice.housing import availability, tenancy_document

MONDAY = datetime.date(2026, 12, 7)


@pytest.fixture
def office(settings):
    running = start(BackOffice(secret="back-office-shared-secret-0123456789", seed=1))
    running.office.housing.today = MONDAY
    running.office.housing.add(
        tenancy_document(
            reference="HT-100001",
            uprn=1,
            address="1 Mill Lane",
            postcode="MB1 1AA",
            tenants=["Sam Taylor"],
            today=MONDAY,
        )
    )
    settings.HOUSING_URL = running.url
    settings.HOUSING_TIMEOUT = 1.0
    yield running
    running.stop()


def _repair(priority="routine", **extra):
    case = {
        "reference": "5T2N-8AEJ",
        "request_type": {"slug": "housing-repair"},
        "answers": {"tenancy_reference": "HT-100001", "priority": priority, "trade": "plumbing"},
        **extra,
    }
    return {"case_id": 1, "settings": {}, "case": case}


def test_a_tenancy_is_read_through_the_connector(office):
    tenancy = lookup.tenancy_get(reference="HT-100001")

    assert tenancy.tenants == ("Sam Taylor",)
    assert lookup.tenancy_get(reference="HT-999999") is None


@pytest.mark.parametrize(
    ("priority", "due_by"),
    [("emergency", "2026-12-08"), ("urgent", "2026-12-10"), ("routine", "2027-01-04")],
)
def test_a_job_is_due_by_its_priority(office, priority, due_by):
    result = tasks.deliver_case(_repair(priority), "key-1")

    assert result.outcome == Outcome.DELIVERED
    job = office.office.housing.repairs[result.data["external_reference"]]
    assert job["due_by"] == due_by


def test_the_same_key_twice_logs_one_job(office):
    first = tasks.deliver_case(_repair(), "key-1")
    again = tasks.deliver_case(_repair(), "key-1")

    assert first.data == again.data
    assert len(office.office.housing.repairs) == 1


def test_a_payment_is_taken_once_per_key(office):
    payload = {
        "case_id": 2,
        "case": {
            "reference": "ABCD-1234",
            "request_type": {"slug": "housing-rent-payment"},
            "answers": {"tenancy_reference": "HT-100001", "amount_pence": 1000},
        },
    }
    before = office.office.housing.tenancies["HT-100001"]["rent_account"]["balance_pence"]

    tasks.deliver_case(payload, "pay-1")
    tasks.deliver_case(payload, "pay-1")

    after = office.office.housing.tenancies["HT-100001"]["rent_account"]["balance_pence"]
    assert after == before - 1000


def test_the_contractors_diary_is_working_days_from_tomorrow_morning_and_afternoon():
    slots = availability(trade="carpentry", today=datetime.date(2026, 12, 4))  # a Friday

    assert slots[0] == {"date": "2026-12-07", "period": "am", "places": 2}
    assert all(datetime.date.fromisoformat(s["date"]).weekday() < 5 for s in slots)
    assert {s["period"] for s in slots} == {"am", "pm"}
    assert slots[-1]["date"] <= "2027-01-01"


def test_a_booked_slot_has_fewer_places_left(office):
    tasks.deliver_case(_repair(), "key-1")  # no appointment: nothing taken
    payload = _repair()
    payload["case"]["answers"]["slot"] = "2026-12-08-am"
    tasks.deliver_case(payload, "key-2")

    slots = lookup.availability_get(trade="plumbing", on=MONDAY)

    first = [s for s in slots if s.date == datetime.date(2026, 12, 8)]
    assert [(s.period, s.places) for s in first] == [("am", 1), ("pm", 2)]


def test_completion_is_an_update_the_poll_reads(office):
    result = tasks.deliver_case(_repair(), "key-1")
    office.office.housing.complete(result.data["external_reference"], "Done")

    found = tasks.poll({}, "", [])

    assert [u.status for u in found.updates] == ["received", "resolved"]
    assert found.updates[-1].reference == "5T2N-8AEJ"
    assert tasks.poll({}, found.cursor, []).updates == []


def test_down_is_503_and_every_write_is_tried_again(office):
    office.office.housing.down = True

    assert tasks.deliver_case(_repair(), "key-1").outcome == Outcome.RETRY
    with pytest.raises(lookup.HousingUnavailable, match="HTTP 503"):
        lookup.tenancy_get(reference="HT-100001")


def test_refused_and_slow_are_unavailable_too(office, settings):
    office.office.latency_ms = 1500
    with pytest.raises(lookup.HousingUnavailable, match="did not answer in time"):
        lookup.tenancy_get(reference="HT-100001")
    office.office.latency_ms = 0
    office.stop()
    with pytest.raises(lookup.HousingUnavailable, match="could not reach"):
        lookup.tenancy_get(reference="HT-100001")
    assert tasks.deliver_case(_repair(), "key-1").outcome == Outcome.RETRY


def test_a_bearer_key_is_asked_for_when_set(office, settings):
    office.office.housing.api_key = "s3cret"
    with pytest.raises(lookup.HousingUnavailable, match="HTTP 401"):
        lookup.tenancy_get(reference="HT-100001")
    settings.HOUSING_API_KEY = "s3cret"
    assert lookup.tenancy_get(reference="HT-100001") is not None


def test_tenancies_come_from_the_demo_file_and_it_is_read_again_when_it_changes(tmp_path):
    from integrations.simulated_backoffice.housing import HousingRecords

    path = tmp_path / "housing.json"
    tenancy = tenancy_document(
        reference="HT-100009",
        uprn=9,
        address="9 Mill Lane",
        postcode="MB1 1AA",
        tenants=["Jo"],
        today=MONDAY,
    )
    path.write_text(json.dumps({"tenancies": [tenancy]}))
    records = HousingRecords(file=str(path))

    assert records.find("HT-100009")["tenants"] == [{"name": "Jo"}]
    assert records.find("HT-100010") is None

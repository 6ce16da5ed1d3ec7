"""Report a repair: the guided diagnosis on the journey engine, emergencies stopped with the
number, photos, priority and trade from the answers, an appointment from the contractor's
diary, delivery to the housing system through the outbox (queued while it is down), the
appointment moved or cancelled, completion polled back, and "was it fixed?"."""

import pytest
from django.urls import reverse

from casework.inbound import polling
from casework.models import Case
from casework.workflow import Status
from core import clock as project_clock
from integrations.outbox import worker
from integrations.outbox.models import Message
from tests.conftest import signed_in
from tests.helpers import png
from tests.services.general.conftest import version_on
from tests.services.housing.conftest import SAMS_TENANCY

pytestmark = pytest.mark.django_db
URL = "/housing/repairs/report/"


@pytest.fixture
def tenant(linked):
    return signed_in(linked)


def _answer(client, step, data, then):
    response = client.post(URL + (f"{step}/" if step else ""), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert response["Location"] == URL + then, response["Location"]
    return response


def _dripping_tap_up_to_check(tenant, slot="2026-12-08-am"):
    _answer(tenant, "", {"area": "kitchen"}, "what/")
    _answer(tenant, "what", {"problem": "leak"}, "leak/")
    _answer(tenant, "leak", {"leak": "dripping"}, "details/")
    _answer(
        tenant,
        "details",
        {"description": "The cold tap drips all the time.", "files": [png("tap.png")]},
        "appointment/",
    )
    _answer(tenant, "appointment", {"slot": slot}, "access/")
    _answer(tenant, "access", {"access": "Call me on the way; the dog is friendly."}, "check/")


def _send(tenant, django_capture_on_commit_callbacks):
    check = tenant.get(URL + "check/")
    assert check.status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        sent = tenant.post(URL + "check/", {"version": version_on(check)})
    assert sent.status_code == 302, sent.content.decode()[:3000]
    worker.outbox_sweep()  # what a worker does (at once here without Redis)
    return Case.objects.get(reference=sent["Location"].rstrip("/").split("/")[-1]), sent


def test_a_dripping_kitchen_tap_with_a_photo_books_a_morning_and_reaches_the_contractor(
    tenant, housing, django_capture_on_commit_callbacks
):
    _dripping_tap_up_to_check(tenant)
    check = tenant.get(URL + "check/").content.decode()
    assert "Routine: within 20 working days" in check
    assert "Plumber" in check
    assert "Tuesday 8 December 2026, morning" in check

    case, sent = _send(tenant, django_capture_on_commit_callbacks)

    confirmation = tenant.get(sent["Location"]).content.decode()
    assert "Repair reported" in confirmation
    assert "Tuesday 8 December 2026" in confirmation
    job = next(iter(housing.repairs.values()))
    assert job["portal_reference"] == case.reference
    assert job["tenancy_reference"] == SAMS_TENANCY
    assert (job["priority"], job["trade"]) == ("routine", "plumbing")
    assert job["appointment"] == {"date": "2026-12-08", "period": "am"}
    assert len(job["photos"]) == 1, "the photo travels as a signed link"
    case.refresh_from_db()
    assert case.status == Status.RECEIVED
    assert case.external_reference == job["reference"]
    assert case.attachments.count() == 1


@pytest.mark.parametrize(
    ("steps", "number"),
    [
        ([("", {"area": "kitchen"}), ("what", {"problem": "gas"})], "0800 111 999"),
        (
            [
                ("", {"area": "bathroom"}),
                ("what", {"problem": "leak"}),
                ("leak", {"leak": "flooding"}),
            ],
            "0300 123 4999",
        ),
        (
            [
                ("", {"area": "rooms"}),
                ("what", {"problem": "heating"}),
                ("heating", {"heating": "none", "vulnerable": "yes"}),
            ],
            "0300 123 4999",
        ),
        (
            [
                ("", {"area": "hall"}),
                ("what", {"problem": "electrics"}),
                ("electrics", {"electrics": "danger"}),
            ],
            "0300 123 4999",
        ),
    ],
    ids=["gas", "flooding", "no-heating-winter-vulnerable", "unsafe-electrics"],
)
def test_an_emergency_stops_the_form_with_the_number_and_sends_nothing(
    tenant, housing, steps, number
):
    *before, (last, data) = steps
    for step, answers in before:
        tenant.post(URL + (f"{step}/" if step else ""), answers)

    response = tenant.post(URL + (f"{last}/" if last else ""), data)

    assert response.status_code == 302
    assert response["Location"] == URL + "outcome/"
    page = tenant.get(URL + "outcome/").content.decode()
    assert number in page
    assert "phone" in page.lower()
    assert tenant.get(URL + "check/")["Location"] == URL + "outcome/"
    assert not Case.objects.exists()
    assert housing.repairs == {}


def test_a_tenant_who_has_not_linked_a_tenancy_is_told_to_link_it_first(
    citizen, housing, sams_home
):
    page = signed_in(citizen).get(URL)

    assert page.status_code == 200
    outcome = page.content.decode()
    assert "Link your tenancy first" in outcome
    assert "Where is the problem?" not in outcome
    assert reverse("housing:link") in outcome


def test_a_shared_area_asks_no_appointment_and_any_tenant_of_the_block_may_report_it(
    tenant, housing, django_capture_on_commit_callbacks
):
    _answer(tenant, "", {"area": "communal"}, "what/")
    _answer(tenant, "what", {"problem": "electrics"}, "electrics/")
    _answer(tenant, "electrics", {"electrics": "one_thing"}, "details/")
    _answer(tenant, "details", {"description": "The stairwell light is out."}, "access/")
    _answer(tenant, "access", {"access": "Second floor landing."}, "check/")

    case, _sent = _send(tenant, django_capture_on_commit_callbacks)

    job = next(iter(housing.repairs.values()))
    assert job["communal"] is True
    assert job["appointment"] is None
    assert case.appointment_on is None


def test_while_the_housing_system_is_down_a_repair_waits_and_is_delivered_later(
    tenant, housing, django_capture_on_commit_callbacks
):
    _dripping_tap_up_to_check(tenant)
    housing.down = True

    case, _sent = _send(tenant, django_capture_on_commit_callbacks)

    case.refresh_from_db()
    assert case.status == Status.SENDING, "kept, not lost, not failed"
    message = Message.objects.get(lock_key=f"case:{case.pk}")
    assert message.state == Message.State.PENDING
    assert housing.repairs == {}

    housing.down = False
    Message.objects.filter(pk=message.pk).update(next_attempt_at=project_clock.now())  # time passes
    worker.outbox_sweep()

    case.refresh_from_db()
    assert case.status == Status.RECEIVED
    assert len(housing.repairs) == 1


def test_moving_the_appointment_tells_the_contractor(
    tenant, housing, django_capture_on_commit_callbacks
):
    _dripping_tap_up_to_check(tenant)
    case, _sent = _send(tenant, django_capture_on_commit_callbacks)

    with django_capture_on_commit_callbacks(execute=True):
        moved = tenant.post(f"/requests/{case.reference}/appointment/", {"slot": "2026-12-09-pm"})
    worker.outbox_sweep()

    assert moved.status_code == 302
    job = next(iter(housing.repairs.values()))
    assert job["appointment"] == {"date": "2026-12-09", "period": "pm"}

    with django_capture_on_commit_callbacks(execute=True):
        tenant.post(f"/requests/{case.reference}/appointment/cancel/")
    worker.outbox_sweep()

    assert job["appointment"] is None
    assert job["status"] == "cancelled"


def test_completion_flows_back_and_the_tenant_is_asked_was_it_fixed(
    tenant, housing, django_capture_on_commit_callbacks
):
    _dripping_tap_up_to_check(tenant)
    case, _sent = _send(tenant, django_capture_on_commit_callbacks)
    job = next(iter(housing.repairs))
    housing.complete(job, "New washer fitted to the cold tap.")

    polling.back_office_poll_all()

    case.refresh_from_db()
    assert case.status == Status.RESOLVED
    account = signed_in(case.resident, verified=True).get(reverse("housing:account"))
    assert "Was it fixed? Tell us" in account.content.decode()
    feedback = reverse("housing:repair_feedback", kwargs={"reference": case.reference})
    assert "Was it fixed?" in tenant.get(feedback).content.decode()

    refused = tenant.post(feedback, {"fixed": "yes"})
    assert refused.status_code == 400
    assert "Select how satisfied you are with the repair" in refused.content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        done = tenant.post(feedback, {"fixed": "no", "rating": "2", "comment": "Still drips."})

    assert done.status_code == 302
    case.refresh_from_db()
    assert case.rating == 2
    assert case.status == Status.IN_PROGRESS, "not fixed: reopened"


def test_not_fixed_raises_a_follow_on_job_linked_to_the_first_and_the_tenant_sees_it(
    tenant, housing, django_capture_on_commit_callbacks
):
    _dripping_tap_up_to_check(tenant)
    case, _sent = _send(tenant, django_capture_on_commit_callbacks)
    first = next(iter(housing.repairs))
    housing.complete(first, "New washer fitted to the cold tap.")
    polling.back_office_poll_all()
    feedback = reverse("housing:repair_feedback", kwargs={"reference": case.reference})
    housing.down = True  # the follow-on waits in the outbox, never lost

    with django_capture_on_commit_callbacks(execute=True):
        done = tenant.post(feedback, {"fixed": "no", "rating": "2", "comment": "Still drips."})
    worker.outbox_sweep()

    page = tenant.get(done["Location"]).content.decode()
    assert "We have reopened your repair and asked the contractor to come back" in page
    assert len(housing.repairs) == 1
    message = Message.objects.get(kind="housing.follow_on")
    assert message.state == Message.State.PENDING

    housing.down = False
    Message.objects.filter(pk=message.pk).update(next_attempt_at=project_clock.now())  # time passes
    worker.outbox_sweep()
    worker.outbox_sweep()  # a second sweep sends nothing twice

    assert len(housing.repairs) == 2
    follow_on = housing.repairs["RJ-000002"]
    assert follow_on["follow_on_of"] == first
    assert follow_on["portal_reference"] == case.reference
    assert follow_on["reason"] == "Still drips."
    assert (follow_on["trade"], follow_on["tenancy_reference"]) == ("plumbing", SAMS_TENANCY)
    case.refresh_from_db()
    assert case.status == Status.IN_PROGRESS
    assert case.external_reference == "RJ-000002"
    seen = tenant.get(reverse("casework:detail", kwargs={"reference": case.reference}))
    assert f"new repair job RJ-000002, following job {first}" in seen.content.decode()

    housing.complete("RJ-000002", "Tap replaced.")  # the follow-on's completion flows back
    polling.back_office_poll_all()
    case.refresh_from_db()
    assert case.status == Status.RESOLVED


def test_another_tenant_cannot_see_or_answer_for_someone_elses_repair(
    tenant, housing, another_citizen, django_capture_on_commit_callbacks
):
    _dripping_tap_up_to_check(tenant)
    case, _sent = _send(tenant, django_capture_on_commit_callbacks)
    other = signed_in(another_citizen, verified=True)
    feedback = reverse("housing:repair_feedback", kwargs={"reference": case.reference})

    assert other.get(feedback).status_code == 404
    assert other.post(feedback, {"fixed": "yes", "rating": "5"}).status_code == 404
    assert case.reference not in other.get(reverse("housing:account")).content.decode()


def test_no_heating_without_anyone_vulnerable_is_urgent_for_a_heating_engineer(
    tenant, housing, django_capture_on_commit_callbacks
):
    _answer(tenant, "", {"area": "rooms"}, "what/")
    _answer(tenant, "what", {"problem": "heating"}, "heating/")
    _answer(tenant, "heating", {"heating": "no_heating", "vulnerable": "no"}, "details/")
    _answer(tenant, "details", {"description": "The boiler shows F28."}, "appointment/")
    diary = tenant.get(URL + "appointment/").content.decode()
    assert "Thursday 10 December 2026" in diary, "within 3 working days"
    assert "Friday 11 December 2026" not in diary, "later than an urgent repair may wait"
    _answer(tenant, "appointment", {"slot": "2026-12-09-am"}, "access/")
    _answer(tenant, "access", {"access": "Any time."}, "check/")

    case, sent = _send(tenant, django_capture_on_commit_callbacks)

    confirmation = tenant.get(sent["Location"]).content.decode()
    assert "Urgent: within 3 working days" in confirmation
    assert "Heating engineer" in confirmation
    job = next(iter(housing.repairs.values()))
    assert (job["priority"], job["trade"], job["due_by"]) == ("urgent", "heating", "2026-12-10")


def test_the_repairs_diary_follows_the_contractors_availability(tenant, housing):
    from casework.bookings.models import Slot
    from services.housing.actions import repairs_diary_sync

    housing.taken[("plumbing", "2026-12-08", "am")] = 2  # booked up by phone

    assert repairs_diary_sync() > 0

    diary = {
        (slot.date.isoformat(), slot.period): slot.capacity - slot.booked
        for slot in Slot.objects.filter(area="trade-plumbing")
    }
    assert diary[("2026-12-08", "am")] == 0
    assert diary[("2026-12-08", "pm")] == 2
    _answer(tenant, "", {"area": "kitchen"}, "what/")
    _answer(tenant, "what", {"problem": "leak"}, "leak/")
    _answer(tenant, "leak", {"leak": "dripping"}, "details/")
    _answer(tenant, "details", {"description": "Drips."}, "appointment/")
    page = tenant.get(URL + "appointment/").content.decode()
    assert 'value="2026-12-08-am"' not in page
    assert 'value="2026-12-08-pm"' in page


def test_the_diary_is_left_as_it_was_while_the_housing_system_is_down(tenant, housing):
    from casework.bookings.models import Slot
    from services.housing.actions import repairs_diary_sync

    housing.down = True

    assert repairs_diary_sync() == 0
    assert not Slot.objects.exists()


def test_a_booking_the_contractor_knows_of_is_counted_once(
    tenant, housing, django_capture_on_commit_callbacks
):
    from casework.bookings.models import Slot
    from services.housing.actions import repairs_diary_sync

    _dripping_tap_up_to_check(tenant, slot="2026-12-08-pm")
    _send(tenant, django_capture_on_commit_callbacks)

    repairs_diary_sync()

    slot = Slot.objects.get(area="trade-plumbing", date="2026-12-08", period="pm")
    assert (slot.booked, slot.capacity) == (1, 2), "one of the contractor's two is ours"

"""The contact centre changes or cancels a caller's bulky waste booking while assisting them:
the caller's booking (not the agent's, who has none), each change recorded as the agent's
for the caller, by phone."""

import pytest

from casework.models import Case, CaseEvent
from casework.workflow import Status
from services.waste.models import BulkyBooking, BulkySlot
from services.waste.selectors import bulky as selectors
from tests.factories import AddressFactory, WardFactory
from tests.services.waste.bulky_factories import (
    bulky_booking,
    bulky_items,
    bulky_policy,
    bulky_slots,
)
from tests.services.waste.test_bulky import THURSDAY, TODAY, _url

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def clock(clock):
    clock.set(TODAY)


@pytest.fixture
def items(db):
    return bulky_items()


@pytest.fixture
def resident(citizen):
    ward = WardFactory(name="Millbrook Central")
    citizen.address = AddressFactory(line1="1 Mill Lane", postcode="MB1 1AA", ward=ward)
    citizen.save()
    return citizen


@pytest.fixture
def slots(resident, items):
    bulky_policy()
    slots = bulky_slots(resident.address.ward, on=TODAY, count=10, capacity=8)
    return {slot.date: slot for slot in slots}


@pytest.fixture
def assisting(verified_agent_client, resident):
    verified_agent_client.post(
        f"/staff/assisting/{resident.pk}/start/", {"channel": "phone", "reason": "Called"}
    )
    return verified_agent_client


def _by_agent_for(event, agent, resident):
    return (event.actor, event.acting_for, event.channel) == (agent, resident, "phone")


def test_an_agent_cancels_the_callers_booking_for_them(assisting, agent, resident, slots):
    booking = bulky_booking(resident, slot=slots[THURSDAY], on=TODAY)
    reference = booking.case.reference

    asked = assisting.get(_url("cancel", reference=reference))
    cancelled = assisting.post(_url("cancel", reference=reference))

    assert asked.status_code == 200
    assert cancelled.status_code == 302
    assert cancelled["Location"] == selectors.booking_url(booking)
    booking.refresh_from_db()
    assert booking.state == BulkyBooking.State.CANCELLED
    assert BulkySlot.objects.get(pk=slots[THURSDAY].pk).booked == 0
    case = Case.objects.get(pk=booking.case_id)
    assert case.status == Status.WITHDRAWN
    assert _by_agent_for(case.events.filter(kind="status").last(), agent, resident)


def test_an_agent_moves_the_callers_collection_to_another_day(assisting, agent, resident, slots):
    booking = bulky_booking(resident, slot=slots[THURSDAY], on=TODAY)
    later = max(slots)

    assert assisting.get(_url("change_day", reference=booking.case.reference)).status_code == 200
    moved = assisting.post(
        _url("change_day", reference=booking.case.reference), {"slot": slots[later].pk}
    )

    assert moved.status_code == 302
    booking.refresh_from_db()
    assert booking.slot_id == slots[later].pk
    note = booking.case.events.filter(kind=CaseEvent.Kind.NOTE).last()
    assert "Collection moved" in note.message
    assert _by_agent_for(note, agent, resident)


def test_an_agent_changes_the_callers_items(assisting, agent, resident, slots, items):
    booking = bulky_booking(
        resident, slot=slots[THURSDAY], quantities={"Sofa": 1, "Mattress": 2}, on=TODAY
    )
    url = _url("change_items", reference=booking.case.reference)

    assert assisting.get(url).status_code == 200
    changed = assisting.post(url, {f"item_{items['Sofa'].pk}": "1"})

    assert changed.status_code == 302
    booking.refresh_from_db()
    assert selectors.booking_quote(booking).quantities() == {items["Sofa"].pk: 1}
    note = booking.case.events.filter(kind=CaseEvent.Kind.NOTE).last()
    assert _by_agent_for(note, agent, resident)
    assert not BulkyBooking.objects.filter(case__resident__is_staff=True).exists()


def test_an_agent_helping_someone_else_still_gets_a_404(
    verified_agent_client, resident, another_citizen, slots
):
    booking = bulky_booking(resident, slot=slots[THURSDAY], on=TODAY)
    verified_agent_client.post(
        f"/staff/assisting/{another_citizen.pk}/start/", {"channel": "phone", "reason": "Called"}
    )

    for name in ("cancel", "change_day", "change_items"):
        url = _url(name, reference=booking.case.reference)
        assert verified_agent_client.post(url).status_code == 404
    booking.refresh_from_db()
    assert booking.state == BulkyBooking.State.BOOKED

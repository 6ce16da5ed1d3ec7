"""Business rates changes, each a journey on the engine: apply for small business rate relief
(the rateable value shown, other property asked about, an honest "what happens next") and
tell us the business has moved out. Each makes a case; the change goes to the revenues
system through the outbox, which accepts, refuses or queues it as it does council tax's."""

import pytest
from django.urls import reverse
from django.utils import timezone

from casework.models import Case, CaseEvent
from casework.request_types import request_types_sync
from casework.workflow import Status
from core import clock as project_clock
from integrations.outbox.models import Message
from integrations.outbox.worker import message_deliver
from linking.models import ServiceLink
from services.businessrates.apps import SLUG
from tests.conftest import signed_in
from tests.services.businessrates.conftest import NUMBER, TODAY, bakery
from tests.services.counciltax.conftest import deliver_to_revenues

pytestmark = pytest.mark.django_db


@pytest.fixture
def client(jo, revenues):
    request_types_sync()
    revenues.change_answer = "rules"
    revenues.add(bakery(small_business=False))  # no relief yet
    ServiceLink.objects.create(user=jo, service=SLUG, account_ref=NUMBER, linked_at=timezone.now())
    return signed_in(jo, verified=True)


def url(name, **kwargs):
    return reverse(f"businessrates:{name}", kwargs=kwargs)


def step(prefix, name):
    return url(f"{prefix}_step", step_name=name)


def date(field, day):
    return {f"{field}_day": day.day, f"{field}_month": day.month, f"{field}_year": day.year}


def send(client, prefix, django_capture_on_commit_callbacks):
    check = url(f"{prefix}_check")
    page = client.get(check)
    assert page.status_code == 200
    version = page.context["form"]["version"].value()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(check, {"version": version})
    assert response.status_code == 302
    deliver_to_revenues()
    case = Case.objects.latest("pk")
    case.refresh_from_db()
    return case, response


def timeline(case) -> str:
    return " ".join(e.message for e in CaseEvent.objects.filter(case=case).order_by("pk"))


def test_the_account_page_offers_both_changes(client):
    text = client.get(url("account")).content.decode()
    assert url("relief") in text
    assert url("moving_out") in text


def test_relief_shows_the_rateable_value_and_is_made_at_once_for_a_single_property(
    client, revenues, django_capture_on_commit_callbacks
):
    first = client.get(url("relief")).content.decode()
    assert "rateable value of £14,500" in first
    assert client.post(url("relief"), {"other_property": "no"})["Location"] == url("relief_check")

    case, response = send(client, "relief", django_capture_on_commit_callbacks)

    (change,) = revenues.changes.values()
    assert change["kind"] == "small_business_rate_relief"
    assert change["account"] == NUMBER
    assert change["details"]["rateable_value_pence"] == 14_500_00
    assert change["details"]["other_property"] is False
    assert change["details"]["portal_reference"] == case.reference
    assert case.status == Status.RESOLVED
    assert case.answers["rateable_value"] == "£14,500"
    confirmation = client.get(response["Location"]).content.decode()
    assert "check every application" in confirmation
    assert "each other property" not in confirmation


def test_relief_with_other_property_is_queued_and_says_what_decides_it(
    client, revenues, django_capture_on_commit_callbacks
):
    client.post(url("relief"), {"other_property": "yes"})
    for data, error in (
        ({"other_properties": "", "other_rateable_value": ""}, "Enter the address of each"),
        ({"other_properties": "Unit 2", "other_rateable_value": "lots"}, "in pounds, like 2800"),
    ):
        response = client.post(step("relief", "others"), data)
        assert response.status_code == 400
        assert error in response.content.decode()
    client.post(
        step("relief", "others"),
        {"other_properties": "Unit 2, Mill Yard, MB1 3AA", "other_rateable_value": "2,400"},
    )

    case, response = send(client, "relief", django_capture_on_commit_callbacks)

    (change,) = revenues.changes.values()
    assert change["details"]["other_rateable_value_pence"] == 2_400_00
    assert case.status == Status.IN_PROGRESS  # an officer checks the other property
    assert "business rates team will look at it" in timeline(case)
    confirmation = client.get(response["Location"]).content.decode()
    assert "each other property" in confirmation
    assert "under £2,900" in confirmation


def test_relief_already_given_or_a_value_too_high_is_an_answer_not_a_form(client, revenues):
    revenues.add(bakery())  # the bill has the relief
    page = client.get(url("relief")).content.decode()
    assert "You already get small business rate relief" in page
    assert 'name="other_property"' not in page

    revenues.add(
        {**bakery(small_business=False), "rateable_value_pence": 18_000_00},
    )
    from django.core.cache import cache

    cache.clear()
    page = client.get(url("relief")).content.decode()
    assert "too high for this relief" in page
    assert "£18,000" in page


def test_moving_out_sends_the_date_forwarding_address_and_new_occupier(
    client, revenues, django_capture_on_commit_callbacks
):
    response = client.post(url("moving_out"), date("moved_out_on", TODAY.replace(year=2028)))
    assert response.status_code == 400
    assert "within 90 days" in response.content.decode()
    client.post(url("moving_out"), date("moved_out_on", TODAY))
    response = client.post(step("moving_out", "forwarding"), {"forwarding_line1": ""})
    assert "Enter the first line of your new address" in response.content.decode()
    client.post(
        step("moving_out", "forwarding"),
        {
            "forwarding_line1": "5 Quay Street",
            "forwarding_town": "Bristol",
            "forwarding_postcode": "bs1 4dj",
        },
    )
    client.post(step("moving_out", "occupier"), {"occupier_known": "yes"})
    client.post(
        step("moving_out", "new_occupier"),
        {"new_occupier": "Crumbs Cafe Ltd", "new_occupier_contact": "07700 900456"},
    )

    case, response = send(client, "moving_out", django_capture_on_commit_callbacks)

    (change,) = revenues.changes.values()
    assert change["kind"] == "business_rates_vacated"
    assert change["details"]["moved_out_on"] == TODAY.isoformat()
    assert change["details"]["forwarding_address"] == {
        "lines": ["5 Quay Street", "Bristol"],
        "postcode": "BS1 4DJ",
    }
    assert change["details"]["new_occupier"]["name"] == "Crumbs Cafe Ltd"
    assert case.status == Status.IN_PROGRESS  # an officer ends the liability
    assert case.answers["forwarding_address"] == "5 Quay Street, Bristol, BS1 4DJ"
    assert "final bill" in client.get(response["Location"]).content.decode()


def test_moving_out_without_knowing_the_new_occupier_skips_the_question(
    client, revenues, django_capture_on_commit_callbacks
):
    client.post(url("moving_out"), date("moved_out_on", TODAY))
    client.post(
        step("moving_out", "forwarding"),
        {
            "forwarding_line1": "5 Quay Street",
            "forwarding_town": "Bristol",
            "forwarding_postcode": "BS1 4DJ",
        },
    )
    answered = client.post(step("moving_out", "occupier"), {"occupier_known": "no"})
    assert answered["Location"] == url("moving_out_check")
    case, _response = send(client, "moving_out", django_capture_on_commit_callbacks)
    (change,) = revenues.changes.values()
    assert change["details"]["new_occupier"] is None
    assert case.answers["who_is_taking_over"] == "Not known"


def test_revenues_down_the_change_waits_in_the_outbox_and_is_never_lost(
    client, revenues, django_capture_on_commit_callbacks
):
    client.post(url("relief"), {"other_property": "no"})
    revenues.down = True
    case, _response = send(client, "relief", django_capture_on_commit_callbacks)
    assert case.status == Status.SENDING
    message = Message.objects.get(payload__case_id=case.pk, kind="connector.revenues")
    assert message.state == Message.State.PENDING

    revenues.down = False
    Message.objects.filter(pk=message.pk).update(next_attempt_at=project_clock.now())
    message_deliver(message_id=message.pk)
    case.refresh_from_db()
    assert case.status == Status.RESOLVED


def test_without_a_linked_account_the_journeys_say_to_link_it_first(jo, revenues):
    request_types_sync()
    client = signed_in(jo, verified=True)
    for name in ("relief", "moving_out"):
        text = client.get(url(name)).content.decode()
        assert "Link your business rates account first" in text
        assert url("link") in text


def test_another_business_cannot_see_the_confirmation(
    client, citizen, revenues, django_capture_on_commit_callbacks
):
    client.post(url("relief"), {"other_property": "no"})
    _case, response = send(client, "relief", django_capture_on_commit_callbacks)
    other = signed_in(citizen, verified=True)
    assert other.get(response["Location"]).status_code == 404

"""Linking a council tax account with details from the bill (A6), and unlinking it."""

import pytest
from django.urls import reverse

from linking.actions import service_link_attempt
from linking.models import ServiceLink
from services.counciltax.apps import SLUG
from tests.conftest import signed_in
from tests.services.counciltax.conftest import SAMS_NUMBER, link_details

pytestmark = pytest.mark.django_db
LINK = reverse("counciltax:link")


def test_the_right_details_link_the_account_and_show_it(verified_citizen_client, citizen, revenues):
    response = verified_citizen_client.post(LINK, link_details())

    assert response.status_code == 302
    assert response["Location"] == reverse("counciltax:account")
    link = ServiceLink.objects.get(user=citizen, service=SLUG)
    assert link.account_ref == SAMS_NUMBER
    page = verified_citizen_client.get(response["Location"])
    assert page.status_code == 200
    assert "Your council tax account is linked" in page.content.decode()
    assert revenues.reads == 1, "linking's own read is reused by the account page"


@pytest.mark.parametrize(
    "wrong",
    [
        {"postcode": "MB1 1AB"},
        {"first_instalment": "202.00"},
        {"account_number": "60019999"},
    ],
    ids=["postcode", "instalment", "no-such-account"],
)
def test_a_wrong_detail_is_refused_clearly(verified_citizen_client, citizen, revenues, wrong):
    response = verified_citizen_client.post(LINK, link_details(**wrong))

    assert response.status_code == 400
    text = response.content.decode()
    assert "The details do not match our records" in text
    assert "You have 3 more tries" in text
    assert not ServiceLink.objects.filter(user=citizen).exists()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("account_number", "6001", "8 numbers"),
        ("postcode", "nowhere", "Enter a real postcode"),
        ("first_instalment", "lots", "Enter the amount in pounds and pence"),
        ("first_instalment", "", "Enter the amount of the first instalment"),
    ],
)
def test_bad_input_is_explained_and_never_asks_the_revenues_system(
    verified_citizen_client, revenues, field, value, message
):
    response = verified_citizen_client.post(LINK, link_details(**{field: value}))

    assert response.status_code == 400
    assert message in response.content.decode()
    assert revenues.reads == 0


def test_the_fourth_wrong_try_locks_with_a_way_forward(verified_citizen_client, citizen, revenues):
    for tries_left in (3, 2, 1):
        response = verified_citizen_client.post(LINK, link_details(postcode="MB1 1AB"))
        assert f"You have {tries_left} more tr" in response.content.decode()

    locked = verified_citizen_client.post(LINK, link_details(postcode="MB1 1AB"))

    assert locked.status_code == 429
    text = locked.content.decode()
    assert "You cannot link your council tax account right now" in text
    assert "Call us on" in text
    reads = revenues.reads
    still = verified_citizen_client.post(LINK, link_details())  # even the right details
    assert still.status_code == 429
    assert revenues.reads == reads, "a locked person is answered without asking the system"
    assert not ServiceLink.objects.filter(user=citizen).exists()


def test_the_lock_is_one_persons_only(citizen, another_citizen, revenues):
    thief = signed_in(another_citizen, verified=True)
    for _try in range(4):
        thief.post(LINK, link_details(postcode="MB1 1AB"))

    response = signed_in(citizen, verified=True).post(LINK, link_details())

    assert response.status_code == 302
    assert ServiceLink.objects.filter(user=citizen).exists()


def test_the_revenues_system_down_while_linking_is_a_clear_503_and_no_try_counted(
    verified_citizen_client, revenues
):
    revenues.down = True

    response = verified_citizen_client.post(LINK, link_details(postcode="MB1 1AB"))

    assert response.status_code == 503
    assert "We cannot show your council tax account right now" in response.content.decode()
    revenues.down = False
    again = verified_citizen_client.post(LINK, link_details(postcode="MB1 1AB"))
    assert "You have 3 more tries" in again.content.decode()


def test_unlinking_removes_the_link_only_for_that_person(
    verified_citizen_client, citizen, another_citizen, revenues
):
    verified_citizen_client.post(LINK, link_details())
    service_link_attempt(user=another_citizen, service=SLUG, account_ref="60010002", proven=True)

    asked = verified_citizen_client.get(reverse("counciltax:unlink"))
    assert SAMS_NUMBER in asked.content.decode()
    response = verified_citizen_client.post(reverse("counciltax:unlink"))

    assert response.status_code == 302
    assert not ServiceLink.objects.filter(user=citizen).exists()
    assert ServiceLink.objects.filter(user=another_citizen).exists()
    page = verified_citizen_client.get(reverse("counciltax:account"))
    assert "Link your account" in page.content.decode()


def test_linking_needs_the_second_factor(citizen_client, revenues):
    response = citizen_client.post(LINK, link_details())

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:verify"))
    assert not ServiceLink.objects.exists()

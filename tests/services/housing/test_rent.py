"""Linking a council tenancy with proof, and the rent account it shows (tier 2)."""

import pytest
from django.urls import reverse

from linking.models import ServiceLink
from services.housing.apps import SLUG
from tests.conftest import signed_in
from tests.services.housing.conftest import SAMS_TENANCY, link_details

pytestmark = pytest.mark.django_db
LINK = reverse("housing:link")
ACCOUNT = reverse("housing:account")


def test_the_right_details_link_the_tenancy_and_show_the_rent(
    verified_citizen_client, citizen, housing
):
    response = verified_citizen_client.post(LINK, link_details())

    assert response.status_code == 302
    assert response["Location"] == ACCOUNT
    assert ServiceLink.objects.get(user=citizen, service=SLUG).account_ref == SAMS_TENANCY
    page = verified_citizen_client.get(ACCOUNT).content.decode()
    assert "Your tenancy is linked" in page
    assert "You owe £209" in page, "two weeks of £104.50 not paid"
    assert "You are behind with your rent" in page
    assert "Ask to pay what you owe in instalments" in page
    assert "Monday 14 December 2026" in page, "rent is due next Monday"
    assert housing.reads == 1, "linking's own read is reused by the rent page"
    home = verified_citizen_client.get(reverse("account_home")).content.decode()
    assert f"Your tenancy {SAMS_TENANCY} is linked" in home


@pytest.mark.parametrize(
    "wrong",
    [{"postcode": "MB1 1AB"}, {"weekly_rent": "100.00"}, {"reference": "HT-999999"}],
    ids=["postcode", "rent", "no-such-tenancy"],
)
def test_a_wrong_detail_is_refused_clearly(verified_citizen_client, citizen, housing, wrong):
    response = verified_citizen_client.post(LINK, link_details(**wrong))

    assert response.status_code == 400
    text = response.content.decode()
    assert "The details do not match our records" in text
    assert "You have 3 more tries" in text
    assert not ServiceLink.objects.filter(user=citizen).exists()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("reference", "12", "like HT-100001"),
        ("postcode", "nowhere", "Enter a real postcode"),
        ("weekly_rent", "lots", "Enter the amount in pounds and pence"),
        ("weekly_rent", "", "Enter your weekly rent"),
    ],
)
def test_bad_input_is_explained_and_never_asks_the_housing_system(
    verified_citizen_client, housing, field, value, message
):
    response = verified_citizen_client.post(LINK, link_details(**{field: value}))

    assert response.status_code == 400
    assert message in response.content.decode()
    assert "govuk-error-summary" in response.content.decode()
    assert housing.reads == 0


def test_a_tenant_with_credit_and_housing_costs_reads_it_plainly(
    verified_citizen_client, citizen, housing, linked
):
    from tests.services.housing.conftest import sams_tenancy

    housing.add(
        sams_tenancy(housing_costs_weekly_pence=6_000, housing_costs_source="universal_credit")
    )
    housing.tenancies[SAMS_TENANCY]["rent_account"]["balance_pence"] = -1_250

    page = verified_citizen_client.get(ACCOUNT).content.decode()

    assert "£12.50 in credit" in page
    assert "Your housing costs pay £60 of it: you pay £44.50 a week" in page
    assert "Universal Credit housing costs" in page
    assert "You are behind" not in page


def test_the_housing_system_down_shows_cannot_show_right_now(
    verified_citizen_client, housing, linked
):
    housing.down = True

    response = verified_citizen_client.get(ACCOUNT)

    assert response.status_code == 503
    page = response.content.decode()
    assert "We cannot show your rent account right now" in page
    assert "You can still report a repair" in page


def test_the_housing_system_turned_off_or_unreachable_is_never_a_500(
    verified_citizen_client, housing, linked, office, settings
):
    settings.HOUSING_URL = ""
    assert verified_citizen_client.get(ACCOUNT).status_code == 503
    settings.HOUSING_URL = office.url
    office.stop()  # connection refused
    assert verified_citizen_client.get(ACCOUNT).status_code == 503


def test_a_link_try_while_the_housing_system_is_down_is_not_counted(
    verified_citizen_client, citizen, housing
):
    from linking.models import LinkAttempts

    housing.down = True

    response = verified_citizen_client.post(LINK, link_details(weekly_rent="1.00"))

    assert response.status_code == 503
    assert not LinkAttempts.objects.filter(user=citizen, failures__gt=0).exists()


def test_another_tenant_sees_only_their_own_link_page(another_citizen, housing, linked):
    other = signed_in(another_citizen, verified=True)

    page = other.get(ACCOUNT).content.decode()

    assert "Link your tenancy" in page
    assert SAMS_TENANCY not in page
    assert "£209" not in page


def test_the_rent_page_asks_for_the_second_factor(citizen_client, housing, linked):
    from accounts.access import step_up_url

    response = citizen_client.get(ACCOUNT)

    assert response.status_code == 302
    assert response["Location"] == step_up_url(ACCOUNT)


def test_unlinking_forgets_the_tenancy_here_only(verified_citizen_client, citizen, housing, linked):
    response = verified_citizen_client.post(reverse("housing:unlink"))

    assert response.status_code == 302
    assert not ServiceLink.objects.filter(user=citizen, service=SLUG).exists()
    assert SAMS_TENANCY in housing.tenancies

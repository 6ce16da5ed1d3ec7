"""Business rates: a business account's own service, the same shape as
council tax: linked with details from the bill, then the rateable value, reliefs, bill,
instalments and payments, behind the second factor."""

import pytest
from django.urls import reverse
from django.utils import timezone

from integrations.simulated_backoffice.revenues import (
    small_business_relief,
)
from linking.models import ServiceLink
from services.businessrates.apps import SLUG
from tests.conftest import signed_in
from tests.services.businessrates.conftest import NUMBER, bakery
from tests.services.counciltax.conftest import SAMS_NUMBER

pytestmark = pytest.mark.django_db
ACCOUNT = reverse("businessrates:account")
LINK = reverse("businessrates:link")


def first_instalment() -> str:
    pence = bakery()["bills"][0]["instalments"][0]["amount_pence"]
    return f"{pence // 100}.{pence % 100:02d}"


def test_small_business_rate_relief_is_whole_then_tapers_to_nothing():
    assert small_business_relief(12_000_00, 5_000_00) == 5_000_00
    assert small_business_relief(13_500_00, 6_000_00) == 3_000_00
    assert small_business_relief(15_000_00, 7_000_00) == 0


def test_a_business_links_its_rates_account_and_sees_value_reliefs_and_instalments(jo, revenues):
    client = signed_in(jo, verified=True)

    response = client.post(
        LINK,
        {"account_number": NUMBER, "postcode": "mb1 2aa", "first_instalment": first_instalment()},
    )
    assert response["Location"] == ACCOUNT
    text = client.get(ACCOUNT).content.decode()

    assert "£14,500" in text  # the rateable value
    assert "Small business rate relief" in text
    assert text.count("govuk-tag--green") == 9  # April to December paid
    assert "Millbrook Bakery" in text


def test_a_wrong_detail_is_refused_and_counted(jo, revenues):
    response = signed_in(jo, verified=True).post(
        LINK, {"account_number": NUMBER, "postcode": "MB1 2AA", "first_instalment": "1.00"}
    )

    assert response.status_code == 400
    assert "You have 3 more tries" in response.content.decode()


def test_a_council_tax_account_cannot_be_linked_as_business_rates_nor_the_other_way(
    jo, citizen, revenues
):
    wrong = signed_in(jo, verified=True).post(
        LINK, {"account_number": SAMS_NUMBER, "postcode": "MB1 1AA", "first_instalment": "208.66"}
    )
    assert wrong.status_code == 400

    from services.counciltax import actions

    result = actions.council_tax_link(
        user=citizen,
        account_number=NUMBER,
        postcode="MB1 2AA",
        first_instalment_pence=bakery()["bills"][0]["instalments"][0]["amount_pence"],
    )
    assert not result.linked


def test_the_revenues_system_down_is_a_clear_503(jo, revenues):
    ServiceLink.objects.create(user=jo, service=SLUG, account_ref=NUMBER, linked_at=timezone.now())
    revenues.down = True

    response = signed_in(jo, verified=True).get(ACCOUNT)

    assert response.status_code == 503
    assert "We cannot show your business rates account right now" in response.content.decode()


def test_another_person_sees_only_the_link_page_and_the_home_panel_is_for_businesses(
    jo, citizen, revenues
):
    ServiceLink.objects.create(user=jo, service=SLUG, account_ref=NUMBER, linked_at=timezone.now())

    other = signed_in(citizen, verified=True).get(ACCOUNT).content.decode()
    assert "£14,500" not in other
    assert "link your business rates account" in other.lower()
    assert "Business rates" not in signed_in(citizen).get(reverse("account_home")).content.decode()
    home = signed_in(jo).get(reverse("account_home")).content.decode()
    assert f"Your business rates account {NUMBER} is linked" in home

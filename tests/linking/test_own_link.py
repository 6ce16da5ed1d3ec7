"""The resident's own "link your account" page, one for every service (``linking.views``):
an account someone else has already linked to their online account is refused, however
right the details, with what to do instead; the refusal is logged and is not a wrong try."""

import logging

import pytest
from django.urls import reverse

from integrations.simulated_backoffice import BackOffice, start
from integrations.simulated_backoffice.revenues import landlord_document
from linking.actions import service_link_attempt
from linking.models import LinkAttempts, ServiceLink
from linking.registry import linkables
from services.counciltax.models import LinkPin
from services.landlords.demo import LANDLORD_POSTCODE, LANDLORD_REFERENCE, TENANTS
from tests.services.businessrates.conftest import bakery
from tests.services.counciltax.conftest import SAMS_NUMBER, TODAY, link_details, sams_account
from tests.services.housing.conftest import SAMS_TENANCY, sams_tenancy

pytestmark = pytest.mark.django_db


def _bakery_details():
    first = bakery()["bills"][0]["instalments"][0]["amount_pence"]
    return {
        "account_number": "70010001",
        "postcode": "mb1 2aa",
        "first_instalment": f"{first // 100}.{first % 100:02d}",
    }


# Each service's page, the right details from its bill or letter, and its own words.
SERVICES = {
    "council-tax": ("counciltax:link", link_details, "This council tax account is already"),
    "business-rates": ("businessrates:link", _bakery_details, "This business rates account is"),
    "housing": (
        "housing:link",
        lambda: {"reference": SAMS_TENANCY, "postcode": "mb1 1aa", "weekly_rent": "104.50"},
        "This tenancy is already linked",
    ),
    "hb-landlord": (
        "landlords:link",
        lambda: {"reference": "ll500001", "postcode": "mb1 9hm", "last_payment": "355.00"},
        "This landlord record is already linked",
    ),
}
REFERENCES = {
    "council-tax": SAMS_NUMBER,
    "business-rates": "70010001",
    "housing": SAMS_TENANCY,
    "hb-landlord": LANDLORD_REFERENCE,
}


@pytest.fixture
def back_office(clock, settings):
    """Sam's council tax account and tenancy, the bakery's business rates and Millbrook
    Homes' landlord record, in the simulated revenues and housing systems."""
    running = start(BackOffice(secret="back-office-shared-secret-0123456789", seed=7))
    settings.REVENUES_URL = settings.HOUSING_URL = running.url
    settings.REVENUES_TIMEOUT = settings.HOUSING_TIMEOUT = 1.0
    settings.REVENUES_API_KEY = settings.HOUSING_API_KEY = ""
    clock.set(TODAY)
    running.office.revenues.add(sams_account())
    running.office.revenues.add(bakery())
    running.office.revenues.add_landlord(
        landlord_document(
            reference=LANDLORD_REFERENCE,
            name="Millbrook Homes",
            address="12 Market Square, Millbrook",
            postcode=LANDLORD_POSTCODE,
            tenants=TENANTS,
            today=TODAY,
        )
    )
    running.office.housing.today = TODAY
    running.office.housing.add(sams_tenancy())
    yield running
    running.stop()


def test_every_service_with_its_own_link_page_is_tried_here():
    assert {one.slug for one in linkables.values() if one.own} == set(SERVICES)


@pytest.mark.parametrize("service", SERVICES)
def test_the_right_details_link_the_account_to_the_person(
    verified_citizen_client, citizen, back_office, service
):
    url_name, details, _words = SERVICES[service]

    linked = verified_citizen_client.post(reverse(url_name), details())

    assert linked.status_code == 302
    assert (
        ServiceLink.objects.get(user=citizen, service=service).account_ref == (REFERENCES[service])
    )


@pytest.mark.parametrize("service", SERVICES)
def test_an_account_someone_else_has_linked_is_refused_with_what_to_do_instead(
    verified_citizen_client, citizen, another_citizen, back_office, settings, caplog, service
):
    url_name, details, words = SERVICES[service]
    holder = service_link_attempt(
        user=another_citizen, service=service, account_ref=REFERENCES[service], proven=True
    ).link

    with caplog.at_level(logging.WARNING, logger="linking.actions"):
        refused = verified_citizen_client.post(reverse(url_name), details())

    assert refused.status_code == 200, "right details: nothing for the person to correct"
    page = refused.content.decode()
    assert "<title>Error:" in page
    assert "govuk-error-summary" in page
    assert words in page
    assert "already linked to another online account" in page
    assert f"If you think this is wrong, call us on {settings.COUNCIL_CONTACT_PHONE}" in page
    assert not ServiceLink.objects.filter(user=citizen).exists()
    assert ServiceLink.objects.get(service=service).user == another_citizen
    assert not LinkAttempts.objects.filter(user=citizen, failures__gt=0).exists(), "not a wrong try"
    line = next(r.getMessage() for r in caplog.records if "refused" in r.getMessage())
    assert f"user {citizen.pk} proved {service} account {REFERENCES[service]}" in line
    assert f"(link {holder.pk})" in line


def test_a_pin_is_not_posted_for_an_account_someone_else_has_linked(
    verified_citizen_client, citizen, another_citizen, back_office
):
    service_link_attempt(
        user=another_citizen, service="council-tax", account_ref=SAMS_NUMBER, proven=True
    )

    refused = verified_citizen_client.post(
        reverse("counciltax:pin_request"), {"account_number": SAMS_NUMBER, "postcode": "MB1 1AA"}
    )

    assert refused.status_code == 200
    page = refused.content.decode()
    assert "govuk-error-summary" in page
    assert "This council tax account is already linked to another online account" in page
    assert not LinkPin.objects.exists(), "no letter that could not link it"


def test_a_pin_for_an_account_linked_meanwhile_by_someone_else_links_nothing_and_stays_usable(
    verified_citizen_client, citizen, another_citizen, back_office
):
    from documents.models import Document
    from tests.documents.test_documents import the_worker

    verified_citizen_client.post(
        reverse("counciltax:pin_request"), {"account_number": SAMS_NUMBER, "postcode": "MB1 1AA"}
    )
    the_worker()
    pin = Document.objects.get(kind="council-tax-pin-letter").params["pin"]
    service_link_attempt(
        user=another_citizen, service="council-tax", account_ref=SAMS_NUMBER, proven=True
    )

    refused = verified_citizen_client.post(reverse("counciltax:pin_enter"), {"pin": pin})

    assert refused.status_code == 200
    assert "already linked to another online account" in refused.content.decode()
    assert not ServiceLink.objects.filter(user=citizen).exists()
    assert LinkPin.objects.get().used_at is None, "the PIN is not used up"

"""Benefits from the same revenues and benefits system: a resident with
Housing Benefit or Council Tax Support sees the entitlement, the payments (to them or their
landlord) and the next payment date, and reports a change in circumstances as a journey."""

import pytest
from django.urls import reverse
from django.utils import timezone

from casework.models import Case
from casework.request_types import request_types_sync
from casework.workflow import Status
from integrations.simulated_backoffice.revenues import claim_document
from linking.models import ServiceLink
from services.counciltax.apps import SLUG
from tests.conftest import signed_in
from tests.services.counciltax.conftest import (
    SAMS_NUMBER,
    TODAY,
    deliver_to_revenues,
    sams_account,
)

pytestmark = pytest.mark.django_db
BENEFITS = reverse("counciltax:benefits")
REPORT = reverse("counciltax:benefit_change")


def housing_benefit(**extra):
    return claim_document(
        claim_number="HB400001",
        kind="housing_benefit",
        weekly_pence=8_550,
        today=TODAY,
        paid_to="landlord",
        payee="Millbrook Homes",
        **extra,
    )


@pytest.fixture
def client(clock, citizen, revenues, monkeypatch):

    clock.set(TODAY)
    request_types_sync()
    revenues.change_answer = "rules"
    revenues.add(sams_account(claims=[housing_benefit()]))
    ServiceLink.objects.create(
        user=citizen, service=SLUG, account_ref=SAMS_NUMBER, linked_at=timezone.now()
    )
    return signed_in(citizen, verified=True)


def test_the_claim_shows_entitlement_payments_to_the_landlord_and_the_next_payment(client):
    text = client.get(BENEFITS).content.decode()

    assert "Housing Benefit" in text
    assert "£85.50 a week" in text
    assert "Your landlord, Millbrook Homes" in text
    assert "30 November 2026" in text  # the last fortnightly Monday paid
    assert "£171" in text
    assert "14 December 2026" in text  # the next one
    assert "Report a change in circumstances" in text


def test_council_tax_support_is_taken_off_the_bill_and_has_no_payments(client, revenues):
    support = claim_document(
        claim_number="CTS500001", kind="council_tax_support", weekly_pence=1_200, today=TODAY
    )
    revenues.add(sams_account(claims=[support]))

    text = client.get(BENEFITS).content.decode()

    assert "Council Tax Support" in text
    assert "taken off your bill" in text
    assert "Next payment" not in text


def test_without_a_claim_the_page_says_so_and_the_journey_explains(client, revenues):
    revenues.add(sams_account())

    assert "You do not get Housing Benefit" in client.get(BENEFITS).content.decode()
    assert "You do not have a benefit claim with us" in client.get(REPORT).content.decode()


def test_a_change_in_circumstances_goes_to_the_assessors(
    client, revenues, django_capture_on_commit_callbacks
):
    client.post(REPORT, {"what": ["income", "household"]})
    client.post(
        reverse("counciltax:benefit_change_step", kwargs={"step_name": "details"}),
        {
            "changed_on_day": 1,
            "changed_on_month": 12,
            "changed_on_year": 2026,
            "details": "I started a new job at the bakery, 16 hours a week.",
        },
    )
    check = reverse("counciltax:benefit_change_check")
    version = client.get(check).context["form"]["version"].value()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(check, {"version": version})
    deliver_to_revenues()

    case = Case.objects.get(request_type__slug="benefit-change-of-circumstances")
    (change,) = revenues.changes.values()
    assert change["kind"] == "benefit_change"
    assert change["details"]["claims"] == ["HB400001"]
    assert change["details"]["what"] == ["income", "household"]
    assert change["details"]["changed_on"] == "2026-12-01"
    case.refresh_from_db()
    assert case.status == Status.IN_PROGRESS


def test_the_revenues_system_down_is_a_clear_503(client, revenues):
    revenues.down = True

    response = client.get(BENEFITS)

    assert response.status_code == 503


def test_another_resident_sees_only_their_own_not_linked_page(client, another_citizen):
    text = signed_in(another_citizen, verified=True).get(BENEFITS).content.decode()

    assert "HB400001" not in text
    assert "link your council tax account" in text.lower()

"""Paying rent (the journey engine's payment step, reconciled to the housing system through
the outbox), asking for an arrangement, and reporting anti-social behaviour with the care it
needs (never public, never seen by anyone but the reporter and staff)."""

from urllib.parse import urlsplit

import pytest
from django.urls import reverse

from casework.inbound import polling
from casework.models import Case
from casework.public import cases_public
from casework.workflow import Status
from integrations.outbox.worker import outbox_sweep
from tests.conftest import signed_in
from tests.helpers import png
from tests.services.general.conftest import version_on
from tests.services.housing.conftest import SAMS_TENANCY

pytestmark = pytest.mark.django_db
PAY = "/housing/rent/pay/"
ARRANGE = "/housing/rent/arrangement/"
ASB = "/housing/anti-social-behaviour/"


def _card_page(client, next_url: str, choice: str):
    path = urlsplit(next_url).path
    assert client.get(path).status_code == 200
    back = client.post(path, {"choice": choice})
    return client.get(urlsplit(back["Location"]).path, follow=True)


def test_paying_rent_takes_the_card_payment_then_tells_the_housing_system(
    linked, housing, django_capture_on_commit_callbacks
):
    tenant = signed_in(linked, verified=True)
    tenant.get(reverse("housing:account"))  # the rent page read the balance a moment ago

    amount = tenant.get(PAY).content.decode()
    assert 'value="209.00"' in amount, "what is owed is suggested"
    assert tenant.post(PAY, {"amount": "50.00"})["Location"] == PAY + "check/"
    check = tenant.get(PAY + "check/")
    assert "£50" in check.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        to_provider = tenant.post(PAY + "check/", {"version": version_on(check)})

    case = Case.objects.get(request_type__slug="housing-rent-payment")
    assert case.status == Status.AWAITING_PAYMENT
    assert housing.payments == {}, "nothing reaches the housing system before it is paid"

    with django_capture_on_commit_callbacks(execute=True):
        _card_page(tenant, to_provider["Location"], "pay")
    outbox_sweep()  # what a worker does (at once here without Redis)

    payment = next(iter(housing.payments.values()))
    assert payment["amount_pence"] == 5000
    assert payment["portal_reference"] == case.reference
    balance = housing.tenancies[SAMS_TENANCY]["rent_account"]["balance_pence"]
    assert balance == 2 * 10_450 - 5000
    polling.back_office_poll_all()
    case.refresh_from_db()
    assert case.status == Status.RESOLVED, "on the rent account: nothing left to do"


def test_paying_rent_needs_the_second_factor_and_a_linked_tenancy(
    citizen_client, housing, another_citizen
):
    assert citizen_client.get(PAY).status_code == 302
    page = signed_in(another_citizen, verified=True).get(PAY).content.decode()
    assert "Link your tenancy first" in page


@pytest.mark.parametrize(
    ("amount", "message"),
    [("", "Enter how much you want to pay"), ("lots", "pounds and pence"), ("0", "more than £0")],
)
def test_a_bad_amount_is_explained(linked, housing, amount, message):
    response = signed_in(linked, verified=True).post(PAY, {"amount": amount})

    assert response.status_code == 400
    assert message in response.content.decode()


def test_asking_for_an_arrangement_reaches_the_housing_system(
    linked, housing, django_capture_on_commit_callbacks
):
    tenant = signed_in(linked, verified=True)
    assert (
        tenant.post(ARRANGE, {"weekly": "5", "reason": "Lost hours at work"})["Location"]
        == ARRANGE + "check/"
    )
    check = tenant.get(ARRANGE + "check/")
    with django_capture_on_commit_callbacks(execute=True):
        sent = tenant.post(ARRANGE + "check/", {"version": version_on(check)})
    outbox_sweep()

    assert sent.status_code == 302
    arrangement = next(iter(housing.arrangements.values()))
    assert arrangement["weekly_pence"] == 500
    assert arrangement["tenancy"] == SAMS_TENANCY
    assert arrangement["starts_on"] == "2026-12-14"


def _report_asb(client, capture, *, safe="no"):
    client.post(
        ASB,
        {
            "what": "Loud music and shouting from the flat above, by Jo Bloggs.",
            "when": "Every night after 11pm",
            "where": "Mill Court, second floor",
            "ongoing": "yes",
        },
    )
    client.post(ASB + "evidence/", {"who": "Jo Bloggs, flat 5", "files": [png("noise.png")]})
    client.post(ASB + "contact/", {"safe_to_contact": safe, "how": ""})
    check = client.get(ASB + "check/")
    assert check.status_code == 200, check.content.decode()[:2000]
    with capture(execute=True):
        sent = client.post(ASB + "check/", {"version": version_on(check)})
    outbox_sweep()
    assert sent.status_code == 302
    return Case.objects.get(request_type__slug="housing-asb")


def test_an_asb_report_reaches_the_housing_system_and_is_never_public(
    linked, housing, another_citizen, django_capture_on_commit_callbacks
):
    tenant = signed_in(linked)

    case = _report_asb(tenant, django_capture_on_commit_callbacks)

    record = next(iter(housing.asb.values()))
    assert record["portal_reference"] == case.reference
    assert record["ongoing"] == "yes"
    assert record["contact"] == {}, "not safe to contact: no contact details go with it"
    assert len(record["evidence"]) == 1
    assert cases_public(Case.objects.all()) == []
    other = signed_in(another_citizen, verified=True)
    assert (
        other.get(reverse("casework:detail", kwargs={"reference": case.reference})).status_code
        == 404
    )
    assert case.reference not in signed_in(another_citizen).get("/requests/").content.decode()
    assert not case.request_type.public and not case.request_type.followable

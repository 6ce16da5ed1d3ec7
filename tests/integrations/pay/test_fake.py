"""One fake of GOV.UK Pay (integrations/pay/fake.py): the "fake" provider the portal pays with
without a PAY_API_KEY is GOV.UK Pay's API, failures included, read by the real client's code;
its records are a file (PAY_FAKE_FILE), never a table; over HTTP it is the same fake."""

import json
from pathlib import Path

import pytest
from django.apps import apps

from integrations.pay.actions import PaymentUnavailable, payment_confirm
from integrations.pay.fake import FakeGovukPayServer, in_process
from integrations.pay.govuk import GovukPay
from integrations.pay.models import Payment
from tests.integrations.pay.conftest import new_payment

pytestmark = pytest.mark.django_db


def test_the_fake_provider_is_asked_in_gov_uk_pays_own_words(citizen, settings):
    payment = new_payment(citizen, email=citizen.email)

    assert payment.provider == "fake"
    method, path, body = in_process().requests[-1]
    assert (method, path) == ("POST", "/v1/payments")
    assert body == {
        "amount": 4500,
        "reference": "MB-2345-ABCD",
        "description": "Book a pest control treatment",
        "return_url": f"{settings.PORTAL_BASE_URL}/pay/{payment.pk}/return",
        "language": "en",
        "email": citizen.email,
    }
    assert payment.next_url.startswith(f"{settings.PORTAL_BASE_URL}/pay/fake/")


@pytest.mark.parametrize("status", [500, 503, 429])
def test_the_fake_fails_as_gov_uk_pay_does_and_the_resident_is_not_charged(status):
    in_process().fail_next(1, status=status)

    with pytest.raises(PaymentUnavailable, match="You have not been charged"):
        new_payment()

    payment = Payment.objects.get()
    assert payment.status == Payment.Status.ERROR
    assert payment.failure_message == "Could not reach the payment provider"
    assert new_payment().status == Payment.Status.CREATED, "it answers again after"


def test_a_payment_the_fake_does_not_know_is_not_guessed(payment):
    Path(in_process().path).write_text("{}")  # its records lost

    with pytest.raises(PaymentUnavailable):
        payment_confirm(payment_id=payment.pk)

    payment.refresh_from_db()
    assert payment.status == Payment.Status.CREATED


def test_its_records_are_its_file_not_the_portals_database(payment, settings):
    records = json.loads(Path(settings.PAY_FAKE_FILE).read_text())

    assert records["payments"][payment.provider_payment_id]["amount"] == 4500
    tables = [model._meta.db_table for model in apps.get_models()]
    assert not [table for table in tables if "fake" in table]


def test_over_http_it_is_the_same_fake_with_the_same_records(payment, settings):
    in_process().set_state(payment.provider_payment_id, "success")

    with FakeGovukPayServer(settings.PAY_FAKE_FILE) as served:
        client = GovukPay(api_key=served.api_key, base_url=served.url)
        state = client.get(payment.provider_payment_id)

    assert state.status == Payment.Status.SUCCESS

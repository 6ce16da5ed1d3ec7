"""The real GOV.UK Pay client, over HTTP, against the fake of its API (integrations/pay/fake.py)."""

import datetime

import pytest
from django.utils import timezone, translation

from integrations.pay.actions import (
    PaymentUnavailable,
    RefundRefused,
    payment_confirm,
    payment_reconcile,
    payment_refund,
    refunds_reconcile,
)
from integrations.pay.fake import FakeGovukPayServer
from integrations.pay.models import Payment, Refund
from tests.integrations.pay.conftest import new_payment

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def running_fake(tmp_path_factory):
    records = tmp_path_factory.mktemp("pay") / "pay-fake.json"
    with FakeGovukPayServer(str(records)) as fake:
        yield fake


@pytest.fixture
def gov_pay(running_fake, settings):
    running_fake.reset(records_file=settings.PAY_FAKE_FILE)  # this test's own
    settings.PAY_API_KEY = running_fake.api_key
    settings.PAY_BASE_URL = running_fake.url
    return running_fake


def two_hours_on():
    return timezone.now() + datetime.timedelta(hours=2)


def test_a_payment_is_created_at_gov_uk_pay(gov_pay, citizen, settings):
    payment = new_payment(citizen, email=citizen.email)

    assert payment.provider == "govuk"
    assert payment.provider_payment_id in gov_pay.payments
    assert payment.next_url.startswith("https://card.payments.service.gov.uk/secure/")
    method, path, body = gov_pay.requests[-1]
    assert (method, path) == ("POST", "/v1/payments")
    assert body == {
        "amount": 4500,
        "reference": "MB-2345-ABCD",
        "description": "Book a pest control treatment",
        "return_url": f"{settings.PORTAL_BASE_URL}/pay/{payment.pk}/return",
        "language": "en",
        "email": "sam@example.org",
    }


def test_a_payment_staff_take_by_phone_is_a_moto_payment_at_gov_uk_pay(gov_pay, citizen):
    from integrations.pay.actions import payment_create

    payment = payment_create(
        amount_pence=4500,
        description="Book a pest control treatment",
        reference="MB-2345-ABCD",
        purpose="test:1",
        return_to="/account/",
        owner=citizen,
        email=citizen.email,
        moto=True,
    )

    body = gov_pay.requests[-1][2]
    assert body["moto"] is True and body["email"] == "sam@example.org"  # their receipt
    assert payment.moto and gov_pay.payments[payment.provider_payment_id]["moto"] is True
    own = new_payment(citizen, email=citizen.email)
    assert not own.moto and "moto" not in gov_pay.requests[-1][2]  # a resident's own


def test_welsh_speakers_get_the_welsh_card_page(gov_pay):
    with translation.override("cy"):
        new_payment()
    assert gov_pay.requests[-1][2]["language"] == "cy"


def test_the_payment_is_paid_only_when_gov_uk_pay_says_so(gov_pay, told):
    payment = new_payment()

    assert payment_confirm(payment_id=payment.pk).status == Payment.Status.CREATED
    gov_pay.set_state(payment.provider_payment_id, "success")
    assert payment_confirm(payment_id=payment.pk).status == Payment.Status.SUCCESS

    assert gov_pay.requests[-1][:2] == ("GET", f"/v1/payments/{payment.provider_payment_id}")
    assert told == [(payment.pk, "paid")]


def test_a_resident_cancelling_at_gov_uk_pay_is_a_cancellation(gov_pay, told):
    payment = new_payment()
    gov_pay.set_state(payment.provider_payment_id, "failed", "P0030")

    assert payment_confirm(payment_id=payment.pk).status == Payment.Status.CANCELLED
    assert told == [(payment.pk, "cancelled")]


def test_a_refund_goes_to_gov_uk_pay_with_the_amount_still_available(gov_pay, told):
    payment = new_payment()
    gov_pay.set_state(payment.provider_payment_id, "success")
    payment_confirm(payment_id=payment.pk)

    refund = payment_refund(payment_id=payment.pk, amount_pence=1500, reason="Booked twice")

    assert gov_pay.requests[-1][2] == {"amount": 1500, "refund_amount_available": 4500}
    assert refund.status == Refund.Status.SUBMITTED
    assert refund.provider_refund_id == gov_pay.refunds[0]["refund_id"]
    assert told == [(payment.pk, "paid"), (payment.pk, "refunded")]


def submitted_refund(gov_pay, amount_pence=1500):
    payment = new_payment()
    gov_pay.set_state(payment.provider_payment_id, "success")
    payment_confirm(payment_id=payment.pk)
    return payment, payment_refund(payment_id=payment.pk, amount_pence=amount_pence)


def test_a_submitted_refund_is_followed_until_it_is_made(gov_pay, told):
    payment, refund = submitted_refund(gov_pay)

    assert refunds_reconcile() == 0  # too soon to ask
    assert refunds_reconcile(now=two_hours_on()) == 0  # asked: still submitted
    assert gov_pay.requests[-1][:2] == (
        "GET",
        f"/v1/payments/{payment.provider_payment_id}/refunds/{refund.provider_refund_id}",
    )
    gov_pay.set_refund_state(refund.provider_refund_id, "success")
    assert refunds_reconcile(now=two_hours_on()) == 1

    refund.refresh_from_db()
    payment.refresh_from_db()
    assert refund.status == Refund.Status.SUCCESS
    assert payment.refunded_pence == 1500
    assert told == [(payment.pk, "paid"), (payment.pk, "refunded")]


def test_a_refund_that_fails_later_is_owed_again_and_said_so(gov_pay, told):
    payment, refund = submitted_refund(gov_pay)
    gov_pay.set_refund_state(refund.provider_refund_id, "error")

    assert refunds_reconcile(now=two_hours_on()) == 1
    assert refunds_reconcile(now=two_hours_on()) == 0  # once

    refund.refresh_from_db()
    payment.refresh_from_db()
    assert refund.status == Refund.Status.ERROR
    assert payment.refunded_pence == 0 and payment.refundable_pence == 4500
    assert told == [(payment.pk, "paid"), (payment.pk, "refunded"), (payment.pk, "refund_failed")]


def test_while_gov_uk_pay_is_down_a_submitted_refund_waits(gov_pay, told):
    _payment, refund = submitted_refund(gov_pay)
    gov_pay.fail_next(1, status=503)

    assert refunds_reconcile(now=two_hours_on()) == 0

    refund.refresh_from_db()
    assert refund.status == Refund.Status.SUBMITTED


def test_a_refund_made_elsewhere_meanwhile_is_refused_not_doubled(gov_pay, told):
    payment = new_payment()
    gov_pay.set_state(payment.provider_payment_id, "success")
    payment_confirm(payment_id=payment.pk)
    gov_pay.payment_update(payment.provider_payment_id, refunded=4500)  # in GOV.UK Pay's admin

    with pytest.raises(RefundRefused, match="amount left to refund has changed"):
        payment_refund(payment_id=payment.pk, amount_pence=4500)

    payment.refresh_from_db()
    assert payment.refunded_pence == 0
    assert payment.refunds.get().status == Refund.Status.ERROR
    assert told == [(payment.pk, "paid")]


def test_a_wrong_api_key_means_payments_are_unavailable(gov_pay, settings):
    settings.PAY_API_KEY = "api_test_not-the-right-key"

    with pytest.raises(PaymentUnavailable) as refused:
        new_payment()

    assert "api_test" not in str(refused.value) and "401" in refused.value.detail
    assert Payment.objects.get().status == Payment.Status.ERROR


@pytest.mark.parametrize("status", [500, 503, 429])
def test_gov_uk_pay_failing_means_payments_are_unavailable(gov_pay, status):
    gov_pay.fail_next(1, status=status)

    with pytest.raises(PaymentUnavailable, match="You have not been charged"):
        new_payment()

    payment = Payment.objects.get()
    assert payment.status == Payment.Status.ERROR and payment.is_finished
    assert payment.failure_message == "Could not reach the payment provider"


def test_gov_uk_pay_not_answering_means_payments_are_unavailable(settings):
    settings.PAY_API_KEY = "api_test_anything"
    settings.PAY_BASE_URL = "http://127.0.0.1:9"  # nothing listens there

    with pytest.raises(PaymentUnavailable):
        new_payment()


def test_while_gov_uk_pay_is_down_the_job_leaves_payments_as_they_are(gov_pay, told):
    payment = new_payment()
    gov_pay.fail_next(1, status=503)

    assert payment_reconcile(now=two_hours_on()) == 0  # long past expiry, but we could not ask

    payment.refresh_from_db()
    assert payment.status == Payment.Status.CREATED and told == []
    gov_pay.set_state(payment.provider_payment_id, "success")  # it had been paid after all
    assert payment_reconcile(now=two_hours_on()) == 1
    assert told == [(payment.pk, "paid")]


def test_card_details_submitted_but_not_settled_are_never_failed_on_a_guess(gov_pay, told):
    payment = new_payment()
    gov_pay.set_state(payment.provider_payment_id, "submitted")

    assert payment_reconcile(now=two_hours_on()) == 0

    payment.refresh_from_db()
    assert payment.status == Payment.Status.SUBMITTED and told == []

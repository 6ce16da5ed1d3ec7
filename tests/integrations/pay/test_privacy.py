"""Payments in 'download my data', and what closing an account does to them."""

import json

import pytest
from django.urls import reverse

from accounts import actions as account_actions
from integrations.pay.actions import payment_confirm, payment_refund
from integrations.pay.models import Payment
from tests.conftest import signed_in
from tests.integrations.pay.conftest import new_payment, path_of

pytestmark = pytest.mark.django_db


def paid_by(user):
    payment = new_payment(user, email=user.email)
    client = signed_in(user)
    client.get(path_of(payment.next_url))
    client.post(path_of(payment.next_url), {"choice": "pay"})
    return payment_confirm(payment_id=payment.pk)


def test_a_resident_downloads_their_payments_and_refunds(citizen, another_citizen, told):
    payment = paid_by(citizen)
    payment_refund(payment_id=payment.pk, amount_pence=1500)
    paid_by(another_citizen)

    response = signed_in(citizen, verified=True).get(reverse("accounts:data_download_json"))

    payments = json.loads(response.content)["payments"]
    assert len(payments) == 1  # only their own
    (mine,) = payments
    assert mine["reference"] == "MB-2345-ABCD"
    assert mine["for"] == "Book a pest control treatment"
    assert (mine["amount_pence"], mine["status"], mine["refunded_pence"]) == (4500, "Paid", 1500)
    assert [r["amount_pence"] for r in mine["refunds"]] == [1500]


def test_closing_the_account_keeps_the_payment_record_without_the_receipt_address(citizen, told):
    payment = paid_by(citizen)
    email = citizen.email

    account_actions.user_close(user=citizen)

    payment = Payment.objects.get(pk=payment.pk)
    assert payment.amount_pence == 4500 and payment.status == Payment.Status.SUCCESS
    assert payment.email == ""
    assert not Payment.objects.filter(email=email).exists()

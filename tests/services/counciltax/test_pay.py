"""Paying council tax online: the payment core takes it, the outbox hands it to the revenues
system, the account shows it pending and then paid; it is never lost."""

import pytest
from django.urls import reverse
from django.utils import timezone

from core import clock as project_clock
from integrations.outbox.models import Message
from integrations.outbox.worker import message_deliver
from integrations.pay.actions import payment_confirm
from integrations.pay.fake import in_process
from integrations.pay.models import AccountPayment
from linking.models import ServiceLink
from services.counciltax.apps import SLUG
from tests.services.counciltax.conftest import SAMS_NUMBER, sams_account

pytestmark = pytest.mark.django_db
ACCOUNT = reverse("counciltax:account")
PAY = reverse("counciltax:pay")


def link(user, number=SAMS_NUMBER):
    return ServiceLink.objects.create(
        user=user, service=SLUG, account_ref=number, linked_at=timezone.now()
    )


def provider_says(record: AccountPayment, outcome: str = "success"):
    """The resident pays (or not) at the fake provider, and we ask it, as the return page does."""
    in_process().set_state(record.payment.provider_payment_id, outcome)
    payment_confirm(payment_id=record.payment.pk)
    record.refresh_from_db()
    return record


def test_the_pay_page_offers_the_next_instalment_the_balance_or_another_amount(
    verified_citizen_client, citizen, revenues
):
    link(citizen)
    text = verified_citizen_client.get(PAY).content.decode()
    assert "The next instalment: £202" in text
    assert "The balance for the year: £202" in text
    assert "Another amount" in text
    assert "The overdue amount" not in text


def test_arrears_offer_the_overdue_amount_instead_of_the_next_instalment(
    verified_citizen_client, citizen, revenues
):
    revenues.add(sams_account(missed=2))
    link(citizen)
    text = verified_citizen_client.get(PAY).content.decode()
    assert "The overdue amount: £404" in text
    assert "The next instalment" not in text


def test_paying_an_instalment_shows_pending_then_paid_once_the_revenues_system_has_it(
    verified_citizen_client, citizen, revenues, django_capture_on_commit_callbacks
):
    link(citizen)
    verified_citizen_client.get(ACCOUNT)
    response = verified_citizen_client.post(PAY, {"what": "instalment"})
    record = AccountPayment.objects.get(user=citizen)
    assert response["Location"] == record.payment.next_url
    assert record.amount_pence == 20200
    assert record.payment.return_to == ACCOUNT

    with django_capture_on_commit_callbacks(execute=False) as queued:
        provider_says(record)
    assert record.state == AccountPayment.State.PENDING
    message = Message.objects.get(kind="revenues.payment")
    assert message.payload["payment"]["amount_pence"] == 20200
    assert message.idempotency_key == f"counciltax-payment-{record.pk}"
    assert queued, "delivery is queued once the payment is recorded"
    text = verified_citizen_client.get(ACCOUNT).content.decode()
    assert "Payments on their way to your account" in text
    assert "Pending" in text

    with django_capture_on_commit_callbacks(execute=True):
        message_deliver(message_id=message.pk)

    record.refresh_from_db()
    assert record.state == AccountPayment.State.RECEIVED
    assert record.back_office_reference == "RP-000001"
    assert revenues.find(SAMS_NUMBER)["balance_pence"] == 0
    text = verified_citizen_client.get(ACCOUNT).content.decode()
    assert "Payments on their way" not in text
    assert "Nothing left to pay" in text, "the account is read afresh: the payment shows"


def test_a_payment_while_the_revenues_system_is_down_waits_and_is_sent_once_it_is_back(
    verified_citizen_client, citizen, revenues, django_capture_on_commit_callbacks
):
    link(citizen)
    verified_citizen_client.post(PAY, {"what": "balance"})
    record = AccountPayment.objects.get(user=citizen)
    revenues.down = True
    with django_capture_on_commit_callbacks(execute=True):
        provider_says(record)

    message = Message.objects.get(kind="revenues.payment")
    assert message.state == Message.State.PENDING
    assert message.max_attempts >= 40, "days of retries before a person is asked to look"
    record.refresh_from_db()
    assert record.state == AccountPayment.State.PENDING

    revenues.down = False
    Message.objects.filter(pk=message.pk).update(next_attempt_at=project_clock.now())
    message_deliver(message_id=message.pk)
    message_deliver(message_id=message.pk)  # a second try changes nothing

    record.refresh_from_db()
    assert record.state == AccountPayment.State.RECEIVED
    assert len(revenues.payments) == 1, "taken once"


def test_a_declined_card_is_not_pending_and_nothing_goes_to_the_revenues_system(
    verified_citizen_client, citizen, revenues
):
    link(citizen)
    verified_citizen_client.post(PAY, {"what": "instalment"})
    record = provider_says(AccountPayment.objects.get(user=citizen), outcome="failed")

    assert record.state == AccountPayment.State.NOT_PAID
    assert not Message.objects.filter(kind="revenues.payment").exists()
    assert "Pending" not in verified_citizen_client.get(ACCOUNT).content.decode()


def test_another_amount_is_paid_when_it_is_a_real_amount_up_to_the_balance(
    verified_citizen_client, citizen, revenues
):
    link(citizen)
    for amount, error in (
        ("", "Enter the amount in pounds and pence"),
        ("ten pounds", "Enter the amount in pounds and pence"),
        ("0", "Enter an amount more than £0"),
        ("500", "Enter an amount no more than your balance of £202"),
    ):
        response = verified_citizen_client.post(PAY, {"what": "amount", "amount": amount})
        assert response.status_code == 400
        assert error in response.content.decode()

    verified_citizen_client.post(PAY, {"what": "amount", "amount": "50.50"})
    assert AccountPayment.objects.get(user=citizen).amount_pence == 5050


def test_choosing_nothing_is_a_clear_error(verified_citizen_client, citizen, revenues):
    link(citizen)
    response = verified_citizen_client.post(PAY, {})
    assert response.status_code == 400
    assert "Select what you want to pay" in response.content.decode()


def test_choosing_what_is_no_longer_due_says_so_in_plain_words(
    verified_citizen_client, citizen, revenues
):
    link(citizen)  # no arrears: the page offers the next instalment, not an overdue amount
    response = verified_citizen_client.post(PAY, {"what": "overdue"})
    assert response.status_code == 400
    text = response.content.decode()
    assert "What you chose is no longer due. Select what you want to pay now" in text
    assert "not one of the available choices" not in text
    assert not AccountPayment.objects.exists()


def test_an_account_with_nothing_to_pay_says_so(verified_citizen_client, citizen, revenues):
    account = sams_account()
    account["balance_pence"] = 0
    revenues.add(account)
    link(citizen)
    response = verified_citizen_client.get(PAY)
    assert "You have nothing to pay" in response.content.decode()
    verified_citizen_client.post(PAY, {"what": "balance"})
    assert not AccountPayment.objects.exists()


def test_someone_without_a_linked_account_is_sent_to_link_one(verified_citizen_client, revenues):
    assert verified_citizen_client.get(PAY)["Location"] == reverse("counciltax:link")


def test_download_my_data_lists_council_tax_payments_made_here(
    verified_citizen_client, citizen, revenues
):
    link(citizen)
    verified_citizen_client.post(PAY, {"what": "instalment"})
    provider_says(AccountPayment.objects.get(user=citizen))

    data = verified_citizen_client.get(reverse("accounts:data_download_json")).json()

    assert data["council_tax"]["payments"][0]["amount_pence"] == 20200
    assert data["council_tax"]["payments"][0]["state"] == "pending"

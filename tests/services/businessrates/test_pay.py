"""Paying business rates online, on the same account payments as council tax: the payment
core takes it, the outbox hands it to the revenues system, the account shows it pending and
then paid; the system being down never loses it."""

import pytest
from django.urls import reverse
from django.utils import timezone

from integrations.outbox.models import Message
from integrations.outbox.worker import message_deliver
from integrations.pay.actions import payment_confirm
from integrations.pay.fake import in_process
from integrations.pay.models import AccountPayment
from linking.models import ServiceLink
from services.businessrates.apps import SLUG
from tests.conftest import signed_in
from tests.helpers import make_due
from tests.services.businessrates.conftest import NUMBER, bakery

pytestmark = pytest.mark.django_db
ACCOUNT = reverse("businessrates:account")
PAY = reverse("businessrates:pay")


@pytest.fixture
def jo_client(jo):
    ServiceLink.objects.create(user=jo, service=SLUG, account_ref=NUMBER, linked_at=timezone.now())
    return signed_in(jo, verified=True)


def provider_says(record: AccountPayment, outcome: str = "success") -> AccountPayment:
    """The business pays (or not) at the fake provider, and we ask it, as the return page does."""
    in_process().set_state(record.payment.provider_payment_id, outcome)
    payment_confirm(payment_id=record.payment.pk)
    record.refresh_from_db()
    return record


def test_the_pay_page_offers_the_next_instalment_the_balance_or_another_amount(jo_client, revenues):
    text = jo_client.get(PAY).content.decode()
    assert "Pay your business rates" in text
    assert "The next instalment: £602" in text
    assert "The balance for the year: £602" in text
    assert "Another amount" in text
    assert "The overdue amount" not in text


def test_an_instalment_not_paid_when_due_is_offered_as_the_overdue_amount(jo_client, revenues):
    account = bakery()
    for row in account["bills"][0]["instalments"][-3:-1]:  # November and December unpaid
        row["paid_pence"] = 0
    account["balance_pence"] = 3 * 60200
    revenues.add(account)
    text = jo_client.get(PAY).content.decode()
    assert "The overdue amount: £1,204" in text
    assert "The next instalment" not in text


def test_paying_shows_pending_then_paid_once_the_revenues_system_has_it(
    jo, jo_client, revenues, django_capture_on_commit_callbacks
):
    assert "Pay your business rates" in jo_client.get(ACCOUNT).content.decode()
    response = jo_client.post(PAY, {"what": "instalment"})
    record = AccountPayment.objects.get(user=jo)
    assert response["Location"] == record.payment.next_url
    assert (record.service, record.account_number, record.amount_pence) == (SLUG, NUMBER, 60200)
    assert record.payment.description == "Business rates"
    assert record.payment.return_to == ACCOUNT

    with django_capture_on_commit_callbacks(execute=False):
        provider_says(record)
    assert record.state == AccountPayment.State.PENDING
    message = Message.objects.get(kind="revenues.payment")
    assert message.payload["account_number"] == NUMBER
    assert message.idempotency_key == f"businessrates-payment-{record.pk}"
    text = jo_client.get(ACCOUNT).content.decode()
    assert "Payments on their way to your account" in text
    assert "Pending" in text

    with django_capture_on_commit_callbacks(execute=True):
        message_deliver(message_id=message.pk)

    record.refresh_from_db()
    assert record.state == AccountPayment.State.RECEIVED
    assert revenues.find(NUMBER)["balance_pence"] == 0
    text = jo_client.get(ACCOUNT).content.decode()
    assert "Payments on their way" not in text
    assert "Nothing left to pay" in text, "the account is read afresh: the payment shows"
    assert "Pay your business rates" not in text


def test_a_payment_while_the_revenues_system_is_down_waits_and_is_sent_once_it_is_back(
    jo, jo_client, revenues, django_capture_on_commit_callbacks
):
    jo_client.post(PAY, {"what": "amount", "amount": "100"})
    record = AccountPayment.objects.get(user=jo)
    assert record.amount_pence == 10000
    revenues.down = True
    with django_capture_on_commit_callbacks(execute=True):
        provider_says(record)
    message = Message.objects.get(kind="revenues.payment")
    assert message.state == Message.State.PENDING
    assert message.max_attempts >= 40

    revenues.down = False
    make_due(message)
    message_deliver(message_id=message.pk)
    message_deliver(message_id=message.pk)

    record.refresh_from_db()
    assert record.state == AccountPayment.State.RECEIVED
    assert len(revenues.payments) == 1, "taken once"
    assert revenues.find(NUMBER)["balance_pence"] == 50200


def test_a_declined_card_sends_nothing_and_bad_amounts_are_clear_errors(jo, jo_client, revenues):
    jo_client.post(PAY, {"what": "balance"})
    record = provider_says(AccountPayment.objects.get(user=jo), outcome="failed")
    assert record.state == AccountPayment.State.NOT_PAID
    assert not Message.objects.filter(kind="revenues.payment").exists()

    for data, error in (
        ({}, "Select what you want to pay"),
        ({"what": "amount", "amount": "ten"}, "Enter the amount in pounds and pence"),
        ({"what": "amount", "amount": "900"}, "Enter an amount no more than your balance of £602"),
    ):
        response = jo_client.post(PAY, data)
        assert response.status_code == 400
        assert error in response.content.decode()


def test_nothing_to_pay_not_linked_and_another_business(jo_client, revenues, citizen):
    account = bakery()
    account["balance_pence"] = 0
    account["bills"][0]["instalments"][-1]["paid_pence"] = 60200
    revenues.add(account)
    assert "You have nothing to pay" in jo_client.get(PAY).content.decode()
    jo_client.post(PAY, {"what": "balance"})
    assert not AccountPayment.objects.exists()

    other = signed_in(citizen, verified=True)
    assert other.get(PAY)["Location"] == reverse("businessrates:link")


def test_download_my_data_lists_business_rates_payments(jo, jo_client, revenues):
    jo_client.post(PAY, {"what": "instalment"})
    provider_says(AccountPayment.objects.get(user=jo))
    data = jo_client.get(reverse("accounts:data_download_json")).json()
    assert data["business_rates"]["payments"][0]["amount_pence"] == 60200
    assert data["business_rates"]["payments"][0]["state"] == "pending"


def test_no_payment_provider_is_a_plain_message_and_nothing_is_taken(
    jo, jo_client, revenues, settings
):
    settings.PAY_API_KEY = ""
    settings.PAY_FAKE_ALLOWED = False
    response = jo_client.post(PAY, {"what": "amount", "amount": "100"}, follow=True)
    page = response.content.decode()
    assert "We could not take you to the payment page, and no money has been taken" in page
    assert "PAY_API_KEY" not in page, "an operator's reason is not shown to the business"
    assert not AccountPayment.objects.filter(user=jo, state=AccountPayment.State.PENDING)
    assert not Message.objects.filter(kind="revenues.payment").exists()

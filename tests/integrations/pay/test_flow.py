"""Paying with the fake provider, as a resident does: card page, back to the portal, confirmed.

The promise: a payment is marked paid only when the provider says so.
"""

import uuid
from types import SimpleNamespace

import pytest
from django.test import Client
from django.urls import reverse

from integrations.pay.access import remember_payment_in_session
from integrations.pay.actions import PaymentUnavailable, payment_confirm, payment_reconcile
from integrations.pay.fake import in_process
from integrations.pay.models import Payment
from tests.conftest import signed_in
from tests.integrations.pay.conftest import new_payment, path_of

pytestmark = pytest.mark.django_db


def return_path(payment) -> str:
    return reverse("pay:return", args=[payment.pk])


def card(client, payment, choice: str):
    """Open the card page, press a button; returns where the provider sends the browser."""
    page = client.get(path_of(payment.next_url))
    assert page.status_code == 200
    response = client.post(path_of(payment.next_url), {"choice": choice})
    assert response.status_code == 302
    return response["Location"]


def test_paying_on_the_card_page_marks_it_paid_and_tells_the_listener_once(
    citizen, payment, told, settings
):
    client = signed_in(citizen)

    page = client.get(path_of(payment.next_url))
    html = page.content.decode()
    assert "Book a pest control treatment" in html and "£45" in html and "MB-2345-ABCD" in html
    back = client.post(path_of(payment.next_url), {"choice": "pay"})

    assert back["Location"] == f"{settings.PORTAL_BASE_URL}{return_path(payment)}"
    landed = client.get(path_of(back["Location"]), follow=True)
    assert landed.redirect_chain[0] == ("/account/", 302)
    assert "Your payment has been received" in landed.content.decode()
    payment.refresh_from_db()
    assert payment.status == Payment.Status.SUCCESS and payment.succeeded
    assert payment.finished_at is not None
    assert told == [(payment.pk, "paid")]

    # Coming back again, and the reconcile job, change nothing and tell no one twice.
    client.get(return_path(payment))
    payment_reconcile()
    assert told == [(payment.pk, "paid")]


def test_a_declined_card_fails_the_payment(citizen, payment, told):
    client = signed_in(citizen)

    landed = client.get(path_of(card(client, payment, "decline")), follow=True)

    payment.refresh_from_db()
    assert payment.status == Payment.Status.FAILED
    assert payment.failure_message == "Card declined"
    assert told == [(payment.pk, "failed")]
    assert "did not go through. You have not been charged" in landed.content.decode()


def test_cancelling_on_the_card_page_cancels_the_payment(citizen, payment, told):
    client = signed_in(citizen)

    landed = client.get(path_of(card(client, payment, "cancel")), follow=True)

    payment.refresh_from_db()
    assert payment.status == Payment.Status.CANCELLED
    assert told == [(payment.pk, "cancelled")]
    assert "You cancelled your payment" in landed.content.decode()


def test_coming_back_without_paying_leaves_it_unpaid(citizen, payment, told):
    client = signed_in(citizen)
    client.get(path_of(payment.next_url))  # looked at the card page, pressed nothing

    page = client.get(return_path(payment))

    assert page.status_code == 200
    html = page.content.decode()
    assert "We have not had your payment yet" in html
    assert "do not pay again" in html
    assert 'href="/account/"' in html
    payment.refresh_from_db()
    assert payment.status == Payment.Status.CREATED and not payment.is_finished
    assert told == []


def test_a_forged_card_page_post_from_another_browser_does_nothing(
    citizen, another_citizen, payment, told
):
    resident = signed_in(citizen)
    resident.get(path_of(payment.next_url))  # the resident's browser has the card page open
    forger = signed_in(another_citizen)

    assert forger.post(path_of(payment.next_url), {"choice": "pay"}).status_code == 404
    assert forger.get(path_of(payment.next_url)).status_code == 404
    # Our own payment id is not the provider's: posting to it finds nothing either.
    ours = reverse("pay:fake_card", args=[payment.pk])
    assert Client().post(ours, {"choice": "pay"}).status_code == 404

    assert in_process().payments[payment.provider_payment_id]["state"]["status"] == "created"
    assert payment_confirm(payment_id=payment.pk).status == Payment.Status.CREATED
    assert told == []


def test_a_card_page_nobody_opened_cannot_be_paid_by_post_alone(payment):
    assert Client().post(path_of(payment.next_url), {"choice": "pay"}).status_code == 404
    assert payment_confirm(payment_id=payment.pk).status == Payment.Status.CREATED


def test_someone_elses_payment_is_not_found(another_citizen, payment):
    for client in (signed_in(another_citizen, verified=True), Client()):
        assert client.get(return_path(payment)).status_code == 404
    missing = reverse("pay:return", args=[uuid.uuid4()])
    assert signed_in(another_citizen).get(missing).status_code == 404


def test_without_an_account_only_the_browser_that_started_the_payment_comes_back(told):
    payment = new_payment(owner=None)
    payer = Client()
    request = SimpleNamespace(session=payer.session)
    remember_payment_in_session(request, payment)
    request.session.save()

    assert Client().get(return_path(payment)).status_code == 404
    card(payer, payment, "pay")
    assert payer.get(return_path(payment))["Location"] == "/account/"
    assert told == [(payment.pk, "paid")]


@pytest.mark.parametrize(
    "where",
    ["https://evil.example/", "//evil.example/account/", "/\\evil.example", "account/", ""],
)
def test_return_to_must_be_a_page_of_ours(where):
    with pytest.raises(ValueError, match="return_to"):
        new_payment(return_to=where)
    assert not Payment.objects.exists()


def test_an_outside_return_to_in_the_database_is_never_followed(citizen, payment):
    Payment.objects.filter(pk=payment.pk).update(return_to="https://evil.example/")
    client = signed_in(citizen)

    response = client.get(path_of(card(client, payment, "pay")))

    assert response["Location"] == "/"


def test_the_card_page_is_only_there_while_the_fake_is_in_use(citizen, payment, settings):
    client = signed_in(citizen)
    settings.PAY_API_KEY = "a-real-key"
    assert client.get(path_of(payment.next_url)).status_code == 404
    settings.PAY_API_KEY = ""
    settings.PAY_FAKE_ALLOWED = False
    assert client.get(path_of(payment.next_url)).status_code == 404


def test_without_a_provider_nobody_can_start_paying(settings):
    settings.PAY_FAKE_ALLOWED = False  # production, with no PAY_API_KEY

    with pytest.raises(PaymentUnavailable) as refused:
        new_payment()

    assert "You have not been charged" in str(refused.value)
    assert not Payment.objects.exists()


def test_a_finished_card_page_sends_the_browser_back(citizen, payment):
    client = signed_in(citizen)
    card(client, payment, "pay")

    again = client.get(path_of(payment.next_url))
    pressed_again = client.post(path_of(payment.next_url), {"choice": "decline"})

    assert again.status_code == 302 and pressed_again.status_code == 302
    assert payment_confirm(payment_id=payment.pk).status == Payment.Status.SUCCESS


def test_coming_back_costs_a_handful_of_queries(citizen, payment, django_assert_max_num_queries):
    client = signed_in(citizen)
    card(client, payment, "pay")

    # Session, user, the payment (found, then locked and saved), and the fake's record.
    with django_assert_max_num_queries(9):
        client.get(return_path(payment))

"""Refunds: only of money taken, never more than is left, through the provider, told to the case."""

import pytest
from django.urls import reverse

from integrations.pay.actions import RefundRefused, payment_confirm, payment_refund
from integrations.pay.fake import in_process
from integrations.pay.models import Payment, Refund
from tests.conftest import signed_in
from tests.integrations.pay.conftest import new_payment, path_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def paid(citizen, told):
    payment = new_payment(citizen)
    client = signed_in(citizen)
    client.get(path_of(payment.next_url))
    client.post(path_of(payment.next_url), {"choice": "pay"})
    return payment_confirm(payment_id=payment.pk)


def test_a_partial_then_a_full_refund(paid, told, admin_user):
    first = payment_refund(
        payment_id=paid.pk, amount_pence=1500, actor=admin_user, reason="One room only"
    )

    paid.refresh_from_db()
    assert first.status == Refund.Status.SUCCESS and first.provider_refund_id
    assert first.created_by == admin_user and first.reason == "One room only"
    assert (paid.refunded_pence, paid.refundable_pence) == (1500, 3000)
    assert told == [(paid.pk, "paid"), (paid.pk, "refunded")]

    payment_refund(payment_id=paid.pk, amount_pence=3000)

    paid.refresh_from_db()
    assert (paid.refunded_pence, paid.refundable_pence) == (4500, 0)
    assert in_process().payments[paid.provider_payment_id]["refunded"] == 4500
    assert [event for _pk, event in told] == ["paid", "refunded", "refunded"]


def test_more_than_is_left_is_refused_with_the_amount_that_is(paid, told):
    payment_refund(payment_id=paid.pk, amount_pence=1500)

    with pytest.raises(RefundRefused, match=r"You can refund at most £30\.00\."):
        payment_refund(payment_id=paid.pk, amount_pence=3001)

    paid.refresh_from_db()
    assert paid.refunded_pence == 1500 and paid.refunds.count() == 1


def test_a_payment_that_did_not_go_through_cannot_be_refunded(citizen, told):
    unpaid = new_payment(citizen)

    with pytest.raises(RefundRefused, match="Only a payment that went through"):
        payment_refund(payment_id=unpaid.pk, amount_pence=100)

    assert not Refund.objects.exists()


def test_nothing_or_less_is_refused(paid):
    with pytest.raises(RefundRefused, match="at least 1p"):
        payment_refund(payment_id=paid.pk, amount_pence=0)


# --- The admin's refund page ---------------------------------------------------------------


def refund_url(payment) -> str:
    return reverse("admin:pay_payment_refund", args=[payment.pk])


def test_an_administrator_refunds_from_the_admin(paid, admin_user, told):
    client = signed_in(admin_user, verified=True)
    page = client.get(reverse("admin:pay_payment_change", args=[paid.pk]))
    assert refund_url(paid) in page.content.decode()

    response = client.post(refund_url(paid), {"amount": "15.00", "reason": "Booked twice"})

    assert response.status_code == 302
    refund = Refund.objects.get()
    assert (refund.amount_pence, refund.reason, refund.created_by) == (
        1500,
        "Booked twice",
        admin_user,
    )
    assert "£15.00 refunded on MB-2345-ABCD" in client.get(response["Location"]).content.decode()


def test_the_admin_refund_form_says_what_is_wrong(paid, admin_user):
    client = signed_in(admin_user, verified=True)

    too_much = client.post(refund_url(paid), {"amount": "45.01", "reason": "Sorry"})
    no_reason = client.post(refund_url(paid), {"amount": "1"})
    not_money = client.post(refund_url(paid), {"amount": "£ten", "reason": "Sorry"})

    assert too_much.status_code == 400
    assert "You can refund at most £45.00." in too_much.content.decode()
    assert "Enter the reason for the refund" in no_reason.content.decode()
    assert "Enter the amount in pounds and pence" in not_money.content.decode()
    assert not Refund.objects.exists()


def test_staff_without_the_refund_permission_cannot_refund(paid, agent):
    client = signed_in(agent, verified=True)

    assert client.post(refund_url(paid), {"amount": "1", "reason": "x"}).status_code == 403
    assert not Refund.objects.exists()


def test_the_payments_list_does_not_grow_in_queries_with_payments(
    admin_user, told, django_assert_max_num_queries
):
    client = signed_in(admin_user, verified=True)
    url = reverse("admin:pay_payment_changelist")
    new_payment()
    client.get(url)
    with django_assert_max_num_queries(12) as few:
        assert client.get(url).status_code == 200
    for _ in range(10):
        new_payment()
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(url + "?q=MB-2345-ABCD")
    assert page.content.decode().count("MB-2345-ABCD") >= 11
    assert Payment.objects.count() == 11

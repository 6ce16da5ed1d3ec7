"""The reconcile job settles payments whose resident never came back, and guesses nothing."""

import datetime

import pytest
from django.utils import timezone

from integrations.pay.actions import payment_reconcile
from integrations.pay.fake import EXPIRY, in_process
from integrations.pay.models import Payment
from integrations.pay.tasks import reconcile_payments_task
from tests.conftest import signed_in
from tests.integrations.pay.conftest import new_payment, path_of

pytestmark = pytest.mark.django_db


def later(**kwargs) -> datetime.datetime:
    return timezone.now() + datetime.timedelta(**kwargs)


def test_an_abandoned_payment_fails_once_it_has_expired(payment, told):
    assert payment_reconcile(now=later(minutes=30)) == 0  # still time to pay
    payment.refresh_from_db()
    assert payment.status == Payment.Status.CREATED and told == []

    assert payment_reconcile(now=later(hours=2)) == 1

    payment.refresh_from_db()
    assert payment.status == Payment.Status.FAILED
    assert payment.failure_message == "Expired: not paid within 90 minutes"
    assert told == [(payment.pk, "failed")]


def test_a_payment_made_by_a_resident_who_never_came_back_is_found(citizen, payment, told):
    client = signed_in(citizen)
    client.get(path_of(payment.next_url))
    client.post(path_of(payment.next_url), {"choice": "pay"})  # then closed the tab

    assert payment_reconcile(now=later(minutes=15)) == 1

    payment.refresh_from_db()
    assert payment.status == Payment.Status.SUCCESS
    assert told == [(payment.pk, "paid")]


def test_the_fake_provider_expires_payments_itself_like_gov_uk_pay(payment, told):
    in_process().payment_update(
        payment.provider_payment_id,
        created=timezone.now() - EXPIRY - datetime.timedelta(minutes=1),
    )

    assert payment_reconcile(now=later(minutes=15)) == 1

    payment.refresh_from_db()
    assert payment.status == Payment.Status.FAILED
    assert payment.failure_message == "Expired: not paid within 90 minutes"


def test_recent_and_finished_payments_are_left_alone(told):
    recent = new_payment()
    assert payment_reconcile() == 0
    recent.refresh_from_db()
    assert recent.status == Payment.Status.CREATED and told == []


def test_the_task_runs_the_job(payment, told, monkeypatch):
    Payment.objects.filter(pk=payment.pk).update(
        created_at=timezone.now() - datetime.timedelta(hours=2)
    )

    reconcile_payments_task()

    assert told == [(payment.pk, "failed")]


def test_reconciling_is_a_few_queries_a_payment(django_assert_max_num_queries, told):
    for _ in range(5):
        new_payment()

    # Per payment: read it, ask the fake (read, no expiry yet), lock and save it when it expires.
    with django_assert_max_num_queries(1 + 5 * 6):
        assert payment_reconcile(now=later(hours=2)) == 5

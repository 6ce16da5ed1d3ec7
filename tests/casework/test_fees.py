"""Requests with a fee wait for payment; only the provider's confirmation lets them go ahead."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from casework import actions
from casework.models import Case, CaseEvent
from casework.workflow import Status
from integrations.outbox.models import Message
from integrations.outbox.worker import outbox_sweep
from tests.casework.factories import RequestTypeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def paid_type(db, monkeypatch):
    monkeypatch.setenv("FEES_TEST_SECRET", "s" * 40)
    return RequestTypeFactory(
        name="Book a pest control treatment",
        fee_pence=4500,
        sla_days=5,
        connector="webhook",
        connector_settings={"url": "http://127.0.0.1:9/cases", "secret_env": "FEES_TEST_SECRET"},
    )


@pytest.fixture
def unpaid(paid_type, citizen):
    return actions.case_submit(
        request_type=paid_type, resident=citizen, answers={"details": "mice"}, summary="Mice"
    )


def test_a_request_with_a_fee_waits_and_nothing_is_sent_or_said(unpaid):
    assert unpaid.status == Status.AWAITING_PAYMENT
    outbox_sweep()
    assert mail.outbox == []  # no "we have received your request" before paying
    assert not Message.objects.filter(kind="connector.webhook").exists()


def test_paying_sends_it_on_and_tells_the_resident_with_target_dates_from_payment(
    unpaid, citizen, monkeypatch
):
    later = timezone.localdate() + datetime.timedelta(days=7)
    monkeypatch.setattr(actions, "_today", lambda: later)
    case = actions.case_record_payment(
        case_id=unpaid.pk, outcome="paid", amount_pence=4500, payment_id="p-1"
    )

    assert case.status == Status.SENDING  # on its way to the back office
    assert case.due_date > unpaid.due_date  # counted from the day it was paid
    paid_event = case.events.get(status_after=Status.SUBMITTED)
    assert paid_event.message == "Payment of £45 received."
    assert paid_event.public
    assert Message.objects.filter(kind="connector.webhook").count() == 1
    outbox_sweep()
    to_resident = [m for m in mail.outbox if m.to == [citizen.email]]
    assert len(to_resident) == 1 and "We aim to finish it by" in to_resident[0].body


def test_a_declined_payment_is_on_the_timeline_and_the_request_still_waits(unpaid):
    case = actions.case_record_payment(
        case_id=unpaid.pk, outcome="failed", amount_pence=4500, payment_id="p-1"
    )
    assert case.status == Status.AWAITING_PAYMENT
    event = case.events.get(kind=CaseEvent.Kind.PAYMENT)
    assert event.public and "did not go through" in event.message


def test_money_paid_after_withdrawal_is_flagged_for_a_refund_not_acted_on(unpaid, citizen):
    actions.case_withdraw(case=unpaid, actor=citizen)
    case = actions.case_record_payment(
        case_id=unpaid.pk, outcome="paid", amount_pence=4500, payment_id="p-1"
    )
    assert case.status == Status.WITHDRAWN
    note = case.events.get(kind=CaseEvent.Kind.PAYMENT)
    assert not note.public and note.data["needs_refund"]
    assert "needs refunding" in note.message


def test_a_refund_the_provider_could_not_make_is_flagged_for_staff(unpaid, citizen):
    actions.case_record_payment(
        case_id=unpaid.pk, outcome="paid", amount_pence=4500, payment_id="p-1"
    )
    actions.case_record_payment(
        case_id=unpaid.pk, outcome="refunded", amount_pence=1500, payment_id="p-1"
    )
    case = actions.case_record_payment(
        case_id=unpaid.pk, outcome="refund_failed", amount_pence=1500, payment_id="p-1"
    )

    failed = case.events.filter(kind=CaseEvent.Kind.PAYMENT).latest("created_at", "id")
    assert not failed.public and failed.data["needs_refund"]  # staff see it; not the resident
    assert failed.message == (
        "The payment provider could not make the refund of £15. It needs refunding again."
    )


def test_unpaid_requests_are_withdrawn_after_the_allowed_days(unpaid, settings):
    settings.CASE_UNPAID_EXPIRY_DAYS = 7
    assert actions.cases_expire_unpaid(now=timezone.now() + datetime.timedelta(days=6)) == 0
    assert actions.cases_expire_unpaid(now=timezone.now() + datetime.timedelta(days=8)) == 1
    case = Case.objects.get(pk=unpaid.pk)
    assert case.status == Status.WITHDRAWN
    assert "not paid for within 7 days" in case.events.last().message


def test_unpaid_requests_are_not_in_staff_queues_or_escalated(unpaid):
    from casework.staff.selectors import overdue_q

    much_later = unpaid.due_date + datetime.timedelta(days=30)
    assert actions.cases_escalate_overdue(today=much_later) == 0
    assert not Case.objects.filter(overdue_q(much_later)).exists()


def test_the_resident_sees_the_fee_and_a_pay_button(unpaid, citizen):
    from tests.conftest import signed_in

    page = signed_in(citizen).get(f"/requests/{unpaid.reference}/")
    html = page.content.decode()
    assert page.status_code == 200
    assert "Waiting for payment" in html
    assert "There is a fee of £45 for this request" in html
    assert f'action="/requests/{unpaid.reference}/pay/"' in html
    assert 'id="reply"' not in html  # nothing to discuss until it is paid


def _card_page(client, next_url: str, choice: str):
    from urllib.parse import urlsplit

    path = urlsplit(next_url).path
    assert client.get(path).status_code == 200
    back = client.post(path, {"choice": choice})
    return client.get(urlsplit(back["Location"]).path, follow=True)


@pytest.mark.parametrize(
    ("choice", "status", "says"),
    [
        ("pay", Status.SENDING, "Payment of £45 received."),
        ("decline", Status.AWAITING_PAYMENT, "did not go through"),
        ("cancel", Status.AWAITING_PAYMENT, "You cancelled your payment"),
    ],
)
def test_the_resident_pays_from_the_case_page_through_the_provider(
    unpaid, citizen, choice, status, says
):
    from tests.conftest import signed_in

    client = signed_in(citizen)
    to_provider = client.post(f"/requests/{unpaid.reference}/pay/")
    assert to_provider.status_code == 302

    landed = _card_page(client, to_provider["Location"], choice)

    assert landed.redirect_chain[-1][0] == f"/requests/{unpaid.reference}/"
    assert says in landed.content.decode()
    assert Case.objects.get(pk=unpaid.pk).status == status


def test_coming_back_without_paying_changes_nothing(unpaid, citizen):
    from django.urls import reverse

    from integrations.pay.models import Payment
    from tests.conftest import signed_in

    client = signed_in(citizen)
    client.post(f"/requests/{unpaid.reference}/pay/")
    payment = Payment.objects.get(purpose=f"case:{unpaid.pk}")
    # Straight to the return address, as if the provider had sent us back after paying.
    back = client.get(reverse("pay:return", args=[payment.pk]), follow=True)
    assert "We have not" in back.content.decode()  # the provider has not said it was paid
    assert Case.objects.get(pk=unpaid.pk).status == Status.AWAITING_PAYMENT


def test_another_resident_cannot_pay_or_see_the_request(unpaid, another_citizen):
    from tests.conftest import signed_in

    client = signed_in(another_citizen)
    assert client.post(f"/requests/{unpaid.reference}/pay/").status_code == 404
    assert client.get(f"/requests/{unpaid.reference}/").status_code == 404


def test_a_request_already_paid_for_has_nothing_to_pay(unpaid, citizen):
    from tests.conftest import signed_in

    actions.case_record_payment(
        case_id=unpaid.pk, outcome="paid", amount_pence=4500, payment_id="p-1"
    )
    response = signed_in(citizen).post(f"/requests/{unpaid.reference}/pay/")
    assert response.status_code == 400
    assert "nothing to pay" in response.content.decode()

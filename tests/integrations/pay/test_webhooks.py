"""GOV.UK Pay's signed webhooks: a resident's payment shows within seconds, not at the next
reconcile run. The fake of GOV.UK Pay (integrations/pay/fake.py) sends them as the
real one does: an HMAC-SHA256 of the body, in hex, in the Pay-Signature header."""

import hashlib
import hmac
import json

import pytest
from django.test import Client
from django.urls import reverse

from casework import actions
from casework.models import Case, CaseEvent
from casework.workflow import Status
from integrations.pay.actions import payment_reconcile, payment_refund
from integrations.pay.fake import FakeGovukPayServer
from integrations.pay.models import Payment, Refund
from tests.casework.factories import RequestTypeFactory
from tests.conftest import signed_in

pytestmark = pytest.mark.django_db

SECRET = "webhook_test_0123456789abcdef"  # noqa: S105 - a test's


@pytest.fixture(scope="module")
def running_fake(tmp_path_factory):
    records = tmp_path_factory.mktemp("pay") / "pay-fake.json"
    with FakeGovukPayServer(str(records), signing_secret=SECRET) as fake:
        yield fake


@pytest.fixture
def gov_pay(running_fake, settings):
    running_fake.reset(records_file=settings.PAY_FAKE_FILE)  # this test's own
    running_fake.webhook_url = ""  # tests post what it sent themselves, unless they say
    settings.PAY_API_KEY = running_fake.api_key
    settings.PAY_BASE_URL = running_fake.url
    settings.PAY_WEBHOOK_SIGNING_SECRET = SECRET
    return running_fake


@pytest.fixture
def unpaid(citizen):
    request_type = RequestTypeFactory(name="Book a pest control treatment", fee_pence=4500)
    return actions.case_submit(
        request_type=request_type, resident=citizen, answers={}, summary="Mice"
    )


def start_paying(case, citizen) -> Payment:
    """The resident goes to GOV.UK Pay from the request page (and never comes back)."""
    assert signed_in(citizen).post(f"/requests/{case.reference}/pay/").status_code == 302
    return Payment.objects.get(purpose=f"case:{case.pk}")


def deliver(body: bytes, signature: str | None):
    headers = {} if signature is None else {"HTTP_PAY_SIGNATURE": signature}
    return Client().post(
        reverse("pay_webhook:webhook"), body, content_type="application/json", **headers
    )


def deliver_sent(gov_pay, start: int = 0) -> list[int]:
    """Post what the fake GOV.UK Pay sent, in order; the status of each answer."""
    return [deliver(sent.body, sent.signature).status_code for sent in gov_pay.webhooks[start:]]


def sign(body: bytes, secret: str = SECRET) -> str:
    return hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def paid_events(case) -> int:
    return case.events.filter(kind=CaseEvent.Kind.STATUS, status_after=Status.SUBMITTED).count()


def test_a_signed_event_marks_the_payment_paid_and_the_request_page_shows_it(
    gov_pay, unpaid, citizen
):
    payment = start_paying(unpaid, citizen)
    gov_pay.set_state(payment.provider_payment_id, "success")
    asked_before = len(gov_pay.requests)

    assert [json.loads(sent.body)["event_type"] for sent in gov_pay.webhooks] == [
        "card_payment_succeeded",
        "card_payment_captured",
    ]
    assert deliver_sent(gov_pay) == [200, 200]

    payment.refresh_from_db()
    assert payment.status == Payment.Status.SUCCESS
    assert Case.objects.get(pk=unpaid.pk).status == Status.SUBMITTED
    page = signed_in(citizen).get(f"/requests/{unpaid.reference}/").content.decode()
    assert "Payment of £45 received." in page
    assert len(gov_pay.requests) == asked_before  # the signed event was enough


@pytest.mark.parametrize(
    "signature",
    [None, "", "0" * 64, "not hex at all", sign(b"another body"), "SIGNED_WITH_ANOTHER_SECRET"],
    ids=["none", "empty", "zeros", "garbage", "other-body", "other-secret"],
)
def test_a_bad_signature_is_refused_and_changes_nothing(gov_pay, unpaid, citizen, signature):
    payment = start_paying(unpaid, citizen)
    gov_pay.set_state(payment.provider_payment_id, "success")
    body = gov_pay.webhooks[0].body
    if signature == "SIGNED_WITH_ANOTHER_SECRET":
        signature = sign(body, "webhook_live_someone_else")

    response = deliver(body, signature)

    assert response.status_code == 401
    payment.refresh_from_db()
    assert payment.status == Payment.Status.CREATED
    assert Case.objects.get(pk=unpaid.pk).status == Status.AWAITING_PAYMENT


def test_without_a_signing_secret_every_event_is_refused(gov_pay, unpaid, citizen, settings):
    payment = start_paying(unpaid, citizen)
    gov_pay.set_state(payment.provider_payment_id, "success")
    settings.PAY_WEBHOOK_SIGNING_SECRET = ""

    assert deliver_sent(gov_pay) == [401, 401]
    assert Case.objects.get(pk=unpaid.pk).status == Status.AWAITING_PAYMENT


def test_a_repeated_event_and_the_reconcile_poll_change_nothing_more(gov_pay, unpaid, citizen):
    payment = start_paying(unpaid, citizen)
    gov_pay.set_state(payment.provider_payment_id, "success")

    assert deliver_sent(gov_pay) == [200, 200]
    assert deliver_sent(gov_pay) == [200, 200]  # GOV.UK Pay sends again when unsure
    Payment.objects.filter(pk=payment.pk).update(created_at=payment.created_at.replace(year=2020))
    payment_reconcile()  # and the poll confirms it too

    case = Case.objects.get(pk=unpaid.pk)
    assert paid_events(case) == 1
    assert case.events.filter(kind=CaseEvent.Kind.PAYMENT).count() == 0  # nothing owed back


@pytest.mark.parametrize(
    "body",
    [b"", b"not json", b"[]", b'{"event_type": "card_payment_captured"}'],
    ids=["empty", "not-json", "a-list", "no-resource"],
)
def test_a_signed_body_that_is_not_an_event_is_refused(gov_pay, body):
    response = deliver(body, sign(body))

    assert response.status_code == 400


def test_an_event_we_do_not_use_is_acknowledged_and_changes_nothing(gov_pay, unpaid, citizen):
    payment = start_paying(unpaid, citizen)
    gov_pay.set_state(payment.provider_payment_id, "success")
    event = json.loads(gov_pay.webhooks[0].body) | {"event_type": "card_payment_disputed"}
    body = json.dumps(event).encode()

    assert deliver(body, sign(body)).status_code == 200
    assert Case.objects.get(pk=unpaid.pk).status == Status.AWAITING_PAYMENT


def test_an_event_for_a_payment_we_do_not_know_is_acknowledged(gov_pay, unpaid, citizen):
    payment = start_paying(unpaid, citizen)
    gov_pay.set_state(payment.provider_payment_id, "success")
    Payment.objects.filter(pk=payment.pk).update(provider_payment_id="someoneelses")

    assert deliver_sent(gov_pay) == [200, 200]  # another service on the same account
    assert Case.objects.get(pk=unpaid.pk).status == Status.AWAITING_PAYMENT


def test_an_event_whose_amount_is_not_the_payments_is_not_believed(gov_pay, unpaid, citizen):
    payment = start_paying(unpaid, citizen)
    gov_pay.set_state(payment.provider_payment_id, "success")
    Payment.objects.filter(pk=payment.pk).update(amount_pence=9900)

    assert deliver_sent(gov_pay)[0] == 400
    assert Case.objects.get(pk=unpaid.pk).status == Status.AWAITING_PAYMENT


def test_a_refunded_event_settles_the_refund_at_once(gov_pay, unpaid, citizen, admin_user):
    payment = start_paying(unpaid, citizen)
    gov_pay.set_state(payment.provider_payment_id, "success")
    deliver_sent(gov_pay)
    refund = payment_refund(payment_id=payment.pk, amount_pence=4500, actor=admin_user)
    assert refund.status == Refund.Status.SUBMITTED
    sent = len(gov_pay.webhooks)

    gov_pay.set_refund_state(refund.provider_refund_id, "success")

    assert [json.loads(s.body)["event_type"] for s in gov_pay.webhooks[sent:]] == [
        "card_payment_refunded"
    ]
    assert deliver_sent(gov_pay, sent) == [200]
    refund.refresh_from_db()
    assert refund.status == Refund.Status.SUCCESS


def test_get_is_not_allowed(gov_pay):
    assert Client().get(reverse("pay_webhook:webhook")).status_code == 405


@pytest.mark.django_db(transaction=True)
def test_the_fake_gov_uk_pay_sends_its_webhooks_to_the_portal(gov_pay, live_server, citizen):
    request_type = RequestTypeFactory(name="Book a pest control treatment", fee_pence=4500)
    case = actions.case_submit(request_type=request_type, resident=citizen, answers={}, summary="")
    payment = start_paying(case, citizen)
    gov_pay.webhook_url = live_server.url + reverse("pay_webhook:webhook")

    gov_pay.set_state(payment.provider_payment_id, "success")

    assert [sent.status for sent in gov_pay.webhooks] == [200, 200]
    assert Case.objects.get(pk=case.pk).status == Status.SUBMITTED


@pytest.mark.parametrize(
    ("code", "event_type", "status"),
    [
        ("P0020", "card_payment_expired", Payment.Status.FAILED),
        ("P0010", "card_payment_failed", Payment.Status.FAILED),
        ("P0030", "card_payment_failed", Payment.Status.CANCELLED),
    ],
    ids=["expired", "declined", "cancelled"],
)
def test_a_payment_that_ends_unpaid_is_told_at_once_and_can_be_tried_again(
    gov_pay, unpaid, citizen, code, event_type, status
):
    payment = start_paying(unpaid, citizen)
    gov_pay.set_state(payment.provider_payment_id, "failed", code)

    assert [json.loads(sent.body)["event_type"] for sent in gov_pay.webhooks] == [event_type]
    assert deliver_sent(gov_pay) == [200]
    payment.refresh_from_db()
    assert payment.status == status
    assert payment.failure_message
    case = Case.objects.get(pk=unpaid.pk)
    assert case.status == Status.AWAITING_PAYMENT  # still owed: nothing taken
    assert paid_events(case) == 0
    page = signed_in(citizen).get(f"/requests/{unpaid.reference}/").content.decode()
    assert f"/requests/{unpaid.reference}/pay/" in page  # the resident may pay again

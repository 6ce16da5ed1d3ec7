"""A fake payment provider, in-process and kept in the database, so that `make run` can pay.

It behaves like GOV.UK Pay where that matters to us: its own ids, a card page
(``pay:fake_card``) that only the browser that first opened it can use, GOV.UK
Pay's states and failure codes (read through the same mapping), expiry after 90
minutes, and refunds guarded by the amount still available. Our Payment learns
what happened only by asking it (``get``), never from the card page directly.
"""

import datetime
import uuid
from enum import StrEnum

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from integrations.pay import mapping
from integrations.pay.models import FakeProviderPayment, Status
from integrations.pay.providers import (
    CreatedPayment,
    PaymentUnavailable,
    ProviderRefund,
    ProviderState,
    RefundRefused,
)

EXPIRY = datetime.timedelta(minutes=90)  # as GOV.UK Pay
SESSION_KEY = "pay_fake_cards"  # the card pages this browser opened


class CardChoice(StrEnum):
    PAY = "pay"
    DECLINE = "decline"
    CANCEL = "cancel"


# What each button does, in GOV.UK Pay's terms: (status, failure code).
_OUTCOMES = {
    CardChoice.PAY: (Status.SUCCESS, ""),
    CardChoice.DECLINE: (Status.FAILED, mapping.DECLINED),
    CardChoice.CANCEL: (Status.FAILED, mapping.CANCELLED_BY_USER),
}


class FakeProvider:
    name = "fake"

    def create(
        self,
        *,
        amount_pence: int,
        reference: str,
        description: str,
        return_url: str,
        email: str = "",
        language: str = "en",
        moto: bool = False,  # the fake's card page serves staff typing a caller's card too
    ) -> CreatedPayment:
        fake = FakeProviderPayment.objects.create(
            amount_pence=amount_pence,
            reference=reference,
            description=description,
            return_url=return_url,
        )
        next_url = settings.PORTAL_BASE_URL + reverse("pay:fake_card", args=[fake.pk])
        return CreatedPayment(provider_id=str(fake.pk), next_url=next_url, state=_state(fake))

    def get(self, provider_id: str) -> ProviderState:
        fake = _expire(_find(provider_id))
        if fake is None:
            raise PaymentUnavailable("fake provider: no such payment")
        return _state(fake)

    @transaction.atomic
    def refund(
        self, provider_id: str, *, amount_pence: int, available_pence: int
    ) -> ProviderRefund:
        fake = _find(provider_id, lock=True)
        if fake is None:
            raise PaymentUnavailable("fake provider: no such payment")
        if fake.status != Status.SUCCESS:
            raise RefundRefused(mapping.refund_refusal("P0603"))
        if available_pence != fake.amount_pence - fake.refunded_pence:
            raise RefundRefused(mapping.refund_refusal("P0604"))
        if not 0 < amount_pence <= available_pence:
            raise RefundRefused(mapping.refund_refusal("P0602"))
        fake.refunded_pence += amount_pence
        fake.save(update_fields=["refunded_pence"])
        return ProviderRefund(provider_refund_id=uuid.uuid4().hex, status="success")

    def refund_get(self, provider_id: str, refund_id: str) -> ProviderRefund:
        return ProviderRefund(provider_refund_id=refund_id, status="success")  # made at once


def _find(provider_id, *, lock: bool = False) -> FakeProviderPayment | None:
    queryset = (
        FakeProviderPayment.objects.select_for_update() if lock else FakeProviderPayment.objects
    )
    try:
        return queryset.filter(pk=provider_id).first()
    except (ValueError, ValidationError):  # not a UUID: no such payment
        return None


def _state(fake: FakeProviderPayment) -> ProviderState:
    # Spoken in GOV.UK Pay's JSON, so that the fake is read exactly as the real thing.
    return mapping.payment_state({"state": {"status": fake.status, "code": fake.code}})


def _expire(fake: FakeProviderPayment | None) -> FakeProviderPayment | None:
    if fake is not None and not _state(fake).finished and timezone.now() - fake.created_at > EXPIRY:
        fake.status, fake.code = Status.FAILED, mapping.EXPIRED
        fake.save(update_fields=["status", "code"])
    return fake


# --- The card page (views.fake_card) --------------------------------------------------


def fake_card_open(*, session, fake_id) -> FakeProviderPayment | None:
    """The card page for this browser, or None (404): unknown, or another browser's.

    The first browser to open the link claims it; any other gets nothing, so a
    leaked or guessed link cannot be used to pay, decline or cancel.
    """
    opened = session.get(SESSION_KEY, [])
    with transaction.atomic():
        fake = _find(fake_id, lock=True)
        if fake is None:
            return None
        if str(fake.pk) in opened:
            return _expire(fake)
        if fake.opened:
            return None
        fake.opened = True
        fake.save(update_fields=["opened"])
    session[SESSION_KEY] = [*opened, str(fake.pk)][-20:]
    return _expire(fake)


def fake_card_is_open(fake: FakeProviderPayment) -> bool:
    return not _state(fake).finished


@transaction.atomic
def fake_card_submit(*, session, fake_id, choice: CardChoice) -> FakeProviderPayment | None:
    """Pay, decline or cancel on the card page. Only this browser's, and only once."""
    if str(fake_id) not in session.get(SESSION_KEY, []):
        return None
    fake = _expire(_find(fake_id, lock=True))
    if fake is None:
        return None
    if fake_card_is_open(fake):
        fake.status, fake.code = _OUTCOMES[choice]
        fake.save(update_fields=["status", "code"])
    return fake

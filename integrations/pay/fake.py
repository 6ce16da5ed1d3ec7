"""A fake payment provider, in-process with its state in a JSON file, so that `make run` can pay.

It behaves like GOV.UK Pay where that matters to us: its own ids, a card page
(``pay:fake_card``) that only the browser that first opened it can use, GOV.UK
Pay's states and failure codes (read through the same mapping), expiry after 90
minutes, and refunds guarded by the amount still available. Our Payment learns
what happened only by asking it (``get``), never from the card page directly.

Like the simulated back office's systems, it keeps its own records outside the
portal's database (``PAY_FAKE_FILE``, under var/), so the production schema has no
table of a fake. One lock on the file makes each change all or nothing.
"""

import dataclasses
import datetime
import fcntl
import json
import os
import uuid
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from integrations.pay import mapping
from integrations.pay.models import Status
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


@dataclasses.dataclass
class FakePayment:
    """The fake provider's own record of a payment: its "server side".

    Kept apart from Payment on purpose: the card page changes only this, and a
    Payment learns of it only by asking the fake, as it would ask GOV.UK Pay.
    ``opened``: the card page link works for the first browser that opens it,
    like GOV.UK Pay's single-use next_url.
    """

    id: str
    amount_pence: int
    description: str
    reference: str
    return_url: str
    status: str = Status.CREATED
    code: str = ""  # GOV.UK Pay's failure code
    refunded_pence: int = 0
    opened: bool = False
    created_at: str = ""  # ISO 8601

    @property
    def pk(self) -> str:
        return self.id

    @property
    def created(self) -> datetime.datetime:
        return datetime.datetime.fromisoformat(self.created_at)


@contextmanager
def _payments():
    """The fake's records, {id: FakePayment}, locked; changes are written back on leaving."""
    path = Path(settings.PAY_FAKE_FILE)
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a+", encoding="utf-8") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        handle.seek(0)
        text = handle.read()
        try:
            records = json.loads(text) if text.strip() else {}
        except ValueError:  # a damaged file: the fake starts again, as after a reset
            records = {}
        payments = {key: FakePayment(**value) for key, value in records.items()}
        yield payments
        handle.seek(0)
        handle.truncate()
        json.dump({key: dataclasses.asdict(value) for key, value in payments.items()}, handle)
        handle.flush()
        os.fsync(handle.fileno())


def fake_payment_set(provider_id: str, **changes) -> FakePayment:
    """Change the fake's record directly, as if on its card page or with time passed
    (``created_at`` as a datetime): for tests and the demo."""
    if isinstance(changes.get("created_at"), datetime.datetime):
        changes["created_at"] = changes["created_at"].isoformat()
    with _payments() as payments:
        payments[str(provider_id)] = dataclasses.replace(payments[str(provider_id)], **changes)
        return payments[str(provider_id)]


def fake_payment_get(provider_id: str) -> FakePayment | None:
    with _payments() as payments:
        return payments.get(str(provider_id))


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
        fake = FakePayment(
            id=str(uuid.uuid4()),
            amount_pence=amount_pence,
            reference=reference,
            description=description,
            return_url=return_url,
            created_at=timezone.now().isoformat(),
        )
        with _payments() as payments:
            payments[fake.id] = fake
        next_url = settings.PORTAL_BASE_URL + reverse("pay:fake_card", args=[fake.pk])
        return CreatedPayment(provider_id=str(fake.pk), next_url=next_url, state=_state(fake))

    def get(self, provider_id: str) -> ProviderState:
        with _payments() as payments:
            fake = _expire(payments.get(str(provider_id)))
        if fake is None:
            raise PaymentUnavailable("fake provider: no such payment")
        return _state(fake)

    def refund(
        self, provider_id: str, *, amount_pence: int, available_pence: int
    ) -> ProviderRefund:
        with _payments() as payments:
            fake = payments.get(str(provider_id))
            if fake is None:
                raise PaymentUnavailable("fake provider: no such payment")
            if fake.status != Status.SUCCESS:
                raise RefundRefused(mapping.refund_refusal("P0603"))
            if available_pence != fake.amount_pence - fake.refunded_pence:
                raise RefundRefused(mapping.refund_refusal("P0604"))
            if not 0 < amount_pence <= available_pence:
                raise RefundRefused(mapping.refund_refusal("P0602"))
            fake.refunded_pence += amount_pence
        return ProviderRefund(provider_refund_id=uuid.uuid4().hex, status="success")

    def refund_get(self, provider_id: str, refund_id: str) -> ProviderRefund:
        return ProviderRefund(provider_refund_id=refund_id, status="success")  # made at once


def _state(fake: FakePayment) -> ProviderState:
    # Spoken in GOV.UK Pay's JSON, so that the fake is read exactly as the real thing.
    return mapping.payment_state({"state": {"status": fake.status, "code": fake.code}})


def _expire(fake: FakePayment | None) -> FakePayment | None:
    """``fake``, failed as expired when it was left unpaid too long (changed in place:
    call it inside ``_payments()`` so that the change is kept)."""
    if fake is not None and not _state(fake).finished and timezone.now() - fake.created > EXPIRY:
        fake.status, fake.code = Status.FAILED, mapping.EXPIRED
    return fake


# --- The card page (views.fake_card) --------------------------------------------------


def fake_card_open(*, session, fake_id) -> FakePayment | None:
    """The card page for this browser, or None (404): unknown, or another browser's.

    The first browser to open the link claims it; any other gets nothing, so a
    leaked or guessed link cannot be used to pay, decline or cancel.
    """
    opened = session.get(SESSION_KEY, [])
    with _payments() as payments:
        fake = _expire(payments.get(str(fake_id)))
        if fake is None:
            return None
        if str(fake.pk) in opened:
            return fake
        if fake.opened:
            return None
        fake.opened = True
    session[SESSION_KEY] = [*opened, str(fake.pk)][-20:]
    return fake


def fake_card_is_open(fake: FakePayment) -> bool:
    return not _state(fake).finished


def fake_card_submit(*, session, fake_id, choice: CardChoice) -> FakePayment | None:
    """Pay, decline or cancel on the card page. Only this browser's, and only once."""
    if str(fake_id) not in session.get(SESSION_KEY, []):
        return None
    with _payments() as payments:
        fake = _expire(payments.get(str(fake_id)))
        if fake is None:
            return None
        if fake_card_is_open(fake):
            fake.status, fake.code = _OUTCOMES[choice]
    return fake

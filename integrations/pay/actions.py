"""Payments: create, confirm with the provider, reconcile, refund.

The one rule: a payment's status comes from the provider, asked by us, server
side. The return URL only prompts us to ask (``payment_confirm``); a resident
who comes back without paying leaves the payment as it was.

These actions call the provider over the network, so unlike most actions they
are not one transaction from end to end: no database transaction (or row lock)
is held while waiting for an answer, and what must survive a failed call (a
payment marked "error", a refund given back) is committed on its own. Every
change of state is still made under a row lock, so listeners hear of each
outcome once, however many requests and workers confirm the same payment.
"""

import datetime
import logging

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from core import clock
from integrations.pay import mapping
from integrations.pay.fake import in_process
from integrations.pay.govuk import GovukPay, InProcessFake
from integrations.pay.models import UNFINISHED, Payment, Refund, Status
from integrations.pay.providers import PaymentUnavailable, Provider, ProviderState, RefundRefused
from integrations.pay.registry import PaymentEvent, listeners_for

__all__ = [
    "PaymentUnavailable",
    "RefundRefused",
    "format_money",
    "is_internal_path",
    "payment_confirm",
    "payment_create",
    "payment_event_record",
    "payment_reconcile",
    "payment_refund",
    "refunds_reconcile",
]

log = logging.getLogger(__name__)

# The reconcile job leaves a payment alone this long: the resident may still be paying.
RECONCILE_AFTER = datetime.timedelta(minutes=10)
# GOV.UK Pay expires a payment 90 minutes after it is created; a little slack for clocks.
EXPIRE_AFTER = datetime.timedelta(minutes=90 + 15)
RECONCILE_BATCH = 200
# A submitted refund is asked after again once it is this old (and at every run after).
REFUND_AFTER = datetime.timedelta(minutes=10)

# --- Which provider ---------------------------------------------------------------------


def active_provider() -> Provider:
    """The provider new payments go to. Raises PaymentUnavailable when there is none."""
    if settings.PAY_API_KEY:
        return provider_named("govuk")
    if settings.PAY_FAKE_ALLOWED:
        return provider_named("fake")
    raise PaymentUnavailable("no PAY_API_KEY set: online payments are off")


def provider_named(name: str) -> Provider:
    """The provider a payment was made with, to ask about it or refund it."""
    if name == "govuk":
        if not settings.PAY_API_KEY:
            raise PaymentUnavailable("a GOV.UK Pay payment, but no PAY_API_KEY is set")
        return GovukPay(api_key=settings.PAY_API_KEY, base_url=settings.PAY_BASE_URL)
    if name == "fake":
        if not settings.PAY_FAKE_ALLOWED:
            raise PaymentUnavailable("a fake provider's payment, but the fake is not allowed")
        return InProcessFake(in_process())
    raise PaymentUnavailable(f"unknown provider {name!r}")


_EVENTS = {
    Status.SUCCESS: PaymentEvent.PAID,
    Status.FAILED: PaymentEvent.FAILED,
    Status.ERROR: PaymentEvent.FAILED,
    Status.CANCELLED: PaymentEvent.CANCELLED,
}


def is_internal_path(path: str) -> bool:
    """A path on this site ("/requests/MB-1/"), never another site ("//evil.example")."""
    return (
        isinstance(path, str)
        and path.startswith("/")
        and url_has_allowed_host_and_scheme(path, allowed_hosts=set())
    )


def payment_create(
    *,
    amount_pence: int,
    description: str,
    reference: str,
    purpose: str,
    return_to: str,
    owner=None,
    email: str = "",
    moto: bool = False,
) -> Payment:
    """A payment at the provider; send the resident to ``payment.next_url``.

    ``return_to`` is the page of ours the resident lands on afterwards (a path).
    Raises PaymentUnavailable (safe to show the resident) when the provider
    cannot take it; the payment is then kept, marked "error", for the record.
    ``moto``: staff type in the card details of someone on the phone (GOV.UK Pay's
    "MOTO" payments); the receipt still goes to ``email``, the person's.
    """
    if not 0 < amount_pence <= mapping.MAX_AMOUNT_PENCE:
        raise ValueError("amount_pence must be between 1 and 10,000,000")
    if not (0 < len(reference) <= mapping.MAX_TEXT and 0 < len(description) <= mapping.MAX_TEXT):
        raise ValueError("reference and description must be 1 to 255 characters")
    if not is_internal_path(return_to):
        raise ValueError("return_to must be a path on this site")
    provider = active_provider()
    payment = Payment.objects.create(
        amount_pence=amount_pence,
        description=description,
        reference=reference,
        purpose=purpose,
        return_to=return_to,
        owner=owner,
        email=email,
        moto=moto,
        provider=provider.name,
    )
    return_url = settings.PORTAL_BASE_URL + reverse("pay:return", args=[payment.pk])
    try:
        created = provider.create(
            amount_pence=amount_pence,
            reference=reference,
            description=description,
            return_url=return_url,
            email=email,
            language=get_language() or "en",
            moto=moto,
        )
    except PaymentUnavailable as exc:
        log.warning("pay: payment %s for %s not created: %s", payment.pk, reference, exc.detail)
        payment.status = Status.ERROR
        payment.failure_message = "Could not reach the payment provider"
        payment.finished_at = clock.now()
        payment.save(update_fields=["status", "failure_message", "finished_at", "updated_at"])
        raise
    payment.provider_payment_id = created.provider_id
    payment.next_url = created.next_url
    payment.status = created.state.status
    payment.save(update_fields=["provider_payment_id", "next_url", "status", "updated_at"])
    log.info("pay: payment %s for %s created with %s", payment.pk, reference, provider.name)
    return payment


def payment_confirm(*, payment_id) -> Payment:
    """Ask the provider what became of the payment, and record it.

    Listeners hear of a finished payment the first time it is recorded, inside
    that transaction. A finished payment is never asked about again. Raises
    PaymentUnavailable when the provider cannot be asked: nothing is changed.
    """
    payment = Payment.objects.get(pk=payment_id)
    if payment.is_finished or not payment.provider_payment_id:
        return payment
    state = provider_named(payment.provider).get(payment.provider_payment_id)
    if state.status == payment.status:
        return payment  # nothing new: no need to lock anything
    return _record_state(payment_id=payment.pk, state=state)


@transaction.atomic
def _record_state(*, payment_id, state: ProviderState) -> Payment:
    payment = Payment.objects.select_for_update().get(pk=payment_id)
    if payment.is_finished or payment.status == state.status:
        return payment  # another request or worker recorded it first
    payment.status = state.status
    if state.finished:
        payment.finished_at = clock.now()
        payment.failure_message = state.failure_message
    payment.save()
    log.info("pay: payment %s for %s is %s", payment.pk, payment.reference, payment.status)
    if state.finished:
        _tell(payment, _EVENTS[state.status])
    return payment


def payment_event_record(*, event: mapping.WebhookEvent) -> Payment | None:
    """What a signed GOV.UK Pay webhook says happened, recorded as the reconcile job records
    what it is told (``_record_state``): each outcome once, however many times it comes.

    The event's payment is GOV.UK Pay's own word, signed, so it is not asked again. A
    refund event follows up that payment's refunds at once. Returns the payment, or None
    for an event we do not use or a payment that is none of ours (another service on the
    same GOV.UK Pay account). Raises mapping.BadResponse for an event whose amount is not
    the payment's.
    """
    if not event.used:
        return None
    payment = Payment.objects.filter(
        provider=Payment.Provider.GOVUK, provider_payment_id=event.payment_id
    ).first()
    if payment is None:
        log.info("pay: webhook %s for a payment not ours", event.event_type)
        return None
    if event.amount_pence != payment.amount_pence:
        raise mapping.BadResponse("the event's amount is not the payment's")
    if event.event_type == mapping.REFUNDED_EVENT:
        refunds_reconcile(payment_id=payment.pk)
    elif event.state is not None and event.state.finished:
        payment = _record_state(payment_id=payment.pk, state=event.state)
    return payment


def _tell(payment: Payment, event: PaymentEvent) -> None:
    for listener in listeners_for(payment.purpose):
        listener(payment, event)


def payment_reconcile(*, now: datetime.datetime | None = None) -> int:
    """The periodic job: settle payments whose resident never came back. Returns how many.

    Each unfinished payment older than a few minutes is confirmed with the
    provider. One the provider still calls unstarted after GOV.UK Pay's 90-minute
    expiry is marked failed ("expired"): it can no longer be paid. One whose
    provider cannot be reached is left for the next run: never paid or failed
    on a guess. Card details submitted but not settled after the expiry are
    left for a person (logged), since money may yet be taken.
    """
    now = now or clock.now()
    due = (
        Payment.objects.filter(status__in=UNFINISHED, created_at__lt=now - RECONCILE_AFTER)
        .order_by("created_at")
        .values_list("pk", flat=True)[:RECONCILE_BATCH]
    )
    settled = 0
    for payment_id in list(due):
        try:
            payment = payment_confirm(payment_id=payment_id)
        except PaymentUnavailable as exc:
            log.warning("pay: payment %s not confirmed, will try again: %s", payment_id, exc.detail)
            continue
        if not payment.is_finished and payment.created_at < now - EXPIRE_AFTER:
            if payment.status in (Status.CREATED, Status.STARTED):
                payment = _record_state(
                    payment_id=payment_id,
                    state=ProviderState(
                        Status.FAILED,
                        code=mapping.EXPIRED,
                        failure_message=mapping.FAILURE_MESSAGES[mapping.EXPIRED],
                    ),
                )
            else:
                log.warning(
                    "pay: payment %s for %s still %s after the expiry; needs a person",
                    payment.pk,
                    payment.reference,
                    payment.status,
                )
        settled += payment.is_finished
    return settled


def format_money(pence: int) -> str:
    """Pounds and pence for staff: "£1,250.00"."""
    return f"£{pence / 100:,.2f}"


def payment_refund(*, payment_id, amount_pence: int, actor=None, reason: str = "") -> Refund:
    """Give back some or all of a successful payment, through its provider.

    Raises RefundRefused (the message says why, for staff) for a payment that
    did not go through, an amount that is not positive or more than is left,
    or a refund the provider refuses; PaymentUnavailable when it cannot be asked.
    The amount is set aside before the provider is asked, so two refunds at once
    can never add up to more than was paid.
    """
    with transaction.atomic():
        payment = Payment.objects.select_for_update().get(pk=payment_id)
        if not payment.succeeded:
            raise RefundRefused(_("Only a payment that went through can be refunded."))
        if amount_pence <= 0:
            raise RefundRefused(_("Enter an amount of at least 1p."))
        available = payment.refundable_pence
        if amount_pence > available:
            raise RefundRefused(
                _("You can refund at most %(money)s.") % {"money": format_money(available)}
            )
        refund = Refund.objects.create(
            payment=payment, amount_pence=amount_pence, reason=reason, created_by=actor
        )
        payment.refunded_pence += amount_pence
        payment.save(update_fields=["refunded_pence", "updated_at"])
    try:
        result = provider_named(payment.provider).refund(
            payment.provider_payment_id, amount_pence=amount_pence, available_pence=available
        )
        if result.status == Refund.Status.ERROR:
            raise RefundRefused(_("The payment provider could not make the refund."))
    except (PaymentUnavailable, RefundRefused) as exc:
        _refund_undo(refund)
        log.warning(
            "pay: refund %s of payment %s for %s not made: %s",
            refund.pk,
            payment.pk,
            payment.reference,
            getattr(exc, "detail", "") or "refused",
        )
        raise
    with transaction.atomic():
        payment = Payment.objects.select_for_update().get(pk=payment_id)
        refund.provider_refund_id = result.provider_refund_id
        refund.status = result.status
        refund.save(update_fields=["provider_refund_id", "status"])
        log.info(
            "pay: refund %s of payment %s for %s made", refund.pk, payment.pk, payment.reference
        )
        _tell(payment, PaymentEvent.REFUNDED)
    return refund


def refunds_reconcile(*, now: datetime.datetime | None = None, payment_id=None) -> int:
    """The periodic job: follow refunds the provider took as "submitted". Returns how many settled.

    With ``payment_id`` (GOV.UK Pay said one of its refunds was made), that payment's
    submitted refunds, however new.

    GOV.UK Pay makes most card refunds later: "submitted", then "success" or
    "error". A refund that fails gives the amount back to what may be refunded
    and tells the listener (REFUND_FAILED), so that the money is not thought
    returned when it was not. One whose provider cannot be reached waits.
    """
    now = now or clock.now()
    due = Refund.objects.filter(status=Refund.Status.SUBMITTED)
    if payment_id is None:
        due = due.filter(created_at__lt=now - REFUND_AFTER)
    else:
        due = due.filter(payment_id=payment_id)
    due = (
        due.exclude(provider_refund_id="")
        .select_related("payment")
        .order_by("created_at")[:RECONCILE_BATCH]
    )
    settled = 0
    for refund in list(due):
        payment = refund.payment
        try:
            result = provider_named(payment.provider).refund_get(
                payment.provider_payment_id, refund.provider_refund_id
            )
        except PaymentUnavailable as exc:
            log.warning("pay: refund %s not followed up, will try again: %s", refund.pk, exc.detail)
            continue
        if result.status == Refund.Status.SUCCESS:
            Refund.objects.filter(pk=refund.pk, status=Refund.Status.SUBMITTED).update(
                status=Refund.Status.SUCCESS
            )
            settled += 1
        elif result.status == Refund.Status.ERROR:
            settled += _refund_failed_later(refund.pk)
    return settled


@transaction.atomic
def _refund_failed_later(refund_id) -> bool:
    refund = Refund.objects.select_for_update().get(pk=refund_id)
    if refund.status != Refund.Status.SUBMITTED:
        return False  # another run got there first
    _refund_undo(refund)
    payment = Payment.objects.get(pk=refund.payment_id)
    log.warning(
        "pay: refund %s of payment %s for %s failed at the provider; the money is still owed",
        refund.pk,
        payment.pk,
        payment.reference,
    )
    _tell(payment, PaymentEvent.REFUND_FAILED)
    return True


@transaction.atomic
def _refund_undo(refund: Refund) -> None:
    payment = Payment.objects.select_for_update().get(pk=refund.payment_id)
    payment.refunded_pence -= refund.amount_pence
    payment.save(update_fields=["refunded_pence", "updated_at"])
    refund.status = Refund.Status.ERROR
    refund.save(update_fields=["status"])

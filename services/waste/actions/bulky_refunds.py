"""Money back on bulky collections, given in the background.

A change that leaves money owed (a cancellation, fewer items, a booking paid after its
hold ran out) calls ``refund_after_commit``: once its transaction commits,
``bulky_refund_task`` gives back what is owed through the payment provider
(``bulky_refund``), and the tidy job tries again for whatever is still owed
(``bulky_refunds_retry``). The task lives here, beside the work it does, because the
bookings' actions (``services.waste.actions.bulky``) queue it while the scheduled jobs
in ``services.waste.tasks`` call those actions: in that module it would import the
actions that import it. ``lock_booking`` is the one way every path locks a booking.
"""

from __future__ import annotations

import logging
from functools import partial

from celery import shared_task
from django.db import transaction
from django.utils.translation import gettext as _

from casework import actions as case_actions
from casework.models import Case
from casework.money import format_pence
from casework.payments import PURPOSE_PREFIX
from integrations.pay.actions import PaymentUnavailable, RefundRefused, payment_refund
from integrations.pay.models import Payment, Refund
from services.waste.models import BulkyBooking
from services.waste.selectors import bulky as selectors

log = logging.getLogger(__name__)


def lock_booking(booking: BulkyBooking | int, *, skip_locked: bool = False) -> BulkyBooking | None:
    """The booking, locked with its case, in the order every path takes them: the case,
    then the booking (a payment's listener comes from the case's side). With
    ``skip_locked``, None when another transaction holds it."""
    pk = booking if isinstance(booking, int) else booking.pk
    case_id = BulkyBooking.objects.filter(pk=pk).values_list("case_id", flat=True).first()
    if case_id is None:
        raise BulkyBooking.DoesNotExist
    case = Case.objects.select_for_update(skip_locked=skip_locked).filter(pk=case_id)
    if not list(case.values_list("pk", flat=True)):
        return None  # locked by another transaction (skip_locked)
    bookings = BulkyBooking.objects.select_for_update(of=("self",), skip_locked=skip_locked)
    return (
        bookings.select_related("case", "case__request_type", "case__resident", "slot", "address")
        .filter(pk=pk)
        .first()
    )


def refund_after_commit(booking: BulkyBooking) -> None:
    transaction.on_commit(partial(_queue_refund, booking.pk))


def _queue_refund(booking_id: int) -> None:
    try:
        bulky_refund_task.delay(booking_id)
    except Exception:  # noqa: BLE001 - broker down: the tidy job refunds it later
        log.warning("bulky: could not queue the refund of booking %s; the job will", booking_id)


@shared_task(name="services.waste.tasks.bulky_refund_task", ignore_result=True)
def bulky_refund_task(booking_id: int) -> None:
    """Right after a cancellation or a smaller booking: give back what is owed. (Named as
    when it was in services.waste.tasks, so a refund queued before an upgrade still runs.)"""
    bulky_refund(booking_id=booking_id)


def bulky_refund(*, booking_id: int) -> int:
    """Give back what is owed on a booking, through the payment provider. Returns pence refunded.

    Safe to repeat and to run beside itself: the booking row is locked while the
    provider is asked (another worker skips it), and what is owed is worked out
    from the refunds already made. When the provider cannot be reached or says
    no, the money stays owed (staff see it) and the next run tries again.
    """
    with transaction.atomic():
        booking = lock_booking(booking_id, skip_locked=True)
        if booking is None:
            return 0  # being refunded by another worker right now
        due = selectors.refund_due(booking)
        if due <= 0:
            return 0
        refunded = 0
        payments = Payment.objects.filter(
            purpose=f"{PURPOSE_PREFIX}{booking.case_id}", status=Payment.Status.SUCCESS
        ).order_by("created_at", "pk")
        for payment in payments:
            amount = min(due - refunded, payment.refundable_pence)
            if amount <= 0:
                continue
            try:
                payment_refund(
                    payment_id=payment.pk,
                    amount_pence=amount,
                    actor=None,
                    reason=_("Bulky waste collection %(ref)s") % {"ref": booking.case.reference},
                )
            except (PaymentUnavailable, RefundRefused) as exc:
                log.warning(
                    "bulky: refund of %sp on booking %s not made, will try again: %s",
                    amount,
                    booking.pk,
                    getattr(exc, "detail", "") or exc,
                )
                _note_refund_problem(booking, amount=due - refunded)
                break
            refunded += amount
            if refunded >= due:
                break
        return refunded


def _note_refund_problem(booking: BulkyBooking, *, amount: int) -> None:
    """Staff see the first failure on the case's timeline (later retries only log)."""
    failures = Refund.objects.filter(
        payment__purpose=f"{PURPOSE_PREFIX}{booking.case_id}", status=Refund.Status.ERROR
    ).count()
    if failures != 1:
        return
    case_actions.case_add_note(
        case=booking.case,
        actor=None,
        message=_(
            "A refund of %(money)s could not be made just now. It is still owed and will be "
            "tried again automatically."
        )
        % {"money": format_pence(amount)},
    )


def bulky_refunds_retry(*, limit: int = 200) -> int:
    """The job: every booking with money still owed, tried again. Returns pence refunded."""
    refunded = 0
    ids = list(selectors.bookings_with_refunds_owed().values_list("pk", flat=True)[:limit])
    for booking_id in ids:
        refunded += bulky_refund(booking_id=booking_id)
    return refunded

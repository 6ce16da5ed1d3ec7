"""Garden waste subscriptions: subscribe, renew, cancel, and the jobs (see selectors.garden).

Subscribing or renewing makes a casework case with the price as its fee and a
subscription waiting for payment. Only the payment provider's confirmation, through
the payment listener (``garden_on_payment``, registered for "case:" payments in
``WasteConfig.ready``), makes it active. The daily job (``garden_daily``) sends each
renewal reminder once and tidies the rows of subscriptions that ended.
"""

from __future__ import annotations

import datetime
import logging

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from accounts.models import Address, User
from casework import actions as case_actions
from casework import workflow
from casework.models import Case, Channel, RequestType
from casework.money import format_pence
from core import clock
from integrations.outbox.actions import message_enqueue
from services.waste.models import GardenSubscription
from services.waste.selectors import garden as selectors
from services.waste.selectors.garden import Quote, State

log = logging.getLogger(__name__)

PAYMENT_PREFIX = "case:"


class GardenRefused(Exception):
    """What was asked cannot be done; the message says why, for the resident."""


class AlreadySubscribed(GardenRefused):
    """The address already has a live subscription (``existing``)."""

    def __init__(self, existing: GardenSubscription):
        super().__init__(_("This address already has a garden waste subscription."))
        self.existing = existing


class AlreadyRenewed(GardenRefused):
    def __init__(self, renewal: GardenSubscription):
        super().__init__(_("You have already renewed this subscription."))
        self.renewal = renewal


def _date(day: datetime.date) -> str:
    return formats.date_format(day, "j F Y")


def _answers(quote: Quote, *, renews: GardenSubscription | None = None) -> dict:
    answers = {
        "bins": quote.bins,
        "price_per_bin": quote.price_per_bin_text,
        "total": quote.total_text,
    }
    if renews is not None:
        answers.update(
            renews=renews.case.reference,
            starts_on=_date(quote.starts_on),
            ends_on=_date(quote.ends_on),
        )
    else:
        answers["length"] = _("%(months)s months from the day it is paid for") % {
            "months": quote.months
        }
    return answers


def _summary(quote: Quote, address: Address) -> str:
    what = _("Garden waste renewal") if quote.renewal else _("Garden waste")
    return f"{what}: {selectors.bins_text(quote.bins)} at {address.line1}"


def _check_bins(bins: int, rules) -> None:
    if not 1 <= bins <= rules.garden_max_bins:
        raise GardenRefused(
            _("You can subscribe for 1 to %(most)s bins.") % {"most": rules.garden_max_bins}
        )


def _make(
    *,
    user,
    address: Address,
    quote: Quote,
    request_type: RequestType,
    channel: str,
    renews: GardenSubscription | None = None,
) -> GardenSubscription:
    case = case_actions.case_submit(
        request_type=request_type,
        answers=_answers(quote, renews=renews),
        summary=_summary(quote, address),
        resident=user,
        address=address,
        channel=channel,
        actor=user,
        fee_pence=quote.total_pence,
    )
    subscription = GardenSubscription.objects.create(
        case=case,
        resident=user,
        address=address,
        bins=quote.bins,
        price_pence=quote.total_pence,
        starts_on=quote.starts_on,
        ends_on=quote.ends_on,
        renewal_of=renews,
        # Nothing to pay (a council that makes it free): the case went ahead, and so does this.
        state=State.ACTIVE if not quote.total_pence else State.AWAITING_PAYMENT,
    )
    subscription.case = case
    return subscription


@transaction.atomic
def garden_subscribe(
    *,
    user,
    address: Address,
    bins: int,
    request_type: RequestType,
    on: datetime.date | None = None,
    channel: str = Channel.WEB,
) -> GardenSubscription:
    """A new subscription for ``address``, waiting for payment.

    Raises AlreadySubscribed when the address has a live subscription (a second
    click finds the first: the address row is locked, so two at once cannot both
    make one), and GardenRefused for an address with no garden round or a number of
    bins the council does not allow.
    """
    on = on or clock.today()
    Address.objects.select_for_update().filter(pk=address.pk).first()
    if not selectors.has_garden_round(address=address):
        raise GardenRefused(_("We do not collect garden waste from this address."))
    rules = selectors.policy()
    _check_bins(bins, rules)
    existing = selectors.live_at_address(address=address, on=on)
    if existing is not None:
        raise AlreadySubscribed(existing)
    quote = selectors.quote_new(bins=bins, on=on, rules=rules)
    return _make(
        user=user, address=address, quote=quote, request_type=request_type, channel=channel
    )


@transaction.atomic
def garden_renew(
    *,
    user,
    subscription: GardenSubscription,
    bins: int,
    request_type: RequestType,
    on: datetime.date | None = None,
    channel: str = Channel.WEB,
) -> GardenSubscription:
    """A renewal of ``user``'s subscription, starting the day after it ends, waiting for payment.

    Raises AlreadyRenewed when it has a live renewal (a second click), and
    GardenRefused outside the renewal window or for a subscription that is not active.
    """
    on = on or clock.today()
    subscription = (
        GardenSubscription.objects.select_for_update(of=("self",))
        .select_related("case", "address")
        .get(pk=subscription.pk)
    )
    if subscription.resident_id != user.pk:
        raise GardenRefused(_("This is not your subscription."))
    rules = selectors.policy()
    _check_bins(bins, rules)
    renewal = selectors.live_renewal_of(subscription=subscription, on=on)
    if renewal is not None:
        raise AlreadyRenewed(renewal)
    refusal = selectors.renewal_refusal(subscription, on=on, rules=rules)
    if refusal:
        raise GardenRefused(refusal)
    quote = selectors.quote_renewal(subscription=subscription, bins=bins, rules=rules)
    return _make(
        user=user,
        address=subscription.address,
        quote=quote,
        request_type=request_type,
        channel=channel,
        renews=subscription,
    )


# --- Payment ------------------------------------------------------------------------------------


def garden_on_payment(payment, event) -> None:
    """Payment listener for "case:" purposes (beside casework's), in the payment's transaction.

    Only "paid" matters here: a declined or cancelled payment leaves the subscription
    waiting, and a refund (made by staff in the payment admin) does not end it.
    """
    if str(event) != "paid":
        return
    try:
        case_id = int(payment.purpose.removeprefix(PAYMENT_PREFIX))
    except ValueError:
        return
    garden_activate(case_id=case_id, paid_on=clock.today())


@transaction.atomic
def garden_activate(*, case_id: int, paid_on: datetime.date) -> GardenSubscription | None:
    """The provider confirmed payment for ``case_id``: its subscription (if any) is active.

    The period is set now: a new subscription from the day it is paid for, a renewal
    from the day after the one it renews (or today, if that has already ended). A
    payment for a request already withdrawn activates nothing (casework flags it for
    a refund). Returns the subscription it activated, or None.
    """
    subscription = (
        GardenSubscription.objects.select_for_update(of=("self",))
        .select_related("renewal_of")
        .filter(case_id=case_id)
        .first()
    )
    if subscription is None or subscription.state != State.AWAITING_PAYMENT:
        return None
    case = Case.objects.get(pk=case_id)
    if case.status in workflow.FINISHED:
        log.warning("garden: payment for %s after it was %s", case.reference, case.status)
        return None
    months = selectors.months_between(subscription.starts_on, subscription.ends_on)
    starts_on = paid_on
    if subscription.renewal_of is not None:
        starts_on = max(subscription.renewal_of.ends_on + datetime.timedelta(days=1), paid_on)
    subscription.starts_on = starts_on
    subscription.ends_on = selectors.period_end(starts_on, months)
    subscription.state = State.ACTIVE
    subscription.save(update_fields=["starts_on", "ends_on", "state"])
    case_actions.case_add_note(
        case=case,
        actor=None,
        message=(
            f"Garden waste subscription active: {selectors.bins_text(subscription.bins)} "
            f"from {_date(subscription.starts_on)} to {_date(subscription.ends_on)}."
        ),
    )
    return subscription


# --- Cancelling ---------------------------------------------------------------------------------


def _recipient(user: User) -> tuple[str, str] | None:
    """(channel, to) for a message about the resident's own subscription, or None.

    A service message about something they pay for, like casework's messages about a
    request: sent whatever they chose for bin-day reminders, never to a closed or
    deactivated account.
    """
    if user is None or not user.is_active or user.closed_at is not None:
        return None
    if user.preferred_channel == User.Channel.SMS and user.phone:
        return "sms", user.phone.as_e164
    if user.email:
        return "email", user.email
    return None


@transaction.atomic
def garden_cancel(
    *, user, subscription: GardenSubscription, reason: str = "", now=None
) -> GardenSubscription:
    """Stop a live subscription at once, without a refund.

    Its case is withdrawn with the reason while it is open; a case the team has
    already finished gets an internal note, and the resident a message of their own.
    The waste team is told by e-mail either way, so the crews stop. Raises
    GardenRefused for a subscription that has already ended or been cancelled.
    """
    on = clock.today() if now is None else timezone.localdate(now)
    now = now or clock.now()
    subscription = (
        GardenSubscription.objects.select_for_update(of=("self",))
        .select_related("case", "case__request_type", "case__team", "address")
        .get(pk=subscription.pk)
    )
    if subscription.resident_id != user.pk:
        raise GardenRefused(_("This is not your subscription."))
    if selectors.shown_state(subscription, on=on) not in selectors.LIVE:
        raise GardenRefused(_("This subscription has already ended."))
    was_paid = subscription.state == State.ACTIVE
    subscription.state = State.CANCELLED
    subscription.cancelled_at = now
    subscription.save(update_fields=["state", "cancelled_at"])

    message = _("You cancelled your garden waste subscription.")
    if was_paid:
        message += " " + _("We have stopped your garden waste collections. There is no refund.")
    if reason.strip():
        message += "\n" + _("Your reason: %(reason)s") % {"reason": reason.strip()}
    case = subscription.case
    if case.status in workflow.OPEN:
        case_actions.case_withdraw(case=case, actor=user, reason=message)
    else:
        case_actions.case_add_note(case=case, actor=user, message=message)
        _tell_resident_cancelled(subscription, message=message)
    if was_paid:
        why = "the resident cancelled it."
        if reason.strip():
            why += f" Their reason: {reason.strip()}"
        _tell_team_cancelled(subscription, on=on, why=why)
    return subscription


def _tell_resident_cancelled(subscription: GardenSubscription, *, message: str) -> None:
    recipient = _recipient(subscription.resident)
    if recipient is None:
        return
    channel, to = recipient
    reference = subscription.case.reference
    subject = _("Garden waste subscription cancelled: %(reference)s") % {"reference": reference}
    message_enqueue(
        kind=f"notify.{channel}",
        payload={"to": to, "subject": subject, "body": f"{message}\n\n{reference}"},
        idempotency_key=f"garden-cancelled-{subscription.pk}",
    )


def _tell_team_cancelled(subscription: GardenSubscription, *, on: datetime.date, why: str):
    """E-mail the waste team (once per subscription) to stop collecting."""
    team = subscription.case.team
    if team is None or not team.email:
        return
    reference = subscription.case.reference
    lines = [
        f"Garden waste subscription {reference} was cancelled on {_date(on)}: {why}",
        f"Stop collecting garden waste from {subscription.address.single_line} "
        f"({selectors.bins_text(subscription.bins)}).",
        "No refund is due under the council's terms; the payment admin can refund if needed.",
        f"{settings.PORTAL_BASE_URL}/staff/cases/{reference}/",
    ]
    message_enqueue(
        kind="notify.email",
        payload={
            "to": team.email,
            "subject": f"Garden waste subscription cancelled: {reference}",
            "body": "\n".join(lines),
        },
        idempotency_key=f"garden-cancelled-team-{subscription.pk}",
    )


# --- The daily job ------------------------------------------------------------------------------


def _renewal_text(subscription: GardenSubscription, *, channel: str, rules) -> tuple[str, str]:
    ends = formats.date_format(subscription.ends_on, "l j F Y")
    url = f"{settings.PORTAL_BASE_URL}{reverse('waste:garden')}"
    subject = _("Your garden waste subscription ends on %(date)s") % {"date": ends}
    if channel == "sms":
        body = _(
            "Your garden waste subscription for %(address)s ends on %(date)s. Renew online: %(url)s"
        ) % {"address": subscription.address.line1, "date": ends, "url": url}
        return subject, body
    price = format_pence(subscription.bins * rules.garden_price_per_bin_pence)
    body = "\n".join(
        [
            _("Your garden waste subscription for %(address)s ends on %(date)s.")
            % {"address": subscription.address.single_line, "date": ends},
            "",
            _("To keep your garden waste collected, renew it online before then:"),
            url,
            "",
            _("Renewing %(bins)s for another %(months)s months costs %(price)s.")
            % {
                "bins": selectors.bins_text(subscription.bins),
                "months": rules.garden_months,
                "price": price,
            },
            _("If you do not want to renew, you do not need to do anything."),
            "",
            _("Reference: %(reference)s") % {"reference": subscription.case.reference},
        ]
    )
    return subject, body


def garden_send_renewal_reminders(*, on: datetime.date | None = None, now=None) -> int:
    """Remind each resident whose subscription ends within the renewal window, once.

    ``renewal_reminded_at`` marks it, under a row lock, and the message's idempotency
    key names the subscription and its end, so a rerun or a second worker sends nothing
    twice. Nobody who has already renewed is reminded. Returns how many were sent.
    """
    on = on or clock.today()
    now = now or clock.now()
    rules = selectors.policy()
    window_end = on + datetime.timedelta(days=rules.garden_renewal_reminder_days)
    due = (
        GardenSubscription.objects.filter(
            state=State.ACTIVE,
            renewal_reminded_at__isnull=True,
            ends_on__gte=on,
            ends_on__lte=window_end,
        )
        .exclude(case__status__in=selectors.ENDED_BY_CASE)
        .order_by("ends_on", "pk")
        .values_list("pk", flat=True)
    )
    sent = 0
    for subscription_id in list(due):
        sent += _remind(subscription_id, on=on, now=now, rules=rules)
    return sent


@transaction.atomic
def _remind(subscription_id: int, *, on, now, rules) -> int:
    subscription = (
        GardenSubscription.objects.select_for_update(of=("self",), skip_locked=True)
        .select_related("case", "address", "resident")
        .filter(pk=subscription_id, state=State.ACTIVE, renewal_reminded_at__isnull=True)
        .first()
    )
    if subscription is None:
        return 0
    if selectors.live_renewal_of(subscription=subscription, on=on) is not None:
        return 0
    recipient = _recipient(subscription.resident)
    subscription.renewal_reminded_at = now
    subscription.save(update_fields=["renewal_reminded_at"])
    if recipient is None:
        return 0
    channel, to = recipient
    subject, body = _renewal_text(subscription, channel=channel, rules=rules)
    message_enqueue(
        kind=f"notify.{channel}",
        payload={"to": to, "subject": subject, "body": body, "purpose": "garden-renewal"},
        idempotency_key=f"garden-renewal-{subscription.pk}-{subscription.ends_on.isoformat()}",
    )
    return 1


def garden_expire(*, on: datetime.date | None = None, now=None) -> dict[str, int]:
    """Tidy the rows: ended ones expired; withdrawn or never-paid ones cancelled.

    A paid subscription whose case was withdrawn from the case page (not through
    "Cancel", which tells the team itself), or rejected or closed by staff, is
    cancelled here, and the waste team told, once, to stop collecting.
    """
    on = on or clock.today()
    now = now or clock.now()
    with transaction.atomic():
        ended = list(
            GardenSubscription.objects.select_for_update(of=("self",))
            .filter(state=State.ACTIVE, case__status__in=selectors.ENDED_BY_CASE)
            .select_related("case", "case__team", "address")
        )
        for subscription in ended:
            subscription.state = State.CANCELLED
            subscription.cancelled_at = now
            subscription.save(update_fields=["state", "cancelled_at"])
            if subscription.ends_on >= on:
                status = subscription.case.get_status_display().lower()
                _tell_team_cancelled(subscription, on=on, why=f"its request was {status}.")
        unpaid = GardenSubscription.objects.filter(
            state=State.AWAITING_PAYMENT, case__status__in=workflow.FINISHED
        ).update(state=State.CANCELLED, cancelled_at=now)
        expired = GardenSubscription.objects.filter(state=State.ACTIVE, ends_on__lt=on).update(
            state=State.EXPIRED
        )
    return {"expired": expired, "cancelled": len(ended) + unpaid}


def garden_daily(*, on: datetime.date | None = None) -> dict[str, int]:
    """The daily job: tidy ended subscriptions, then send the renewal reminders due."""
    on = on or clock.today()
    done = garden_expire(on=on)
    done["reminded"] = garden_send_renewal_reminders(on=on)
    log.info("garden waste: %s", done)
    return done

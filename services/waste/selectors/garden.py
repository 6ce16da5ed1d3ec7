"""Garden waste subscriptions: reads, and the rules the pages show.

A subscription is for one address on a garden waste round, for 1 to
``WastePolicy.garden_max_bins`` bins at ``garden_price_per_bin_pence`` each, for
``garden_months`` months. It is made with a casework case whose fee is the price, and
it waits (``awaiting_payment``) until the payment provider confirms the payment: only
then (``actions.garden.garden_activate``, from the payment listener) is it active.

- A new subscription starts on the day it is paid for; a renewal the day after the
  subscription it renews ends (or the day it is paid for, if that is later).
- One live subscription per address: one waiting for payment, or active and not yet
  ended. A renewal is the exception: it may wait, or be paid, beside the one it renews.
- Renewing is open from ``garden_renewal_reminder_days`` before the end until the
  end; the reminder goes then (once). After the end, residents subscribe again.
- Cancelling stops it at once and refunds nothing (staff may refund through the
  payment admin).

What a page shows (``shown_state``) is worked out from the row and its case, so it is
right before the daily job tidies the rows: an active one past its end is "ended", and
one whose case was withdrawn from the case page (or rejected or closed by staff) is
"cancelled".
"""

from __future__ import annotations

import calendar
import datetime
from dataclasses import dataclass
from enum import StrEnum

from django.db.models import Q
from django.http import Http404
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from casework import workflow
from casework.models import Case, RequestType
from casework.money import format_pence
from services.waste.models import GardenSubscription, PropertyRound, Stream, WastePolicy
from services.waste.selectors.collections import AddressCollection, next_collections
from services.waste.selectors.common import active_request_type, own_case_get
from services.waste.selectors.common import address_get as address_get

REQUEST_TYPE = "garden-subscription"
State = GardenSubscription.State
# A paid subscription's case finished in one of these ends it: withdrawn by the resident
# (from the case page too), or rejected, closed or a duplicate by staff. "Done"
# (resolved) is the team having set it up: the subscription runs on.
ENDED_BY_CASE = workflow.FINISHED - {workflow.Status.RESOLVED}


def policy() -> WastePolicy:
    return WastePolicy.current()


def request_type_get() -> RequestType | None:
    """The garden subscription request type, unless an administrator has switched it off."""
    return active_request_type(REQUEST_TYPE)


def has_garden_round(*, address) -> bool:
    return PropertyRound.objects.filter(
        address=address, stream=Stream.GARDEN, round__active=True
    ).exists()


# --- Dates and prices --------------------------------------------------------------------------


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day ``months`` later (the month's last day when it is shorter)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return day.replace(
        year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1])
    )


def period_end(starts_on: datetime.date, months: int) -> datetime.date:
    """The last day of a subscription of ``months`` months from ``starts_on``."""
    return add_months(starts_on, months) - datetime.timedelta(days=1)


def months_between(starts_on: datetime.date, ends_on: datetime.date) -> int:
    after = ends_on + datetime.timedelta(days=1)
    return max(1, (after.year - starts_on.year) * 12 + after.month - starts_on.month)


@dataclass(frozen=True)
class Quote:
    """What a subscription costs and covers, as the check page shows it."""

    bins: int
    price_per_bin_pence: int
    months: int
    starts_on: datetime.date  # for a new one: the earliest, the day it is paid for
    ends_on: datetime.date
    renewal: bool = False

    @property
    def total_pence(self) -> int:
        return self.bins * self.price_per_bin_pence

    @property
    def total_text(self) -> str:
        return format_pence(self.total_pence)

    @property
    def price_per_bin_text(self) -> str:
        return format_pence(self.price_per_bin_pence)

    @property
    def version(self) -> str:
        """What the check page showed: sending checks that nothing changed since."""
        return f"{self.bins}:{self.total_pence}:{self.starts_on.isoformat()}"


def quote_new(*, bins: int, on: datetime.date, rules: WastePolicy | None = None) -> Quote:
    rules = rules or policy()
    return Quote(
        bins=bins,
        price_per_bin_pence=rules.garden_price_per_bin_pence,
        months=rules.garden_months,
        starts_on=on,
        ends_on=period_end(on, rules.garden_months),
    )


def quote_renewal(*, subscription, bins: int, rules: WastePolicy | None = None) -> Quote:
    rules = rules or policy()
    starts_on = subscription.ends_on + datetime.timedelta(days=1)
    return Quote(
        bins=bins,
        price_per_bin_pence=rules.garden_price_per_bin_pence,
        months=rules.garden_months,
        starts_on=starts_on,
        ends_on=period_end(starts_on, rules.garden_months),
        renewal=True,
    )


def bin_choices(rules: WastePolicy | None = None) -> list[tuple[int, str]]:
    """[(1, '1 bin, £45'), (2, '2 bins, £90'), ...] up to the council's most."""
    rules = rules or policy()
    return [
        (n, bins_text(n) + ", " + format_pence(n * rules.garden_price_per_bin_pence))
        for n in range(1, rules.garden_max_bins + 1)
    ]


def bins_text(bins: int) -> str:
    return ngettext("%(n)s bin", "%(n)s bins", bins) % {"n": bins}


# --- What a subscription is now -------------------------------------------------------------------


class Shown(StrEnum):
    AWAITING_PAYMENT = "awaiting_payment"
    UPCOMING = "upcoming"
    ACTIVE = "active"
    CANCELLED = "cancelled"
    EXPIRED = "expired"


SHOWN_LABELS = {
    Shown.AWAITING_PAYMENT: gettext_lazy("Waiting for payment"),
    Shown.UPCOMING: gettext_lazy("Paid, starts later"),
    Shown.ACTIVE: gettext_lazy("Active"),
    Shown.CANCELLED: gettext_lazy("Cancelled"),
    Shown.EXPIRED: gettext_lazy("Ended"),
}
LIVE = frozenset({Shown.AWAITING_PAYMENT, Shown.UPCOMING, Shown.ACTIVE})


def shown_state(subscription: GardenSubscription, *, on: datetime.date) -> Shown:
    case_status = subscription.case.status
    if subscription.state == State.CANCELLED:
        return Shown.CANCELLED
    if subscription.state == State.EXPIRED:
        return Shown.EXPIRED
    if subscription.state == State.AWAITING_PAYMENT:
        # Withdrawn (by the resident, or not paid in time): it will never be paid for.
        return Shown.CANCELLED if case_status in workflow.FINISHED else Shown.AWAITING_PAYMENT
    if case_status in ENDED_BY_CASE:
        return Shown.CANCELLED
    if subscription.ends_on < on:
        return Shown.EXPIRED
    if subscription.starts_on > on:
        return Shown.UPCOMING
    return Shown.ACTIVE


def live_q(*, on: datetime.date) -> Q:
    """The subscriptions ``shown_state`` calls live, as a query."""
    waiting = Q(state=State.AWAITING_PAYMENT) & Q(case__status=workflow.Status.AWAITING_PAYMENT)
    active = Q(state=State.ACTIVE) & Q(ends_on__gte=on) & ~Q(case__status__in=ENDED_BY_CASE)
    return waiting | active


def live_at_address(*, address, on: datetime.date) -> GardenSubscription | None:
    """The address's live subscription (the earliest, if it has been renewed): at most one."""
    return (
        GardenSubscription.objects.filter(live_q(on=on), address=address)
        .select_related("case", "address", "renewal_of")
        .order_by("starts_on", "pk")
        .first()
    )


def live_renewal_of(*, subscription, on: datetime.date) -> GardenSubscription | None:
    return (
        GardenSubscription.objects.filter(live_q(on=on), renewal_of=subscription)
        .select_related("case")
        .order_by("-pk")
        .first()
    )


def renewal_opens_on(subscription, rules: WastePolicy | None = None) -> datetime.date:
    rules = rules or policy()
    return subscription.ends_on - datetime.timedelta(days=rules.garden_renewal_reminder_days)


def renewal_refusal(
    subscription, *, on: datetime.date, renewal=None, rules: WastePolicy | None = None
) -> str:
    """Why ``subscription`` cannot be renewed on ``on`` ('' when it can)."""
    state = shown_state(subscription, on=on)
    if state not in (Shown.ACTIVE, Shown.UPCOMING):
        return _("Only an active subscription can be renewed. Subscribe again instead.")
    if renewal is not None:
        return _("You have already renewed this subscription.")
    opens = renewal_opens_on(subscription, rules)
    if on < opens:
        return _("You can renew this subscription from %(date)s.") % {
            "date": formats.date_format(opens, "j F Y")
        }
    return ""


# --- The resident's pages --------------------------------------------------------------------


@dataclass(frozen=True)
class GardenRow:
    subscription: GardenSubscription
    state: Shown
    renewal: GardenSubscription | None  # its live renewal
    renew_opens_on: datetime.date
    can_renew: bool
    next_collection: AddressCollection | None

    @property
    def state_label(self) -> str:
        return str(SHOWN_LABELS[self.state])

    @property
    def live(self) -> bool:
        return self.state in LIVE

    @property
    def can_cancel(self) -> bool:
        return self.live

    @property
    def total_text(self) -> str:
        return format_pence(self.subscription.price_pence)

    @property
    def bins_text(self) -> str:
        return bins_text(self.subscription.bins)


def _next_garden_collection(address, on: datetime.date) -> AddressCollection | None:
    for collection in next_collections(address=address, today=on):
        if collection.stream == Stream.GARDEN:
            return collection
    return None


def garden_rows(*, user, on: datetime.date, rules: WastePolicy | None = None) -> list[GardenRow]:
    """The resident's subscriptions, live first then newest, each with what can be done.

    One query for the subscriptions, and two for each address with a live one (its
    next garden collection): it does not grow with the resident's history.
    """
    rules = rules or policy()
    subscriptions = list(
        GardenSubscription.objects.filter(resident=user)
        .select_related("case", "address")
        .order_by("-ends_on", "-pk")
    )
    states = {s.pk: shown_state(s, on=on) for s in subscriptions}
    renewals = {
        s.renewal_of_id: s for s in subscriptions if s.renewal_of_id and states[s.pk] in LIVE
    }
    collections: dict[int, AddressCollection | None] = {}
    rows = []
    for subscription in subscriptions:
        state = states[subscription.pk]
        next_collection = None
        if state in (Shown.ACTIVE, Shown.UPCOMING):
            address_id = subscription.address_id
            if address_id not in collections:
                collections[address_id] = _next_garden_collection(subscription.address, on)
            next_collection = collections[address_id]
            if next_collection and next_collection.date < subscription.starts_on:
                next_collection = None  # not theirs yet: it starts later
        renewal = renewals.get(subscription.pk)
        rows.append(
            GardenRow(
                subscription=subscription,
                state=state,
                renewal=renewal,
                renew_opens_on=renewal_opens_on(subscription, rules),
                can_renew=not renewal_refusal(subscription, on=on, renewal=renewal, rules=rules),
                next_collection=next_collection,
            )
        )
    rows.sort(key=lambda row: not row.live)  # stable: live first, each part newest first
    return rows


def subscription_for_owner(*, user, subscription_id: int) -> GardenSubscription:
    """The resident's own subscription: 404 for one that does not exist or is not theirs."""
    try:
        return GardenSubscription.objects.select_related("case", "address", "renewal_of").get(
            pk=subscription_id, resident=user
        )
    except GardenSubscription.DoesNotExist:
        raise Http404 from None


def subscription_for_case(*, case) -> GardenSubscription | None:
    return (
        GardenSubscription.objects.filter(case=case)
        .select_related("case", "address", "renewal_of")
        .first()
    )


def case_for_confirmation(*, user, reference: str) -> Case:
    """The resident's own garden waste subscription case, or 404."""
    return own_case_get(user=user, reference=reference, request_type=REQUEST_TYPE)


def next_collection_for(subscription, *, on: datetime.date) -> AddressCollection | None:
    collection = _next_garden_collection(subscription.address, on)
    if collection and collection.date < subscription.starts_on:
        return None
    return collection


def has_active_subscription(*, user, on: datetime.date) -> bool:
    """Whether the person has a garden waste subscription running on ``on`` (one query)."""
    return GardenSubscription.objects.filter(
        Q(resident=user)
        & Q(state=State.ACTIVE)
        & Q(starts_on__lte=on)
        & Q(ends_on__gte=on)
        & ~Q(case__status__in=ENDED_BY_CASE)
    ).exists()

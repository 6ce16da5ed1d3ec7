"""Demo garden waste: Sam (sam@example.org) subscribed a year ago for one bin at 1 Mill Lane.

It ends in three weeks, inside the renewal window, so his garden waste page
(/waste/garden/) offers "Renew". Made the way residents make one (``garden_subscribe``)
and paid as the payment listener records a payment, then finished by the waste team,
with its dates moved back a year. Needs the collections demo's rounds (Sam's address on
a garden round). Safe to load again: a subscription Sam already has is left as it is.
"""

import datetime

from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone

from accounts import roles
from accounts.models import User
from casework import actions as case_actions
from casework.models import Case, CaseEvent
from casework.workflow import Status
from core import clock
from services.waste.actions import garden as actions
from services.waste.models import GardenSubscription
from services.waste.selectors import garden as selectors

SAM = "sam@example.org"
ENDS_IN = datetime.timedelta(days=21)


@transaction.atomic
def load() -> str:
    sam = User.objects.filter(email=SAM).select_related("address").first()
    if sam is None or sam.address is None:
        return "Garden waste: no demo resident with an address, so no subscription"
    if GardenSubscription.objects.filter(resident=sam).exists():
        return f"Garden waste: {SAM} already has a subscription"
    if not selectors.has_garden_round(address=sam.address):
        return "Garden waste: Sam's address is on no garden round yet, so no subscription"
    request_type = selectors.request_type_get()
    if request_type is None:
        return "Garden waste: the request type is switched off, so no subscription"
    rules = selectors.policy()
    ends_on = clock.today() + ENDS_IN
    starts_on = selectors.add_months(ends_on + datetime.timedelta(days=1), -rules.garden_months)
    subscription = actions.garden_subscribe(
        user=sam, address=sam.address, bins=1, request_type=request_type, on=starts_on
    )
    case = subscription.case
    case_actions.case_record_payment(
        case_id=case.pk,
        outcome="paid",
        amount_pence=case.fee_pence,
        payment_id="demo",
    )
    actions.garden_activate(case_id=case.pk, paid_on=starts_on)
    caseworker = User.objects.filter(groups__in=Group.objects.filter(name=roles.CASEWORKER)).first()
    case.refresh_from_db()
    if case.status == Status.SUBMITTED:
        case_actions.case_acknowledge(case=case, actor=caseworker)
    case_actions.case_resolve(
        case=case,
        actor=caseworker,
        message="Your garden waste bin has been delivered. Collections are every other week.",
    )
    # As if it all happened when it started, a year ago.
    then = timezone.make_aware(datetime.datetime.combine(starts_on, datetime.time(10, 0)))
    Case.objects.filter(pk=case.pk).update(
        created_at=then, finished_at=then + datetime.timedelta(days=3)
    )
    CaseEvent.objects.filter(case=case).update(created_at=then)
    subscription.refresh_from_db()
    return (
        f"Garden waste: {SAM} subscribed for 1 bin until {subscription.ends_on:%d/%m/%Y} "
        "(renewal open)"
    )

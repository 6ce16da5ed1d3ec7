"""Writes: linking the tenancy (with proof), a repair's appointment told to the housing
system, and the tenant's "was it fixed?" answer."""

from __future__ import annotations

from django.db import transaction
from django.db.models import Count
from django.utils.translation import gettext as _

from casework import actions as case_actions
from casework.bookings import selectors as booking_selectors
from casework.bookings.models import Booking, Slot
from casework.bookings.registry import BOOKED
from core import clock
from documents.actions import document_request
from integrations.gazetteer.postcodes import normalise_postcode
from integrations.housing import APPOINTMENT_KIND, FOLLOW_ON_KIND, lookup
from integrations.housing.mapping import Tenancy
from integrations.outbox.actions import message_enqueue
from integrations.outbox.registry import Outcome
from linking.actions import (
    LinkResult,
    service_link_attempt,
    service_link_remove,
    service_link_touch,
)
from linking.registry import BackOfficeUnavailable, Record
from linking.selectors import service_link_locked_until
from services.housing import documents, rules, selectors
from services.housing.apps import REPAIR, SLUG
from services.housing.models import RentReminder


def _proven(tenancy: Tenancy | None, *, postcode: str, weekly_rent_pence: int) -> bool:
    """The details match: the property's postcode and this week's rent (an ended tenancy
    cannot be linked)."""
    if tenancy is None or tenancy.status != "live":
        return False
    try:
        same_place = normalise_postcode(tenancy.postcode) == postcode
    except ValueError:
        return False
    return same_place and tenancy.weekly_rent_pence == weekly_rent_pence


def tenancy_record_find(reference: str) -> Record | None:
    """The tenancy behind ``reference`` as linking needs it (``linking.registry``).
    Raises BackOfficeUnavailable."""
    try:
        tenancy = lookup.tenancy_get(reference=reference)
    except selectors.HousingUnavailable as exc:
        raise BackOfficeUnavailable(str(exc)) from None
    if tenancy is None:
        return None
    return Record(
        reference=tenancy.reference,
        live=tenancy.status == "live",
        address=tenancy.address,
        postcode=tenancy.postcode,
        names=tuple(tenancy.tenants),
    )


def tenancy_link(*, user, reference: str, postcode: str, weekly_rent_pence: int) -> LinkResult:
    """Check the details against the housing system and record the try.

    Raises HousingUnavailable when it cannot be asked: that try is not counted. A locked
    person is answered without asking it."""
    locked_until = service_link_locked_until(user=user, service=SLUG)
    if locked_until is not None:
        return LinkResult(locked_until=locked_until)
    tenancy = lookup.tenancy_get(reference=reference)
    proven = _proven(tenancy, postcode=postcode, weekly_rent_pence=weekly_rent_pence)
    result = service_link_attempt(user=user, service=SLUG, account_ref=reference, proven=proven)
    if result.linked:  # the rent page that follows needs no second call
        selectors.tenancy_cache_set(user=user, tenancy=tenancy, reference=reference)
    return result


def tenancy_unlink(*, user) -> bool:
    link = selectors.tenancy_link_get(user=user)
    if link is None:
        return False
    selectors.tenancy_cache_forget(user=user, reference=link.account_ref)
    RentReminder.objects.filter(user=user).delete()  # reminders were for that tenancy
    return service_link_remove(user=user, service=SLUG)


def rent_account_open(*, user) -> selectors.RentView | None:
    """The tenant opens their rent account: None when not linked. Raises HousingUnavailable."""
    link = selectors.tenancy_link_get(user=user)
    if link is None:
        return None
    service_link_touch(link=link)
    return selectors.tenancy_get(link=link)


def rent_statement_request(*, user, period: str):
    """The tenant's rent statement for ``period`` (rules.THIS_YEAR or LAST_YEAR) as a PDF,
    made in the background by the documents core (asking twice the same day gives the same
    document). None when no tenancy is linked or the housing system no longer has it.
    Raises HousingUnavailable when the account cannot be read now."""
    view = rent_account_open(user=user)
    if view is None:
        return None
    params = documents.statement_params(view, period=period, today=clock.today())
    if params is None:
        return None
    return document_request(owner=user, kind=documents.RENT_STATEMENT, params=params)


def repair_appointment_changed(booking, event: str) -> None:
    """Booking listener: a repair's appointment moved or was cancelled on the case page, so
    the contractor's diary in the housing system is told, through the outbox (after the
    job itself: the same lock key keeps them in order). Booking it is sent with the job."""
    case = booking.case
    if event == BOOKED or case.request_type.slug != REPAIR:
        return
    appointment = None
    if booking.state == booking.State.BOOKED:
        slot = booking.slot
        appointment = {"date": slot.date.isoformat(), "period": slot.period or "am"}
    message_enqueue(
        kind=APPOINTMENT_KIND,
        lock_key=f"case:{case.pk}",
        payload={
            "case_id": case.pk,
            "job": case.external_reference or case.reference,
            "appointment": appointment,
        },
    )


@transaction.atomic
def repair_feedback(*, case, user, fixed: bool, rating: int, comment: str = ""):
    """The tenant says whether the finished repair fixed it, and how satisfied they are.

    Not fixed: the repair is reopened (within the reopening window) with their words, and a
    follow-on job, linked to the original job, goes to the housing system through the
    outbox (after anything else of this case's: the same lock key); the tenant sees the new
    job on the case once the housing system has it (``follow_on_result``)."""
    case = case_actions.case_rate(case=case, user=user, rating=rating, comment=comment)
    if not fixed:
        message = _("The tenant says the repair did not fix the problem.")
        if comment.strip():
            message += "\n" + comment.strip()
        if case_actions.can_reopen(case, user):
            case = case_actions.case_reopen(case=case, actor=user, message=message)
            answers = case.answers or {}
            message_enqueue(
                kind=FOLLOW_ON_KIND,
                lock_key=f"case:{case.pk}",
                idempotency_key=f"housing-follow-on-{case.pk}",  # one a case: rated once
                payload={
                    "case_id": case.pk,
                    "job": case.external_reference,
                    "portal_reference": case.reference,
                    "reason": comment.strip() or "The tenant says it did not fix the problem.",
                    "priority": answers.get("priority", rules.ROUTINE),
                    "trade": answers.get("trade", "general"),
                },
            )
    return case


def follow_on_result(message, result) -> None:
    """Outbox listener: the housing system has the follow-on job (the tenant sees it on the
    case, and later updates and appointment changes are for it), or it never will (staff
    see why on the case)."""
    case_id, original = message.payload.get("case_id"), message.payload.get("job", "")
    if not case_id:
        return
    if result.outcome == Outcome.DELIVERED:
        job = str(result.data.get("external_reference") or "")
        case = case_actions.case_record_delivery(
            case_id=case_id, external_reference=job, settings={}
        )
        case_actions.case_record_back_office_update(
            case_id=case.pk,
            message=_(
                "We have asked the contractor to come back: new repair job %(job)s, following "
                "job %(original)s."
            )
            % {"job": job, "original": original},
            update_id=f"follow-on:{job}",
        )
    elif result.outcome == Outcome.FAILED:
        case_actions.case_record_delivery_failed(case_id=case_id, error=result.detail)


def repairs_diary_sync(*, on=None) -> int:
    """The repairs diary (the core booking calendar of repairs, places counted for each
    trade) follows the contractor's availability in the housing system: each morning and
    afternoon offered gets the places the contractor has free, plus those the portal has
    already told it of; a half day the contractor does not offer is closed. Bookings made
    here but not yet sent keep their places. Returns the half days changed.

    When the housing system cannot be asked the diary is left as it was (its own places):
    a tenant can still book, and the contractor hears of it with the job."""
    calendar = booking_selectors.calendar_get(request_type=selectors.request_type_get(REPAIR))
    if calendar is None or not calendar.active:
        return 0
    on = on or clock.today()
    changed = 0
    for trade in rules.TRADE_LABELS:
        try:
            slots = lookup.availability_get(trade=trade, on=on)
        except lookup.HousingUnavailable:
            return changed
        free = {(slot.date, slot.period): slot.places for slot in slots}
        area = f"trade-{trade}"
        wanted = [
            (o.day, o.period) for o in booking_selectors.option_list(calendar, area=area, on=on)
        ]
        if not wanted:
            continue
        with transaction.atomic():
            Slot.objects.bulk_create(
                [
                    Slot(calendar=calendar, date=day, area=area, period=period, capacity=0)
                    for day, period in wanted
                ],
                ignore_conflicts=True,
            )
            rows = list(
                Slot.objects.select_for_update().filter(
                    calendar=calendar, area=area, date__gte=wanted[0][0], date__lte=wanted[-1][0]
                )
            )
            told = dict(
                Booking.objects.filter(slot__in=rows, state=Booking.State.BOOKED)
                .exclude(case__external_reference="")
                .values("slot")
                .annotate(count=Count("pk"))
                .values_list("slot", "count")
            )
            updated = []
            for row in rows:
                capacity = max(
                    row.booked, told.get(row.pk, 0) + free.get((row.date, row.period), 0)
                )
                if capacity != row.capacity:
                    row.capacity = capacity
                    updated.append(row)
            Slot.objects.bulk_update(updated, ["capacity"])
            changed += len(updated)
    return changed

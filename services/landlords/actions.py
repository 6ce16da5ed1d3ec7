"""Writes: linking a landlord's Housing Benefit record with proof (A6): the landlord
reference, the postcode of the landlord's address and the amount of the last payment run,
through the linking core (the same tries and lock as every linked service)."""

from integrations.gazetteer.postcodes import normalise_postcode
from integrations.revenues import lookup
from integrations.revenues.mapping import Landlord
from linking.actions import (
    LinkResult,
    service_link_attempt,
    service_link_remove,
    service_link_touch,
)
from linking.registry import BackOfficeUnavailable, Record
from linking.selectors import service_link_locked_until
from services.landlords import selectors
from services.landlords.apps import SLUG


def _proven(landlord: Landlord | None, *, postcode: str, last_run_pence: int) -> bool:
    if landlord is None or landlord.last_run is None:
        return False
    try:
        same_place = normalise_postcode(landlord.postcode) == postcode
    except ValueError:
        return False
    return same_place and landlord.last_run.total_pence == last_run_pence


def landlord_record_find(reference: str) -> Record | None:
    """The landlord record behind ``reference`` as linking needs it (``linking.registry``).
    Raises BackOfficeUnavailable."""
    try:
        landlord = lookup.landlord_get(reference=reference)
    except selectors.RevenuesUnavailable as exc:
        raise BackOfficeUnavailable(str(exc)) from None
    if landlord is None:
        return None
    return Record(
        reference=landlord.reference,
        live=landlord.last_run is not None,
        address=landlord.address,
        postcode=landlord.postcode,
        names=(landlord.name,),
    )


def landlord_link(*, user, reference: str, postcode: str, last_run_pence: int) -> LinkResult:
    """Check the details and record the try. Raises RevenuesUnavailable when the system
    cannot be asked: that try is not counted."""
    locked_until = service_link_locked_until(user=user, service=SLUG)
    if locked_until is not None:
        return LinkResult(locked_until=locked_until)
    landlord = lookup.landlord_get(reference=reference)
    proven = _proven(landlord, postcode=postcode, last_run_pence=last_run_pence)
    result = service_link_attempt(user=user, service=SLUG, account_ref=reference, proven=proven)
    if result.linked:
        selectors.landlord_cache_set(user=user, landlord=landlord, reference=reference)
    return result


def landlord_unlink(*, user) -> bool:
    link = selectors.landlord_link_get(user=user)
    if link is None:
        return False
    selectors.landlord_cache_forget(user=user, reference=link.account_ref)
    return service_link_remove(user=user, service=SLUG)


def landlord_schedule_open(*, user) -> selectors.LandlordView | None:
    link = selectors.landlord_link_get(user=user)
    if link is None:
        return None
    service_link_touch(link=link)
    return selectors.landlord_schedule_get(link=link)

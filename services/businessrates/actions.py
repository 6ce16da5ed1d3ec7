"""Writes: linking the business's rates account with details from its bill (A6, A2)."""

from integrations.gazetteer.postcodes import normalise_postcode
from integrations.revenues import lookup
from integrations.revenues.mapping import Account
from linking.actions import (
    LinkResult,
    service_link_attempt,
    service_link_remove,
    service_link_touch,
)
from linking.registry import BackOfficeUnavailable, Record
from linking.selectors import service_link_locked_until
from services.businessrates import selectors
from services.businessrates.apps import SLUG


def _proven(account: Account | None, *, postcode: str, first_instalment_pence: int) -> bool:
    if account is None or account.kind != "business_rates" or account.status != "live":
        return False
    bill = account.current_bill
    if bill is None:
        return False
    try:
        same_place = normalise_postcode(account.postcode) == postcode
    except ValueError:
        return False
    return same_place and (bill.first_instalment_pence or 0) == first_instalment_pence


def business_rates_record_find(reference: str) -> Record | None:
    """The business rates account behind ``reference`` as linking needs it (``linking.registry``):
    None when there is none of this kind. Raises BackOfficeUnavailable."""
    try:
        account = lookup.account_get(account_number=reference)
    except selectors.RevenuesUnavailable as exc:
        raise BackOfficeUnavailable(str(exc)) from None
    if account is None or account.kind != "business_rates":
        return None
    return Record(
        reference=account.account_number,
        live=account.status == "live",
        address=account.address,
        postcode=account.postcode,
        names=tuple(account.liable),
    )


def business_rates_link(
    *, user, account_number: str, postcode: str, first_instalment_pence: int
) -> LinkResult:
    """Check the bill's details and record the try (the same limits as any linked service).
    Raises RevenuesUnavailable when the system cannot be asked: that try is not counted."""
    locked_until = service_link_locked_until(user=user, service=SLUG)
    if locked_until is not None:
        return LinkResult(locked_until=locked_until)
    account = lookup.account_get(account_number=account_number)
    proven = _proven(account, postcode=postcode, first_instalment_pence=first_instalment_pence)
    result = service_link_attempt(
        user=user, service=SLUG, account_ref=account_number, proven=proven
    )
    if result.linked:
        selectors.account_cache_set(user=user, account=account, account_number=account_number)
    return result


def business_rates_unlink(*, user) -> bool:
    link = selectors.business_rates_link_get(user=user)
    if link is None:
        return False
    selectors.account_cache_forget(user=user, account_number=link.account_ref)
    return service_link_remove(user=user, service=SLUG)


def business_rates_account_open(*, user) -> selectors.AccountView | None:
    link = selectors.business_rates_link_get(user=user)
    if link is None:
        return None
    service_link_touch(link=link)
    return selectors.business_rates_account_get(link=link)

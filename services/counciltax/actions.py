"""Writes: linking (and unlinking) the resident's council tax account, with proof (A6)."""

from integrations.gazetteer.postcodes import normalise_postcode
from integrations.revenues import lookup
from integrations.revenues.mapping import Account
from linking.actions import (
    LinkResult,
    service_link_attempt,
    service_link_remove,
    service_link_touch,
)
from linking.selectors import service_link_locked_until
from services.counciltax import selectors
from services.counciltax.apps import SLUG


def _proven(account: Account | None, *, postcode: str, first_instalment_pence: int) -> bool:
    """The details match the account's latest bill (a closed account cannot be linked)."""
    if account is None or account.status != "live" or account.current_bill is None:
        return False
    try:
        same_place = normalise_postcode(account.postcode) == postcode
    except ValueError:
        return False
    return same_place and account.current_bill.first_instalment_pence == first_instalment_pence


def council_tax_link(
    *, user, account_number: str, postcode: str, first_instalment_pence: int
) -> LinkResult:
    """Check the bill's details against the revenues system and record the try.

    Raises RevenuesUnavailable when the system cannot be asked: that try is not counted.
    A locked person is answered without asking the system.
    """
    locked_until = service_link_locked_until(user=user, service=SLUG)
    if locked_until is not None:
        return LinkResult(locked_until=locked_until)
    account = lookup.account_get(account_number=account_number)
    proven = _proven(account, postcode=postcode, first_instalment_pence=first_instalment_pence)
    result = service_link_attempt(
        user=user, service=SLUG, account_ref=account_number, proven=proven
    )
    if result.linked:  # the account page that follows needs no second call
        selectors.account_cache_set(user=user, account=account, account_number=account_number)
    return result


def council_tax_unlink(*, user) -> bool:
    link = selectors.council_tax_link_get(user=user)
    if link is None:
        return False
    selectors.account_cache_forget(user=user, account_number=link.account_ref)
    return service_link_remove(user=user, service=SLUG)


def council_tax_account_open(*, user) -> selectors.AccountView | None:
    """The resident opens their account: None when not linked; the link is marked as used.

    Raises RevenuesUnavailable when the account cannot be read now."""
    link = selectors.council_tax_link_get(user=user)
    if link is None:
        return None
    service_link_touch(link=link)
    return selectors.council_tax_account_get(link=link)

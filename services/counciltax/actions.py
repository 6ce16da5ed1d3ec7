"""Writes: linking (and unlinking) the resident's council tax account, with proof (A6)."""

import uuid

from django.utils.translation import gettext as _

from casework.journeys.account_changes import account_change_submit
from integrations.gazetteer.postcodes import normalise_postcode
from integrations.outbox.actions import message_enqueue
from integrations.revenues import CHANGE_KIND, lookup
from integrations.revenues.mapping import Account
from linking.actions import (
    LinkResult,
    service_link_attempt,
    service_link_remove,
    service_link_touch,
)
from linking.registry import BackOfficeUnavailable, Record
from linking.selectors import service_link_locked_until
from services.counciltax import selectors
from services.counciltax.apps import SLUG


def _proven(account: Account | None, *, postcode: str, first_instalment_pence: int) -> bool:
    """The details match the account's latest bill (a closed account cannot be linked)."""
    if account is None or account.status != "live" or account.current_bill is None:
        return False
    if account.kind != "council_tax":  # a business rates account is linked as its own service
        return False
    try:
        same_place = normalise_postcode(account.postcode) == postcode
    except ValueError:
        return False
    return same_place and account.current_bill.first_instalment_pence == first_instalment_pence


def council_tax_record_find(reference: str) -> Record | None:
    """The council tax account behind ``reference`` as linking needs it (``linking.registry``):
    None when there is none of this kind. Raises BackOfficeUnavailable."""
    try:
        account = lookup.account_get(account_number=reference)
    except selectors.RevenuesUnavailable as exc:
        raise BackOfficeUnavailable(str(exc)) from None
    if account is None or account.kind != "council_tax":
        return None
    return Record(
        reference=account.account_number,
        live=account.status == "live",
        address=account.address,
        postcode=account.postcode,
        names=tuple(account.liable),
    )


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


def council_tax_change_submit(**kwargs):
    """A change to the resident's council tax account (a journey sent): the core's
    ``account_change_submit`` (a case; the change itself goes only to the revenues system)."""
    return account_change_submit(**kwargs)


def council_tax_tell_us_once_offer(user, change) -> str:
    """Tell us once (A5): what the council tax account would be told, or "" when the
    person has no linked account."""
    link = selectors.council_tax_link_get(user=user)
    if link is None:
        return ""
    if change.kind == "phone":
        return _("Update the phone number on council tax account %(number)s") % {
            "number": link.account_ref
        }
    return _(
        "Write to you at your new address about council tax account %(number)s. If you "
        "have moved home, also tell us you are moving, so that we bill the right address."
    ) % {"number": link.account_ref}


def council_tax_tell_us_once_send(user, change) -> None:
    """Pass a new phone number or address to the revenues system, through the outbox."""
    link = selectors.council_tax_link_get(user=user)
    if link is None:
        return
    if change.kind == "phone":
        details = {"phone": change.phone}
    else:
        details = {
            "correspondence_address": {
                "lines": list(change.lines),
                "postcode": change.postcode,
                "uprn": str(change.uprn or ""),
            }
        }
    message_enqueue(
        kind=CHANGE_KIND,
        payload={
            "account_number": link.account_ref,
            "change": {"kind": "contact_details", "details": details},
        },
        lock_key=f"revenues:{link.account_ref}",
        idempotency_key=f"tell-us-once-{uuid.uuid4().hex}",
    )

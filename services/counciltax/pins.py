"""Linking without the bill (A6 fallback): a one-time PIN posted to the property.

The resident gives the account number and the property's postcode; when they match a
live account, a PIN is made, kept only as a hash (Django's password hasher), and a
letter with it is made as a PDF for the print room (documents capability, kind
``council-tax-pin-letter``, which only staff may download). Whoever can read the post at
the property can then link the account by entering the PIN before it expires. Wrong
details and wrong PINs count as wrong tries of the same lock as the bill's details.
Once the print room marks the letter posted, the letter (PDF and params, the only
places the PIN is readable) is deleted.
"""

import datetime
import secrets
from dataclasses import dataclass

from django.contrib.auth.hashers import check_password, make_password
from django.db import transaction
from django.utils import timezone
from django.utils.translation import ngettext

from core import clock
from documents.actions import document_request
from documents.files import document_delete
from integrations.gazetteer.postcodes import normalise_postcode
from integrations.revenues import lookup
from linking.actions import LinkResult, service_link_attempt
from linking.selectors import service_link_locked_until, service_link_taken
from services.counciltax import documents
from services.counciltax.apps import SLUG
from services.counciltax.models import LinkPin

PIN_DAYS = 28
PIN_DIGITS = 8


@dataclass(frozen=True)
class PinRequest:
    """What came of asking for a PIN: one posted now or still on its way (``sent``), the
    account linked to someone else's online account (``taken``: no letter, which could not
    link it), or wrong details or a lock (``link_result``)."""

    pin: LinkPin | None = None
    already: LinkPin | None = None  # one still on its way: not another
    link_result: LinkResult | None = None  # wrong details, or locked
    taken: bool = False

    @property
    def sent(self) -> LinkPin | None:
        return self.pin or self.already

    def wrong_details(self) -> str:
        """Why no PIN was posted when the details did not match, and the tries left."""
        tries = self.link_result.tries_left if self.link_result else 0
        return ngettext(
            "The account number and postcode do not match our records. "
            "You have %(count)d more try before linking is locked.",
            "The account number and postcode do not match our records. "
            "You have %(count)d more tries before linking is locked.",
            tries,
        ) % {"count": tries}


def _new_pin() -> str:
    return "".join(secrets.choice("0123456789") for _ in range(PIN_DIGITS))


def _live_pin(user) -> LinkPin | None:
    return (
        LinkPin.objects.filter(user=user, used_at__isnull=True, expires_at__gt=clock.now())
        .order_by("-created_at")
        .first()
    )


def council_tax_pin_request(*, user, account_number: str, postcode: str) -> PinRequest:
    """Post a PIN to the property of ``account_number`` when ``postcode`` is its postcode.

    Raises RevenuesUnavailable when the account cannot be read (that try is not counted)."""
    locked_until = service_link_locked_until(user=user, service=SLUG)
    if locked_until is not None:
        return PinRequest(link_result=LinkResult(locked_until=locked_until))
    waiting = _live_pin(user)
    if waiting is not None:
        return PinRequest(already=waiting)
    account = lookup.account_get(account_number=account_number)
    try:
        matches = (
            account is not None
            and account.status == "live"
            and normalise_postcode(account.postcode) == postcode
        )
    except ValueError:
        matches = False
    if not matches:
        result = service_link_attempt(
            user=user, service=SLUG, account_ref=account_number, proven=False
        )
        return PinRequest(link_result=result)
    if service_link_taken(user=user, service=SLUG, account_ref=account.account_number):
        return PinRequest(taken=True)
    return PinRequest(pin=_pin_make(user=user, account=account))


@transaction.atomic
def _pin_make(*, user, account) -> LinkPin:
    now = clock.now()
    pin = _new_pin()
    expires_at = now + datetime.timedelta(days=PIN_DAYS)
    letter = document_request(
        owner=user,
        kind=documents.PIN_LETTER,
        params={
            "account_number": account.account_number,
            "address": account.address,
            "postcode": account.postcode,
            "pin": f"{pin[:4]} {pin[4:]}",
            "expires_on": timezone.localdate(expires_at).isoformat(),
        },
    )
    return LinkPin.objects.create(
        user=user,
        account_number=account.account_number,
        pin_hash=make_password(pin),
        created_at=now,
        expires_at=expires_at,
        letter=letter,
    )


def council_tax_pin_enter(*, user, pin: str) -> LinkResult:
    """Link the account the person's live PIN is for, when ``pin`` is it; else a wrong try.
    The PIN is used up only when it links the account."""
    locked_until = service_link_locked_until(user=user, service=SLUG)
    if locked_until is not None:
        return LinkResult(locked_until=locked_until)
    with transaction.atomic():
        live = _live_pin(user)
        if live is not None:
            live = LinkPin.objects.select_for_update().get(pk=live.pk)
        proven = live is not None and live.used_at is None and check_password(pin, live.pin_hash)
        result = service_link_attempt(
            user=user,
            service=SLUG,
            account_ref=live.account_number if live else "",
            proven=proven,
        )
        if result.linked:
            live.used_at = clock.now()
            live.save(update_fields=["used_at"])
        return result


def pin_waiting(*, user) -> LinkPin | None:
    """The person's PIN on its way or waiting to be entered, if any."""
    return _live_pin(user)


def print_room_letters():
    """PIN letters not posted yet, oldest first (staff)."""
    return (
        LinkPin.objects.filter(posted_at__isnull=True, letter__isnull=False)
        .select_related("letter")
        .order_by("created_at")
    )


@transaction.atomic
def pin_letter_posted(*, pin_id: int) -> LinkPin | None:
    """The print room has posted the letter: it is deleted (the PIN stays only as a hash)."""
    pin = LinkPin.objects.select_for_update().filter(pk=pin_id, posted_at__isnull=True).first()
    if pin is None:
        return None
    letter = pin.letter
    pin.posted_at = clock.now()
    pin.letter = None
    pin.save(update_fields=["posted_at", "letter"])
    if letter is not None:
        document_delete(document=letter)
    return pin

"""Reads that every waste feature makes the same way."""

from __future__ import annotations

from dataclasses import dataclass

from django.http import Http404

from accounts.models import Address, User
from casework import access
from casework.models import Case, RequestType


def active_request_type(slug: str) -> RequestType | None:
    """A feature's request type, unless an administrator has switched it off."""
    return RequestType.objects.filter(slug=slug, active=True).select_related("team").first()


def address_get(*, uprn: int) -> Address:
    """A gazetteer address, or 404."""
    address = Address.objects.filter(uprn=uprn).select_related("ward").first()
    if address is None:
        raise Http404
    return address


def own_case_get(*, user, reference: str, request_type: str) -> Case:
    """The resident's own case of this request type (by slug), or 404."""
    case = access.case_for_resident(user, reference)
    if not access.is_owner(user, case) or case.request_type.slug != request_type:
        raise Http404
    return case


@dataclass(frozen=True)
class Recipient:
    channel: str  # "email" or "sms": the outbox kind is notify.<channel>
    to: str


def recipient_for(user: User | None, *, reminder: bool = False) -> Recipient | None:
    """The resident's own channel (A5): a text when they prefer texts and gave a number.

    The same rule as casework.notifications; nobody is told on a closed or deactivated
    account. Reminders also respect "tell me about reminders" in their preferences.
    """
    if user is None or not user.is_active or user.closed_at is not None:
        return None
    if reminder and not user.notify_reminders:
        return None
    if user.preferred_channel == User.Channel.SMS and user.phone:
        return Recipient("sms", user.phone.as_e164)
    if user.email:
        return Recipient("email", user.email)
    return None

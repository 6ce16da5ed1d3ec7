import datetime
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp import devices_for_user
from django_otp.plugins.otp_email.models import EmailDevice
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import Address, SMSDevice


def address_list_for_postcode(*, postcode: str) -> list[Address]:
    """Gazetteer entries at a normalised postcode, in a sensible reading order."""
    addresses = list(Address.objects.filter(postcode=postcode).select_related("ward"))
    return sorted(addresses, key=_address_sort_key)


def _address_sort_key(address: Address):
    # "2 Mill Lane" before "10 Mill Lane": number-aware ordering of the first line.
    first, _sep, rest = address.line1.partition(" ")
    number = int(first) if first.isdigit() else float("inf")
    return (rest if number != float("inf") else address.line1, number, address.line1)


def address_get(*, uprn: int) -> Address | None:
    return Address.objects.select_related("ward").filter(uprn=uprn).first()


def device_list(*, user, confirmed: bool | None = True) -> list:
    """The user's second-factor devices, strongest first."""
    order = {TOTPDevice: 0, SMSDevice: 1, EmailDevice: 2, StaticDevice: 3}
    devices = list(devices_for_user(user, confirmed=confirmed))
    return sorted(devices, key=lambda d: (order.get(type(d), 9), d.pk))


def user_has_second_factor(*, user) -> bool:
    return any(not isinstance(d, StaticDevice) for d in device_list(user=user))


def backup_codes_remaining(*, user) -> int:
    device = StaticDevice.objects.filter(user=user, name="backup").first()
    return device.token_set.count() if device else 0


def _mask_email(email: str) -> str:
    local, _at, domain = email.partition("@")
    return f"{local[:1]}{'•' * max(len(local) - 1, 1)}@{domain}"


def _mask_phone(number) -> str:
    digits = str(number)
    return f"{'•' * (len(digits) - 3)}{digits[-3:]}"


def device_destination(device) -> str:
    """Where a device's codes are sent, masked: 's••@example.org', '•••••••••982'."""
    if isinstance(device, SMSDevice):
        return _mask_phone(device.number)
    if isinstance(device, EmailDevice):
        return _mask_email(device.email or device.user.email)
    return ""


def device_description(device) -> str:
    """How a device is described to its owner: enough to recognise, not to read out."""
    if isinstance(device, TOTPDevice):
        return _("Authenticator app (%(name)s)") % {"name": device.name}
    if isinstance(device, SMSDevice):
        return _("Text message to %(number)s") % {"number": device_destination(device)}
    if isinstance(device, EmailDevice):
        return _("Email to %(email)s") % {"email": device_destination(device)}
    if isinstance(device, StaticDevice):
        return _("A backup code")
    return device.name


@dataclass(frozen=True)
class CodeSent:
    """What to tell someone about the codes a device sends them (by e-mail or text)."""

    to: str  # masked, as device_destination
    pending: bool  # a code is out: not used, not expired
    sent_at: datetime.datetime | None  # when the newest code went, where the device records it
    resend_after: datetime.datetime | None  # no new code before this (the device's cooldown)
    failed: bool = False  # the last try could not be sent (the mail or text service is down)


def device_code_sent(*, device, failed: bool = False) -> CodeSent:
    now = timezone.now()
    sent_at = getattr(device, "last_generated_timestamp", None)
    allowed, why = device.generate_is_allowed()
    return CodeSent(
        to=device_destination(device),
        pending=bool(device.token) and device.valid_until > now,
        sent_at=sent_at,
        resend_after=None if allowed else (why or {}).get("next_generation_at"),
        failed=failed,
    )

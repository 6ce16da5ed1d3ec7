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


def device_description(device) -> str:
    """How a device is described to its owner: enough to recognise, not to read out."""
    if isinstance(device, TOTPDevice):
        return _("Authenticator app (%(name)s)") % {"name": device.name}
    if isinstance(device, SMSDevice):
        return _("Text message to %(number)s") % {"number": _mask_phone(device.number)}
    if isinstance(device, EmailDevice):
        return _("Email to %(email)s") % {"email": _mask_email(device.email or device.user.email)}
    if isinstance(device, StaticDevice):
        return _("A backup code")
    return device.name

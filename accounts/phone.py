"""UK phone numbers as residents type them, Ofcom's drama ranges included.

The portal's hints give GOV.UK's own examples (07700 900 982, 01632 960 001): numbers
Ofcom keeps for drama and documentation, never given to anyone. phonenumbers calls
them invalid, so a field that used its check alone refused the example it showed.
``UKPhoneNumberField`` takes them too (stored in E.164 like any other); every other
number still has to pass phonenumbers' check.
"""

import phonenumbers
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from phonenumber_field.formfields import PhoneNumberField
from phonenumber_field.phonenumber import PhoneNumber, to_python

# Ofcom's numbers for drama (national significant number, without the 0): each prefix
# then any three digits. https://www.ofcom.org.uk/phones-and-broadband/phone-numbers/numbers-for-drama
DRAMA_MOBILE = ("7700900",)
DRAMA_OTHER = (
    "1134960", "1144960", "1154960", "1164960", "1174960", "1184960", "1214960",
    "1314960", "1414960", "1514960", "1614960", "1632960", "1914980", "2079460",
    "2896496", "2920180", "8081570", "9098790", "3069990",
)  # fmt: skip
_DRAMA_LENGTH = 10


def _national(number: phonenumbers.PhoneNumber) -> str:
    return phonenumbers.national_significant_number(number)


def is_drama_number(number: phonenumbers.PhoneNumber) -> bool:
    national = _national(number)
    return (
        number.country_code == 44
        and len(national) == _DRAMA_LENGTH
        and national.startswith(DRAMA_MOBILE + DRAMA_OTHER)
    )


def is_valid_number(number: phonenumbers.PhoneNumber) -> bool:
    return phonenumbers.is_valid_number(number) or is_drama_number(number)


def is_mobile(number: phonenumbers.PhoneNumber) -> bool:
    """A number a text message can reach (a drama mobile number counts)."""
    if is_drama_number(number):
        return _national(number).startswith(DRAMA_MOBILE)
    return phonenumbers.number_type(number) in (
        phonenumbers.PhoneNumberType.MOBILE,
        phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE,
    )


def validate_uk_phone_number(value) -> None:
    number = to_python(value)
    if isinstance(number, PhoneNumber) and not is_valid_number(number):
        raise ValidationError(_("The phone number entered is not valid."), code="invalid")


class UKPhoneNumberField(PhoneNumberField):
    """django-phonenumber-field's form field, for the UK, that takes Ofcom's drama numbers."""

    default_validators = [validate_uk_phone_number]

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("region", "GB")
        super().__init__(*args, **kwargs)

    def to_python(self, value):
        number = super().to_python(value)
        if isinstance(number, PhoneNumber) and is_drama_number(number):
            # Kept as E.164, like a number phonenumbers knows (it stores only raw input
            # for numbers it thinks invalid).
            e164 = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
            return PhoneNumber.from_string(e164)
        return number

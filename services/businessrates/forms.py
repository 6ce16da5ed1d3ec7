from django.utils.translation import gettext_lazy as _

from casework.money import pounds_to_pence


def account_number_clean(text: str) -> str:
    """A business rates account number as the revenues system knows it (8 numbers, spaces
    dropped). Raises ValueError with a message to show."""
    number = "".join(str(text or "").split())
    if not (number.isdigit() and len(number) == 8):
        raise ValueError(
            _("Enter the account number as it is on the bill: 8 numbers, like 70012345")
        )
    return number


def first_instalment_clean(text: str) -> int:
    """The first instalment on the bill, in pence (0 for a business that pays nothing, such
    as one with full small business rate relief). Raises ValueError with a message to show."""
    try:
        return pounds_to_pence(text)
    except ValueError:
        raise ValueError(_("Enter the amount in pounds and pence, like 104.50")) from None

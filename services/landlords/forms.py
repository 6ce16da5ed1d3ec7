"""How the details of a landlord's record are read when they link it (``link.LINKABLE``)."""

from django.utils.translation import gettext_lazy as _

from casework.money import pounds_to_pence


def landlord_reference_clean(text: str) -> str:
    """A landlord reference as the benefits system knows it: LL and 6 numbers (spaces
    dropped). Raises ValueError with a message to show."""
    reference = "".join(str(text or "").split()).upper()
    if not (reference.startswith("LL") and reference[2:].isdigit() and len(reference) == 8):
        raise ValueError(
            _("Enter your landlord reference as it is on your payment advice, like LL500001")
        )
    return reference


def last_payment_clean(text: str) -> int:
    """The total of the last payment run, in pence. Raises ValueError with a message to
    show."""
    try:
        return pounds_to_pence(text)
    except ValueError:
        raise ValueError(_("Enter the amount in pounds and pence, like 355.00")) from None

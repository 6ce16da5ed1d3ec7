from django import forms
from django.utils.translation import gettext_lazy as _

from casework.money import pounds_to_pence
from integrations.gazetteer.postcodes import normalise_postcode


def account_number_clean(text: str) -> str:
    """A business rates account number as the revenues system knows it (8 numbers, spaces
    dropped). Raises ValueError with a message to show."""
    number = "".join(str(text or "").split())
    if not (number.isdigit() and len(number) == 8):
        raise ValueError(
            _("Enter the account number as it is on the bill: 8 numbers, like 70012345")
        )
    return number


class LinkForm(forms.Form):
    """The details from a business rates bill that prove the account is the business's."""

    account_number = forms.CharField(
        label=_("Business rates account number"),
        help_text=_("This is 8 numbers, at the top of your bill. For example, 70012345."),
        max_length=20,
        widget=forms.TextInput(
            attrs={"class": "govuk-input--width-10", "inputmode": "numeric", "spellcheck": "false"}
        ),
        error_messages={"required": _("Enter your business rates account number")},
    )
    postcode = forms.CharField(
        label=_("Postcode of the property the bill is for"),
        max_length=10,
        widget=forms.TextInput(
            attrs={"autocomplete": "postal-code", "class": "govuk-input--width-10"}
        ),
        error_messages={"required": _("Enter the postcode of the property the bill is for")},
    )
    first_instalment = forms.CharField(
        label=_("Amount of the first instalment on your latest bill"),
        help_text=_("In pounds and pence, for example 104.50. Enter 0 if you pay nothing."),
        max_length=12,
        widget=forms.TextInput(
            attrs={"class": "govuk-input--width-10", "inputmode": "decimal", "spellcheck": "false"}
        ),
        error_messages={"required": _("Enter the amount of the first instalment")},
    )

    def clean_account_number(self):
        try:
            return account_number_clean(self.cleaned_data["account_number"])
        except ValueError as exc:
            raise forms.ValidationError(str(exc)) from None

    def clean_postcode(self):
        try:
            return normalise_postcode(self.cleaned_data["postcode"])
        except ValueError:
            raise forms.ValidationError(_("Enter a real postcode, like MB1 2AA")) from None

    def clean_first_instalment(self):
        try:
            return pounds_to_pence(self.cleaned_data["first_instalment"])
        except ValueError:
            raise forms.ValidationError(
                _("Enter the amount in pounds and pence, like 104.50")
            ) from None

from django import forms
from django.utils.translation import gettext_lazy as _

from casework.money import pounds_to_pence
from integrations.gazetteer.postcodes import normalise_postcode


class LinkForm(forms.Form):
    """The details from a landlord's payment advice that prove the record is theirs."""

    reference = forms.CharField(
        label=_("Landlord reference"),
        help_text=_("It is on the payment advice we send you, for example LL500001."),
        max_length=20,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-10", "spellcheck": "false"}),
        error_messages={"required": _("Enter your landlord reference")},
    )
    postcode = forms.CharField(
        label=_("Postcode of the address we send your payment advice to"),
        max_length=10,
        widget=forms.TextInput(
            attrs={"autocomplete": "postal-code", "class": "govuk-input--width-10"}
        ),
        error_messages={"required": _("Enter the postcode of your address")},
    )
    last_payment = forms.CharField(
        label=_("Amount of the last payment we made to you"),
        help_text=_("The total on your latest payment advice, in pounds and pence, like 355.00."),
        max_length=12,
        widget=forms.TextInput(
            attrs={"class": "govuk-input--width-10", "inputmode": "decimal", "spellcheck": "false"}
        ),
        error_messages={"required": _("Enter the amount of the last payment")},
    )

    def clean_reference(self):
        reference = "".join(self.cleaned_data["reference"].split()).upper()
        if not (reference.startswith("LL") and reference[2:].isdigit() and len(reference) == 8):
            raise forms.ValidationError(
                _("Enter your landlord reference as it is on your payment advice, like LL500001")
            )
        return reference

    def clean_postcode(self):
        try:
            return normalise_postcode(self.cleaned_data["postcode"])
        except ValueError:
            raise forms.ValidationError(_("Enter a real postcode, like MB1 2AA")) from None

    def clean_last_payment(self):
        try:
            return pounds_to_pence(self.cleaned_data["last_payment"])
        except ValueError:
            raise forms.ValidationError(
                _("Enter the amount in pounds and pence, like 355.00")
            ) from None

"""Bin days: find an address by postcode, then choose it. Both are GET forms (nothing is
stored, and the browser's back button just works); postcodes are checked and normalised
as the account's address is (integrations.gazetteer.postcodes)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.forms import PostcodeForm as AccountPostcodeForm


class PostcodeForm(AccountPostcodeForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["postcode"]
        field.label = _("What is the postcode?")
        field.help_text = _("For example, MB1 1AA")
        field.error_messages["required"] = _("Enter a postcode")
        field.error_messages["max_length"] = _("Enter a real postcode, like MB1 1AA")

    def not_found(self, postcode: str) -> None:
        self.add_error(
            "postcode",
            _("We could not find any addresses for %(postcode)s") % {"postcode": postcode},
        )


class AddressForm(forms.Form):
    """Choose one of the postcode's addresses (the postcode comes back hidden)."""

    postcode = forms.CharField(widget=forms.HiddenInput, max_length=10)
    uprn = forms.TypedChoiceField(
        label=_("Select the address"),
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Select the address"),
            "invalid_choice": _("Select the address from the list"),
        },
    )

    def __init__(self, *args, addresses=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["uprn"].choices = [(a.uprn, a.single_line) for a in addresses]

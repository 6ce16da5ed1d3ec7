"""Finding an address by postcode, shared by the order-a-bin, garden waste and assisted
collection journeys (each passes its own wording): they check input and nothing else."""

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.forms import PostcodeForm as AccountPostcodeForm


class PostcodeForm(AccountPostcodeForm):
    """Find the address by postcode (a GET form: the postcode is in the URL)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["postcode"].label = _("What is the postcode of the address?")
        self.fields["postcode"].help_text = _("For example, MB1 1AA")
        self.fields["postcode"].error_messages["max_length"] = _(
            "Enter a real postcode, like MB1 1AA"
        )


class AddressForm(forms.Form):
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

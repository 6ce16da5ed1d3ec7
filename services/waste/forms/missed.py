"""Forms for reporting a missed bin: they check input and nothing else."""

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
            "required": _("Select the address where the bin was not emptied"),
            "invalid_choice": _("Select the address from the list"),
        },
    )

    def __init__(self, *args, addresses=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["uprn"].choices = [(a.uprn, a.single_line) for a in addresses]


class BinForm(forms.Form):
    stream = forms.ChoiceField(
        label=_("Which bin was not emptied?"),
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Select the bin that was not emptied"),
            "invalid_choice": _("Select one of the bins we collect from this address"),
        },
    )

    def __init__(self, *args, streams=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["stream"].choices = list(streams)


class ReportForm(forms.Form):
    """Check your answers: reports the collection day the page showed, and no other."""

    collection_date = forms.DateField(widget=forms.HiddenInput)

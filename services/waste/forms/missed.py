"""Forms for reporting a missed bin: they check input and nothing else."""

from django import forms
from django.utils.translation import gettext_lazy as _

from services.waste.forms import find_address


class AddressForm(find_address.AddressForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["uprn"].error_messages["required"] = _(
            "Select the address where the bin was not emptied"
        )


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

    def summary_rows(self):
        """Check your answers: the bin, by its name."""
        return [(_("Bin"), dict(self.fields["stream"].choices)[self.cleaned_data["stream"]])]

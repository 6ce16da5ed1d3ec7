"""Forms for garden waste subscriptions: they check input and nothing else."""

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from casework.questions import MAX_ANSWER
from services.waste.selectors.garden import bins_text


class BinsForm(forms.Form):
    """How many bins (``choices``: selectors.garden.bin_choices)."""

    bins = forms.TypedChoiceField(
        label=gettext_lazy("How many garden waste bins do you want emptied?"),
        coerce=int,
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, choices=(), refusal: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.refusal = refusal  # why the address cannot be subscribed for ('' when it can)
        field = self.fields["bins"]
        field.choices = list(choices)
        most = len(field.choices)
        field.help_text = _("The price is for each bin, for the whole subscription.")
        field.error_messages = {
            "required": _("Select how many bins you want emptied"),
            "invalid_choice": _("Select from 1 to %(most)s bins") % {"most": most},
        }

    def clean(self):
        cleaned = super().clean()
        if self.refusal:
            raise forms.ValidationError(self.refusal)
        return cleaned

    def summary_rows(self):
        bins = self.cleaned_data.get("bins") if self.is_valid() else None
        return [(_("Bins"), bins_text(bins) if bins else "")]


class CancelForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Why are you cancelling? (optional)"),
        help_text=gettext_lazy("This helps us improve the service."),
        required=False,
        max_length=MAX_ANSWER,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "max_length": gettext_lazy("Your reason must be 2,000 characters or fewer"),
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The server says when it is too long; the browser must not cut text off unseen.
        self.fields["reason"].widget.attrs.pop("maxlength", None)

"""Forms for ordering a bin or box: they check input and nothing else."""

from django import forms
from django.core import validators
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from services.waste.selectors import containers as selectors


class ContainerForm(forms.Form):
    container = forms.ChoiceField(
        label=gettext_lazy("Which bin or box do you need?"),
        widget=forms.RadioSelect,
        error_messages={
            "required": gettext_lazy("Select the bin or box you need"),
            "invalid_choice": gettext_lazy("Select one of the bins or boxes in the list"),
        },
    )

    def __init__(self, *args, containers=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.containers = {c.slug: c for c in containers}
        self.fields["container"].choices = [
            (c.slug, f"{c.name} – {selectors.price_text(c.price_pence)}") for c in containers
        ]

    def summary_rows(self):
        """Check your answers: the bin or box chosen."""
        return [(_("Bin or box"), self.containers[self.cleaned_data["container"]].name)]


class DetailsForm(forms.Form):
    """Why, and how many (asked only when more than one is allowed)."""

    reason = forms.ChoiceField(widget=forms.RadioSelect)
    quantity = forms.IntegerField(
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "class": "govuk-input--width-2", "autocomplete": "off"}
        ),
    )

    def __init__(self, *args, container, **kwargs):
        super().__init__(*args, **kwargs)
        self.container = container
        name = container.name.lower()
        reason = self.fields["reason"]
        reason.label = _("Why do you need a %(name)s?") % {"name": name}
        reason.choices = [(r.value, r.label) for r in selectors.reasons_for(container)]
        refusal = selectors.additional_refusal(container)
        reason.error_messages = {
            "required": _("Select why you need a %(name)s") % {"name": name},
            # Only "additional" can be refused: say why, not just "not in the list".
            "invalid_choice": refusal or _("Select one of the reasons in the list"),
        }
        most = selectors.max_quantity(container)
        if most <= 1:
            del self.fields["quantity"]
            return
        quantity = self.fields["quantity"]
        quantity.label = _("How many do you need?")
        quantity.help_text = _("You can order up to %(most)s at a time.") % {"most": most}
        quantity.min_value = 1
        quantity.max_value = most
        quantity.validators = [
            validators.MinValueValidator(1),
            validators.MaxValueValidator(most),
        ]
        quantity.error_messages = {
            "required": _("Enter how many you need"),
            "invalid": _("Enter how many you need as a number, like 2"),
            "min_value": _("Enter how many you need: 1 or more"),
            "max_value": _("You can order up to %(most)s at a time") % {"most": most},
        }

    def cleaned_quantity(self) -> int:
        return self.cleaned_data.get("quantity") or 1

    def summary_rows(self):
        """Check your answers: why, and how many."""
        reason = selectors.Reason(self.cleaned_data["reason"])
        return [(_("Why"), reason.label), (_("How many"), str(self.cleaned_quantity()))]

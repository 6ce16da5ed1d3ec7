"""Forms for booking a bulky waste collection: they check input and nothing else."""

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from casework.money import format_pence
from services.waste.selectors import bulky as selectors


class ItemsForm(forms.Form):
    """How many of each item: one small box per item on the price list (no JavaScript needed)."""

    def __init__(self, *args, items=(), policy=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.items = list(items)
        self.policy = policy
        for item in self.items:
            self.fields[self.field_name(item)] = forms.CharField(
                label=item.name,
                help_text=_("%(price)s each") % {"price": format_pence(item.price_pence)},
                required=False,
                max_length=3,
                error_messages={
                    "max_length": _("Enter how many, up to %(max)s")
                    % {"max": policy.bulky_max_items}
                },
                widget=forms.TextInput(
                    attrs={
                        "inputmode": "numeric",
                        "spellcheck": "false",
                        "autocomplete": "off",
                        "class": "govuk-input--width-2",
                    }
                ),
            )

    @staticmethod
    def field_name(item) -> str:
        return f"item_{item.pk}"

    @classmethod
    def initial_for(cls, quantities: dict[int, int]) -> dict:
        return {f"item_{item_id}": str(n) for item_id, n in quantities.items()}

    def _clean_quantity(self, item) -> int:
        name = self.field_name(item)
        raw = (self.cleaned_data.get(name) or "").strip()
        if not raw:
            return 0
        if not raw.isdigit():
            self.add_error(
                name,
                _("Enter how many %(item)s as a number, like 1 or 2") % {"item": item.name.lower()},
            )
            return 0
        return int(raw)

    def clean(self):
        cleaned = super().clean()
        if any(self.field_name(item) in self.errors for item in self.items):
            return cleaned
        quantities = {item.pk: self._clean_quantity(item) for item in self.items}
        if self.errors:
            return cleaned
        chosen = [item for item in self.items if quantities[item.pk] > 0]
        if not self.items:
            raise forms.ValidationError(_("There is nothing to book at the moment"))
        if not chosen:
            self.add_error(
                self.field_name(self.items[0]),
                _("Enter how many of at least one item you want us to collect"),
            )
            return cleaned
        count = sum(quantities.values())
        if count > self.policy.bulky_max_items:
            self.add_error(
                self.field_name(chosen[0]),
                _("You can book up to %(max)s items in one collection. You have entered %(count)s")
                % {"max": self.policy.bulky_max_items, "count": count},
            )
            return cleaned
        self.quantities = {pk: n for pk, n in quantities.items() if n}
        return cleaned

    def quote(self) -> selectors.Quote:
        return selectors.quote(quantities=self.quantities, items=self.items, policy=self.policy)

    def summary_rows(self):
        """Check your answers: the items with their prices, in one row."""
        lines = self.quote().lines if self.is_valid() else ()
        value = "\n".join(f"{line.label}: {format_pence(line.total_pence)}" for line in lines)
        return [(_("Items"), value)]


class SlotForm(forms.Form):
    slot = forms.TypedChoiceField(
        label=gettext_lazy("Which day should we collect?"),
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={
            "required": gettext_lazy("Select the day we should collect your items"),
            "invalid_choice": gettext_lazy("Select one of the days in the list"),
        },
    )

    def __init__(self, *args, slots=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.slots = list(slots)
        self.fields["slot"].choices = [
            (slot.pk, selectors.day_label(slot.date)) for slot in self.slots
        ]

    def chosen_slot(self):
        """The day chosen (one of those offered), once the form is valid."""
        if not self.is_valid():
            return None
        return next((s for s in self.slots if s.pk == self.cleaned_data["slot"]), None)

    def summary_rows(self):
        slot = self.chosen_slot()
        return [(_("Collection day"), selectors.long_day_label(slot.date) if slot else "")]


class WhereForm(forms.Form):
    location = forms.CharField(
        label=gettext_lazy("Where will the items be?"),
        help_text=gettext_lazy(
            "For example, ‘front garden’ or ‘by the side gate’. Items must be outside your "
            "home, where the crew can reach them, but not on the pavement or road."
        ),
        max_length=selectors.LOCATION_MAX,
        error_messages={
            "required": gettext_lazy("Enter where the items will be"),
            "max_length": gettext_lazy(
                "Where the items will be must be %(limit_value)d characters or fewer"
            ),
        },
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "true"}),
    )

    def summary_rows(self):
        return [(_("Where the items will be"), self.cleaned_data.get("location", ""))]

    def clean_location(self):
        value = " ".join(self.cleaned_data["location"].split())
        if not value:
            raise forms.ValidationError(_("Enter where the items will be"))
        return value


class BookForm(forms.Form):
    """Check your answers: books exactly the answers the page showed, and no others."""

    version = forms.CharField(widget=forms.HiddenInput, max_length=64)


class ConfirmForm(forms.Form):
    """A button and nothing else (cancel, pay, mark collected): the CSRF token is the point."""


class StaffDayForm(forms.Form):
    day = forms.DateField(
        label=gettext_lazy("Day"),
        required=False,
        input_formats=["%Y-%m-%d"],
        widget=forms.DateInput(attrs={"type": "date", "class": "govuk-input--width-10"}),
        error_messages={"invalid": gettext_lazy("Enter a real date")},
    )
    ward = forms.TypedChoiceField(
        label=gettext_lazy("Area"), coerce=int, required=False, empty_value=None
    )

    def __init__(self, *args, wards=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ward"].choices = [("", _("All areas"))] + [(w.pk, w.name) for w in wards]

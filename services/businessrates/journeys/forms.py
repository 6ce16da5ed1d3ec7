"""The questions of the business rates change journeys (one form a step)."""

from __future__ import annotations

import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

from casework.money import format_pence, pounds_to_pence
from core import clock
from core.forms import GovukDateField


def _radios(choices, **kw):
    return forms.ChoiceField(choices=choices, widget=forms.RadioSelect, **kw)


YES_NO = [("yes", _("Yes")), ("no", _("No"))]


# --- Small business rate relief -------------------------------------------------------------


class OtherPropertiesForm(forms.Form):
    """Whether the business uses other property: the rateable value of this one is shown."""

    other_property = _radios(
        YES_NO,
        label=_("Does your business use any other business property in England?"),
        error_messages={"required": _("Select yes if your business uses other property")},
    )

    def __init__(self, *args, rateable_value_pence: int | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["other_property"]
        if rateable_value_pence is not None:
            field.help_text = _(
                "The property on your account has a rateable value of %(value)s. Relief "
                "depends on the rateable values of all the business property you use: "
                "shops, offices, workshops, storage."
            ) % {"value": format_pence(rateable_value_pence)}


class OtherPropertiesDetailsForm(forms.Form):
    other_properties = forms.CharField(
        label=_("The address of each other property"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Enter the address of each other property")},
    )
    other_rateable_value = forms.CharField(
        label=_("Their rateable values added together, in pounds"),
        help_text=_(
            "It is on each property's bill, or on the Valuation Office Agency's website. "
            "For example, 2800."
        ),
        max_length=12,
        widget=forms.TextInput(
            attrs={"class": "govuk-input--width-10", "inputmode": "decimal", "spellcheck": "false"}
        ),
        error_messages={"required": _("Enter the rateable values of the other properties")},
    )

    def clean_other_rateable_value(self):
        try:
            pence = pounds_to_pence(self.cleaned_data["other_rateable_value"])
        except ValueError:
            raise forms.ValidationError(
                _("Enter the rateable value in pounds, like 2800")
            ) from None
        if pence <= 0:
            raise forms.ValidationError(_("Enter a rateable value more than £0"))
        return pence


# --- Moving out ---------------------------------------------------------------------------------


def _today() -> datetime.date:
    return clock.today()


class MovedOutDateForm(forms.Form):
    moved_out_on = GovukDateField(
        label=_("What date did your business leave the property, or will it leave?"),
        help_text=_("For example, 27 3 2026. The last day you use the property."),
        error_messages={"required": _("Enter the date your business leaves the property")},
    )

    def clean_moved_out_on(self):
        value = self.cleaned_data["moved_out_on"]
        day = datetime.date.fromisoformat(value) if value else None
        if day is None:
            return value
        today = _today()
        if day > today + datetime.timedelta(days=90):
            raise forms.ValidationError(_("The date must be within 90 days from today"))
        if day < today - datetime.timedelta(days=366 * 6):
            raise forms.ValidationError(_("The date must be within the last 6 years"))
        return value


class NewOccupierKnownForm(forms.Form):
    occupier_known = _radios(
        YES_NO,
        label=_("Do you know who is taking over the property?"),
        help_text=_("The new tenant or owner, or the landlord if the property will be empty."),
        error_messages={"required": _("Select yes if you know who is taking over the property")},
    )


class NewOccupierForm(forms.Form):
    new_occupier = forms.CharField(
        label=_("Their name"),
        max_length=200,
        error_messages={"required": _("Enter the name of who is taking over the property")},
    )
    new_occupier_contact = forms.CharField(
        label=_("Their address, phone number or email (optional)"),
        required=False,
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

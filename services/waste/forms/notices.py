"""Staff: tell residents a round, or a street on it, was missed (S-W7).

Two steps that work without JavaScript: choose the round (a GET form), then
the street, the day and what residents are told, with the streets and days of
that round only.
"""

import datetime

from django import forms
from django.utils import formats
from django.utils.translation import gettext_lazy as _

from services.waste.models import MissedRoundNotice, Round

WHOLE_ROUND = ""


def round_label(round_: Round) -> str:
    return f"{round_.name} ({round_.code})"


class RoundChoiceForm(forms.Form):
    round = forms.TypedChoiceField(
        label=_("Which round was missed?"),
        coerce=int,
        error_messages={
            "required": _("Select the round that was missed"),
            "invalid_choice": _("Select the round that was missed"),
        },
    )

    def __init__(self, *args, rounds: list[Round], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["round"].choices = [("", _("Choose a round"))] + [
            (r.pk, round_label(r)) for r in rounds
        ]


def _day_label(day: datetime.date, today: datetime.date) -> str:
    label = formats.date_format(day, "l j F Y")
    if day == today:
        return f"{label} ({_('today')})"
    return label


class MissedRoundNoticeForm(forms.Form):
    round = forms.IntegerField(widget=forms.HiddenInput)
    street = forms.ChoiceField(
        label=_("Which street was missed?"),
        required=False,
        help_text=_("Choose the whole round if the crew missed all of it."),
    )
    day = forms.TypedChoiceField(
        label=_("Which collection day was missed?"),
        widget=forms.RadioSelect,
        coerce=datetime.date.fromisoformat,
        error_messages={
            "required": _("Select the day the collection was missed"),
            "invalid_choice": _("Select the day the collection was missed"),
        },
    )
    reason = forms.CharField(
        label=_("Why was it missed?"),
        max_length=MissedRoundNotice._meta.get_field("reason").max_length,
        help_text=_("Residents see this. For example, “the collection lorry broke down”."),
        error_messages={
            "required": _("Enter why the collection was missed"),
            "max_length": _("Why it was missed must be 300 characters or fewer"),
        },
    )
    when_back = forms.CharField(
        label=_("When will you come back? (optional)"),
        required=False,
        max_length=MissedRoundNotice._meta.get_field("when_back").max_length,
        help_text=_("For example, “We will come back on Saturday 28 November”."),
        error_messages={"max_length": _("When you will come back must be 300 characters or fewer")},
    )

    def __init__(
        self,
        *args,
        round_: Round,
        streets: list[str],
        days: list[datetime.date],
        today: datetime.date,
        **kwargs,
    ):
        kwargs.setdefault("initial", {})
        kwargs["initial"].setdefault("round", round_.pk)
        super().__init__(*args, **kwargs)
        self.round_ = round_
        self.fields["street"].choices = [(WHOLE_ROUND, _("The whole round"))] + [
            (street, street) for street in streets
        ]
        self.fields["street"].error_messages["invalid_choice"] = _(
            "Select a street on this round, or the whole round"
        )
        self.fields["day"].choices = [(day.isoformat(), _day_label(day, today)) for day in days]

    def clean_round(self):
        if self.cleaned_data["round"] != self.round_.pk:
            raise forms.ValidationError(_("The round changed: choose the street and day again"))
        return self.round_

    def clean_reason(self):
        return " ".join(self.cleaned_data["reason"].split())

    def clean_when_back(self):
        return " ".join(self.cleaned_data["when_back"].split())

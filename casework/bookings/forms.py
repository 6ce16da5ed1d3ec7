"""The appointment question: the days still open, as radios grouped by week."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from casework.bookings import selectors
from casework.bookings.actions import booking_make


class OfferedDayField(forms.ChoiceField):
    """Radios of the days with places left. The day chosen before (``kept``), if it has been
    fully booked since, is still a valid answer, so that sending says plainly it has gone."""

    def __init__(self, *args, **kwargs):
        self.offered: set[str] = set()
        super().__init__(*args, **kwargs)

    def valid_value(self, value):
        return str(value) in self.offered or super().valid_value(value)


class AppointmentForm(forms.Form):
    slot = OfferedDayField(
        label=gettext_lazy("Choose a day for your appointment"),
        widget=forms.RadioSelect,
        error_messages={
            "required": gettext_lazy("Select a day for your appointment"),
            "invalid_choice": gettext_lazy("Select one of the days in the list"),
        },
    )

    def __init__(
        self, *args, calendar=None, area: str = "", options=None, kept: str = "", **kwargs
    ):
        super().__init__(*args, **kwargs)
        self.calendar, self.area = calendar, area
        if options is None:
            options = selectors.option_list(calendar, area=area) if calendar else []
        self.options = list(options)
        self.open_options = [option for option in self.options if option.left > 0]
        field = self.fields["slot"]
        field.choices = [(option.value, option.label) for option in self.open_options]
        field.offered = {option.value for option in self.options} & {kept}

    def weeks(self) -> list[tuple[str, list[tuple[object, int]]]]:
        """[(week heading, [(option, index of its radio)])], days with places left only."""
        index = {option.value: i for i, option in enumerate(self.open_options)}
        return [
            (heading, [(option, index[option.value]) for option in found])
            for heading, found in selectors.option_weeks(self.open_options)
        ]

    def current(self) -> str:
        value = self["slot"].value()
        return str(value) if value else ""

    def taken(self) -> str:
        """The day chosen before, if it has been fully booked since ('' otherwise)."""
        current = self.current()
        full = {o.value: o for o in self.options if o.left <= 0}
        if current in full:
            return _("%(day)s has been fully booked since you chose it. Choose another day.") % {
                "day": full[current].label
            }
        return ""

    def chosen(self) -> str:
        return self.cleaned_data["slot"] if self.is_valid() else ""

    def chosen_label(self) -> str:
        parsed = selectors.parse_choice(self.chosen())
        return selectors.choice_label(*parsed) if parsed else ""

    def summary_rows(self):
        return [(_("Appointment"), self.chosen_label())]

    def book(self, *, case, actor):
        """Book the chosen day for ``case`` (the engine calls this as it sends)."""
        return booking_make(
            case=case, calendar=self.calendar, choice=self.chosen(), area=self.area, actor=actor
        )


class StaffDayForm(forms.Form):
    """Staff: which request type's appointments, on which day."""

    calendar = forms.TypedChoiceField(
        label=gettext_lazy("Request type"), coerce=int, required=False, empty_value=None
    )
    day = forms.DateField(
        label=gettext_lazy("Day"),
        required=False,
        input_formats=["%Y-%m-%d"],
        widget=forms.DateInput(attrs={"type": "date", "class": "govuk-input--width-10"}),
        error_messages={"invalid": gettext_lazy("Enter a real date")},
    )

    def __init__(self, *args, calendars=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.calendars = {calendar.pk: calendar for calendar in calendars}
        self.fields["calendar"].choices = [
            (calendar.pk, calendar.request_type.name) for calendar in calendars
        ]

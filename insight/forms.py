"""The filters every insight page takes (period, service, team, ward), checked on the
server: a choice that is not on the list is an error the person is told about."""

from __future__ import annotations

import datetime
from urllib.parse import urlencode

from django import forms
from django.utils.translation import gettext_lazy as _

from casework import registry
from core import clock
from insight.access import teams_in_scope, wards_in_scope
from insight.reports import Filters, Scope

PERIODS = {
    "30": (30, _("The last 30 days")),
    "90": (90, _("The last 3 months")),
    "182": (182, _("The last 6 months")),
    "365": (365, _("The last 12 months")),
}
DEFAULT_PERIOD = "90"


class ReportFilterForm(forms.Form):
    period = forms.ChoiceField(
        label=_("Period"),
        choices=[(key, label) for key, (_days, label) in PERIODS.items()],
        initial=DEFAULT_PERIOD,
        required=False,
        error_messages={"invalid_choice": _("Choose a period from the list")},
    )
    service = forms.ChoiceField(
        label=_("Service"),
        required=False,
        error_messages={"invalid_choice": _("Choose a service from the list")},
    )
    team = forms.TypedChoiceField(
        label=_("Team"),
        coerce=int,
        empty_value=None,
        required=False,
        error_messages={"invalid_choice": _("Choose one of the teams you may see")},
    )
    ward = forms.TypedChoiceField(
        label=_("Ward"),
        coerce=int,
        empty_value=None,
        required=False,
        error_messages={"invalid_choice": _("Choose one of the wards you may see")},
    )

    def __init__(self, data=None, *, scope: Scope, with_team: bool = True):
        super().__init__(data)
        self.scope = scope
        self.fields["service"].choices = [("", _("All services"))] + [
            (service.slug, service.name) for service in registry.services() if service.request_types
        ]
        if with_team:
            self.fields["team"].choices = [("", _("All teams"))] + [
                (team.pk, team.name) for team in teams_in_scope(scope)
            ]
        else:
            del self.fields["team"]
        wards = [(ward.pk, ward.name) for ward in wards_in_scope(scope)]
        all_wards = _("All wards") if scope.ward_ids is None else _("All your wards")
        self.fields["ward"].choices = [("", all_wards), *wards]

    def filters(self, *, today: datetime.date | None = None) -> Filters:
        """The filters as chosen (call after is_valid())."""
        today = today or clock.today()
        data = self.cleaned_data
        days = PERIODS[data.get("period") or DEFAULT_PERIOD][0]
        return Filters(
            start=today - datetime.timedelta(days=days - 1),
            end=today,
            scope=self.scope,
            service=data.get("service") or "",
            team_id=data.get("team"),
            ward_id=data.get("ward"),
        )

    def query(self) -> str:
        """The chosen filters as a query string, for the CSV links."""
        data = {name: value for name, value in self.cleaned_data.items() if value}
        return urlencode(data)

"""Tell us the business has moved out of the property: the date, where to write to, and who
is taking it over if known, so that the right business is billed from the right day."""

from __future__ import annotations

import datetime

from django.utils.translation import gettext as _t
from django.utils.translation import gettext_lazy as _

from casework.journeys import Step
from casework.resident.forms import ForwardingAddressForm
from core.formatting import govuk_date
from services.businessrates.journeys import forms
from services.businessrates.journeys.base import Change, ChangeJourney, url_names


class MovingOut(ChangeJourney):
    slug = "business-rates-moving-out"
    request_type_slug = "business-rates-moving-out"
    url_names = url_names("moving_out")

    def steps(self, request_type):
        return [
            Step("date", forms.MovedOutDateForm, _("Leaving the property")),
            Step("forwarding", ForwardingAddressForm, _("Where we should write to you")),
            Step("occupier", forms.NewOccupierKnownForm, _("Who is taking over")),
            Step(
                "new_occupier",
                forms.NewOccupierForm,
                _("Who is taking over"),
                when=lambda values: values.get("occupier_known") == "yes",
            ),
        ]

    def change(self, *, ctx, walk):
        values = walk.values
        lines = [values["forwarding_line1"], values.get("forwarding_line2", "")]
        lines = [line for line in lines if line] + [values["forwarding_town"]]
        forwarding = {"lines": lines, "postcode": values["forwarding_postcode"]}
        known = values.get("occupier_known") == "yes"
        occupier = (
            {"name": values["new_occupier"], "contact": values.get("new_occupier_contact", "")}
            if known
            else None
        )
        left_on = datetime.date.fromisoformat(values["moved_out_on"])
        answers = {
            "request": _t("Tell us you have moved out"),
            "leaving_date": govuk_date(left_on),
            "forwarding_address": ", ".join([*lines, forwarding["postcode"]]),
            "who_is_taking_over": (
                ", ".join(p for p in (occupier["name"], occupier["contact"]) if p)
                if occupier
                else _t("Not known")
            ),
        }
        return Change(
            kind="business_rates_vacated",
            details={
                "moved_out_on": values["moved_out_on"],
                "forwarding_address": forwarding,
                "new_occupier": occupier,
            },
            answers=answers,
            summary=_t("Moved out of a business property"),
        )

    def next_steps(self, ctx, case):
        return (
            _t(
                "The business rates team will end your business's liability from the day "
                "you leave and send a final bill to your forwarding address. Any money you "
                "have overpaid will be refunded. This usually takes up to 10 working days."
            ),
            _t(
                "They may visit the property or contact the new occupier. Keep paying your "
                "instalments up to the day you leave."
            ),
        )


JOURNEY = MovingOut()

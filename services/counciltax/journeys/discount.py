"""Apply for, or end, single person discount (25% off the bill when one adult lives there)."""

from __future__ import annotations

import datetime

from django.utils.translation import gettext as _t
from django.utils.translation import gettext_lazy as _

from casework.journeys import Step
from core.formatting import govuk_date
from services.counciltax.journeys import forms
from services.counciltax.journeys.base import Change, ChangeJourney, url_names


def _date(value: str) -> datetime.date:
    return datetime.date.fromisoformat(value)


class SinglePersonDiscount(ChangeJourney):
    slug = "council-tax-single-person-discount"
    request_type_slug = "council-tax-single-person-discount"
    url_names = url_names("discount")

    def steps(self, request_type):
        return [
            Step("action", forms.DiscountActionForm, _("Single person discount")),
            Step(
                "apply",
                forms.DiscountApplyForm,
                _("Living alone"),
                when=lambda values: values.get("discount") == "apply",
            ),
            Step(
                "end",
                forms.DiscountEndForm,
                _("Someone has moved in"),
                when=lambda values: values.get("discount") == "end",
            ),
        ]

    def change(self, *, ctx, walk):
        values = walk.values
        if values["discount"] == "apply":
            since = values["living_alone_from"]
            return Change(
                kind="single_person_discount",
                details={
                    "action": "apply",
                    "from": since,
                    "who_left": values.get("who_left", ""),
                    "declared_only_adult": True,
                },
                answers={
                    "request": _t("Apply for single person discount"),
                    "living_alone_since": govuk_date(_date(since)),
                    "who_moved_out": values.get("who_left", ""),
                },
                summary=_t("Apply for single person discount"),
            )
        moved_in_on = values["moved_in_on"]
        return Change(
            kind="single_person_discount",
            details={
                "action": "end",
                "from": moved_in_on,
                "who_moved_in": values["who_moved_in"],
            },
            answers={
                "request": _t("End single person discount"),
                "who_moved_in": values["who_moved_in"],
                "moved_in_on": govuk_date(_date(moved_in_on)),
            },
            summary=_t("End single person discount"),
        )

    def next_steps(self, ctx, case):
        if "who_moved_in" in (case.answers or {}):
            return (
                _t(
                    "We will end the discount from the date they moved in and send you a new "
                    "bill with your new instalments. Keep paying your current instalments "
                    "until it arrives."
                ),
            )
        return (
            _t(
                "The council tax team check every new claim against the electoral register. "
                "This usually takes up to 10 working days."
            ),
            _t(
                "If the discount is given, we will send you a new bill with lower instalments "
                "and take off what you have overpaid since you started living alone. Keep "
                "paying your current instalments until then."
            ),
        )


JOURNEY = SinglePersonDiscount()

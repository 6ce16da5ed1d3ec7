"""Apply for another discount, a disregard or an exemption (students, carers, an empty home
whose resident is in a care home, a severe mental impairment): which one, who and since
when, and the evidence that one needs (``rules.REDUCTIONS``), kept with the draft as files
and stored on the case; the revenues system gets their names and links, never the bytes."""

from __future__ import annotations

import datetime

from django.utils.translation import gettext as _t
from django.utils.translation import gettext_lazy as _

from casework.journeys import Step
from core.formatting import govuk_date
from services.counciltax import rules
from services.counciltax.journeys import forms
from services.counciltax.journeys.base import Change, ChangeJourney, url_names


class Reduction(ChangeJourney):
    slug = "council-tax-reduction"
    request_type_slug = "council-tax-discounts-exemptions"
    url_names = url_names("reduction")
    takes_files = True

    def steps(self, request_type):
        return [
            Step("which", forms.ReductionWhichForm, _("Discounts, disregards and exemptions")),
            Step("details", forms.ReductionDetailsForm, _("About it, and your evidence")),
        ]

    def step_form_kwargs(self, step, ctx, values):
        if step.name == "details":
            return {
                "reduction": values.get("reduction", ""),
                "existing": ctx.answers.files if ctx.answers else (),
            }
        return {}

    def change(self, *, ctx, walk):
        values = walk.values
        reduction = values["reduction"]
        found = rules.REDUCTIONS[reduction]
        evidence, _hint = rules.reduction_evidence(reduction)
        since = values["applies_from"]
        files = list(ctx.answers.files) if ctx.answers else []
        return Change(
            kind="reduction",
            details={
                "reduction": reduction,
                "class": found["kind"],  # "exemption" or "disregard"
                "person": values["person"],
                "from": since,
                "evidence_asked_for": str(evidence),
            },
            answers={
                "request": str(found["label"]),
                "who_it_is_about": values["person"],
                "since": govuk_date(datetime.date.fromisoformat(since)),
                "evidence": [file.name for file in files],
            },
            summary=_t("Apply for a council tax discount, disregard or exemption"),
        )

    def next_steps(self, ctx, case):
        return (
            _t(
                "The council tax team will check your evidence. This usually takes up to 10 "
                "working days. They may ask you for more on your request’s page."
            ),
            _t(
                "If the reduction is given, we will send you a new bill. Keep paying your "
                "current instalments until it arrives."
            ),
        )


JOURNEY = Reduction()

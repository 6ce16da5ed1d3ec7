"""Apply for small business rate relief: the rateable value shown, whether the business uses
other property (and their rateable values), and an honest "what happens next".

The rules (England): full relief up to £12,000 of rateable value, tapering to nothing at
£15,000. A business using more than one property keeps it only if each other property's
rateable value is under £2,900 and all of them together are under £20,000."""

from __future__ import annotations

from django.utils.translation import gettext as _t
from django.utils.translation import gettext_lazy as _

from casework.journeys import Outcome, Step
from casework.money import format_pence
from services.businessrates.journeys import forms
from services.businessrates.journeys.base import Change, ChangeJourney, url_names

TAPER_ENDS_PENCE = 15_000_00  # no relief from this rateable value
ALL_PROPERTIES_LIMIT_PENCE = 20_000_00


def has_relief(account) -> bool:
    bill = account.current_bill if account is not None else None
    return bool(bill) and any(d.kind == "small_business" for d in bill.discounts)


class SmallBusinessRelief(ChangeJourney):
    slug = "business-rates-small-business-relief"
    request_type_slug = "business-rates-small-business-relief"
    url_names = url_names("relief")

    def steps(self, request_type):
        return [
            Step("other", forms.OtherPropertiesForm, _("Small business rate relief")),
            Step(
                "others",
                forms.OtherPropertiesDetailsForm,
                _("Your other business property"),
                when=lambda values: values.get("other_property") == "yes",
            ),
        ]

    def step_form_kwargs(self, step, ctx, values):
        if step.name == "other":
            account = self.account(ctx)
            return {"rateable_value_pence": account.rateable_value_pence if account else None}
        return {}

    def outcome(self, *, ctx, values, after):
        found = super().outcome(ctx=ctx, values=values, after=after)
        if found is not None or after is not None:
            return found
        account = self.account(ctx)
        if has_relief(account):
            return Outcome(
                title=_t("You already get small business rate relief"),
                explanation=(
                    _t(
                        "Your bill already has small business rate relief taken off. You do "
                        "not need to apply again. Tell us if your business starts using "
                        "another property, as that can change it."
                    ),
                ),
            )
        if account is not None and (account.rateable_value_pence or 0) >= TAPER_ENDS_PENCE:
            return Outcome(
                title=_t("Your property's rateable value is too high for this relief"),
                explanation=(
                    _t(
                        "Small business rate relief is for properties with a rateable value "
                        "under %(limit)s. Yours is %(value)s. If you think the rateable value "
                        "is wrong, you can ask the Valuation Office Agency to check it."
                    )
                    % {
                        "limit": format_pence(TAPER_ENDS_PENCE),
                        "value": format_pence(account.rateable_value_pence),
                    },
                ),
            )
        return None

    def change(self, *, ctx, walk):
        values = walk.values
        account = self.account(ctx)
        value = account.rateable_value_pence if account else None
        others = values.get("other_property") == "yes"
        details = {
            "relief": "small_business",
            "rateable_value_pence": value,
            "other_property": others,
            "other_properties": values.get("other_properties", "") if others else "",
            "other_rateable_value_pence": values.get("other_rateable_value") if others else 0,
        }
        answers = {
            "request": _t("Apply for small business rate relief"),
            "rateable_value": format_pence(value) if value is not None else "",
            "uses_other_business_property": _t("Yes") if others else _t("No"),
        }
        if others:
            answers["other_properties"] = values["other_properties"]
            answers["their_rateable_values_together"] = format_pence(values["other_rateable_value"])
        return Change(
            kind="small_business_rate_relief",
            details=details,
            answers=answers,
            summary=_t("Apply for small business rate relief"),
        )

    def next_steps(self, ctx, case):
        paragraphs = [
            _t(
                "The business rates team check every application. This usually takes up to "
                "20 working days. Keep paying your current instalments until you hear from us."
            )
        ]
        if "other_properties" in ((case.answers or {}) if case is not None else {}):
            paragraphs.append(
                _t(
                    "Because your business uses other property, you can only get the relief "
                    "if each other property's rateable value is under £2,900 and all of them, "
                    "with this one, add up to less than £20,000. We will check this."
                )
            )
        paragraphs.append(
            _t(
                "If you get the relief, we will send you a new bill with lower instalments, "
                "or none, and take off anything you have overpaid this year."
            )
        )
        return tuple(paragraphs)


JOURNEY = SmallBusinessRelief()

"""Report a change in circumstances for Housing Benefit or Council Tax Support (the same
revenues and benefits system): what changed, when, and in the resident's words."""

from __future__ import annotations

import datetime

from django.urls import reverse
from django.utils.translation import gettext as _t
from django.utils.translation import gettext_lazy as _

from casework.journeys import Outcome, Step
from core.formatting import govuk_date
from services.counciltax import selectors
from services.counciltax.journeys import forms
from services.counciltax.journeys.base import Change, ChangeJourney, url_names

WHAT_WORDS = dict(forms.BenefitWhatForm.base_fields["what"].choices)


class BenefitChange(ChangeJourney):
    slug = "benefit-change-of-circumstances"
    request_type_slug = "benefit-change-of-circumstances"
    url_names = url_names("benefit_change")
    start_url_name = "benefits"

    def steps(self, request_type):
        return [
            Step("what", forms.BenefitWhatForm, _("Report a change in circumstances")),
            Step("details", forms.BenefitDetailsForm, _("About the change")),
        ]

    def claims(self, ctx):
        def read():
            try:
                view = selectors.council_tax_account_get(link=self.link(ctx))
            except selectors.RevenuesUnavailable:
                return None
            return view.account.claims if view.account else ()

        return ctx.once("claims", read)

    def outcome(self, *, ctx, values, after):
        found = super().outcome(ctx=ctx, values=values, after=after)
        if found is not None or after is not None:
            return found
        if self.claims(ctx) == ():  # read, and none (not "could not be read")
            return Outcome(
                title=_("You do not have a benefit claim with us"),
                explanation=(
                    _(
                        "You can report a change here when you get Housing Benefit or "
                        "Council Tax Support from us. If you get Universal Credit, tell "
                        "the Department for Work and Pensions through your online account."
                    ),
                ),
                instead=((_("See your benefits"), reverse("counciltax:benefits")),),
            )
        return None

    def change(self, *, ctx, walk):
        values = walk.values
        what = list(values["what"])
        claims = self.claims(ctx) or ()
        return Change(
            kind="benefit_change",
            details={
                "claims": [claim.claim_number for claim in claims],
                "what": what,
                "changed_on": values["changed_on"],
                "details": values["details"],
            },
            answers={
                "what_has_changed": [str(WHAT_WORDS[item]) for item in what],
                "date_of_the_change": govuk_date(datetime.date.fromisoformat(values["changed_on"])),
                "about_the_change": values["details"],
            },
            summary=_t("Change in circumstances for benefits"),
        )

    def next_steps(self, ctx, case):
        return (
            _t(
                "A benefits assessor will work out what the change means for your "
                "entitlement. They may ask you for proof, such as payslips, on your "
                "request’s page."
            ),
            _t(
                "We will write to you with your new entitlement. If you have been paid too "
                "much, we will tell you how it will be paid back."
            ),
        )


JOURNEY = BenefitChange()

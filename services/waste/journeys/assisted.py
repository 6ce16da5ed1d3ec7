"""Ask for an assisted bin collection on the journey engine: who needs help and why
(broadly), whether anyone aged 16 or over there can put the bins out, where the bins
are kept, check, send. The address is in the URL (``/waste/assisted/<uprn>/``); the
answers are kept in the resident's draft.

Someone in the household who can put the bins out, an address nobody collects bins
from, and an open request for the address end the journey with an explanation
(``Journey.outcome``): nothing is sent.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from casework.journeys import Step
from core.formatting import govuk_date
from services.waste.actions import assisted as actions
from services.waste.forms import assisted as forms
from services.waste.journeys.at_address import AddressJourney
from services.waste.selectors import assisted as selectors


class AssistedCollection(AddressJourney):
    slug = "waste-assisted"
    url_names = {
        "entry": "assisted_about",
        "step": "assisted_step",
        "check": "assisted_check",
        "sent": "assisted_sent",
        "outcome": "assisted_outcome",
    }
    start_url_name = "assisted_start"
    address_url_name = "assisted_address"
    other_address = _("Ask for a different address")
    no_collections = _(
        "We have no bin collections for this address, so we cannot offer an assisted "
        "collection there."
    )
    check_template = "waste/assisted/check.html"
    confirmation_template = "waste/assisted/confirmation.html"

    def request_type_get(self):
        return selectors.request_type_get()

    def steps(self, request_type):
        return [
            Step(
                "about",
                forms.AboutForm,
                _("Who needs help with their bins?"),
                template="waste/assisted/about.html",
            ),
            Step(
                "household",
                forms.HouseholdForm,
                _("Is there anyone aged 16 or over living there who can put the bins out?"),
                template="waste/assisted/question.html",
            ),
            Step(
                "bins",
                forms.WhereForm,
                _("Where are the bins kept?"),
                template="waste/assisted/question.html",
            ),
        ]

    def step_context(self, step, ctx, form):
        return {"address": self.address(ctx)}

    def outcome(self, *, ctx, values, after):
        if after is None and self.has_collections(ctx):
            return self._already_asked(ctx)
        if after is not None and after.name == "household" and values["can_help"] == "yes":
            return self.outcome_page(
                ctx,
                _("We cannot offer an assisted collection"),
                _(
                    "Assisted collections are for households where nobody aged 16 or over "
                    "can put the bins out. As someone living there can, they will need to "
                    "put the bins out by 7am on collection day."
                ),
                template="waste/assisted/not_eligible.html",
            )
        return super().outcome(ctx=ctx, values=values, after=after)

    def _already_asked(self, ctx):
        existing = ctx.once(
            "existing",
            lambda: selectors.open_request_get(user=ctx.citizen, address=self.address(ctx)),
        )
        if existing is None:
            return None
        return self.outcome_page(
            ctx,
            _("You have already asked"),
            _(
                "You asked for an assisted collection at this address on %(date)s and we "
                "are still dealing with it."
            )
            % {"date": govuk_date(existing.created_at)},
            case=existing,
            case_link=_("See your request %(reference)s") % {"reference": existing.reference},
        )

    def answers(self, ctx, walk) -> selectors.Answers:
        return selectors.Answers.from_values(walk.values, uprn=self.address(ctx).uprn)

    def check_rows(self, *, ctx, walk):
        return [self.address_row(ctx)]

    def check_context(self, ctx):
        return {"caption": _("Ask for an assisted bin collection")}

    def submit(self, *, ctx, walk):
        case, _created = actions.assisted_request(
            user=ctx.citizen,
            answers=self.answers(ctx, walk),
            address=self.address(ctx),
            request_type=ctx.request_type,
        )
        return case  # an open request made meanwhile: go on with that one


JOURNEY = AssistedCollection()

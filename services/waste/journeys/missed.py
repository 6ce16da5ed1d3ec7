"""Report a missed bin on the journey engine: which bin, then what the council knows
(``selectors.missed.missed_assess``), then check and report. The address is in the URL
(``/waste/missed/<uprn>/``); the answer is kept in the resident's draft.

What the council already knows ends the journey with an explanation instead of a report
(``Journey.outcome``): no recent collection, already reported, too late, a missed-round
notice, the crew's reason, the round not finished or too early. The check page shows the
collection day it reports, and sending checks it is still that day.
"""

from __future__ import annotations

from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from casework.journeys import Step
from casework.journeys.actions import NotReady
from casework.journeys.selectors import journey_walk
from core.formatting import govuk_time
from services.waste.actions import missed as actions
from services.waste.forms import missed as forms
from services.waste.journeys.at_address import AddressJourney
from services.waste.selectors import missed as selectors
from services.waste.selectors.missed import Outcome as Assessed


def _heading(assessment) -> str:
    stream = assessment.stream_label.lower()
    if assessment.outcome == Assessed.CREW_REASON:
        return {
            "not_presented": _("Your %(stream)s was not out when the crew came"),
            "contaminated": _("Your %(stream)s had the wrong things in it"),
        }.get(assessment.crew.reason, _("The crew could not get to your %(stream)s")) % {
            "stream": stream
        }
    return {
        Assessed.NO_COLLECTION: _("We cannot find a recent %(stream)s collection"),
        Assessed.REPORTED_BY_YOU: _("You have already reported this"),
        Assessed.REPORTED: _("This has already been reported"),
        Assessed.TOO_LATE: _("It is too late to report this online"),
        Assessed.NOTICE: _("We know your %(stream)s was not collected"),
        Assessed.NOT_FINISHED: _("The crew has not finished your round yet"),
        Assessed.TOO_EARLY: _("It is too early to report this"),
    }[assessment.outcome] % {"stream": stream}


class MissedBin(AddressJourney):
    slug = "waste-missed"
    url_names = {
        "entry": "missed_bin",
        "step": "missed_step",
        "check": "missed_check",
        "sent": "missed_confirmation",
        "outcome": "missed_outcome",
    }
    start_url_name = "missed_start"
    address_url_name = "missed_address"
    other_address = gettext_lazy("Report a missed bin at a different address")
    no_collections = gettext_lazy(
        "We have no bin collections for this address, so there is nothing to report. "
        "Businesses usually pay a waste company to collect their bins."
    )
    check_template = "waste/missed/check.html"
    confirmation_template = "waste/missed/confirmation.html"
    changed_message = gettext_lazy(
        "The collection day has changed since this page was shown. "
        "Check it, then report the missed bin"
    )

    def request_type_get(self):
        return selectors.request_type_get()

    def steps(self, request_type):
        question = gettext_lazy("Which bin was not emptied?")
        return [Step("bin", forms.BinForm, question, template="waste/missed/bin.html")]

    def _streams(self, ctx):
        return ctx.once("streams", lambda: selectors.address_streams(address=self.address(ctx)))

    def step_form_kwargs(self, step, ctx, values):
        return {"streams": self._streams(ctx)}

    def step_context(self, step, ctx, form):
        return {"address": self.address(ctx)}

    def assessment(self, ctx, stream: str):
        """What the council knows of ``stream`` at the address now (read once a request)."""
        return ctx.once(
            f"assessment:{stream}",
            lambda: selectors.missed_assess(
                user=ctx.citizen, address=self.address(ctx), stream=stream
            ),
        )

    def outcome(self, *, ctx, values, after):
        if after is None:
            return super().outcome(ctx=ctx, values=values, after=after)
        assessment = self.assessment(ctx, values["stream"])
        if assessment.outcome == Assessed.REPORT:
            return None
        return self.outcome_page(
            ctx,
            _heading(assessment),
            template="waste/missed/outcome.html",
            assessment=assessment,
            rounds_end=govuk_time(selectors.ROUNDS_END),
            report_days=selectors.report_days(),
        )

    def check_rows(self, *, ctx, walk):
        collection = self.assessment(ctx, walk.values["stream"]).collection
        day = formats.date_format(collection.date, "l j F Y")
        if collection.moved:
            usual = formats.date_format(collection.usual_date, "l j F")
            moved = _("Moved from %(usual)s") % {"usual": usual}
            day += "\n" + moved + (f": {collection.reason}" if collection.reason else "")
        return [self.address_row(ctx), {"key": _("Collection day"), "value": day}]

    def check_context(self, ctx):
        walk = ctx.once("walk", lambda: journey_walk(ctx))
        return {
            "heading": _("Check your answers before reporting the missed bin"),
            "caption": _("Report a missed bin collection"),
            "assessment": self.assessment(ctx, walk.values["stream"]),
        }

    def shown_version(self, *, ctx, walk):
        """The collection day the page showed is the one reported."""
        return self.assessment(ctx, walk.values["stream"]).collection_date.isoformat()

    def confirmation_context(self, ctx, case):
        missed = selectors.missed_for_case(case=case)
        return {
            "missed": missed,
            "stream_label": selectors.stream_label(missed.stream) if missed else "",
        }

    def submit(self, *, ctx, walk):
        assessment = self.assessment(ctx, walk.values["stream"])
        try:
            return actions.missed_collection_report(
                user=ctx.citizen, assessment=assessment, request_type=ctx.request_type
            )
        except actions.AlreadyReported as exc:  # reported first, meanwhile
            if exc.missed.case.resident_id == ctx.citizen.pk:
                return exc.missed.case  # by this resident (another tab): go on with it
            raise NotReady(
                [_("This has already been reported. You do not need to report it again.")]
            ) from None


JOURNEY = MissedBin()

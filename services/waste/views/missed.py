"""Report a missed bin (issue 5, waste item 3): address, bin, then what the council knows.

/waste/missed/                           start: your address, or another one
/waste/missed/address/?postcode=         find another address by postcode
/waste/missed/<uprn>/                    which bin was not emptied?
/waste/missed/<uprn>/<stream>/           what we know (the crew's reason, a notice, already
                                         reported, too early or late), or check your answers;
                                         POST reports it
/waste/missed/sent/<reference>/          confirmation

Thin views: ``selectors.missed.missed_assess`` decides what the resident is told and
``actions.missed.missed_collection_report`` makes the case. Every page works without
JavaScript; bad input is a 400 with an error summary.
"""

from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.decorators import signed_in_required
from portal.rendering import render_form
from portal.templatetags.govuk import govuk_time
from services.waste.actions import missed as actions
from services.waste.forms import missed as forms
from services.waste.selectors import missed as selectors
from services.waste.selectors.missed import Outcome
from services.waste.views.find_address import find_address as _find_address


def _check_url(address, stream: str) -> str:
    return reverse("waste:missed_check", kwargs={"uprn": address.uprn, "stream": stream})


def _request_type():
    request_type = selectors.request_type_get()
    if request_type is None:
        raise Http404
    return request_type


@signed_in_required
def start(request):
    user = request.user
    address = user.address if user.address_id else None
    return render(
        request,
        "waste/missed/start.html",
        {
            "request_type": selectors.request_type_get(),
            "address": address,
            "report_days": selectors.report_days(),
            "rounds_end": govuk_time(selectors.ROUNDS_END),
        },
    )


@signed_in_required
def find_address(request):
    _request_type()
    return _find_address(
        request,
        url_name="waste:missed_address",
        caption=_("Report a missed bin collection"),
        back_url=reverse("waste:missed_start"),
        chosen_url=lambda uprn: reverse("waste:missed_bin", kwargs={"uprn": uprn}),
        address_form=forms.AddressForm,
        postcode_template="waste/missed/address.html",
        choose_template="waste/missed/choose.html",
    )


@signed_in_required
def which_bin(request, uprn):
    _request_type()
    address = selectors.address_get(uprn=uprn)
    streams = selectors.address_streams(address=address)
    if request.method == "POST" and streams:
        form = forms.BinForm(request.POST, streams=streams)
        if form.is_valid():
            return redirect(_check_url(address, form.cleaned_data["stream"]))
    else:
        form = forms.BinForm(streams=streams)
    return render_form(
        request, "waste/missed/bin.html", {"form": form, "address": address, "streams": streams}
    )


@signed_in_required
def check(request, uprn, stream):
    request_type = _request_type()
    address = selectors.address_get(uprn=uprn)
    stream = selectors.address_stream_get(address=address, stream=stream)
    assessment = selectors.missed_assess(user=request.user, address=address, stream=stream)
    if assessment.outcome != Outcome.REPORT:
        if request.method == "POST" and assessment.outcome == Outcome.REPORTED_BY_YOU:
            # A second click on "Report": the first made the report.
            return redirect(_confirmation_url(assessment.missed.case))
        return _outcome(request, assessment)

    form = forms.ReportForm(initial={"collection_date": assessment.collection_date})
    if request.method == "POST":
        form = forms.ReportForm(request.POST)
        if not form.is_valid() or form.cleaned_data["collection_date"] != (
            assessment.collection_date
        ):
            form = forms.ReportForm(data={"collection_date": assessment.collection_date})
            form.is_valid()
            form.add_error(
                None,
                _(
                    "The collection day has changed since this page was shown. "
                    "Check it, then report the missed bin"
                ),
            )
        else:
            try:
                case = actions.missed_collection_report(
                    user=request.user, assessment=assessment, request_type=request_type
                )
            except actions.AlreadyReported as exc:  # someone else's report came first
                assessment = assessment.already_reported(missed=exc.missed, user=request.user)
                if assessment.outcome == Outcome.REPORTED_BY_YOU:
                    return redirect(_confirmation_url(exc.missed.case))
                return _outcome(request, assessment)
            return redirect(_confirmation_url(case))
    return render_form(
        request,
        "waste/missed/check.html",
        {
            "form": form,
            "assessment": assessment,
            "address": address,
            "mine": request.user.address_id == address.uprn,
        },
    )


def _heading(assessment) -> str:
    stream = assessment.stream_label.lower()
    if assessment.outcome == Outcome.CREW_REASON:
        return {
            "not_presented": _("Your %(stream)s was not out when the crew came"),
            "contaminated": _("Your %(stream)s had the wrong things in it"),
        }.get(assessment.crew.reason, _("The crew could not get to your %(stream)s")) % {
            "stream": stream
        }
    return {
        Outcome.NO_COLLECTION: _("We cannot find a recent %(stream)s collection"),
        Outcome.REPORTED_BY_YOU: _("You have already reported this"),
        Outcome.REPORTED: _("This has already been reported"),
        Outcome.TOO_LATE: _("It is too late to report this online"),
        Outcome.NOTICE: _("We know your %(stream)s was not collected"),
        Outcome.NOT_FINISHED: _("The crew has not finished your round yet"),
        Outcome.TOO_EARLY: _("It is too early to report this"),
    }[assessment.outcome] % {"stream": stream}


def _outcome(request, assessment):
    """What the council already knows: the resident is told, and no case is made."""
    return render(
        request,
        "waste/missed/outcome.html",
        {
            "assessment": assessment,
            "address": assessment.address,
            "heading": _heading(assessment),
            "rounds_end": govuk_time(selectors.ROUNDS_END),
            "report_days": selectors.report_days(),
        },
    )


def _confirmation_url(case) -> str:
    return reverse("waste:missed_confirmation", kwargs={"reference": case.reference})


@signed_in_required
def confirmation(request, reference):
    case = selectors.case_for_confirmation(user=request.user, reference=reference)
    missed = selectors.missed_for_case(case=case)
    return render(
        request,
        "waste/missed/confirmation.html",
        {
            "case": case,
            "missed": missed,
            "stream_label": selectors.stream_label(missed.stream) if missed else "",
            "case_url": reverse("casework:detail", kwargs={"reference": case.reference}),
        },
    )

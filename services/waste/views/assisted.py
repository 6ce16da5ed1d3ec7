"""Ask for an assisted bin collection (issue 5, waste item 7).

/waste/assisted/                        start: who it is for, what we ask and why
/waste/assisted/address/?postcode=      find another address by postcode
/waste/assisted/<uprn>/                 who needs help, why (broadly) and for how long
/waste/assisted/household/              can anyone aged 16 or over there put the bins out?
                                        (yes: we explain that we cannot offer it)
/waste/assisted/bins/                   where the bins are kept
/waste/assisted/check/                  check your answers; POST sends the request
/waste/assisted/sent/<reference>/       confirmation

The answers wait in the session (``selectors.assisted.SESSION_KEY``) until they are
sent, then leave it. Thin views: ``selectors.assisted`` reads, ``actions.assisted``
makes the case. Every page works without JavaScript; bad input is a 400 with an error
summary.
"""

import dataclasses

from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.decorators import signed_in_required
from casework.forms import send_form_checked
from portal.rendering import render_form
from services.waste.actions import assisted as actions
from services.waste.forms import assisted as forms
from services.waste.selectors import assisted as selectors
from services.waste.selectors.assisted import Answers
from services.waste.views.find_address import find_address as _find_address


def _request_type():
    request_type = selectors.request_type_get()
    if request_type is None:
        raise Http404
    return request_type


def _answers(request) -> Answers:
    return Answers.from_session(request.session.get(selectors.SESSION_KEY))


def _save(request, answers: Answers) -> None:
    request.session[selectors.SESSION_KEY] = answers.as_session()


def _about_url(answers: Answers) -> str:
    if answers.uprn:
        return reverse("waste:assisted_about", kwargs={"uprn": answers.uprn})
    return reverse("waste:assisted_start")


def _first_unanswered(answers: Answers) -> str:
    """Where to pick up: the first page whose question has no answer yet."""
    if not answers.about_done:
        return _about_url(answers)
    if not answers.eligible:
        return reverse("waste:assisted_household")
    if not answers.where:
        return reverse("waste:assisted_bins")
    return reverse("waste:assisted_check")


@signed_in_required
def start(request):
    user = request.user
    return render(
        request,
        "waste/assisted/start.html",
        {
            "request_type": selectors.request_type_get(),
            "address": user.address if user.address_id else None,
        },
    )


@signed_in_required
def find_address(request):
    _request_type()
    return _find_address(
        request,
        url_name="waste:assisted_address",
        caption=_("Ask for an assisted bin collection"),
        back_url=reverse("waste:assisted_start"),
        chosen_url=lambda uprn: reverse("waste:assisted_about", kwargs={"uprn": uprn}),
    )


@signed_in_required
def about(request, uprn):
    _request_type()
    address = selectors.address_get(uprn=uprn)
    if not selectors.address_has_collections(address=address):
        return render(request, "waste/assisted/about.html", {"address": address})
    answers = _answers(request)
    same = answers.uprn == address.uprn
    if request.method == "POST":
        form = forms.AboutForm(request.POST)
        if form.is_valid():
            kept = answers.as_session() if same else {}
            data = form.cleaned_data
            _save(
                request,
                Answers.from_session(
                    {
                        **kept,
                        "uprn": address.uprn,
                        "who": data["who"],
                        "name": data["name"],
                        "reason": data["reason"],
                        "how_long": data["how_long"],
                    }
                ),
            )
            return redirect("waste:assisted_household")
    else:
        initial = (
            {
                "who": answers.who,
                "name": answers.name,
                "reason": answers.reason,
                "how_long": answers.how_long,
            }
            if same
            else {}
        )
        form = forms.AboutForm(initial=initial)
    return render_form(
        request,
        "waste/assisted/about.html",
        {"form": form, "address": address, "has_collections": True},
    )


@signed_in_required
def household(request):
    _request_type()
    answers = _answers(request)
    if not answers.about_done:
        return redirect(_about_url(answers))
    if request.method == "POST":
        form = forms.HouseholdForm(request.POST)
        if form.is_valid():
            can_help = form.cleaned_data["can_help"]
            _save(request, dataclasses.replace(answers, household_can_help=can_help))
            if can_help == "yes":
                return render(request, "waste/assisted/not_eligible.html", {"answers": answers})
            return redirect("waste:assisted_bins")
    else:
        form = forms.HouseholdForm(initial={"can_help": answers.household_can_help or None})
    return render_form(
        request,
        "waste/assisted/household.html",
        {"form": form, "back_url": _about_url(answers)},
    )


@signed_in_required
def bins(request):
    _request_type()
    answers = _answers(request)
    if not (answers.about_done and answers.eligible):
        return redirect(_first_unanswered(answers))
    if request.method == "POST":
        form = forms.WhereForm(request.POST)
        if form.is_valid():
            _save(request, dataclasses.replace(answers, where=form.cleaned_data["where"]))
            return redirect("waste:assisted_check")
    else:
        form = forms.WhereForm(initial={"where": answers.where})
    return render_form(request, "waste/assisted/bins.html", {"form": form})


def _render_check(request, answers, address, form, existing):
    return render_form(
        request,
        "waste/assisted/check.html",
        {
            "form": form,
            "answers": answers,
            "address": address,
            "existing": existing,
            "about_url": _about_url(answers),
        },
    )


@signed_in_required
def check(request):
    request_type = _request_type()
    answers = _answers(request)
    if not answers.complete:
        return redirect(_first_unanswered(answers))
    address = selectors.address_get(uprn=answers.uprn)
    existing = selectors.open_request_get(user=request.user, address=address)
    if request.method != "POST":
        form = forms.SendForm(initial={"version": answers.version})
        return _render_check(request, answers, address, form, existing)
    form = send_form_checked(
        forms.SendForm,
        request.POST,
        version=answers.version,
        changed_message=_(
            "Your answers have changed since this page was shown. "
            "Check them, then send your request"
        ),
    )
    if form.errors:
        return _render_check(request, answers, address, form, existing)
    case, _created = actions.assisted_request(
        user=request.user, answers=answers, address=address, request_type=request_type
    )
    request.session.pop(selectors.SESSION_KEY, None)
    return redirect("waste:assisted_sent", reference=case.reference)


@signed_in_required
def sent(request, reference):
    case = selectors.case_for_confirmation(user=request.user, reference=reference)
    return render(
        request,
        "waste/assisted/confirmation.html",
        {
            "case": case,
            "case_url": reverse("casework:detail", kwargs={"reference": case.reference}),
        },
    )

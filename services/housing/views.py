"""Council housing: the tenant's rent account (tier 2), and "was it fixed?" on a finished
repair. The journeys (repairs, anti-social behaviour, paying rent, an arrangement) are in
journeys.py; linking the tenancy is the linking core's page (``linking.views.link``, in the
words of ``link.LINKABLE``).

Each page's access is decided by its tier decorator and the person's own link or case: a
page only ever shows the tenancy linked to the person signed in (or, while an agent helps a
caller, the caller's), and their own repairs."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from accounts.assisting import current_citizen
from accounts.decorators import signed_in_required, tier2_required
from services.housing import actions, reminders, rules, selectors
from services.housing.forms import FeedbackForm, RemindersForm, StatementForm


def _unavailable(request):
    return render(request, "housing/unavailable.html", status=503)


@tier2_required
def account(request):
    """The rent account: balance, rent due and when, transactions, arrears in plain words;
    and the tenant's repairs and reports (from the portal, shown even when the housing
    system is down). While an agent helps a caller, the caller's (tier 2 checked who they
    are); a tenancy not linked yet is linked on the contact centre's page."""
    citizen = current_citizen(request)
    repairs = selectors.repairs_list(user=citizen)
    try:
        found = actions.rent_account_open(user=citizen)
    except selectors.HousingUnavailable:
        return _unavailable(request)
    if found is None:
        return render(request, "housing/not_linked.html", {"repairs": repairs})
    return render(
        request,
        "housing/account.html",
        {
            "view": found,
            "repairs": repairs,
            "reports": selectors.asb_reports_list(user=citizen),
            "reminders_on": reminders.rent_reminders_on(
                user=citizen, reference=found.link.account_ref
            ),
        },
    )


@tier2_required
def statement(request):
    """A rent statement as PDF: choose the period, then on to the document's status page
    (it is made in the background; that page says when it is ready)."""
    if selectors.tenancy_link_get(user=request.user) is None:
        return redirect("housing:link")
    form = StatementForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            made = actions.rent_statement_request(
                user=request.user, period=form.cleaned_data["period"]
            )
        except selectors.HousingUnavailable:
            return _unavailable(request)
        if made is None:  # the housing system no longer has the tenancy: the page says so
            return redirect("housing:account")
        return redirect("documents:status", document_id=made.pk)
    return render(
        request, "housing/statement.html", {"form": form}, status=400 if form.errors else 200
    )


@tier2_required
def reminders_page(request):
    """Reminders the day before the rent is due: on or off, for the linked tenancy."""
    link = selectors.tenancy_link_get(user=request.user)
    if link is None:
        return redirect("housing:link")
    on = reminders.rent_reminders_on(user=request.user, reference=link.account_ref)
    form = RemindersForm(
        request.POST if request.method == "POST" else None,
        initial={"remind": "yes" if on else "no"},
    )
    if request.method == "POST" and form.is_valid():
        wanted = form.cleaned_data["remind"]
        reminders.rent_reminders_set(user=request.user, on=wanted)
        messages.success(
            request,
            _("We will remind you the day before your rent is due")
            if wanted
            else _("We will not remind you before your rent is due"),
        )
        return redirect("housing:account")
    return render(
        request,
        "housing/reminders.html",
        {"form": form, "on": on},
        status=400 if form.errors else 200,
    )


@tier2_required
def unlink(request):
    """GET asks "are you sure?"; POST unlinks (the tenancy itself is not touched)."""
    found = selectors.tenancy_link_get(user=request.user)
    if request.method == "POST":
        if actions.tenancy_unlink(user=request.user):
            messages.success(request, _("Your tenancy is no longer linked"))
        return redirect("account_home")
    return render(request, "housing/unlink.html", {"link": found})


@signed_in_required
def repair_feedback(request, reference):
    """On a finished repair: was it fixed, and how satisfied are you? (Only the tenant who
    reported it; once.)"""
    case = selectors.repair_for_resident(user=request.user, reference=reference)
    if case is None:
        raise Http404
    if not rules.feedback_wanted(status=case.status, rating=case.rating):
        return redirect("casework:detail", reference=case.reference)
    form = FeedbackForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        fixed = form.cleaned_data["fixed"] == "yes"
        case = actions.repair_feedback(
            case=case,
            user=request.user,
            fixed=fixed,
            rating=form.cleaned_data["rating"],
            comment=form.cleaned_data["comment"],
        )
        messages.success(request, rules.feedback_thanks(fixed=fixed, status=case.status))
        return redirect("casework:detail", reference=case.reference)
    return render(
        request,
        "housing/feedback.html",
        {"form": form, "case": case},
        status=400 if form.errors else 200,
    )

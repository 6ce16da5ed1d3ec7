"""General enquiries: the start page, a question page per request type, check your
answers, and the confirmation with the reference.

Thin views: reads from ``services.general.selectors``, writes through
``services.general.actions`` (which sends through ``casework.actions``). Every
page works without JavaScript. Bad input is a 400 page with an error summary
(``portal.rendering.render_form``), another resident's request a 404.
"""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.access import is_verified, login_url, step_up_url, tier_redirect
from accounts.decorators import signed_in_required
from casework import drafts, payments, registry
from casework.forms import send_form_checked
from portal.rendering import render_form
from services.general import actions, forms, selectors
from services.general.apps import SLUG

SENT_KEY = "general:sent"  # the last request sent in this session: {"version", "reference"}


def _question_url(request_type) -> str:
    return reverse("general:question", kwargs={"type_slug": request_type.slug})


def _check_url(request_type) -> str:
    return reverse("general:check", kwargs={"type_slug": request_type.slug})


def _case_url(case) -> str:
    return reverse("casework:detail", kwargs={"reference": case.reference})


def _confirmation_url(case) -> str:
    return reverse(
        "general:confirmation",
        kwargs={"type_slug": case.request_type.slug, "reference": case.reference},
    )


def _sent_url(case) -> str:
    """Where a sent request goes on: its confirmation, or its page while it waits to be paid."""
    if payments.case_needs_payment(case):
        return _case_url(case)
    return _confirmation_url(case)


def _step_up(request, request_type, *, back_to: str):
    """A redirect to the second-factor page for tier-2 request types, else None.

    After a POST the step-up page returns to the question page (a GET)."""
    if request_type.auth_tier < 2:
        return None
    if request.method == "POST":
        return None if is_verified(request.user) else redirect(step_up_url(back_to))
    target = tier_redirect(request, tier=2)
    return redirect(target) if target is not None else None


# --- Start page ------------------------------------------------------------------------


def start(request):
    """The service's start page (public). ``?draft=<id>`` continues a saved request."""
    if "draft" in request.GET:
        if not request.user.is_authenticated:
            return redirect(login_url(request.get_full_path()))
        return _continue_draft(request, request.GET["draft"])
    return render(
        request,
        "general/start.html",
        {"service": registry.service(SLUG), "request_types": selectors.request_type_list()},
    )


def _continue_draft(request, draft_id):
    draft = drafts.draft_for_user(request.user, draft_id)  # 404 unless theirs and live
    request_type = selectors.request_type_get(slug=draft.request_type.slug)
    answers = selectors.answers_from_draft(draft)
    if draft.step == selectors.STEP_CHECK and answers.complete:
        return redirect(_check_url(request_type))
    return redirect(_question_url(request_type))


# --- Question page -------------------------------------------------------------------------


def _render_question(request, request_type, form):
    return render_form(
        request,
        "general/question.html",
        {
            "service": registry.service(SLUG),
            "request_type": request_type,
            "form": form,
            "details": form.character_count(),
        },
    )


@signed_in_required
def question(request, type_slug):
    request_type = selectors.request_type_get(slug=type_slug)
    step_up = _step_up(request, request_type, back_to=_question_url(request_type))
    if step_up is not None:
        return step_up
    user = request.user
    draft = selectors.draft_get(user=user, request_type=request_type)
    answers = selectors.answers_from_draft(draft)
    if request.method != "POST":
        form = forms.RequestForm(
            initial={"summary": answers.summary, "details": answers.details},
            existing=answers.files,
        )
        return _render_question(request, request_type, form)

    saving = request.POST.get("action") == "save"
    form = forms.RequestForm(request.POST, request.FILES, existing=answers.files, partial=saving)
    if form.is_valid():
        actions.request_save(
            user=user,
            request_type=request_type,
            summary=form.cleaned_data["summary"],
            details=form.cleaned_data["details"],
            keep=form.kept_files(),
            uploads=form.uploads(),
            step=selectors.STEP_QUESTION if saving else selectors.STEP_CHECK,
        )
        if saving:
            messages.success(
                request,
                _("Your answers have been saved. Come back to them from your saved requests"),
            )
            return redirect("drafts:list")
        return redirect(_check_url(request_type))

    if form.uploads():
        # The files were fine: keep them, so that putting another answer right does
        # not mean choosing them again (a browser never fills in a file input).
        draft = actions.request_save(
            user=user,
            request_type=request_type,
            summary=answers.summary,
            details=answers.details,
            keep=form.kept_files(),
            uploads=form.uploads(),
            step=draft.step if draft is not None else selectors.STEP_QUESTION,
        )
        form = form.with_files(selectors.answers_from_draft(draft).files)
    return _render_question(request, request_type, form)


# --- Check your answers --------------------------------------------------------------------


def _render_check(request, request_type, draft, form, *, status=200):
    answers = selectors.answers_from_draft(draft)
    return render(
        request,
        "general/check.html",
        {
            "service": registry.service(SLUG),
            "request_type": request_type,
            "answers": answers,
            "form": form,
            "needs_address": request_type.needs_address and not request.user.has_address,
        },
        status=400 if form.errors else status,
    )


@signed_in_required
def check(request, type_slug):
    request_type = selectors.request_type_get(slug=type_slug)
    step_up = _step_up(request, request_type, back_to=_question_url(request_type))
    if step_up is not None:
        return step_up
    user = request.user
    draft = selectors.draft_get(user=user, request_type=request_type)
    if draft is None:
        if request.method == "POST":
            return _already_sent(request, request_type)
        return redirect(_question_url(request_type))
    answers = selectors.answers_from_draft(draft)
    if not answers.complete:
        return redirect(_question_url(request_type))
    version = selectors.draft_version(draft)
    if request.method != "POST":
        return _render_check(
            request, request_type, draft, forms.SendForm(initial={"version": version})
        )

    form = send_form_checked(
        forms.SendForm,
        request.POST,
        version=version,
        changed_message=_(
            "Your answers have changed since this page was shown. "
            "Check them, then send your request"
        ),
    )
    if form.errors:
        return _render_check(request, request_type, draft, form)
    try:
        case = actions.request_submit(user=user, request_type=request_type, draft=draft)
    except ValueError:  # something it needs is missing, such as an address: say what
        problems = actions.request_problems(user=user, request_type=request_type, answers=answers)
        for problem in problems or [_("Check your answers, then send your request")]:
            form.add_error(None, problem)
        return _render_check(request, request_type, draft, form)
    if case is None:  # another click sent it first
        case = selectors.case_sent_from_draft(user=user, request_type=request_type, draft=draft)
        return redirect(_sent_url(case)) if case else redirect(_question_url(request_type))
    request.session[SENT_KEY] = {"version": version, "reference": case.reference}
    if payments.case_needs_payment(case):
        return _pay(request, case)
    return redirect(_confirmation_url(case))


def _already_sent(request, request_type):
    """A second "Send" after the first made the request: show the request, do not make another."""
    sent = request.session.get(SENT_KEY) or {}
    if sent.get("reference") and sent.get("version") == request.POST.get("version"):
        try:
            case = selectors.case_for_confirmation(
                user=request.user, type_slug=request_type.slug, reference=sent["reference"]
            )
        except Http404:
            case = None
        if case is not None:
            return redirect(_sent_url(case))
    return redirect(_question_url(request_type))


def _pay(request, case):
    """Straight on to the payment provider; if it cannot be reached, the request's page
    says so and offers "Pay now" again."""
    from integrations.pay.actions import PaymentUnavailable

    try:
        payment = payments.case_payment_start(
            case=case, user=request.user, return_to=_case_url(case)
        )
    except PaymentUnavailable as exc:
        messages.warning(
            request,
            _("We have your request, but we could not take you to the payment page. %(reason)s")
            % {"reason": str(exc)},
        )
        return redirect(_case_url(case))
    return redirect(payment.next_url)


# --- Confirmation ----------------------------------------------------------------------------


@signed_in_required
def confirmation(request, type_slug, reference):
    case = selectors.case_for_confirmation(
        user=request.user, type_slug=type_slug, reference=reference
    )
    step_up = _step_up(request, case.request_type, back_to=_case_url(case))
    if step_up is not None:
        return step_up
    if payments.case_needs_payment(case):
        return redirect(_case_url(case))
    return render(
        request,
        "general/confirmation.html",
        {"service": registry.service(SLUG), "case": case, "case_url": _case_url(case)},
    )

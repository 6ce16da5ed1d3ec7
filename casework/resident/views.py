"""The resident's side of casework: their requests, each request's page, and what
they can do on it (C1, C2, C4, C5, C9, C11).

Thin views: every case comes through ``casework.access.case_for_resident`` (404
for "no such case" and "not yours" alike), reads come from
``casework.selectors``, and every change is one function of
``casework.actions``. A move the workflow refuses is shown with its reason on a
400 page, never a 500.
"""

from collections.abc import Callable
from dataclasses import asdict, dataclass

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.http import FileResponse, Http404, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.access import tier_redirect
from accounts.assisting import current_citizen, is_assisting
from accounts.decorators import signed_in_required
from casework import access, actions, attachments, payments, public, selectors
from casework.bookings import selectors as booking_selectors
from casework.resident import forms
from casework.resident.menu import reopen_refusal, resident_menu, withdraw_refusal
from casework.workflow import Status, TransitionRefused
from integrations.pay.access import remember_payment_in_session
from integrations.pay.actions import PaymentUnavailable

PAGE_SIZE = 25


# --- Helpers ---------------------------------------------------------------------------


def _detail_url(case) -> str:
    return reverse("casework:detail", kwargs={"reference": case.reference})


def _resident_case(request, reference: str, *, posted: bool = False):
    """(case, None), or (case, a redirect to step up) for request types that need tier 2.

    Access first: a reference that is not yours is a 404, never a step-up page that
    would tell you it exists. After a POST the step-up page returns to the case page.
    """
    case = access.case_for_resident(current_citizen(request), reference)
    if case.request_type.auth_tier >= 2:
        if posted:
            target = tier_redirect(request, tier=2, next_path=_detail_url(case))
        else:
            target = tier_redirect(request, tier=2)
        if target is not None:
            return case, redirect(target)
    return case, None


def _post_only(request):
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    return None


def _refuse_agents(request) -> None:
    """An agent helping a person reads their requests; only the person changes them."""
    if is_assisting(request):
        raise PermissionDenied


def _require_owner(request, case) -> None:
    """Only the person who made the request changes it; followers only follow."""
    if not access.is_owner(current_citizen(request), case):
        raise PermissionDenied


def _posted_case(request, reference: str, *, owner: bool = False, agents_may: bool = False):
    """(case, None) for a POST to a case the resident may see (and, with ``owner``, change);
    else (None, the response: a step-up redirect or 405). Not theirs: 404; a follower
    changing someone else's request: 403."""
    case, step_up = _resident_case(request, reference, posted=True)
    if step_up is not None:
        return None, step_up
    if (refusal := _post_only(request)) is not None:
        return None, refusal
    if not agents_may:
        _refuse_agents(request)
    if owner:
        _require_owner(request, case)
    return case, None


def _refused(request, case, reason) -> object:
    return render(
        request,
        "casework/refused.html",
        {"case": case, "reason": str(reason), "detail_url": _detail_url(case)},
        status=400,
    )


def _pagination(page, params: dict) -> dict | None:
    """GOV.UK pagination: previous, numbered pages (with ellipses), next."""
    if page.paginator.num_pages <= 1:
        return None

    def url(number):
        return "?" + urlencode({**params, "page": number})

    items = []
    for number in page.paginator.get_elided_page_range(page.number, on_each_side=1, on_ends=1):
        if number == page.paginator.ELLIPSIS:
            items.append({"ellipsis": True})
        else:
            items.append({"number": number, "url": url(number), "current": number == page.number})
    return {
        "previous": url(page.previous_page_number()) if page.has_previous() else None,
        "next": url(page.next_page_number()) if page.has_next() else None,
        "items": items,
    }


# --- Your requests -------------------------------------------------------------------------


@signed_in_required
def case_list(request):
    citizen = current_citizen(request)  # the person an agent is helping, else the user
    search = forms.ReferenceSearchForm(request.GET if "q" in request.GET else None)
    query = search.cleaned_data["q"].strip() if search.is_bound and search.is_valid() else ""
    state = request.GET.get("state")
    if state not in selectors.STATES:
        state = selectors.OPEN_STATE
    context = {"search": search, "state": state, "query": query}

    if query:
        found = list(selectors.case_list_for_resident(user=citizen, query=query)[:2])
        if len(found) == 1:
            return redirect(_detail_url(found[0]))
        context["not_found"] = True
        return render(request, "casework/list.html", context)

    cases = selectors.case_list_for_resident(user=citizen, state=state)
    page = Paginator(cases, PAGE_SIZE).get_page(request.GET.get("page"))
    context.update(
        page=page,
        rows=selectors.case_rows(page.object_list, user=citizen),
        counts=selectors.case_counts_for_resident(user=citizen),
        pagination=_pagination(page, {"state": state}),
    )
    return render(request, "casework/list.html", context)


# --- One request ---------------------------------------------------------------------------


def _owner_context(case) -> dict:
    """The person who made the request: their answers, files, messages and timeline."""
    files = selectors.case_public_attachments(case=case)
    timeline = selectors.case_public_timeline(case=case, attachments=files)
    return {
        "answers": selectors.case_answers(case=case),
        "attachments": files,
        "timeline": timeline,
        "question": selectors.case_waiting_question(timeline=timeline),
        "outcome_reason": case.outcome_reason,
        "complaint": selectors.complaint_with_stages(case=case),
        **booking_selectors.booking_context(case),
    }


def _follower_context(case) -> dict:
    """Someone following another person's report: only its public view (casework.public)."""
    view = public.case_for_follower(case)
    return {
        "public": view.public,
        "timeline": view.timeline,
        "outcome_reason": view.outcome_reason,
    }


def _render_detail(
    request, case, *, reply_form=None, rating_form=None, payment_error="", status=200
):
    user = current_citizen(request)
    menu = resident_menu(case, user, assisting=is_assisting(request))
    original = None
    if case.status == Status.DUPLICATE and case.duplicate_of_id:
        try:
            original = access.case_for_resident(user, case.duplicate_of.reference)
        except Http404:
            original = None
    context = {
        "case": case,
        "row": selectors.CaseRow(case=case, late=selectors.is_late(case), following=not menu.owner),
        **asdict(menu),
        **(_owner_context(case) if menu.owner else _follower_context(case)),
        "original": original,
        "payment_error": payment_error,
        "unpaid_days": settings.CASE_UNPAID_EXPIRY_DAYS,
        "reply_form": reply_form or forms.ReplyForm(),
        "rating_form": rating_form or forms.RatingForm(),
    }
    return render(request, "casework/detail.html", context, status=status)


@signed_in_required
def case_detail(request, reference):
    case, step_up = _resident_case(request, reference)
    if step_up is not None:
        return step_up
    return _render_detail(request, case)


@signed_in_required
def case_reply(request, reference):
    case, stop = _posted_case(request, reference, owner=True)
    if stop is not None:
        return stop
    form = forms.ReplyForm(request.POST, request.FILES)
    if not form.is_valid():
        return _render_detail(request, case, reply_form=form, status=400)
    try:
        # The files were checked and cleaned by the form: storing them cannot be refused.
        with transaction.atomic():
            event = actions.case_reply(
                case=case, actor=request.user, message=form.cleaned_data["message"]
            )
            for upload in form.cleaned_data["files"]:
                attachments.attachment_add(
                    case=case, event=event, upload=upload, uploaded_by=request.user
                )
    except TransitionRefused as refused:
        return _refused(request, case, refused)
    messages.success(request, _("Your message has been sent"))
    return redirect(_detail_url(case))


@dataclass(frozen=True)
class _Confirmation:
    """A resident's "are you sure?" page for one action, with a reason."""

    form_class: type
    allowed: Callable  # (case, user) -> refusal text or None
    perform: Callable  # (case, user, reason) -> None
    done: str
    title: str
    lead: str
    button: str
    warning: bool


WITHDRAW = _Confirmation(
    form_class=forms.WithdrawForm,
    allowed=withdraw_refusal,
    perform=lambda case, user, reason: actions.case_withdraw(case=case, actor=user, reason=reason),
    done=gettext_lazy("You have withdrawn your request"),
    title=gettext_lazy("Are you sure you want to withdraw this request?"),
    lead=gettext_lazy(
        "We will stop working on it. You cannot undo this: if you need it again later, "
        "you will have to make a new request."
    ),
    button=gettext_lazy("Withdraw request"),
    warning=True,
)
REOPEN = _Confirmation(
    form_class=forms.ReopenForm,
    allowed=reopen_refusal,
    perform=lambda case, user, reason: actions.case_reopen(case=case, actor=user, message=reason),
    done=gettext_lazy("You have reopened your request"),
    title=gettext_lazy("Reopen this request"),
    lead=gettext_lazy(
        "Tell us what is still wrong. The request goes back to the team, and we will tell you "
        "about its progress."
    ),
    button=gettext_lazy("Reopen request"),
    warning=False,
)


ESCALATE = _Confirmation(
    form_class=forms.EscalateForm,
    allowed=actions.complaint_escalation_refusal,
    perform=lambda case, user, reason: actions.case_complaint_escalate(
        case=case, actor=user, reason=reason
    ),
    done=gettext_lazy(
        "You have asked for a review of our answer. Your complaint is now at stage 2."
    ),
    title=gettext_lazy("Ask for a review of our answer (stage 2)"),
    lead=gettext_lazy(
        "A senior manager who did not answer your complaint before will look at it again "
        "and send you our final answer."
    ),
    button=gettext_lazy("Ask for a review"),
    warning=False,
)


def _confirm(request, reference, confirmation: _Confirmation):
    case, step_up = _resident_case(request, reference, posted=request.method == "POST")
    if step_up is not None:
        return step_up
    _require_owner(request, case)
    _refuse_agents(request)
    form = confirmation.form_class(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            confirmation.perform(case, request.user, form.cleaned_data["reason"].strip())
        except TransitionRefused as refused:
            return _refused(request, case, refused)
        messages.success(request, confirmation.done)
        return redirect(_detail_url(case))
    if request.method != "POST" and (refusal := confirmation.allowed(case, request.user)):
        return _refused(request, case, refusal)
    return render(
        request,
        "casework/confirm.html",
        {"case": case, "form": form, "detail_url": _detail_url(case), "page": confirmation},
        status=400 if form.errors else 200,
    )


@signed_in_required
def case_withdraw(request, reference):
    return _confirm(request, reference, WITHDRAW)


@signed_in_required
def case_reopen(request, reference):
    return _confirm(request, reference, REOPEN)


@signed_in_required
def case_escalate(request, reference):
    """A complaint's stage 2: GET asks why, POST opens it (within the escalation window)."""
    return _confirm(request, reference, ESCALATE)


@signed_in_required
def case_pay(request, reference):
    """Send the resident to the payment provider for the request's fee (POST); an agent
    helping them takes it by phone (a staff-entered, "MOTO", payment; their receipt)."""
    case, stop = _posted_case(request, reference, owner=True, agents_may=True)
    if stop is not None:
        return stop
    if not payments.case_needs_payment(case):
        return _refused(request, case, _("This request has nothing to pay."))

    by_phone = is_assisting(request)
    try:
        payment = payments.case_payment_start(
            case=case, user=request.user, return_to=_detail_url(case), moto=by_phone
        )
    except PaymentUnavailable as exc:
        return _render_detail(request, case, payment_error=str(exc), status=503)
    if by_phone:
        remember_payment_in_session(request, payment)
    return redirect(payment.next_url)


@signed_in_required
def case_rate(request, reference):
    case, stop = _posted_case(request, reference, owner=True)
    if stop is not None:
        return stop
    form = forms.RatingForm(request.POST)
    if not form.is_valid():
        return _render_detail(request, case, rating_form=form, status=400)
    try:
        actions.case_rate(
            case=case,
            user=request.user,
            rating=form.cleaned_data["rating"],
            comment=form.cleaned_data["comment"],
        )
    except TransitionRefused as refused:
        return _refused(request, case, refused)
    messages.success(request, _("Thank you for your feedback"))
    return redirect(_detail_url(case))


@signed_in_required
def case_follow(request, reference):
    case, stop = _posted_case(request, reference)
    if stop is not None:
        return stop
    try:
        actions.case_follow(case=case, user=request.user)
    except TransitionRefused as refused:
        return _refused(request, case, refused)
    if not access.is_owner(request.user, case):
        messages.success(
            request, _("You are following this request. We will tell you about its progress.")
        )
    return redirect(_detail_url(case))


@signed_in_required
def case_unfollow(request, reference):
    case, stop = _posted_case(request, reference)
    if stop is not None:
        return stop
    if access.is_owner(request.user, case):
        # Your own request: you are always told about it.
        return redirect(_detail_url(case))
    actions.case_unfollow(case=case, user=request.user)
    messages.success(
        request,
        _("You have stopped following %(reference)s") % {"reference": case.reference},
    )
    # Followers see a case only while they follow it.
    return redirect("casework:list")


@signed_in_required
def attachment_download(request, reference, attachment_id):
    case, step_up = _resident_case(request, reference)
    if step_up is not None:
        return step_up
    if not access.is_owner(current_citizen(request), case):
        raise Http404  # a follower is not offered the resident's files
    attachment = selectors.attachment_get(case=case, attachment_id=attachment_id)
    try:
        handle = attachment.file.open("rb")
    except (FileNotFoundError, OSError):
        raise Http404 from None
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=attachment.original_name,
        content_type=attachment.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cross-Origin-Resource-Policy"] = "same-origin"
    return response

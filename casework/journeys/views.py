"""The journey engine's pages, the same for every journey: a step, check your answers,
confirmation, and the outcome page where a rule ends the journey. Thin: they read through ``selectors``, write through ``actions``."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.access import login_url, tier_redirect
from accounts.assisting import assisting_get
from casework import access, payments
from casework.bookings import selectors as booking_selectors
from casework.journeys import actions, owners, selectors
from casework.journeys.forms import SendForm, rebound_data
from casework.models import Channel
from casework.resident.forms import send_form_checked
from core.rendering import render_form
from integrations.pay.access import remember_payment_in_session
from integrations.pay.actions import PaymentUnavailable

SENT_KEY = "journeys:sent:%s"  # the last request a journey sent in this session
# A step's button that looks something up (an address by postcode) rather than answers:
# what was typed is kept, and the step shown again with what it found (no JavaScript).
LOOKUP = "lookup"


def _context(request, journey, url_kwargs):
    """The journey's context, or a redirect to sign in (a visitor, on a journey or request
    type that is not open to them) or to the second-factor page (tier-2 types)."""
    helping = assisting_get(request)  # an agent acting for the person they are helping
    ctx = selectors.journey_context(
        journey,
        user=request.user,
        url_kwargs=url_kwargs,
        owner=owners.owner_of(request, create=request.method == "POST"),
        request=request,
        citizen=helping.person if helping else None,
        channel=helping.channel if helping else Channel.WEB,
    )
    if not request.user.is_authenticated and ctx.request_type.auth_tier >= 1:
        return ctx, redirect(login_url(request.get_full_path()))
    if ctx.request_type.auth_tier < 2:
        return ctx, None
    if request.method == "POST":  # after a POST, step-up returns to the (GET) page
        target = tier_redirect(request, tier=2, next_path=request.path)
        return ctx, None if target is None else redirect(target)
    target = tier_redirect(request, tier=2)
    return ctx, (redirect(target) if target is not None else None)


def _where_next(journey, ctx, walk, *, after=None, to_check=False):
    """The first unanswered step, else the step after ``after``, else the check page."""
    if walk.first_unanswered is not None and (to_check or after is None):
        return journey.step_url(ctx, walk.first_unanswered.name)
    index = walk.position(after) if after else None
    if index is not None and not to_check and index + 1 < len(walk.path):
        return journey.step_url(ctx, walk.path[index + 1][0].name)
    if walk.first_unanswered is not None:
        return journey.step_url(ctx, walk.first_unanswered.name)
    if walk.outcome is not None:
        return journey.url("outcome", ctx)
    return journey.url("check", ctx)


def _render_step(request, journey, ctx, step, walk, form):
    previous = walk.previous(step.name)
    back = journey.step_url(ctx, previous.name) if previous else journey.back_url(ctx)
    return render_form(
        request,
        step.template,
        {
            "journey": journey,
            "ctx": ctx,
            "request_type": ctx.request_type,
            "step": step,
            "form": form,
            "back_url": back,
            **journey.step_context(step, ctx, form),
        },
    )


@owners.signed_in_unless_visitors
def step_page(request, journey, step_name=None, **url_kwargs):
    ctx, step_up = _context(request, journey, url_kwargs)
    if step_up is not None:
        return step_up
    walk = selectors.journey_walk(ctx)
    step = journey.step_get(ctx, step_name)  # 404 for a step the journey does not have
    if walk.position(step.name) is None:  # hidden by an answer, jumped ahead to, or past an end
        if walk.outcome is not None:
            return _render_outcome(request, journey, ctx, walk)
        return redirect(_where_next(journey, ctx, walk))
    if request.method != "POST":
        return _render_step(
            request, journey, ctx, step, walk, selectors.step_form(ctx, step, walk.values)
        )
    form_kwargs = journey.form_kwargs_for(step, ctx, walk.values)
    form = step.form_class(request.POST, request.FILES, **form_kwargs)
    if request.POST.get("action") == LOOKUP:  # "Find address": keep what was typed, show it again
        actions.journey_step_save(ctx=ctx, step=step, form=form, saving=True, event=False)
        return redirect(request.get_full_path())
    saving = request.POST.get("action") == "save"
    if saving or form.is_valid():
        return _step_answered(request, journey, ctx, step, form, saving=saving)
    if getattr(form, "uploads", None) and form.uploads():  # keep good files: no choosing them again
        actions.journey_step_save(ctx=ctx, step=step, form=form, saving=True, event=False)
        form_kwargs = journey.form_kwargs_for(step, ctx, walk.values)  # the files kept now
        form = step.form_class(rebound_data(form, ctx.answers.files), **form_kwargs)
        form.full_clean()
    return _render_step(request, journey, ctx, step, walk, form)


def _step_answered(request, journey, ctx, step, form, *, saving: bool):
    """Keep the step's answers; then the saved requests (saving for later), or the next
    step, or back to check your answers after a "Change"."""
    actions.journey_step_save(ctx=ctx, step=step, form=form, saving=saving)
    if saving and ctx.owner.is_visitor:  # no account: a link by e-mail instead
        return redirect("drafts:visitor_save", draft_id=ctx.draft.pk)
    if saving:
        messages.success(
            request, _("Your answers have been saved. Come back to them from your saved requests")
        )
        return redirect("drafts:list")
    to_check = request.GET.get("change") == "check"
    walk = selectors.journey_walk(ctx)
    return redirect(_where_next(journey, ctx, walk, after=step.name, to_check=to_check))


def _render_check(request, journey, ctx, walk, form):
    return render(
        request,
        journey.check_template,
        {
            "journey": journey,
            "ctx": ctx,
            "request_type": ctx.request_type,
            "form": form,
            "rows": walk.summary(journey, ctx) + journey.check_rows(ctx=ctx, walk=walk),
            "back_url": journey.step_url(ctx, walk.path[-1][0].name),
            **journey.check_context(ctx),
        },
        status=400 if form.errors else 200,
    )


@owners.signed_in_unless_visitors
def check_page(request, journey, **url_kwargs):
    ctx, step_up = _context(request, journey, url_kwargs)
    if step_up is not None:
        return step_up
    if ctx.draft is None and request.method == "POST":
        return _already_sent(request, journey, ctx)
    walk = selectors.journey_walk(ctx)
    if ctx.draft is None or not walk.complete:  # unanswered steps, or an outcome
        return redirect(_where_next(journey, ctx, walk))
    version = selectors.draft_version(ctx.draft, shown=journey.shown_version(ctx=ctx, walk=walk))
    if request.method != "POST":
        return _render_check(request, journey, ctx, walk, SendForm(initial={"version": version}))
    form = send_form_checked(
        SendForm, request.POST, version=version, changed_message=str(journey.changed_message)
    )
    if form.errors:
        return _render_check(request, journey, ctx, walk, form)
    draft = ctx.draft
    try:
        case = actions.journey_send(ctx=ctx, walk=walk)
    except actions.NotReady as exc:
        for problem in exc.problems:
            form.add_error(None, problem)
        return _render_check(request, journey, ctx, walk, form)
    return _after_send(request, journey, ctx, case, draft=draft, version=version)


def _after_send(request, journey, ctx, case, *, draft, version):
    """On from a send: the payment, else the confirmation; the request another click made
    when this one found the draft already claimed (``case`` None)."""
    if case is None:
        case = selectors.case_sent_from_draft(ctx=ctx, draft=draft)
        return redirect(_sent_url(journey, ctx, case) if case else journey.step_url(ctx, None))
    request.session[SENT_KEY % journey.slug] = {"version": version, "reference": case.reference}
    if ctx.owner.is_visitor:
        owners.visitor_sent_remember(request.session, case.reference)
    if payments.case_needs_payment(case):
        return _pay(request, journey, ctx, case)
    return redirect(_sent_url(journey, ctx, case))


def _render_outcome(request, journey, ctx, walk):
    """Where the answers end the journey (``Journey.outcome``): its explanation, 200."""
    outcome = walk.outcome
    back = journey.step_url(ctx, walk.path[-1][0].name) if walk.path else journey.back_url(ctx)
    return render(
        request,
        outcome.template,
        {
            "journey": journey,
            "ctx": ctx,
            "request_type": ctx.request_type,
            "outcome": outcome,
            "back_url": back,
            **outcome.context,
        },
    )


@owners.signed_in_unless_visitors
def outcome_page(request, journey, **url_kwargs):
    """The outcome the answers lead to; answers that lead on go on (nothing is sent here)."""
    ctx, step_up = _context(request, journey, url_kwargs)
    if step_up is not None:
        return step_up
    walk = selectors.journey_walk(ctx)
    if walk.outcome is None or request.method == "POST":
        return redirect(_where_next(journey, ctx, walk))
    return _render_outcome(request, journey, ctx, walk)


def _case_url(case) -> str:
    return reverse("casework:detail", kwargs={"reference": case.reference})


def _sent_url(journey, ctx, case) -> str:
    """Where a sent request goes on: its confirmation, or its page while it waits to be
    paid (unless the journey says otherwise: ``Journey.sent_url``)."""
    return journey.sent_url(ctx, case)


def _already_sent(request, journey, ctx):
    """A second "Send" after the first made the request: show it, do not make another."""
    sent = request.session.get(SENT_KEY % journey.slug) or {}
    if sent.get("reference") and sent.get("version") == request.POST.get("version"):
        try:
            case = _own_case(request, ctx, sent["reference"])
        except Http404:
            case = None
        if case is not None:
            return redirect(_sent_url(journey, ctx, case))
    return redirect(journey.step_url(ctx, None))


def _pay(request, journey, ctx, case):
    """Straight on to the payment provider, which sends the person back to
    ``Journey.sent_url``; if it cannot be reached, that page says so and offers "Pay now"
    again."""
    back = _sent_url(journey, ctx, case)
    try:
        payment = payments.case_payment_start(
            case=case, user=request.user, return_to=back, moto=ctx.assisted
        )
    except PaymentUnavailable as exc:
        messages.warning(request, str(journey.payment_unavailable_message) % {"reason": str(exc)})
        return redirect(back)
    if ctx.assisted:  # the agent's browser comes back to the person's payment
        remember_payment_in_session(request, payment)
    return redirect(payment.next_url)


def _own_case(request, ctx, reference):
    """The person's own request of this journey's request type (or one this browser
    sent without an account): 404 for anything else."""
    user = ctx.citizen
    if not user.is_authenticated or ctx.journey.visitors_allowed:
        try:
            return owners.case_sent_here(
                request, reference=reference, request_type=ctx.request_type
            )
        except Http404:
            if not user.is_authenticated:
                raise
    case = access.case_for_resident(user, reference)
    if not access.is_owner(user, case) or case.request_type_id != ctx.request_type.pk:
        raise Http404
    return case


@owners.signed_in_unless_visitors
def confirmation_page(request, journey, reference, **url_kwargs):
    ctx, step_up = _context(request, journey, url_kwargs)
    if step_up is not None:
        return step_up
    case = journey.sent_case(ctx=ctx, reference=reference) or _own_case(request, ctx, reference)
    if payments.case_needs_payment(case):
        return redirect(_case_url(case))
    return render(
        request,
        journey.confirmation_template,
        {
            "journey": journey,
            "ctx": ctx,
            "case": case,
            "case_url": _case_url(case),
            # Booking an appointment sets the case's day: without one there is none to read.
            "appointment": booking_selectors.booking_for_case(case)
            if case.appointment_on
            else None,
            **journey.confirmation_context(ctx, case),
        },
    )

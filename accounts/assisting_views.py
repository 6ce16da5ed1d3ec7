"""Act for a person (G1): start and stop assisting them, and check a caller's identity.

Staff who may find people only (``accounts.access``). Every start, stop and security
check is written to the audit trail by ``accounts.actions``.
"""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts import actions, security_questions
from accounts.access import person_for_staff, require_people_finder
from accounts.assisting import assisting_forget_cached, assisting_get, session_failures
from accounts.decorators import staff_required
from accounts.forms import AssistStartForm, SecurityQuestionsForm
from accounts.selectors import person_summary
from core.rendering import render_form


@staff_required
@require_http_methods(["GET", "POST"])
def start(request, person_id: int):
    person = person_for_staff(request.user, person_id)
    form = AssistStartForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        actions.assisting_start(
            session=request.session,
            staff=request.user,
            person=person,
            channel=form.cleaned_data["channel"],
            reason=form.cleaned_data["reason"],
        )
        assisting_forget_cached(request)
        messages.success(request, _("You are now helping %(name)s") % {"name": person})
        return redirect("staff:person", person_id=person.pk)
    return render_form(
        request,
        "accounts/assisting/start.html",
        {"form": form, "person": person, "summary": person_summary(person)},
    )


@staff_required
@require_POST
def stop(request):
    require_people_finder(request.user)
    person = actions.assisting_stop(session=request.session, staff=request.user)
    assisting_forget_cached(request)
    if person is None:
        return redirect("staff:people")
    messages.success(request, _("You have stopped helping %(name)s") % {"name": person})
    return redirect("staff:person", person_id=person.pk)


def _next(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return ""


def _checked(next_url: str, person):
    return redirect(next_url) if next_url else redirect("staff:person", person_id=person.pk)


@staff_required
@require_http_methods(["GET", "POST"])
def check(request):
    """The caller's security questions, before a tier-2 page shows their records."""
    require_people_finder(request.user)
    helping = assisting_get(request)
    if helping is None:
        return redirect("staff:people")
    person = helping.person
    questions = security_questions.questions_for(person)
    context = {
        "person": person,
        "helping": helping,
        "next": _next(request),
        "locked": session_failures(request.session) >= security_questions.MAX_FAILURES,
    }
    if helping.checked:
        return _checked(context["next"], person)
    if not questions or context["locked"]:
        return render(request, "accounts/assisting/check.html", {**context, "form": None})
    form = SecurityQuestionsForm(
        request.POST if request.method == "POST" else None, questions=questions
    )
    if form.is_valid():
        passed = actions.assisting_security_check(
            session=request.session, staff=request.user, person=person, answers=form.cleaned_data
        )
        if passed:
            messages.success(request, _("The caller answered the security questions"))
            return _checked(context["next"], person)
        if session_failures(request.session) >= security_questions.MAX_FAILURES:
            context["locked"] = True
            return render(
                request, "accounts/assisting/check.html", {**context, "form": None}, status=400
            )
        form.add_error(None, _("The answers do not match our records. Ask the caller again"))
    return render_form(request, "accounts/assisting/check.html", {**context, "form": form})

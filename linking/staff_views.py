"""The contact centre links a council tax account, business rates account or tenancy for the
caller it is helping, once they have passed the security questions in this call.

Staff who may find people only (``accounts.access``), inside an assisting context
(``accounts.assisting``); the link itself is ``linking.actions.service_link_for_caller``."""

from urllib.parse import urlencode

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accounts.access import require_people_finder, security_check_url
from accounts.assisting import assisting_get
from accounts.decorators import staff_required
from core.rendering import render_form
from linking import registry
from linking.actions import CallerLink, service_link_for_caller
from linking.forms import CallerLinkForm

TEMPLATE = "linking/for_caller.html"


def _refusal(outcome: CallerLink, *, linkable, person, link) -> tuple[str, str]:
    """(field, message) for a link that was not made."""
    words = {"account": linkable.name, "name": person}
    if outcome is CallerLink.NOT_FOUND:
        return "reference", _(
            "There is no live %(account)s with that reference. Check it with the caller"
        ) % words
    if outcome is CallerLink.NOT_THEIRS:
        return "reference", _(
            "That %(account)s is not at %(name)s’s postcode or in their name. Check the "
            "reference with the caller"
        ) % words
    if outcome is CallerLink.SOMEONE_ELSES:
        return "reference", _(
            "That %(account)s is linked to someone else’s online account, so it cannot be "
            "linked for %(name)s"
        ) % words
    return "service", _(
        "%(name)s already has a %(account)s linked (%(reference)s). They can unlink it from "
        "their own account before another is linked"
    ) % {**words, "reference": link.account_ref}


@staff_required
@require_http_methods(["GET", "POST"])
def for_caller(request):
    require_people_finder(request.user)
    helping = assisting_get(request)
    if helping is None:
        return redirect("staff:people")
    person = helping.person
    context = {
        "person": person,
        "helping": helping,
        "check_url": security_check_url(request.path),
    }
    if not helping.checked:  # nothing is linked for a caller who has not been checked
        status = 400 if request.method == "POST" else 200
        return render(request, TEMPLATE, {**context, "form": None}, status=status)
    chosen = request.GET.get("service")
    form = CallerLinkForm(
        request.POST if request.method == "POST" else None,
        initial={"service": chosen} if registry.for_caller(chosen or "") else None,
    )
    context["form"] = form
    if form.is_valid():
        linkable = registry.for_caller(form.cleaned_data["service"])
        try:
            result = service_link_for_caller(
                agent=request.user,
                helping=helping,
                service=linkable.slug,
                account_ref=form.cleaned_data["reference"],
            )
        except registry.BackOfficeUnavailable:
            form.add_error(
                None,
                _("We cannot check the %(account)s right now. Try again in a few minutes")
                % {"account": linkable.name},
            )
            return render(request, TEMPLATE, context, status=503)
        if result.outcome in (CallerLink.LINKED, CallerLink.ALREADY_LINKED):
            messages.success(
                request,
                _("%(name)s’s %(account)s %(reference)s is linked")
                % {"name": person, "account": linkable.name, "reference": result.link.account_ref},
            )
            return redirect("staff:person", person_id=person.pk)
        field, message = _refusal(
            result.outcome, linkable=linkable, person=person, link=result.link
        )
        form.add_error(field, message)
    return render_form(request, TEMPLATE, context)


def for_caller_redirect(request, *, service: str):
    """A service's own link page opened while an agent helps a caller: on to this page
    (the resident's pages would link the agent's own account), else None. The service is
    chosen there when the contact centre links it for callers."""
    if assisting_get(request) is None:
        return None
    here = reverse("linking_staff:for_caller")
    if registry.for_caller(service) is None:
        return redirect(here)
    return redirect(f"{here}?{urlencode({'service': service})}")

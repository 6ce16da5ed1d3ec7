"""The resident's own "link your account" page, one for every service: each service's
``urls.py`` mounts ``link`` with its slug (``path("link/", link, {"service": SLUG}, ...)``)
and its ``Linkable.own`` (``linking.registry.OwnLink``) says what the page asks for, in the
service's words, and checks the answers.

Access: ``tier2_required``, and the page only ever links an account to the person signed
in. An agent helping a caller is sent to the contact centre's own page instead
(``staff_views.for_caller_redirect``): this page would link the agent's own account.
"""

from django.conf import settings
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse

from accounts.decorators import tier2_required
from core.rendering import render_form
from linking import registry
from linking.forms import OwnLinkForm
from linking.selectors import service_link_get
from linking.staff_views import for_caller_redirect

TEMPLATE = "linking/link.html"
LOCKED_TEMPLATE = "linking/locked.html"


def _own(service: str) -> tuple[registry.Linkable, registry.OwnLink]:
    linkable = registry.linkables.get(service)
    if linkable is None or linkable.own is None:
        raise Http404
    return linkable, linkable.own


def _phone(text) -> str:
    return str(text) % {"phone": settings.COUNCIL_CONTACT_PHONE} if text else ""


def locked_page(request, *, own: registry.OwnLink, locked_until):
    """Linking is locked for this person for a while: when they may try again, and what to
    do instead (429). The PIN pages of council tax show it too."""
    context = {
        "own": own,
        "locked_until": locked_until,
        "instead": _phone(own.locked_instead),
    }
    return render(request, LOCKED_TEMPLATE, context, status=429)


@tier2_required
def link(request, *, service: str):
    """Prove the account is yours (its reference, a postcode and an amount from the bill or
    letter) and it is linked to your online account."""
    linkable, own = _own(service)
    if (elsewhere := for_caller_redirect(request, service=linkable.slug)) is not None:
        return elsewhere  # an agent helping a caller links for them on the staff page
    if service_link_get(user=request.user, service=linkable.slug) is not None:
        return redirect(own.done_url_name)
    form = OwnLinkForm(request.POST if request.method == "POST" else None, own=own)
    context = {
        "form": form,
        "own": own,
        "back_url": reverse(own.done_url_name),
        "no_proof": _phone(own.no_proof),
    }
    if request.method == "POST" and form.is_valid():
        try:
            result = own.link(user=request.user, **form.details())
        except own.unavailable:
            return render(request, own.unavailable_template, status=503)
        if result.linked:
            messages.success(request, own.linked)
            return redirect(own.done_url_name)
        if result.locked_until:
            return locked_page(request, own=own, locked_until=result.locked_until)
        if result.taken:
            # Their proof was right: nothing to correct, so no 4xx. What to do instead.
            form.add_error(None, _phone(own.taken))
            return render(request, TEMPLATE, context)
        form.add_error(None, own.wrong_details % {"count": result.tries_left})
    return render_form(request, TEMPLATE, context)

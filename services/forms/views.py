"""Admin-built forms: the list residents start from, and the preview administrators
see. The question pages, check your answers, sending, paying and the confirmation
are the journey engine's (``services.forms.journey``, ``casework.journeys``)."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.access import login_url
from accounts.decorators import staff_required
from casework import drafts
from casework.journeys import selectors as journey_selectors
from casework.journeys.state import initial_from_posted
from casework.journeys.views import LOOKUP
from services.forms import access, selectors
from services.forms.definition import snapshot


def start(request):
    """The services residents may request here (public). ``?draft=<id>`` continues a
    saved request."""
    if "draft" in request.GET:
        if not request.user.is_authenticated:
            return redirect(login_url(request.get_full_path()))
        draft = drafts.draft_for_user(request.user, request.GET["draft"])  # 404 unless theirs
        url = journey_selectors.draft_resume_url(user=request.user, draft=draft)
        if url is None:
            raise Http404
        return redirect(url)
    return render(
        request,
        "journeys/service_start.html",
        {
            "service": selectors.service(),
            "request_types": selectors.request_type_list(),
            "type_url_name": "forms:journey",
        },
    )


@staff_required
def preview(request, form_id, page=1):
    """A page of the form being edited, exactly as residents will see it."""
    form = access.built_form_for_builder(request.user, form_id)
    steps = selectors.steps_for(snapshot(form))
    if not 1 <= page <= len(steps):
        raise Http404
    step = steps[page - 1]
    page_form = step.form_class(request.POST or None)
    if request.POST.get("action") == LOOKUP:  # "Find address": the page again, as typed
        page_form = step.form_class(initial=initial_from_posted(step.form_class, request.POST))
    if request.method == "POST" and page_form.is_valid():
        if page < len(steps):
            return redirect("forms_staff:preview_page", form_id=form.pk, page=page + 1)
        messages.success(request, _("That was the last page: residents now check their answers"))
        return redirect("forms_staff:preview_page", form_id=form.pk, page=page)
    back = (
        reverse("forms_staff:preview_page", kwargs={"form_id": form.pk, "page": page - 1})
        if page > 1
        else reverse("admin:builtforms_builtform_change", args=[form.pk])
    )
    context = {"step": step, "form": page_form, "request_type": form.request_type, "back_url": back}
    return render(request, "journeys/step.html", context, status=400 if page_form.errors else 200)

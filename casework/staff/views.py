"""The staff back office (C6, C7, C11, G3, AD2): the queue, a case, and working it.

Views only translate: who may see a case is ``casework.access``, what is read is
``casework.staff.selectors`` (the queue's spreadsheet ``casework.staff.export``), what
staff may do to a case is ``casework.staff.menu``, and every change is one
``casework.actions`` call.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponseBadRequest, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from accounts.decorators import staff_required
from casework import actions
from casework.access import case_for_staff, may_take_action, report_case_queryset
from casework.models import Attachment
from casework.selectors import case_answers
from casework.staff import export, menu
from casework.staff import forms as staff_forms
from casework.staff.filters import FILTERED, CaseQueueFilter, queue_data
from casework.staff.maps import position_map
from casework.staff.selectors import (
    case_is_overdue,
    case_queue,
    case_timeline_for,
    keyset_page,
    response_templates_for,
    satisfaction_list,
    staff_status_label,
    status_tag_class,
)
from core import clock
from core.rendering import render_form

CURSORS = ("after", "before")


# --- The queue -------------------------------------------------------------------------


def _queue_filter(request) -> CaseQueueFilter:
    return CaseQueueFilter(
        queue_data(request.GET, request.user),
        queryset=case_queue(user=request.user),
        request=request,
    )


def _query_without_cursor(request) -> str:
    query = request.GET.copy()
    for name in CURSORS:
        query.pop(name, None)
    return query.urlencode()


def _with(query: str, **extra) -> str:
    return "?" + "&".join(part for part in (query, urlencode(extra)) if part)


@staff_required
@require_GET
def queue(request):
    filterset = _queue_filter(request)
    page = None
    if filterset.is_valid():
        page = keyset_page(
            filterset.qs,
            sort_key=filterset.sort_key,
            after=request.GET.get("after", ""),
            before=request.GET.get("before", ""),
        )
        for case in page.rows:
            case.staff_status = staff_status_label(case.status)
            case.tag_class = status_tag_class(case.status)
    query = _query_without_cursor(request)
    return render_form(
        request,
        "casework/staff/queue.html",
        {
            "form": filterset.form,
            "page": page,
            "next_url": _with(query, after=page.next_cursor) if page and page.next_cursor else "",
            "previous_url": (
                _with(query, before=page.previous_cursor) if page and page.previous_cursor else ""
            ),
            "csv_query": query,
            "clear_url": _with("", **{FILTERED: "1"}),
        },
    )


@staff_required
@require_GET
def queue_csv(request):
    """The queue as it is filtered, every page of it, as CSV (R3): read as it streams."""
    filterset = _queue_filter(request)
    if not filterset.is_valid():
        return HttpResponseBadRequest(_("Check the filters: some of them are not valid."))
    response = StreamingHttpResponse(
        export.queue_csv(filterset.qs, sort_key=filterset.sort_key),
        content_type="text/csv; charset=utf-8",
    )
    response["Content-Disposition"] = (
        f'attachment; filename="{export.queue_csv_filename(clock.today())}"'
    )
    return response


# --- Satisfaction (C9) ------------------------------------------------------------------------


@staff_required
@require_GET
def satisfaction(request):
    """Residents' ratings and comments on finished cases, for managers, for a period."""
    cases = report_case_queryset(request.user)
    form = staff_forms.PeriodForm(request.GET or None, today=clock.today())
    found = None
    if form.is_valid():
        start, end = form.period()
        found = satisfaction_list(cases=cases, start=start, end=end)
    return render_form(
        request,
        "casework/staff/satisfaction.html",
        {"form": form, "satisfaction": found, "period": form.period() if found else None},
    )


# --- One case ------------------------------------------------------------------------------


def _template_choice(request, case):
    """The template picker, and the reply form filled from ``?template=<id>`` if one was chosen."""
    picker = staff_forms.TemplateChoiceForm(
        request.GET or None, templates=response_templates_for(case)
    )
    chosen = picker.chosen()
    initial = {"message": chosen.body} if chosen else {}
    return picker, initial


@staff_required
@require_GET
def case_detail(request, reference):
    case = case_for_staff(request.user, reference)
    user = request.user
    picker, reply_initial = _template_choice(request, case)
    case_menu = menu.case_menu(user=user, case=case)
    reply_form = None
    if case_menu.available["reply"]:
        reply_form = menu.ACTIONS["reply"].form(case, user, initial=reply_initial)
    return render_form(
        request,
        "casework/staff/case.html",
        {
            "case": case,
            "staff_status": staff_status_label(case.status),
            "tag_class": status_tag_class(case.status),
            "is_overdue": case_is_overdue(case),
            "answers": case_answers(case=case),
            "timeline": case_timeline_for(case, reader=user, works=case_menu.works),
            "attachments": list(case.attachments.select_related("uploaded_by")),
            "available": case_menu.available,
            "action_links": case_menu.links,
            "template_form": picker,
            "reply_form": reply_form,
            "may_take": case_menu.may_take,
            "enquiry": actions.member_enquiry_of(case),
            "complaint": menu.complaint_of(case),
            "position_map": position_map(case.latitude, case.longitude),
            "map_tile_attribution": settings.MAP_TILE_ATTRIBUTION,
        },
    )


def _act(request, reference: str, action: menu.Action):
    """GET: the action's own page. POST: do it, then back to the case; 400 if refused."""
    case = case_for_staff(request.user, reference)
    if not may_take_action(request.user, case, action.name):
        raise PermissionDenied
    picker, initial = _template_choice(request, case) if action.name == "reply" else (None, {})
    form = action.form(case, request.user, request.POST if request.method == "POST" else None)
    form.initial.update(initial)
    if request.method == "POST" and form.is_valid():
        done = menu.action_take(action, case=case, user=request.user, form=form)
        if done:
            messages.success(request, done)
            return redirect("staff:case", reference=case.reference)
    return render_form(
        request,
        "casework/staff/action.html",
        {
            "case": case,
            "staff_status": staff_status_label(case.status),
            "tag_class": status_tag_class(case.status),
            "action": action,
            "available": action.available(case, request.user),
            "form": form,
            "template_form": picker,
            "form_url": request.path,
        },
    )


def _action_view(name: str):
    action = menu.ACTIONS[name]

    @staff_required
    @require_http_methods(["GET", "POST"])
    def view(request, reference):
        return _act(request, reference, action)

    view.__name__ = view.__qualname__ = f"case_{name}"
    view.__doc__ = f"The {name} action: GET shows its form, POST calls casework.actions."
    return view


assign = _action_view("assign")
reply = _action_view("reply")
note = _action_view("note")
change_status = _action_view("status")
request_info = _action_view("request_info")
resolve = _action_view("resolve")
close = _action_view("close")
reject = _action_view("reject")
duplicate = _action_view("duplicate")
reopen = _action_view("reopen")
complaint_answer = _action_view("complaint_answer")
ombudsman = _action_view("ombudsman")


@staff_required
@require_GET
def attachment_download(request, reference, attachment_id):
    """A file on a case, for staff who may see the case; always as a download."""
    case = case_for_staff(request.user, reference)
    attachment = get_object_or_404(Attachment, pk=attachment_id, case=case)
    try:
        handle = attachment.file.open("rb")
    except (FileNotFoundError, ValueError):
        raise Http404 from None
    return FileResponse(
        handle,
        as_attachment=True,
        filename=attachment.original_name,
        content_type=attachment.content_type or "application/octet-stream",
    )

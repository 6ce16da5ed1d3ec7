"""The staff back office (C6, C7, C11, G3, AD2): the queue, a case, and working it.

Views only translate: who may see a case is ``casework.access``, what is read is
``casework.staff.selectors``, and every change is one ``casework.actions`` call.
"""

from __future__ import annotations

import csv
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponseBadRequest, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from accounts.decorators import staff_required
from casework import actions, workflow
from casework.access import case_for_staff, may_take_action, may_work_case, report_case_queryset
from casework.models import Attachment, Channel
from casework.selectors import case_answers, complaint_with_stages
from casework.staff import forms as staff_forms
from casework.staff.filters import FILTERED, CaseQueueFilter, queue_data
from casework.staff.maps import position_map
from casework.staff.selectors import (
    SORTS,
    case_is_overdue,
    case_queue,
    case_timeline,
    channel_label,
    keyset_page,
    response_templates_for,
    satisfaction_list,
    staff_status_label,
    status_tag_class,
    teams_with_members,
)
from casework.workflow import Status, TransitionRefused
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


class _Echo:
    """csv.writer writes into this; each row comes straight back as a string to stream."""

    def write(self, value):
        return value


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value) -> str:
    """A spreadsheet never runs a cell as a formula (CSV injection)."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def _csv_rows(cases):
    writer = csv.writer(_Echo())
    yield "\ufeff"  # so that spreadsheets read the file as UTF-8
    yield writer.writerow(
        [
            _("Reference"),
            _("Request type"),
            _("Status"),
            _("Ward"),
            _("Team"),
            _("Assigned to"),
            _("Channel"),
            _("Created"),
            _("Target date"),
            _("Overdue"),
        ]
    )
    for case in cases:
        ward = case.ward if case.ward_id else None
        assignee = case.assignee
        yield writer.writerow(
            [
                csv_cell(value)
                for value in (
                    case.reference,
                    case.request_type.name,
                    staff_status_label(case.status),
                    ward.name if ward else "",
                    case.team.name if case.team_id else "",
                    (assignee.get_full_name() or assignee.email) if assignee else "",
                    channel_label(case.channel),
                    timezone.localtime(case.created_at).strftime("%Y-%m-%d %H:%M"),
                    case.due_date.isoformat() if case.due_date else "",
                    _("yes") if case.is_overdue else _("no"),
                )
            ]
        )


@staff_required
@require_GET
def queue_csv(request):
    """The queue as it is filtered, every page of it, as CSV (R3): read as it streams."""
    filterset = _queue_filter(request)
    if not filterset.is_valid():
        return HttpResponseBadRequest(_("Check the filters: some of them are not valid."))
    sort = SORTS[filterset.sort_key]
    cases = filterset.qs.order_by(*sort.order()).iterator(chunk_size=2000)
    response = StreamingHttpResponse(_csv_rows(cases), content_type="text/csv; charset=utf-8")
    filename = f"cases-{clock.today().isoformat()}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
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


@dataclass(frozen=True)
class Action:
    """One thing staff do to a case: its form, the casework action it calls, its words."""

    name: str
    form_class: type[staff_forms.CaseForm]
    perform: Callable  # (case, user, cleaned_data) -> None
    title: str
    button: str
    done: Callable  # (case, cleaned_data) -> the success message
    available: Callable  # (case, user) -> bool

    def form(self, case, user, data=None, **kwargs):
        if self.form_class is staff_forms.AssignForm:
            kwargs["teams"] = teams_with_members()
        return self.form_class(data, case=case, user=user, **kwargs)


def _can_move_to(target: Status):
    return lambda case, user: target in workflow.targets(case.status, workflow.Actor.STAFF)


def _always(case, user) -> bool:
    return True


def _complaint(case):
    """The case's complaint record (None for other cases), read once per request."""
    if not hasattr(case, "_complaint_read"):
        case._complaint_read = complaint_with_stages(case=case)
    return case._complaint_read


def _complaint_waiting(case, user) -> bool:
    complaint = _complaint(case)
    return (
        complaint is not None
        and complaint.open_stage is not None
        and Status.RESOLVED in workflow.targets(case.status, workflow.Actor.STAFF)
    )


def _complaint_answered(case, user) -> bool:
    complaint = _complaint(case)
    return complaint is not None and any(stage.answered_at for stage in complaint.stage_list)


def _reply_done(case, data):
    if data.get("to") == "member":
        return _("Your reply has been sent to the councillor")
    if data.get("to") == "officer":
        return _("Your message has been sent to the officers")
    if data["channel"] == Channel.WEB:
        return _("Your reply has been sent to the resident")
    return _("Your reply has been recorded")


def _assign_done(case, data):
    if data["assignee"] is None:
        return _("The case is with %(team)s, not assigned to anyone") % {"team": data["team"]}
    return _("The case is assigned to %(person)s (%(team)s)") % {
        "person": data["assignee"].get_full_name() or data["assignee"].email,
        "team": data["team"],
    }


ACTIONS = {
    action.name: action
    for action in [
        Action(
            name="assign",
            form_class=staff_forms.AssignForm,
            perform=lambda case, user, data: actions.case_assign(
                case=case, actor=user, team=data["team"], assignee=data["assignee"]
            ),
            title=gettext_lazy("Assign the case"),
            button=gettext_lazy("Assign"),
            done=_assign_done,
            available=_always,
        ),
        Action(
            name="reply",
            form_class=staff_forms.ReplyForm,
            perform=lambda case, user, data: actions.case_reply(
                case=case,
                actor=user,
                message=data["message"],
                channel=data["channel"],
                to=data.get("to") or "",
            ),
            title=gettext_lazy("Reply to the resident"),
            button=gettext_lazy("Send reply"),
            done=_reply_done,
            available=_always,
        ),
        Action(
            name="note",
            form_class=staff_forms.NoteForm,
            perform=lambda case, user, data: actions.case_add_note(
                case=case, actor=user, message=data["message"]
            ),
            title=gettext_lazy("Add an internal note"),
            button=gettext_lazy("Add note"),
            done=lambda case, data: _("Your note has been added"),
            available=_always,
        ),
        Action(
            name="status",
            form_class=staff_forms.StatusForm,
            perform=lambda case, user, data: actions.case_change_status(
                case=case, status=data["status"], actor=user, message=data["message"]
            ),
            title=gettext_lazy("Change the status"),
            button=gettext_lazy("Change status"),
            done=lambda case, data: (
                _("The status is now ‘%(status)s’") % {"status": staff_status_label(data["status"])}
            ),
            available=lambda case, user: bool(staff_forms.status_choices(case)),
        ),
        Action(
            name="request_info",
            form_class=staff_forms.RequestInfoForm,
            perform=lambda case, user, data: actions.case_request_information(
                case=case, actor=user, message=data["message"]
            ),
            title=gettext_lazy("Ask the resident for information"),
            button=gettext_lazy("Send question"),
            done=lambda case, data: _(
                "The resident has been asked. The target date is paused until they reply."
            ),
            available=_can_move_to(Status.AWAITING_CUSTOMER),
        ),
        Action(
            name="resolve",
            form_class=staff_forms.ResolveForm,
            perform=lambda case, user, data: actions.case_resolve(
                case=case, actor=user, message=data["message"]
            ),
            title=gettext_lazy("Mark as done"),
            button=gettext_lazy("Mark as done"),
            done=lambda case, data: _("The request is marked as done"),
            available=_can_move_to(Status.RESOLVED),
        ),
        Action(
            name="complaint_answer",
            form_class=staff_forms.ComplaintAnswerForm,
            perform=lambda case, user, data: actions.case_complaint_answer(
                case=case,
                actor=user,
                message=data["message"],
                root_cause=data["root_cause"],
                upheld=data["upheld"],
            ),
            title=gettext_lazy("Answer the complaint"),
            button=gettext_lazy("Send answer"),
            done=lambda case, data: _("Your answer has been sent to the resident"),
            available=_complaint_waiting,
        ),
        Action(
            name="ombudsman",
            form_class=staff_forms.OmbudsmanForm,
            perform=lambda case, user, data: actions.case_complaint_record_ombudsman(
                case=case,
                actor=user,
                referred_on=data["referred_on"],
                reference=data["reference"],
                outcome=data["outcome"],
                decided_on=data["decided_on"],
            ),
            title=gettext_lazy("Record an Ombudsman referral"),
            button=gettext_lazy("Save referral"),
            done=lambda case, data: _("The Ombudsman referral is recorded"),
            available=_complaint_answered,
        ),
        Action(
            name="close",
            form_class=staff_forms.CloseForm,
            perform=lambda case, user, data: actions.case_close(
                case=case, actor=user, reason=data["message"]
            ),
            title=gettext_lazy("Close without doing it"),
            button=gettext_lazy("Close request"),
            done=lambda case, data: _("The request is closed"),
            available=_can_move_to(Status.CLOSED),
        ),
        Action(
            name="reject",
            form_class=staff_forms.RejectForm,
            perform=lambda case, user, data: actions.case_reject(
                case=case, actor=user, reason=data["message"]
            ),
            title=gettext_lazy("Do not accept the request"),
            button=gettext_lazy("Do not accept"),
            done=lambda case, data: _("The request is marked as not accepted"),
            available=_can_move_to(Status.REJECTED),
        ),
        Action(
            name="duplicate",
            form_class=staff_forms.DuplicateForm,
            perform=lambda case, user, data: actions.case_mark_duplicate(
                case=case, original=data["original"], actor=user
            ),
            title=gettext_lazy("Mark as a duplicate"),
            button=gettext_lazy("Mark as duplicate"),
            done=lambda case, data: (
                _("The request is marked as a duplicate of %(reference)s")
                % {"reference": data["original"].reference}
            ),
            available=_can_move_to(Status.DUPLICATE),
        ),
        Action(
            name="reopen",
            form_class=staff_forms.ReopenForm,
            perform=lambda case, user, data: actions.case_reopen(
                case=case, actor=user, message=data["message"]
            ),
            title=gettext_lazy("Reopen the request"),
            button=gettext_lazy("Reopen"),
            done=lambda case, data: _("The request is open again"),
            available=lambda case, user: actions.can_reopen(case, user),
        ),
    ]
}


def _template_choice(request, case):
    """The template picker, and the reply form filled from ``?template=<id>`` if one was chosen."""
    picker = staff_forms.TemplateChoiceForm(
        request.GET or None, templates=response_templates_for(case)
    )
    chosen = picker.chosen()
    initial = {"message": chosen.body} if chosen else {}
    return picker, initial


# The case page's action panel: the reply form on the page itself (the most common
# action), everything else a link to the action's own page, in this order.
PANEL_LINKS = (
    "complaint_answer",
    "ombudsman",
    "note",
    "assign",
    "status",
    "request_info",
    "resolve",
    "close",
    "reject",
    "duplicate",
    "reopen",
)


@staff_required
@require_GET
def case_detail(request, reference):
    case = case_for_staff(request.user, reference)
    user = request.user
    picker, reply_initial = _template_choice(request, case)
    works = may_work_case(user, case)
    available = {
        name: may_take_action(user, case, name, works=works) and action.available(case, user)
        for name, action in ACTIONS.items()
    }
    reply_form = (
        ACTIONS["reply"].form(case, user, initial=reply_initial) if available["reply"] else None
    )
    may_take = (
        available["assign"]
        and case.team_id is not None
        and case.assignee_id != user.pk
        and case.team.members.filter(pk=user.pk).exists()
    )
    return render_form(
        request,
        "casework/staff/case.html",
        {
            "case": case,
            "staff_status": staff_status_label(case.status),
            "tag_class": status_tag_class(case.status),
            "is_overdue": case_is_overdue(case),
            "answers": case_answers(case=case),
            # Councillors and their support officers (who raise cases but do not work
            # them) never read officers' internal notes (C11); their own, they do.
            "timeline": [
                entry
                for entry in case_timeline(case)
                if works or entry.event.kind != "note" or entry.event.actor_id == user.pk
            ],
            "attachments": list(case.attachments.select_related("uploaded_by")),
            "available": available,
            "action_links": [ACTIONS[name] for name in PANEL_LINKS if available[name]],
            "template_form": picker,
            "reply_form": reply_form,
            "may_take": may_take,
            "enquiry": actions.member_enquiry_of(case),
            "complaint": _complaint(case),
            "position_map": position_map(case.latitude, case.longitude),
            "map_tile_attribution": settings.MAP_TILE_ATTRIBUTION,
        },
    )


def _act(request, reference: str, action: Action):
    """GET: the action's own page. POST: do it, then back to the case; 400 if refused."""
    case = case_for_staff(request.user, reference)
    user = request.user
    if not may_take_action(user, case, action.name):
        raise PermissionDenied
    initial = None
    picker = None
    if action.name == "reply":
        picker, initial = _template_choice(request, case)
    form = action.form(case, user, request.POST if request.method == "POST" else None)
    if initial:
        form.initial.update(initial)
    if request.method == "POST" and form.is_valid():
        try:
            action.perform(case, user, form.cleaned_data)
        except TransitionRefused as refused:
            form.add_error(None, str(refused))
        except ValueError:
            field = "message" if "message" in form.fields else None
            text = form.fields["message"].error_messages["required"] if field else None
            form.add_error(field, text or _("Enter the details and try again"))
        else:
            messages.success(request, action.done(case, form.cleaned_data))
            return redirect("staff:case", reference=case.reference)
    return render_form(
        request,
        "casework/staff/action.html",
        {
            "case": case,
            "staff_status": staff_status_label(case.status),
            "tag_class": status_tag_class(case.status),
            "action": action,
            "available": action.available(case, user),
            "form": form,
            "template_form": picker,
            "form_url": request.path,
        },
    )


def _action_view(name: str):
    action = ACTIONS[name]

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

"""The case page's action menu: what a member of staff may do to a case, and why not.

Each ``Action`` is one thing staff do to a case: its form, the one ``casework.actions``
function it calls, its words, and whether the case allows it now (``available``: what
the workflow lets follow the case's status, whether a complaint stage is waiting for
its answer). Whether the person may take it at all is ``casework.access.may_take_action``
(their role's permission, and for anything but a comment, the case in their scope).
``case_menu`` puts the two together for the case page; ``action_take`` takes one action
with its valid form and says what was done or, on the form, why not.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from casework import actions, workflow
from casework.access import may_take_action, may_work_case
from casework.models import Case, Channel
from casework.selectors import complaint_with_stages
from casework.staff import forms as staff_forms
from casework.staff.selectors import staff_status_label, teams_with_members
from casework.workflow import Status, TransitionRefused


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
    """Offered while the workflow lets staff move the case from its status to ``target``."""
    return lambda case, user: target in workflow.targets(case.status, workflow.Actor.STAFF)


def _always(case, user) -> bool:
    """Offered whatever the case's status (a reply, a note, who has it)."""
    return True


def complaint_of(case):
    """The case's complaint record (None for other cases), read once per request."""
    if not hasattr(case, "_complaint_read"):
        case._complaint_read = complaint_with_stages(case=case)
    return case._complaint_read


def _complaint_waiting(case, user) -> bool:
    """A complaint with a stage waiting for its answer, while the case may be resolved."""
    complaint = complaint_of(case)
    return (
        complaint is not None
        and complaint.open_stage is not None
        and Status.RESOLVED in workflow.targets(case.status, workflow.Actor.STAFF)
    )


def _complaint_answered(case, user) -> bool:
    """A complaint with a stage answered: the resident may take it to the Ombudsman."""
    complaint = complaint_of(case)
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


@dataclass(frozen=True)
class CaseMenu:
    """What ``user`` may do to one case: ``available`` by action name, the panel's links
    (``PANEL_LINKS`` order), whether they may take the case themselves ("Assign to me"),
    and whether they work the case at all (``casework.access.may_work_case``)."""

    available: dict[str, bool]
    links: list[Action]
    may_take: bool
    works: bool


def case_menu(*, user, case: Case) -> CaseMenu:
    """The case page's menu for ``user``: an action is offered when their role and scope
    allow it (``may_take_action``) and the case allows it now (``Action.available``)."""
    works = may_work_case(user, case)
    available = {
        name: may_take_action(user, case, name, works=works) and action.available(case, user)
        for name, action in ACTIONS.items()
    }
    may_take = (
        available["assign"]
        and case.team_id is not None
        and case.assignee_id != user.pk
        and case.team.members.filter(pk=user.pk).exists()
    )
    return CaseMenu(
        available=available,
        links=[ACTIONS[name] for name in PANEL_LINKS if available[name]],
        may_take=may_take,
        works=works,
    )


def action_take(action: Action, *, case: Case, user, form) -> str | None:
    """Take ``action`` on ``case`` with its valid ``form``: the message that says it is
    done, or None when the casework action refused it (the form then says why: the
    workflow's reason, or that the message it needs is missing)."""
    try:
        action.perform(case, user, form.cleaned_data)
    except TransitionRefused as refused:
        form.add_error(None, str(refused))
    except ValueError:
        field = "message" if "message" in form.fields else None
        text = form.fields["message"].error_messages["required"] if field else None
        form.add_error(field, text or _("Enter the details and try again"))
    else:
        return action.done(case, form.cleaned_data)
    return None

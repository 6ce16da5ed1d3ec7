"""Forms for working a case (C11): they check input; casework.actions makes the change.

Each form gives its fields ids of their own (``auto_id``), so that the case page
can show every form at once and an error summary still links to the right field.
"""

import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

from casework import workflow
from casework.access import may_work_case, staff_case_queryset
from casework.actions import member_enquiry_of
from casework.complaints import ROOT_CAUSES
from casework.models import Case, Channel, Complaint, ComplaintStage, ResponseTemplate, Team
from casework.references import normalise_reference
from casework.workflow import Status

# Statuses with their own forms (they need a reason or a message), or only the system sets.
_NOT_IN_STATUS_FORM = {
    Status.RESOLVED,
    Status.CLOSED,
    Status.REJECTED,
    Status.DUPLICATE,
    Status.WITHDRAWN,
    Status.AWAITING_CUSTOMER,  # "Ask the resident for information" stops the clock
    Status.SENDING,  # retrying delivery belongs to the outbox, not a status change
}


def status_choices(case: Case) -> list[Status]:
    """The plain status changes staff may make from the case's current status."""
    return [s for s in workflow.targets(case.status, "staff") if s not in _NOT_IN_STATUS_FORM]


def _textarea(rows: int = 4):
    return forms.Textarea(attrs={"rows": rows})


class CaseForm(forms.Form):
    """A form about one case. ``name`` prefixes its field ids on the case page."""

    name = "case"

    def __init__(self, *args, case: Case, user, **kwargs):
        kwargs.setdefault("auto_id", f"{self.name}-%s")
        super().__init__(*args, **kwargs)
        self.case = case
        self.user = user


def _person(user) -> str:
    return user.get_full_name() or user.email


class AssignForm(CaseForm):
    """Give the case to a team, and to someone in it (or nobody)."""

    name = "assign"

    team = forms.TypedChoiceField(
        label=_("Team"),
        coerce=int,
        error_messages={"required": _("Select a team"), "invalid_choice": _("Select a team")},
    )
    assignee = forms.TypedChoiceField(
        label=_("Assigned to"),
        coerce=int,
        empty_value=None,
        required=False,
        help_text=_("Someone in the team you chose, or nobody"),
        error_messages={"invalid_choice": _("Select someone from the list")},
    )

    def __init__(self, *args, teams: list[Team], **kwargs):
        """``teams``: every team with its members prefetched (staff_selectors.teams_with_members)."""
        super().__init__(*args, **kwargs)
        self.teams = {team.pk: team for team in teams}
        self.fields["team"].choices = [(team.pk, team.name) for team in teams]
        self.fields["assignee"].choices = [("", _("Nobody (unassigned)"))] + [
            (team.name, [(member.pk, _person(member)) for member in team.members.all()])
            for team in teams
            if team.members.all()
        ]
        if self.case.team_id:
            self.initial.setdefault("team", self.case.team_id)
        self.initial.setdefault("assignee", self.case.assignee_id or "")

    def clean(self):
        cleaned = super().clean()
        team = self.teams.get(cleaned.get("team"))
        cleaned["team"] = team
        cleaned["assignee"] = assignee_id = cleaned.get("assignee")
        if team is None or assignee_id is None:
            cleaned["assignee"] = None
            return cleaned
        member = next((m for m in team.members.all() if m.pk == assignee_id), None)
        if member is None:
            self.add_error(
                "assignee",
                _("That person is not in %(team)s. Choose someone in the team, or nobody.")
                % {"team": team.name},
            )
        cleaned["assignee"] = member
        return cleaned


class StatusForm(CaseForm):
    name = "status"

    status = forms.ChoiceField(
        label=_("New status"),
        widget=forms.RadioSelect(attrs={"class": "govuk-radios--small"}),
        error_messages={
            "required": _("Select the new status"),
            "invalid_choice": _("That status is not possible for this request now"),
        },
    )
    message = forms.CharField(
        label=_("Message to the resident (optional)"),
        help_text=_("The resident sees this with the new status"),
        required=False,
        widget=_textarea(),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [(s.value, s.label) for s in status_choices(self.case)]


def _message_form(name, label, hint, required_message, *, required=True, rows=4):
    """A form with one text box, ``message``: what the resident is told, a reason, a note."""
    field = forms.CharField(
        label=label,
        help_text=hint,
        required=required,
        widget=_textarea(rows),
        error_messages={"required": required_message},
    )
    return type(
        f"{name.title().replace('_', '')}Form", (CaseForm,), {"name": name, "message": field}
    )


RequestInfoForm = _message_form(
    "request_info",
    _("What do you need from the resident?"),
    _("The resident sees this. The target date stops until they reply."),
    _("Enter what you need from the resident"),
)
ResolveForm = _message_form(
    "resolve",
    _("What was done"),
    _("The resident sees this when you mark the request as done"),
    _("Enter what was done"),
)
CloseForm = _message_form(
    "close",
    _("Why is it closed without being done?"),
    _("The resident sees this reason"),
    _("Enter why the request is closed"),
)
RejectForm = _message_form(
    "reject",
    _("Why can it not be accepted?"),
    _("The resident sees this reason"),
    _("Enter why the request cannot be accepted"),
)
ReopenForm = _message_form(
    "reopen",
    _("Why is it reopened? (optional)"),
    _("The resident sees this"),
    "",
    required=False,
)
NoteForm = _message_form(
    "note",
    _("Your note"),
    _("Only staff see notes. The resident is not told."),
    _("Enter the note"),
)


class ReplyForm(CaseForm):
    name = "reply"

    message = forms.CharField(
        label=_("Your reply"),
        help_text=_("The resident sees this and is told about it"),
        widget=_textarea(6),
        error_messages={"required": _("Enter your reply")},
    )
    channel = forms.ChoiceField(
        label=_("How are you replying?"),
        help_text=_("If you spoke to the resident, write down what you told them"),
        choices=[
            (Channel.WEB.value, _("Online")),
            (Channel.PHONE.value, _("Phone call")),
            (Channel.FACE_TO_FACE.value, _("Face to face")),
            (Channel.EMAIL.value, _("Email")),
        ],
        initial=Channel.WEB.value,
        error_messages={"required": _("Select how you are replying")},
    )
    to = forms.ChoiceField(
        label=_("Who is this reply to?"),
        required=False,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": _("Select who the reply is to")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)

        enquiry = member_enquiry_of(self.case)
        if enquiry is None:  # a resident's own request: replies go to them
            del self.fields["to"]
            return
        # A councillor's enquiry (C11): officers reply to the councillor, not the public,
        # or to the constituent only when the councillor chose that.
        if not may_work_case(self.user, self.case):
            choices = [("officer", _("The officers working the enquiry"))]
        else:
            choices = [("member", _("The councillor (the constituent does not see it)"))]
            if enquiry.reply_to == enquiry.ReplyTo.CONSTITUENT:
                choices.append(("constituent", _("The constituent directly")))
        self.fields["to"].choices = choices
        self.fields["to"].initial = choices[0][0]
        self.fields["to"].required = True
        self.fields["message"].help_text = _("The person you choose below is told about it")


class DuplicateForm(CaseForm):
    name = "duplicate"

    original = forms.CharField(
        label=_("Reference of the original request"),
        help_text=_("For example, K7P3-9XQ2. Followers move to the original."),
        max_length=20,
        widget=forms.TextInput(
            attrs={"class": "govuk-input--width-10", "spellcheck": "false", "autocomplete": "off"}
        ),
        error_messages={"required": _("Enter the reference of the original request")},
    )

    def clean_original(self):
        reference = normalise_reference(self.cleaned_data["original"])
        if not reference:
            raise forms.ValidationError(
                _("Enter a reference like K7P3-9XQ2"), code="invalid_reference"
            )
        if reference == self.case.reference:
            raise forms.ValidationError(
                _("A request cannot be a duplicate of itself"), code="itself"
            )
        original = staff_case_queryset(self.user).filter(reference=reference).first()
        if original is None:
            raise forms.ValidationError(
                _("There is no request %(reference)s that you can see"),
                code="not_found",
                params={"reference": reference},
            )
        return original


class TemplateChoiceForm(forms.Form):
    """A GET form: pick a response template to start a reply from (works without JavaScript)."""

    template = forms.ChoiceField(label=_("Start from a response template"), required=False)

    def __init__(self, *args, templates, **kwargs):
        kwargs.setdefault("auto_id", "template-%s")
        super().__init__(*args, **kwargs)
        self.templates = list(templates)
        self.fields["template"].choices = [("", _("Choose a template"))] + [
            (t.pk, t.name) for t in self.templates
        ]

    def chosen(self) -> ResponseTemplate | None:
        """The template asked for, if it is one of this case's; otherwise None."""
        raw = str(self.data.get("template", ""))
        return next((t for t in self.templates if str(t.pk) == raw), None)


class PersonSearchForm(forms.Form):
    """Find a person (G1): one box, read by accounts.person_query."""

    q = forms.CharField(
        label=_("Name, email, phone, postcode, address, UPRN or case reference"),
        max_length=100,
        error_messages={
            "required": _(
                "Enter a name, email, phone number, postcode, address, UPRN or case reference"
            ),
            "max_length": _("Search for 100 characters or fewer"),
        },
        widget=forms.TextInput(
            attrs={"spellcheck": "false", "autocomplete": "off", "type": "search"}
        ),
    )

    def clean_q(self):
        value = self.cleaned_data["q"].replace("\x00", "").strip()
        if not value:
            raise forms.ValidationError(self.fields["q"].error_messages["required"])
        return value


class PersonNoteForm(forms.Form):
    text = forms.CharField(
        label=_("Note"),
        help_text=_(
            "Only staff see notes. Write nothing you would not want the person to read: they may ask for their data."
        ),
        max_length=2000,
        widget=_textarea(5),
        error_messages={
            "required": _("Enter the note"),
            "max_length": _("The note must be 2,000 characters or fewer"),
        },
    )


class ComplaintAnswerForm(CaseForm):
    """The answer to a complaint stage: what the resident is told, with the root cause and
    whether it was upheld (both required to finish the stage)."""

    name = "complaint_answer"

    message = forms.CharField(
        label=_("Your answer to the complaint"),
        help_text=_("The resident sees this. Say what you found and what you will do."),
        widget=_textarea(6),
        error_messages={"required": _("Enter your answer to the complaint")},
    )
    root_cause = forms.ChoiceField(
        label=_("Root cause"),
        help_text=_("Why it went wrong, for the complaints report"),
        error_messages={
            "required": _("Select the root cause of the complaint"),
            "invalid_choice": _("Select the root cause of the complaint"),
        },
    )
    upheld = forms.ChoiceField(
        label=_("Was the complaint upheld?"),
        widget=forms.RadioSelect(attrs={"class": "govuk-radios--small"}),
        error_messages={
            "required": _("Select whether the complaint was upheld"),
            "invalid_choice": _("Select whether the complaint was upheld"),
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["root_cause"].choices = [("", _("Choose a root cause"))] + [
            (key, label) for key, label in ROOT_CAUSES
        ]
        self.fields["upheld"].choices = ComplaintStage.Upheld.choices


def _date_field(label, *, required=True, help_text=""):
    return forms.DateField(
        label=label,
        required=required,
        help_text=help_text,
        input_formats=["%Y-%m-%d", "%d/%m/%Y", "%d %m %Y"],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={
            "required": _("Enter the date, for example 27/3/2026"),
            "invalid": _("Enter a real date, for example 27/3/2026"),
        },
    )


class OmbudsmanForm(CaseForm):
    """A complaint taken to the Ombudsman: when, their reference, and later their decision."""

    name = "ombudsman"

    referred_on = _date_field(_("Date the Ombudsman told us about the complaint"))
    reference = forms.CharField(
        label=_("The Ombudsman's reference (optional)"), required=False, max_length=60
    )
    outcome = forms.ChoiceField(
        label=_("The Ombudsman's decision"),
        required=False,
        error_messages={"invalid_choice": _("Select the Ombudsman's decision from the list")},
    )
    decided_on = _date_field(
        _("Date of the decision"), required=False, help_text=_("Only once they have decided")
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["outcome"].choices = Complaint.Outcome.choices
        complaint = getattr(self.case, "complaint", None)
        if complaint is not None and complaint.referred_on and not self.is_bound:
            self.initial.update(
                {
                    "referred_on": complaint.referred_on,
                    "reference": complaint.ombudsman_reference,
                    "outcome": complaint.ombudsman_outcome,
                    "decided_on": complaint.ombudsman_decided_on,
                }
            )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("outcome") and not cleaned.get("decided_on") and not self.errors:
            self.add_error("decided_on", _("Enter the date of the Ombudsman's decision"))
        return cleaned


class PeriodForm(forms.Form):
    """A period for a manager's report (from and to, inclusive): the last 90 days when
    not given. Read from the query string, so that a report's address can be shared."""

    start = _date_field(_("From"), required=False)
    end = _date_field(_("To"), required=False)

    DEFAULT_DAYS = 90

    def __init__(self, data=None, *, today, **kwargs):
        self.today = today
        data = data if data and any(data.get(name) for name in ("start", "end")) else None
        super().__init__(data, **kwargs)

    def period(self):
        """(start, end): the chosen period, or the default one when nothing was chosen."""
        cleaned = self.cleaned_data if self.is_bound else {}
        end = cleaned.get("end") or self.today
        start = cleaned.get("start") or end - datetime.timedelta(days=self.DEFAULT_DAYS)
        return start, end

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and start > end:
            self.add_error("end", _("The ‘to’ date must be the same as or after the ‘from’ date"))
        return cleaned

    def is_valid(self):
        return not self.is_bound or super().is_valid()

"""The housing pages' forms, each step of the journeys, and how the tenancy's details are
read when it is linked (``link.LINKABLE``)."""

from __future__ import annotations

import datetime

from django import forms
from django.conf import settings
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from casework import attachments
from casework.money import format_pence, pounds_to_pence
from casework.resident.forms import MultipleFileField, MultipleFileInput, ResidentTextField
from casework.uploads import PendingFilesMixin, keep_field, listed_field
from services.housing import rules

TEXT_MAX = 2000


def _radios(label, choices, required_message, **extra):
    return forms.ChoiceField(
        label=label,
        choices=choices,
        widget=forms.RadioSelect,
        error_messages={"required": required_message, "invalid_choice": required_message},
        **extra,
    )


def _text(label, required_message, *, help_text="", required=True, rows=5):
    field = ResidentTextField(
        label=label,
        help_text=help_text,
        max_length=TEXT_MAX,
        required=required,
        widget=forms.Textarea(attrs={"rows": rows}),
        error_messages={
            "required": required_message,
            "max_length": _("Write 2,000 characters or fewer"),
        },
    )
    field.widget.attrs.pop("maxlength", None)  # the server says when it is too long
    return field


def _amount(value: str) -> int:
    try:
        pence = pounds_to_pence(value)
    except ValueError:
        raise forms.ValidationError(
            _("Enter the amount in pounds and pence, like 104.50")
        ) from None
    if pence <= 0:
        raise forms.ValidationError(_("Enter an amount more than £0"))
    return pence


# --- Linking -----------------------------------------------------------------------------


def tenancy_reference_clean(text: str) -> str:
    """A tenancy reference as the housing system knows it: HT- and 6 numbers (spaces dropped,
    the HT- added when left off). Raises ValueError with a message to show."""
    reference = "".join(str(text or "").split()).upper()
    if not reference.startswith("HT-"):
        reference = f"HT-{reference.removeprefix('HT')}"
    number = reference.removeprefix("HT-")
    if not (number.isdigit() and len(number) == 6):
        raise ValueError(
            _("Enter the tenancy reference as it is on the rent letter, like HT-100001")
        )
    return reference


def weekly_rent_clean(text: str) -> int:
    """The full weekly rent on the rent letter, in pence. Raises ValueError with a message
    to show."""
    try:
        pence = pounds_to_pence(text)
    except ValueError:
        raise ValueError(_("Enter the amount in pounds and pence, like 104.50")) from None
    if pence <= 0:
        raise ValueError(_("Enter an amount more than £0"))
    return pence


# --- Report a repair ---------------------------------------------------------------------


# The diagnosis questions are data housing officers edit (rules.Diagnosis, from the admin):
# each page's form class is made from it when the journey asks for its steps. Their texts go
# through gettext, so the questions as seeded keep their translations.


def _choices(items) -> list[tuple[str, str]]:
    return [
        (item.value if hasattr(item, "value") else item.key, gettext(item.label)) for item in items
    ]


def area_form(diagnosis: rules.Diagnosis) -> type[forms.Form]:
    return type(
        "AreaForm",
        (forms.Form,),
        {
            "area": _radios(
                _("Where is the problem?"),
                _choices(diagnosis.areas),
                _("Select where the problem is"),
            )
        },
    )


def problem_form(diagnosis: rules.Diagnosis) -> type[forms.Form]:
    return type(
        "ProblemForm",
        (forms.Form,),
        {
            "problem": _radios(
                _("What is wrong?"), _choices(diagnosis.problems), _("Select what is wrong")
            )
        },
    )


def follow_up_form(problem: rules.Problem) -> type[forms.Form]:
    """A problem's follow-up questions, one set of radios each."""
    fields = {}
    for question in problem.questions:
        label = gettext(question.label)
        fields[question.key] = _radios(
            label,
            _choices(question.choices),
            gettext(question.error) if question.error else _("Select an answer"),
            help_text=gettext(question.hint) if question.hint else "",
        )
    return type(f"FollowUpForm_{problem.key}", (forms.Form,), fields)


class PhotosMixin(PendingFilesMixin):
    def max_files(self) -> int:
        return settings.CASE_ATTACHMENT_MAX_COUNT

    def no_room_message(self, room: int) -> str:
        count = settings.CASE_ATTACHMENT_MAX_COUNT
        if room <= 0:
            return ngettext(
                "You can send up to %(count)s file. Untick one to add another",
                "You can send up to %(count)s files. Untick one to add another",
                count,
            ) % {"count": count}
        return ngettext(
            "You can add %(room)s more file", "You can add %(room)s more files", room
        ) % {"room": room}

    def clean_files(self):
        # Checked and cleaned (GPS and other metadata stripped) before anything is kept.
        return attachments.prepare_uploads(self.cleaned_data.get("files"))

    def with_files(self, files):
        data = self.data.copy()
        data.setlist("keep", [file.key for file in files])
        data["listed"] = ",".join(file.key for file in files)
        form = type(self)(data, existing=files)
        form.full_clean()
        return form

    def _files_help(self):
        self.fields["files"].help_text = _(
            "JPG, PNG, WebP or PDF, smaller than %(size)s each. You can send up to %(count)s files."
        ) % {"size": attachments.max_size_words(), "count": settings.CASE_ATTACHMENT_MAX_COUNT}


class RepairDetailsForm(PhotosMixin, forms.Form):
    description = _text(
        _("Describe the problem"),
        _("Describe the problem"),
        help_text=_("Where exactly it is, what you can see and since when."),
    )
    keep = keep_field(
        label=_("Photos you have added"), invalid_choice=_("Select the photos you want to send")
    )
    listed = listed_field()
    files = MultipleFileField(
        label=_("Add photos (optional)"),
        required=False,
        widget=MultipleFileInput(attrs={"accept": attachments.ACCEPT}),
    )

    def __init__(self, *args, existing=(), **kwargs):
        super().__init__(*args, existing=existing, **kwargs)
        self._files_help()


class AccessForm(forms.Form):
    access = _text(
        _("How can the contractor get in, and is there anything they should know?"),
        _("Tell us how the contractor can get in"),
        help_text=_(
            "For example a phone number to call on the way, a key safe, pets, or someone who "
            "will let them in. For a shared area, say exactly where in the block."
        ),
        rows=3,
    )


# --- Anti-social behaviour ---------------------------------------------------------------


class AsbWhatForm(forms.Form):
    what = _text(_("What happened?"), _("Tell us what happened"))
    when = ResidentTextField(
        label=_("When did it happen?"),
        help_text=_("A date and time, or how often, for example ‘every night after 11pm’."),
        max_length=200,
        error_messages={"required": _("Tell us when it happened")},
    )
    where = ResidentTextField(
        label=_("Where did it happen?"),
        help_text=_("For example ‘the stairwell of Mill Court’ or ‘outside my front door’."),
        max_length=200,
        error_messages={"required": _("Tell us where it happened")},
    )
    ongoing = _radios(
        _("Is it still happening?"), rules.YES_NO, _("Select yes if it is still happening")
    )


class AsbEvidenceForm(PhotosMixin, forms.Form):
    who = _text(
        _("Who was involved? (optional)"),
        "",
        help_text=_(
            "Names or descriptions, if you know them. We never show your report to anyone you name."
        ),
        required=False,
        rows=3,
    )
    keep = keep_field(
        label=_("Evidence you have added"), invalid_choice=_("Select the files you want to send")
    )
    listed = listed_field()
    files = MultipleFileField(
        label=_("Add photos or documents as evidence (optional)"),
        required=False,
        widget=MultipleFileInput(attrs={"accept": attachments.ACCEPT}),
    )

    def __init__(self, *args, existing=(), **kwargs):
        super().__init__(*args, existing=existing, **kwargs)
        self._files_help()


class AsbContactForm(forms.Form):
    safe_to_contact = _radios(
        _("Is it safe for us to contact you about this?"),
        rules.YES_NO,
        _("Select yes if it is safe for us to contact you"),
    )
    how = ResidentTextField(
        label=_("How and when is it safe to contact you? (optional)"),
        help_text=_("For example ‘phone after 6pm’ or ‘e-mail only’."),
        max_length=200,
        required=False,
    )


# --- Rent --------------------------------------------------------------------------------


class PayAmountForm(forms.Form):
    amount = forms.CharField(
        label=_("How much do you want to pay?"),
        help_text=_("In pounds and pence, for example 104.50."),
        max_length=12,
        widget=forms.TextInput(
            attrs={"class": "govuk-input--width-10", "inputmode": "decimal", "spellcheck": "false"}
        ),
        error_messages={"required": _("Enter how much you want to pay")},
    )

    MAX_PENCE = 500_000

    def clean_amount(self):
        pence = _amount(self.cleaned_data["amount"])
        if pence > self.MAX_PENCE:
            raise forms.ValidationError(
                _("You can pay up to %(most)s online. Call us to pay more.")
                % {"most": format_pence(self.MAX_PENCE)}
            )
        return pence

    def summary_rows(self):
        if not self.is_valid():
            return []
        return [(_("Amount"), format_pence(self.cleaned_data["amount"]))]


class ArrangementForm(forms.Form):
    weekly = forms.CharField(
        label=_("How much extra could you pay each week, on top of your rent?"),
        help_text=_("In pounds and pence, for example 5.00. We will tell you if we can agree it."),
        max_length=12,
        widget=forms.TextInput(
            attrs={"class": "govuk-input--width-10", "inputmode": "decimal", "spellcheck": "false"}
        ),
        error_messages={"required": _("Enter how much extra you could pay each week")},
    )
    reason = _text(
        _("Why did the arrears build up? (optional)"),
        "",
        help_text=_("For example a change in work or benefits. It helps us agree a plan."),
        required=False,
        rows=4,
    )

    def clean_weekly(self):
        return _amount(self.cleaned_data["weekly"])

    def summary_rows(self):
        if not self.is_valid():
            return []
        rows = [(_("Extra each week"), format_pence(self.cleaned_data["weekly"]))]
        if self.cleaned_data.get("reason"):
            rows.append((_("Why the arrears built up"), self.cleaned_data["reason"]))
        return rows


# --- Was it fixed? -----------------------------------------------------------------------


class FeedbackForm(forms.Form):
    fixed = _radios(
        _("Was it fixed?"), rules.YES_NO, _("Select yes if the repair fixed the problem")
    )
    rating = forms.TypedChoiceField(
        label=_("How satisfied are you with the repair?"),
        choices=[
            (5, _("Very satisfied")),
            (4, _("Satisfied")),
            (3, _("Neither satisfied nor dissatisfied")),
            (2, _("Dissatisfied")),
            (1, _("Very dissatisfied")),
        ],
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Select how satisfied you are with the repair"),
            "invalid_choice": _("Select how satisfied you are with the repair"),
        },
    )
    comment = ResidentTextField(
        label=_("Anything else you want to tell us? (optional)"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


def next_monday(day: datetime.date) -> datetime.date:
    return day + datetime.timedelta(days=7 - day.weekday())


class RemindersForm(forms.Form):
    remind = forms.TypedChoiceField(
        label=_("Do you want a reminder the day before your rent is due?"),
        help_text=_("By email or text message, as you chose in your account."),
        choices=(("yes", _("Yes, remind me")), ("no", _("No"))),
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": _("Select yes if you want reminders")},
    )


class StatementForm(forms.Form):
    period = _radios(
        _("Which period do you want a statement for?"),
        (
            (rules.THIS_YEAR, _("This rent year so far (from 1 April)")),
            (rules.LAST_YEAR, _("Last rent year (1 April to 31 March)")),
        ),
        _("Select the period you want a statement for"),
    )

"""Forms for complaints and compliments: they check input and nothing else."""

from django import forms
from django.utils.translation import gettext_lazy as _

from casework.resident.forms import ResidentTextField
from services.complaints import selectors
from services.complaints.selectors import SUMMARY_MAX, WHAT_MAX


def _long_text(label, help_text, required_message, *, required=True, rows=6):
    field = ResidentTextField(
        label=label,
        help_text=help_text,
        required=required,
        max_length=WHAT_MAX,
        widget=forms.Textarea(attrs={"rows": rows}),
        error_messages={
            "required": required_message,
            "max_length": _("Your answer must be 5,000 characters or fewer"),
        },
    )
    return field


class _NoMaxlength:
    """The server says when text is too long; the browser must not cut it off unseen."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs.pop("maxlength", None)


class AboutForm(_NoMaxlength, forms.Form):
    about = forms.ChoiceField(
        label=_("Which service is it about?"),
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Select which service it is about"),
            "invalid_choice": _("Select which service it is about"),
        },
    )
    summary = ResidentTextField(
        label=_("What is it about, in a few words?"),
        help_text=_("For example, ‘Bin not collected three weeks running’."),
        max_length=SUMMARY_MAX,
        error_messages={
            "required": _("Enter what it is about, in a few words"),
            "max_length": _("What it is about must be 150 characters or fewer"),
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["about"].choices = selectors.about_choices()


class WhatHappenedForm(_NoMaxlength, forms.Form):
    what_happened = _long_text(
        _("What happened?"),
        _(
            "Tell us what went wrong, when, and who you dealt with if you know. "
            "Give any reference numbers. Do not include bank or card details."
        ),
        _("Enter what happened"),
        rows=8,
    )


class PutRightForm(_NoMaxlength, forms.Form):
    put_right = _long_text(
        _("What would put it right?"),
        _("For example, an apology, the work done, or money back."),
        _("Enter what would put it right"),
    )


class ContactForm(forms.Form):
    contact_by = forms.ChoiceField(
        label=_("How should we contact you about your complaint?"),
        choices=[
            ("email", _("Email")),
            ("phone", _("Phone")),
            ("post", _("Letter")),
        ],
        widget=forms.RadioSelect,
        help_text=_("We use the details in your account. You can see our answer online too."),
        error_messages={
            "required": _("Select how we should contact you"),
            "invalid_choice": _("Select how we should contact you"),
        },
    )
    needs = forms.CharField(
        label=_("Is there anything we should know to help you make your complaint? (optional)"),
        help_text=_("For example, large print, an interpreter, or someone acting for you."),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"max_length": _("Your answer must be 500 characters or fewer")},
    )


class ComplimentForm(_NoMaxlength, forms.Form):
    what_went_well = _long_text(
        _("What went well?"),
        _("Tell us who helped you and what they did, so that we can thank them."),
        _("Enter what went well"),
    )

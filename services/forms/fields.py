"""Questions of an admin-built form as Django form fields, with GOV.UK-worded errors,
and a page of questions as a form (questions whose condition is not met are left out)."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

import phonenumbers
from django import forms
from django.conf import settings
from django.utils.translation import gettext as _
from phonenumber_field.formfields import PhoneNumberField

from casework import attachments
from casework.address_field import AddressField
from casework.resident.forms import MultipleFileField, MultipleFileInput
from casework.uploads import PendingFilesMixin, keep_field, listed_field
from core.forms import GovukDateField, PartsWidget  # noqa: F401
from services.forms.definition import shown

TEXT_MAX = 500
LONG_TEXT_MAX = 5000


class MoneyField(forms.CharField):
    """Pounds and pence, kept in pence."""

    def __init__(self, *, min_pence=None, max_pence=None, **kwargs):
        self.min_pence, self.max_pence = min_pence, max_pence
        super().__init__(
            widget=forms.TextInput(
                attrs={"class": "govuk-input--width-10", "inputmode": "decimal"}
            ),
            **kwargs,
        )

    def to_python(self, value):
        text = re.sub(r"[£,\s]", "", super().to_python(value) or "")
        if not text:
            return None
        try:
            amount = Decimal(text)
        except InvalidOperation:
            amount = None
        if amount is None or amount.as_tuple().exponent < -2 or amount < 0:
            raise forms.ValidationError(
                _("‘%(q)s’ must be an amount of money, like 12 or 12.50") % {"q": self.label}
            )
        return int(amount * 100)

    def validate(self, value):
        super().validate(value)
        if value is None:
            return
        if self.min_pence is not None and value < self.min_pence:
            raise forms.ValidationError(
                _("‘%(q)s’ must be %(n)s or more") % {"q": self.label, "n": pounds(self.min_pence)}
            )
        if self.max_pence is not None and value > self.max_pence:
            raise forms.ValidationError(
                _("‘%(q)s’ must be %(n)s or less") % {"q": self.label, "n": pounds(self.max_pence)}
            )

    def display_value(self, value):
        return pounds(int(value))


def pounds(pence: int) -> str:
    return f"£{pence // 100:,}.{pence % 100:02d}"


class UkPhoneField(PhoneNumberField):
    def display_value(self, value):
        try:
            number = phonenumbers.parse(str(value), "GB")
        except phonenumbers.NumberParseException:
            return str(value)
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)


def _limits(question, low="min_value", high="max_value"):
    to = int if low == "min_value" else (lambda v: v)
    return (
        None if question.get(low) is None else to(Decimal(str(question[low]))),
        None if question.get(high) is None else to(Decimal(str(question[high]))),
    )


def question_field(question: dict) -> forms.Field:
    """The form field that asks ``question`` (a question of a version's definition)."""
    label = question["label"]
    kind = question["kind"]
    common = {
        "label": label,
        "help_text": question.get("hint", ""),
        "required": question["required"],
    }
    errors = {"required": _("Enter ‘%(q)s’") % {"q": label}}
    if kind in ("text", "long_text"):
        longest = LONG_TEXT_MAX if kind == "long_text" else TEXT_MAX
        most = min(question.get("max_length") or longest, longest)
        least = question.get("min_length")
        errors["max_length"] = _("‘%(q)s’ must be %(n)s characters or fewer") % {
            "q": label,
            "n": most,
        }
        errors["min_length"] = _("‘%(q)s’ must be %(n)s characters or more") % {
            "q": label,
            "n": least,
        }
        widget = forms.Textarea(attrs={"rows": 5}) if kind == "long_text" else forms.TextInput
        return forms.CharField(
            max_length=most, min_length=least, widget=widget, error_messages=errors, **common
        )
    if kind == "number":
        least, most = _limits(question)
        errors.update(
            {
                "invalid": _("‘%(q)s’ must be a whole number") % {"q": label},
                "min_value": _("‘%(q)s’ must be %(n)s or more") % {"q": label, "n": least},
                "max_value": _("‘%(q)s’ must be %(n)s or less") % {"q": label, "n": most},
            }
        )
        return forms.IntegerField(
            min_value=least,
            max_value=most,
            widget=forms.TextInput(attrs={"class": "govuk-input--width-5", "inputmode": "numeric"}),
            error_messages=errors,
            **common,
        )
    if kind == "money":
        least, most = _limits(question)
        return MoneyField(
            min_pence=None if least is None else least * 100,
            max_pence=None if most is None else most * 100,
            error_messages=errors,
            **common,
        )
    if kind == "date":
        common.pop("label")
        return GovukDateField(label=label, error_messages=errors, **common)
    if kind == "address":
        common.pop("label")
        return AddressField(label=label, error_messages=errors, **common)
    if kind in ("yes_no", "radios", "select", "checkboxes"):
        if kind == "yes_no":
            choices = [("Yes", _("Yes")), ("No", _("No"))]
        else:
            choices = [(c, c) for c in question["choices"]]
        errors["required"] = _("Select ‘%(q)s’") % {"q": label}
        errors["invalid_choice"] = _("Select one of the answers to ‘%(q)s’") % {"q": label}
        if kind == "checkboxes":
            errors["required"] = _("Select at least one answer to ‘%(q)s’") % {"q": label}
            return forms.MultipleChoiceField(
                choices=choices,
                widget=forms.CheckboxSelectMultiple,
                error_messages=errors,
                **common,
            )
        if kind == "select":
            choices = [("", _("Choose one"))] + choices
        widget = forms.Select if kind == "select" else forms.RadioSelect
        return forms.ChoiceField(choices=choices, widget=widget, error_messages=errors, **common)
    if kind == "email":
        errors["invalid"] = _("Enter an email address in the correct format, like name@example.com")
        return forms.EmailField(
            max_length=254,
            widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
            error_messages=errors,
            **common,
        )
    if kind == "phone":
        errors["invalid"] = _("Enter a UK phone number, like 07700 900 982 or 01632 960 001")
        return UkPhoneField(
            region="GB",
            widget=forms.TextInput(attrs={"autocomplete": "tel", "type": "tel"}),
            error_messages=errors,
            **common,
        )
    if kind == "file":
        common["required"] = False  # a required upload is checked with the files kept
        common["help_text"] = common["help_text"] or _(
            "JPG, PNG, WebP or PDF, smaller than %(size)s each. You can send up to %(count)s files."
        ) % {"size": attachments.max_size_words(), "count": settings.CASE_ATTACHMENT_MAX_COUNT}
        return MultipleFileField(
            widget=MultipleFileInput(attrs={"accept": attachments.ACCEPT}), **common
        )
    if kind == "declaration":
        errors["required"] = _("Confirm ‘%(q)s’") % {"q": label}
        common["required"] = True
        return forms.BooleanField(error_messages=errors, **common)
    raise ValueError(f"unknown question type {kind!r}")


class PageForm(forms.Form):
    """A page of questions: those whose condition the answers so far do not meet are
    not asked (not shown, not required, and not kept even if posted)."""

    conditions: dict = {}

    def __init__(self, *args, values=None, **kwargs):
        super().__init__(*args, **kwargs)
        values = values or {}
        for key, condition in self.conditions.items():
            if not shown(condition, values):
                del self.fields[key]


class FilesPageForm(PendingFilesMixin, PageForm):
    """A page that asks for photos or documents (the journey keeps them until sent)."""

    keep = keep_field(
        label=_("Photos and documents you have added"),
        invalid_choice=_("Select the files you want to send"),
    )
    listed = listed_field()
    files_required = False

    def max_files(self) -> int:
        return settings.CASE_ATTACHMENT_MAX_COUNT

    def no_room_message(self, room: int) -> str:
        return _("You can send up to %(count)s files. Untick one to add another") % {
            "count": settings.CASE_ATTACHMENT_MAX_COUNT
        }

    def clean(self):
        cleaned = super().clean()
        if self.upload_field not in self.fields or self.upload_field in self.errors:
            return cleaned
        if self.files_required and not (self.kept_files() or cleaned.get(self.upload_field)):
            label = self.fields[self.upload_field].label
            self.add_error(self.upload_field, _("Add ‘%(q)s’") % {"q": label})
        return cleaned

    @property
    def summary_files_label(self):
        return self.fields[self.upload_field].label if self.upload_field in self.fields else ""


def page_form_class(page: dict) -> type[PageForm]:
    fields = {q["key"]: question_field(q) for q in page["questions"]}
    conditions = {q["key"]: q["condition"] for q in page["questions"] if q.get("condition")}
    attrs = {**fields, "conditions": conditions}
    upload = next((q for q in page["questions"] if q["kind"] == "file"), None)
    if upload is None:
        return type("PageForm", (PageForm,), attrs)
    key = upload["key"]

    def clean_upload(form):
        # Checked and cleaned (GPS and other metadata stripped) as General enquiries' are.
        return attachments.prepare_uploads(form.cleaned_data.get(key))

    attrs.update(
        upload_field=key, files_required=upload["required"], **{f"clean_{key}": clean_upload}
    )
    return type("FilesPageForm", (FilesPageForm,), attrs)

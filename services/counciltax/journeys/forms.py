"""The questions of the council tax change journeys (one form a step)."""

from __future__ import annotations

import datetime

from django import forms
from django.conf import settings
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from accounts.selectors import address_list_for_postcode
from casework import attachments
from casework.resident.forms import (
    ForwardingAddressForm,  # noqa: F401 - a step of the move journey
    MultipleFileField,
    MultipleFileInput,
)
from casework.uploads import PendingFilesMixin, keep_field, listed_field
from core import clock
from core.forms import GovukDateField
from integrations.gazetteer.postcodes import normalise_postcode
from services.counciltax import rules


def _date(value: str | None) -> datetime.date | None:
    return datetime.date.fromisoformat(value) if value else None


class DateQuestion(GovukDateField):
    """A date within ``past_days`` before today and ``future_days`` after it."""

    def __init__(self, *, label, past_days=366 * 6, future_days=0, required_message="", **kw):
        self.past_days, self.future_days = past_days, future_days
        errors = {"required": required_message or _("Enter the date")}
        super().__init__(label=label, error_messages=errors, **kw)

    def clean(self, value):
        cleaned = super().clean(value)
        day = _date(cleaned)
        if day is None:
            return cleaned
        today = clock.today()
        if day > today + datetime.timedelta(days=self.future_days):
            if self.future_days == 0:
                raise forms.ValidationError(_("The date must be today or in the past"))
            raise forms.ValidationError(
                _("The date must be within %(days)s days from today") % {"days": self.future_days}
            )
        if day < today - datetime.timedelta(days=self.past_days):
            raise forms.ValidationError(
                _("The date must be after %(date)s")
                % {"date": (today - datetime.timedelta(days=self.past_days)).strftime("%-d %B %Y")}
            )
        return cleaned


def _radios(choices, **kw):
    return forms.ChoiceField(choices=choices, widget=forms.RadioSelect, **kw)


# --- Single person discount ----------------------------------------------------------------


class DiscountActionForm(forms.Form):
    discount = _radios(
        [
            ("apply", _("Apply for single person discount: I am the only adult living here")),
            ("end", _("End my single person discount: another adult now lives here")),
        ],
        label=_("What do you want to do?"),
        error_messages={"required": _("Select whether you want to apply for or end the discount")},
    )


class DiscountApplyForm(forms.Form):
    living_alone_from = DateQuestion(
        label=_("When did you start living alone?"),
        help_text=_("For example, 27 3 2026. The discount can start from this date."),
        required_message=_("Enter the date you started living alone"),
    )
    who_left = forms.CharField(
        label=_("Who moved out? (optional)"),
        help_text=_("Their full name. Leave this empty if you have always lived alone here."),
        required=False,
        max_length=200,
    )
    declaration = forms.BooleanField(
        label=_("I confirm that no one else aged 18 or over lives at the property"),
        error_messages={
            "required": _("Confirm that no one else aged 18 or over lives at the property")
        },
    )


class DiscountEndForm(forms.Form):
    who_moved_in = forms.CharField(
        label=_("Who moved in?"),
        help_text=_("The full name of each adult who moved in."),
        max_length=300,
        error_messages={"required": _("Enter the name of the person who moved in")},
    )
    moved_in_on = DateQuestion(
        label=_("When did they move in?"),
        help_text=_("For example, 27 3 2026."),
        future_days=60,
        required_message=_("Enter the date they moved in"),
    )


# --- Other discounts, disregards and exemptions -------------------------------------------


class ReductionWhichForm(forms.Form):
    reduction = _radios(
        [(key, item["label"]) for key, item in rules.REDUCTIONS.items()],
        label=_("Which of these applies?"),
        error_messages={
            "required": _("Select which of these applies"),
            "invalid_choice": _("Select which of these applies"),
        },
    )


class ReductionDetailsForm(PendingFilesMixin, forms.Form):
    """Who, since when, and the evidence the reduction chosen needs (at least one file:
    the files the engine keeps from before count)."""

    person = forms.CharField(
        label=_("Who is it about?"),
        help_text=_("Their full name. For an empty home, the name of the person who lived there."),
        max_length=200,
        error_messages={"required": _("Enter the full name of the person it is about")},
    )
    applies_from = DateQuestion(
        label=_("Since when?"),
        help_text=_("For example, 27 3 2026. The reduction can start from this date."),
        required_message=_("Enter the date it has applied from"),
    )
    keep = keep_field(
        label=_("Evidence you have added"),
        invalid_choice=_("Select the files you want to send"),
    )
    listed = listed_field()
    files = MultipleFileField(
        label=_("Add your evidence"),
        required=False,
        widget=MultipleFileInput(attrs={"accept": attachments.ACCEPT}),
    )

    def __init__(self, *args, reduction: str = "", existing=(), **kwargs):
        super().__init__(*args, existing=existing, **kwargs)
        evidence, evidence_hint = rules.reduction_evidence(reduction or "student_disregard")
        self.evidence = evidence
        self.summary_files_label = capfirst(evidence)  # the check page's row for the files
        self.fields["files"].label = _("Add %(evidence)s") % {"evidence": evidence}
        self.fields["files"].help_text = _(
            "%(hint)s A photo or scan: JPG, PNG, WebP or PDF, smaller than %(size)s each. "
            "You can send up to %(count)s files."
        ) % {
            "hint": evidence_hint,
            "size": attachments.max_size_words(),
            "count": settings.CASE_ATTACHMENT_MAX_COUNT,
        }

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
        # Checked (type by its content, size) and cleaned before anything is kept.
        return attachments.prepare_uploads(self.cleaned_data.get("files"))

    def clean(self):
        cleaned = super().clean()
        if "files" not in self.errors and not self.kept_files() and not self.uploads():
            self.add_error(
                "files",
                _("Add %(evidence)s") % {"evidence": self.evidence},
            )
        return cleaned


# --- Bank details (Direct Debit, refunds) -----------------------------------------------------


class BankDetailsForm(forms.Form):
    """A UK bank account: the sort code and account number checked by modulus (VocaLink's
    rules, the ``ukmodulus`` package), so a mistyped number is caught before it is sent."""

    account_holder = forms.CharField(
        label=_("Name on the account"),
        max_length=18,  # what BACS carries
        widget=forms.TextInput(attrs={"autocomplete": "name", "spellcheck": "false"}),
        error_messages={
            "required": _("Enter the name on the account"),
            "max_length": _("Name on the account must be 18 characters or fewer"),
        },
    )
    sort_code = forms.CharField(
        label=_("Sort code"),
        help_text=_("Must be 6 digits long"),
        max_length=12,
        widget=forms.TextInput(
            attrs={"class": "govuk-input--width-5", "inputmode": "numeric", "spellcheck": "false"}
        ),
        error_messages={"required": _("Enter a sort code")},
    )
    bank_account_number = forms.CharField(
        label=_("Account number"),
        help_text=_("Must be between 6 and 8 digits long"),
        max_length=12,
        widget=forms.TextInput(
            attrs={"class": "govuk-input--width-10", "inputmode": "numeric", "spellcheck": "false"}
        ),
        error_messages={"required": _("Enter an account number")},
    )

    def clean_sort_code(self):
        digits = "".join(ch for ch in self.cleaned_data["sort_code"] if ch not in " -")
        if not (digits.isdigit() and len(digits) == 6):
            raise forms.ValidationError(_("Enter a valid sort code like 309430"))
        return digits

    def clean_bank_account_number(self):
        digits = "".join(ch for ch in self.cleaned_data["bank_account_number"] if ch not in " -")
        if not (digits.isdigit() and 6 <= len(digits) <= 8):
            raise forms.ValidationError(
                _("Enter a valid account number like 00733445: it must be 6 to 8 digits")
            )
        return digits.zfill(8)

    def clean(self):
        cleaned = super().clean()
        sort_code, number = cleaned.get("sort_code"), cleaned.get("bank_account_number")
        if sort_code and number and not rules.bank_details_valid(sort_code, number):
            self.add_error(
                "bank_account_number",
                _(
                    "The sort code and account number do not match a UK bank account. "
                    "Check them against your bank card or statement"
                ),
            )
        return cleaned


class DirectDebitBankForm(BankDetailsForm):
    sole_authoriser = forms.BooleanField(
        label=_(
            "I am the account holder and I can authorise Direct Debits from this account on my own"
        ),
        error_messages={
            "required": _(
                "Confirm that you can authorise Direct Debits from this account on your own"
            )
        },
    )


class DirectDebitDayForm(forms.Form):
    payment_day = _radios(
        [(str(day), label) for day, label in rules.DIRECT_DEBIT_DAYS],
        label=_("Which day of the month should we take your payments?"),
        help_text=_(
            "Payments start on this day in the first month we can, at least 10 working "
            "days from now."
        ),
        error_messages={"required": _("Select the day of the month to take your payments")},
    )


# --- Moves ------------------------------------------------------------------------------------


class MoveKindForm(forms.Form):
    move = _radios(
        [
            ("in", _("I am moving into the area")),
            ("within", _("I am moving to another address in the area")),
            ("out", _("I am moving out of the area")),
        ],
        label=_("Where are you moving?"),
        error_messages={"required": _("Select where you are moving")},
    )


class MoveDateForm(forms.Form):
    moved_on = DateQuestion(
        label=_("What date did you move, or will you move?"),
        help_text=_("For example, 27 3 2026. The date the keys changed hands."),
        future_days=90,
        required_message=_("Enter the date you move"),
    )


class PostcodeForm(forms.Form):
    new_postcode = forms.CharField(
        label=_("Postcode of your new address"),
        max_length=10,
        widget=forms.TextInput(
            attrs={"autocomplete": "postal-code", "class": "govuk-input--width-10"}
        ),
        error_messages={"required": _("Enter the postcode of your new address")},
    )

    def clean_new_postcode(self):
        try:
            postcode = normalise_postcode(self.cleaned_data["new_postcode"])
        except ValueError:
            raise forms.ValidationError(_("Enter a real postcode, like MB1 1AA")) from None
        if not address_list_for_postcode(postcode=postcode):
            raise forms.ValidationError(
                _("We have no addresses at %(postcode)s in our area. Check the postcode")
                % {"postcode": postcode}
            )
        return postcode


class PickAddressForm(forms.Form):
    """An address from the council's gazetteer at the postcode given on the step before."""

    new_uprn = forms.TypedChoiceField(
        label=_("Select your new address"),
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": _("Select your new address")},
    )

    def __init__(self, *args, postcode: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        addresses = address_list_for_postcode(postcode=postcode) if postcode else []
        self.fields["new_uprn"].choices = [(a.uprn, a.line1) for a in addresses]
        self.addresses = {a.uprn: a for a in addresses}


class HouseholdForm(forms.Form):
    others = forms.CharField(
        label=_("Who else lives, or will live, at the new address? (optional)"),
        help_text=_("The full name of each adult aged 18 or over. Leave empty if nobody."),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    tenure = _radios(
        [
            ("owner", _("I own it")),
            ("tenant", _("I rent it")),
            ("other", _("Something else, for example I live with family")),
        ],
        label=_("Do you own or rent the new address?"),
        error_messages={"required": _("Select whether you own or rent the new address")},
    )
    landlord = forms.CharField(
        label=_("Name and address of your landlord, if you rent (optional)"),
        required=False,
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class LeavingForm(forms.Form):
    """Moving out of the area: who takes the old address on, if known."""

    new_occupier = forms.CharField(
        label=_("Who owns the property you are leaving, or is moving in? (optional)"),
        help_text=_("The new owner, or your landlord, if you know. It helps us bill them."),
        required=False,
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


# --- Refund and 12 instalments ------------------------------------------------------------------


class RefundToForm(forms.Form):
    refund_to = _radios(
        [
            ("card", _("To the card I last paid with")),
            ("bank", _("To a bank account")),
        ],
        label=_("Where should we send your refund?"),
        error_messages={"required": _("Select where we should send your refund")},
    )


class TwelveMonthsForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("Pay the rest of this year’s bill over 12 months, ending in March"),
        error_messages={"required": _("Confirm that you want to pay over 12 months")},
    )


# --- Benefits: a change in circumstances --------------------------------------------------------


class BenefitWhatForm(forms.Form):
    what = forms.MultipleChoiceField(
        label=_("What has changed?"),
        help_text=_("Select all that apply."),
        choices=[
            ("income", _("Income, savings or work (yours or your partner’s)")),
            ("household", _("Who lives with you: someone moved in or out, a baby was born")),
            ("address", _("Your address, or your rent")),
            ("other", _("Something else")),
        ],
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Select what has changed")},
    )


class BenefitDetailsForm(forms.Form):
    changed_on = DateQuestion(
        label=_("When did it change, or when will it change?"),
        help_text=_("For example, 27 3 2026."),
        future_days=90,
        required_message=_("Enter the date of the change"),
    )
    details = forms.CharField(
        label=_("Tell us about the change"),
        help_text=_(
            "For example, your new weekly wages and your employer’s name, or who moved in "
            "and their income. We may ask you for proof."
        ),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={
            "required": _("Tell us about the change"),
            "max_length": _("Tell us about the change in 2000 characters or fewer"),
        },
    )

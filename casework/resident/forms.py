"""Forms for the resident's side of casework: they check input and nothing else."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from casework import attachments, money
from core.forms import field_context
from integrations.gazetteer.postcodes import normalise_postcode

MESSAGE_MAX = 5000
REASON_MAX = 2000


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files from one ``<input type="file" multiple>``: a list, maybe empty."""

    widget = MultipleFileInput

    def __init__(self, *args, **kwargs):
        # An empty file gets casework.attachments' words, not Django's.
        kwargs.setdefault("allow_empty_file", True)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if isinstance(data, list | tuple):
            return [super(MultipleFileField, self).clean(item, initial) for item in data if item]
        return [super().clean(data, initial)] if data else []


class ResidentTextField(forms.CharField):
    """Text as the resident sees it: a line break counts as one character, as GOV.UK
    Frontend's character count counts it (browsers send it as two)."""

    def to_python(self, value):
        value = super().to_python(value)
        return value.replace("\r\n", "\n").replace("\r", "\n")


def character_count(field, *, maxlength: int, label_classes: str = "govuk-label--m") -> dict:
    """GOV.UK character count around a textarea. Without JavaScript the limit is a hint
    ("You can enter up to 5,000 characters"); with it, the count goes down as you type."""
    context = field_context(field, label_classes=label_classes)
    info_id = f"{context['id']}-info"
    classes = "govuk-textarea govuk-js-character-count"
    if context["errors"]:
        classes += " govuk-textarea--error"
    context.update(
        control=field.as_widget(
            attrs={
                "class": classes,
                "aria-describedby": " ".join(filter(None, [info_id, context["describedby"]])),
                "placeholder": False,
            }
        ),
        info_id=info_id,
        maxlength=maxlength,
    )
    return context


def send_form_checked(form_class, data, *, version: str, changed_message) -> forms.Form:
    """ "Check your answers" sent: the posted ``form_class`` (with a ``version`` field) if
    it is for ``version``, the answers the page showed. If they have changed since, a form
    for the new ``version`` with ``changed_message`` as its error, to show the page again."""
    form = form_class(data)
    if form.is_valid() and form.cleaned_data["version"] == version:
        return form
    form = form_class(data={"version": version})
    form.is_valid()
    form.add_error(None, changed_message)
    return form


class ReferenceSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Search by reference"),
        help_text=_("For example, K7P3-9XQ2"),
        required=False,
        max_length=40,
        widget=forms.TextInput(
            attrs={
                "class": "govuk-input--width-10",
                "autocomplete": "off",
                "spellcheck": "false",
                "autocapitalize": "characters",
            }
        ),
    )


class ReplyForm(forms.Form):
    message = forms.CharField(
        label=_("Your message"),
        max_length=MESSAGE_MAX,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={
            "required": _("Enter your message"),
            "max_length": _("Your message must be 5,000 characters or fewer"),
        },
    )
    files = MultipleFileField(
        label=_("Add photos or documents (optional)"),
        required=False,
        widget=MultipleFileInput(attrs={"accept": attachments.ACCEPT}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["files"].help_text = _(
            "JPG, PNG, WebP or PDF, smaller than %(size)s each. You can add up to %(count)s files."
        ) % {"size": attachments.max_size_words(), "count": settings.CASE_ATTACHMENT_MAX_COUNT}

    def clean_message(self):
        message = self.cleaned_data["message"].strip()
        if not message:
            raise forms.ValidationError(_("Enter your message"), code="required")
        return message

    def clean_files(self):
        # Checked and cleaned (metadata stripped) here, so nothing is stored
        # unless every file is acceptable.
        return attachments.prepare_uploads(self.cleaned_data.get("files"))


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label=_("Why are you withdrawing it? (optional)"),
        required=False,
        max_length=REASON_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"max_length": _("Your reason must be 2,000 characters or fewer")},
    )


class ReopenForm(forms.Form):
    reason = forms.CharField(
        label=_("Why do you want to reopen it?"),
        help_text=_("For example, the problem has come back or was not fixed."),
        max_length=REASON_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={
            "required": _("Tell us why you want to reopen this request"),
            "max_length": _("Your reason must be 2,000 characters or fewer"),
        },
    )

    def clean_reason(self):
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise forms.ValidationError(
                _("Tell us why you want to reopen this request"), code="required"
            )
        return reason


RATINGS = [
    (5, _("Very satisfied")),
    (4, _("Satisfied")),
    (3, _("Neither satisfied nor dissatisfied")),
    (2, _("Dissatisfied")),
    (1, _("Very dissatisfied")),
]


class EscalateForm(forms.Form):
    """Stage 2 of a complaint: why the resident is unhappy with our stage 1 answer."""

    reason = forms.CharField(
        label=_("Why are you unhappy with our answer?"),
        help_text=_(
            "Tell us what we got wrong or missed, and what you would like us to do to put it right."
        ),
        max_length=REASON_MAX,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={
            "required": _("Tell us why you are unhappy with our answer"),
            "max_length": _("Your reason must be 2,000 characters or fewer"),
        },
    )

    def clean_reason(self):
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise forms.ValidationError(self.fields["reason"].error_messages["required"])
        return reason


class RatingForm(forms.Form):
    rating = forms.TypedChoiceField(
        label=_("How satisfied are you with how we dealt with your request?"),
        choices=RATINGS,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Select how satisfied you are"),
            "invalid_choice": _("Select how satisfied you are"),
        },
    )
    comment = forms.CharField(
        label=_("How could we do better? (optional)"),
        required=False,
        max_length=REASON_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"max_length": _("Your comment must be 2,000 characters or fewer")},
    )


class VisitorSaveForm(forms.Form):
    """A visitor saves their answers to come back later: where to send the link."""

    email = forms.EmailField(
        label=_("Email address"),
        help_text=_("We will email you a link to your answers. It works once, on any device."),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
        error_messages={
            "required": _("Enter your email address"),
            "invalid": _("Enter an email address in the correct format, like name@example.com"),
            "max_length": _("Enter an email address of 254 characters or fewer"),
        },
    )


class AccountPayForm(forms.Form):
    """What to pay towards an account (council tax, business rates): the choices the account
    allows (``choices``: (value, label) pairs, "amount" among them) or another amount up to
    the balance."""

    what = forms.ChoiceField(
        label=_("What do you want to pay?"),
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Select what you want to pay"),
            # The account changed since the page was shown (an instalment was paid).
            "invalid_choice": _("What you chose is no longer due. Select what you want to pay now"),
        },
    )
    amount = forms.CharField(
        label=_("Another amount, in pounds and pence"),
        help_text=_("Only if you chose another amount. For example, 50.00."),
        required=False,
        max_length=12,
        widget=forms.TextInput(
            attrs={"class": "govuk-input--width-10", "inputmode": "decimal", "spellcheck": "false"}
        ),
    )

    def __init__(self, *args, choices: list[tuple[str, str]], balance_pence: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["what"].choices = choices
        self.balance_pence = balance_pence

    def no_longer_due(self) -> None:
        """What was chosen was offered, but the account no longer has it due (paid in
        another tab meanwhile): the same words as a choice the page no longer offers."""
        self.add_error("what", self.fields["what"].error_messages["invalid_choice"])

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("what") != "amount":
            cleaned["amount"] = None
            return cleaned
        try:
            pence = money.pounds_to_pence(cleaned.get("amount") or "")
        except ValueError:
            self.add_error("amount", _("Enter the amount in pounds and pence, like 50.00"))
            return cleaned
        if pence <= 0:
            self.add_error("amount", _("Enter an amount more than £0"))
        elif pence > self.balance_pence:
            self.add_error(
                "amount",
                _("Enter an amount no more than your balance of %(balance)s")
                % {"balance": money.format_pence(self.balance_pence)},
            )
        cleaned["amount"] = pence
        return cleaned


class ForwardingAddressForm(forms.Form):
    """An address anywhere, in full (moving away: where to write to)."""

    forwarding_line1 = forms.CharField(
        label=_("Address line 1"),
        max_length=100,
        widget=forms.TextInput(attrs={"autocomplete": "address-line1"}),
        error_messages={"required": _("Enter the first line of your new address")},
    )
    forwarding_line2 = forms.CharField(
        label=_("Address line 2 (optional)"),
        max_length=100,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "address-line2"}),
    )
    forwarding_town = forms.CharField(
        label=_("Town or city"),
        max_length=60,
        widget=forms.TextInput(
            attrs={"autocomplete": "address-level2", "class": "govuk-!-width-two-thirds"}
        ),
        error_messages={"required": _("Enter the town or city of your new address")},
    )
    forwarding_postcode = forms.CharField(
        label=_("Postcode"),
        max_length=10,
        widget=forms.TextInput(
            attrs={"autocomplete": "postal-code", "class": "govuk-input--width-10"}
        ),
        error_messages={"required": _("Enter the postcode of your new address")},
    )

    def clean_forwarding_postcode(self):
        try:
            return normalise_postcode(self.cleaned_data["forwarding_postcode"])
        except ValueError:
            raise forms.ValidationError(_("Enter a real postcode, like SW1A 1AA")) from None

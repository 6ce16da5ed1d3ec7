from django import forms
from django.utils.translation import gettext_lazy as _

from integrations.gazetteer.postcodes import normalise_postcode
from services.counciltax.rules import pounds_to_pence


def account_number_clean(text: str) -> str:
    """A council tax account number as the revenues system knows it (8 numbers, spaces
    dropped). Raises ValueError with a message to show."""
    number = "".join(str(text or "").split())
    if not (number.isdigit() and len(number) == 8):
        raise ValueError(
            _("Enter the account number as it is on the bill: 8 numbers, like 60012345")
        )
    return number


def first_instalment_clean(text: str) -> int:
    """The first instalment on the bill, in pence (more than nothing: every live bill has
    one). Raises ValueError with a message to show."""
    try:
        pence = pounds_to_pence(text)
    except ValueError:
        raise ValueError(_("Enter the amount in pounds and pence, like 208.67")) from None
    if pence <= 0:
        raise ValueError(_("Enter an amount more than £0"))
    return pence


# --- Paying, paperless bills, and the PIN posted to the property ---------------------------


class PaperlessForm(forms.Form):
    paperless = forms.TypedChoiceField(
        label=_("How do you want to get your council tax bills?"),
        choices=(
            ("yes", _("By email only (paperless)")),
            ("no", _("By post")),
        ),
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": _("Select how you want to get your bills")},
    )


class PinRequestForm(forms.Form):
    """The account and the property the PIN is posted to (no bill needed)."""

    account_number = forms.CharField(
        label=_("Council tax account number"),
        help_text=_("This is 8 numbers. It is on any letter we have sent you about council tax."),
        max_length=20,
        widget=forms.TextInput(
            attrs={"class": "govuk-input--width-10", "inputmode": "numeric", "spellcheck": "false"}
        ),
        error_messages={"required": _("Enter your council tax account number")},
    )
    postcode = forms.CharField(
        label=_("Postcode of the property"),
        max_length=10,
        widget=forms.TextInput(
            attrs={"autocomplete": "postal-code", "class": "govuk-input--width-10"}
        ),
        error_messages={"required": _("Enter the postcode of the property the bill is for")},
    )

    def clean_account_number(self):
        try:
            return account_number_clean(self.cleaned_data["account_number"])
        except ValueError as exc:
            raise forms.ValidationError(str(exc)) from None

    def clean_postcode(self):
        try:
            return normalise_postcode(self.cleaned_data["postcode"])
        except ValueError:
            raise forms.ValidationError(_("Enter a real postcode, like MB1 1AA")) from None


class PinEnterForm(forms.Form):
    pin = forms.CharField(
        label=_("PIN from the letter"),
        help_text=_("8 numbers. For example, 1234 5678."),
        max_length=20,
        widget=forms.TextInput(
            attrs={
                "class": "govuk-input--width-10",
                "inputmode": "numeric",
                "autocomplete": "one-time-code",
                "spellcheck": "false",
            }
        ),
        error_messages={"required": _("Enter the PIN from the letter")},
    )

    def clean_pin(self):
        pin = "".join(self.cleaned_data["pin"].split())
        if not (pin.isdigit() and len(pin) == 8):
            raise forms.ValidationError(_("Enter the PIN as it is in the letter: 8 numbers"))
        return pin


class RemindersForm(forms.Form):
    remind = forms.TypedChoiceField(
        label=_("Do you want a reminder before each instalment is due?"),
        help_text=_("3 days before, by email or text message as you chose in your account."),
        choices=(("yes", _("Yes, remind me")), ("no", _("No"))),
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": _("Select yes if you want reminders")},
    )

from allauth.account import forms as allauth_forms
from django import forms
from django.contrib.auth.hashers import make_password
from django.utils.translation import gettext_lazy as _

from accounts.assisting import CHANNEL_CHOICES
from accounts.models import User
from accounts.phone import UKPhoneNumberField, is_mobile
from accounts.selectors import device_description
from integrations.gazetteer.postcodes import normalise_postcode


def _without_placeholders(form):
    """GOV.UK Frontend uses labels and hints, never placeholders."""
    for field in form.fields.values():
        field.widget.attrs.pop("placeholder", None)


PASSWORD_HINT = _(
    "Use at least 12 characters. A good way to make a strong password is to use "
    "three random words, like ‘tractor window cloud’. You can paste it in."
)


class NameForm(forms.Form):
    first_name = forms.CharField(
        label=_("First name"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "given-name", "spellcheck": "false"}),
        error_messages={"required": _("Enter your first name")},
    )
    last_name = forms.CharField(
        label=_("Last name"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "family-name", "spellcheck": "false"}),
        error_messages={"required": _("Enter your last name")},
    )


def check_organisation(form, cleaned: dict) -> None:
    """A business account needs the business's name."""
    if (
        cleaned.get("account_type") == User.AccountType.BUSINESS
        and not cleaned.get("organisation_name", "").strip()
    ):
        form.add_error("organisation_name", _("Enter the name of the business or organisation"))


class SignupForm(allauth_forms.SignupForm):
    field_order = [
        "first_name",
        "last_name",
        "email",
        "password1",
        "account_type",
        "organisation_name",
        "privacy_consent",
    ]

    first_name = NameForm.base_fields["first_name"]
    last_name = NameForm.base_fields["last_name"]
    account_type = forms.ChoiceField(
        label=_("Is this account for you or for a business?"),
        choices=[
            (User.AccountType.PERSONAL, _("For me, as a resident")),
            (User.AccountType.BUSINESS, _("For a business or organisation")),
        ],
        initial=User.AccountType.PERSONAL,
        widget=forms.RadioSelect,
        error_messages={"required": _("Select whether the account is for you or for a business")},
    )
    organisation_name = forms.CharField(
        label=_("Business or organisation name"),
        required=False,
        max_length=200,
        help_text=_("Only if the account is for a business or organisation"),
        widget=forms.TextInput(attrs={"autocomplete": "organization"}),
    )
    privacy_consent = forms.BooleanField(
        label=_(
            "I have read the privacy notice and agree that the council can use my details to provide its services"
        ),
        error_messages={
            "required": _("Confirm you have read the privacy notice to create an account")
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _without_placeholders(self)
        self.fields["email"].label = _("Email address")
        self.fields["email"].help_text = _("We will send you a code to check it is yours")
        self.fields["email"].widget.attrs.update({"autocomplete": "email", "spellcheck": "false"})
        self.fields["email"].error_messages["required"] = _("Enter your email address")
        self.fields["email"].error_messages["invalid"] = _(
            "Enter an email address in the correct format, like name@example.com"
        )
        self.fields["password1"].help_text = PASSWORD_HINT
        self.fields["password1"].error_messages["required"] = _("Enter a password")

    def clean(self):
        cleaned = super().clean()
        check_organisation(self, cleaned)
        return cleaned

    def try_save(self, request):
        if self.account_already_exists:
            # No account is made, but the password is hashed all the same: a known
            # address must take as long to answer as a new one (allauth sends both
            # to the same "check your email" page).
            make_password(self.cleaned_data.get("password1"))
        return super().try_save(request)

    def custom_signup(self, request, user):
        data = self.cleaned_data
        user.first_name = data["first_name"].strip()
        user.last_name = data["last_name"].strip()
        user.account_type = data["account_type"]
        if user.account_type == User.AccountType.BUSINESS:
            user.organisation_name = data["organisation_name"].strip()
        user.save()


class LoginForm(allauth_forms.LoginForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _without_placeholders(self)
        self.fields["login"].label = _("Email address")
        self.fields["login"].widget.attrs.update({"autocomplete": "email", "spellcheck": "false"})
        self.fields["login"].error_messages["required"] = _("Enter your email address")
        self.fields["password"].error_messages["required"] = _("Enter your password")
        if "remember" in self.fields:
            del self.fields["remember"]


class AccountTypeForm(forms.Form):
    account_type = SignupForm.base_fields["account_type"]
    organisation_name = SignupForm.base_fields["organisation_name"]

    def clean(self):
        cleaned = super().clean()
        check_organisation(self, cleaned)
        return cleaned


class PhoneForm(forms.Form):
    phone = UKPhoneNumberField(
        label=_("UK phone number"),
        required=False,
        help_text=_("For example, 07700 900 982 or 01632 960 001. Leave it empty to remove it."),
        widget=forms.TextInput(attrs={"autocomplete": "tel", "type": "tel"}),
        error_messages={
            "invalid": _("Enter a UK phone number, like 07700 900 982 or 01632 960 001")
        },
    )


class PostcodeForm(forms.Form):
    postcode = forms.CharField(
        label=_("Postcode"),
        max_length=10,
        widget=forms.TextInput(
            attrs={"autocomplete": "postal-code", "class": "govuk-input--width-10"}
        ),
        error_messages={"required": _("Enter a postcode")},
    )

    def clean_postcode(self):
        try:
            return normalise_postcode(self.cleaned_data["postcode"])
        except ValueError:
            raise forms.ValidationError(_("Enter a real postcode, like MB1 1AA")) from None


class ChooseAddressForm(forms.Form):
    uprn = forms.TypedChoiceField(
        label=_("Select your address"),
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Select your address"),
            "invalid_choice": _("Select your address from the list"),
        },
    )

    def __init__(self, *args, addresses=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["uprn"].choices = [(a.uprn, a.single_line) for a in addresses]


class ManualAddressForm(forms.Form):
    line1 = forms.CharField(
        label=_("Address line 1"),
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "address-line1"}),
        error_messages={"required": _("Enter address line 1, typically the building and street")},
    )
    line2 = forms.CharField(
        label=_("Address line 2 (optional)"),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "address-line2"}),
    )
    town = forms.CharField(
        label=_("Town or city"),
        max_length=100,
        widget=forms.TextInput(
            attrs={"autocomplete": "address-level2", "class": "govuk-!-width-two-thirds"}
        ),
        error_messages={"required": _("Enter town or city")},
    )
    postcode = PostcodeForm.base_fields["postcode"]
    clean_postcode = PostcodeForm.clean_postcode


class ContactPreferencesForm(forms.Form):
    preferred_channel = forms.ChoiceField(
        label=_("How would you like us to contact you?"),
        choices=User.Channel.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Select how you would like us to contact you")},
    )
    topics = forms.MultipleChoiceField(
        label=_("What would you like us to tell you about?"),
        help_text=_("Select all that apply"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        choices=[
            ("case_updates", _("Progress on my requests and reports")),
            ("reminders", _("Reminders, such as bin collection days")),
            ("news", _("Council news and campaigns")),
        ],
    )

    def __init__(self, *args, user, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_preferred_channel(self):
        channel = self.cleaned_data["preferred_channel"]
        if channel == User.Channel.SMS and not self.user.phone:
            raise forms.ValidationError(
                _("Add a mobile phone number to your details before choosing text messages")
            )
        return channel


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Security code"),
        max_length=16,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "spellcheck": "false",
                "class": "govuk-input--width-10",
            }
        ),
        error_messages={"required": _("Enter the security code")},
    )

    def clean_code(self):
        return "".join(self.cleaned_data["code"].split()).replace("-", "")


class ChooseDeviceForm(forms.Form):
    device = forms.ChoiceField(
        label=_("How do you want to get your security code?"),
        widget=forms.RadioSelect,
        error_messages={"required": _("Select how you want to get your security code")},
    )

    def __init__(self, *args, devices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["device"].choices = [(d.persistent_id, describe_device(d)) for d in devices]


class SMSDeviceForm(forms.Form):
    number = UKPhoneNumberField(
        label=_("UK mobile phone number"),
        help_text=_("We will text a security code to this number, for example 07700 900 982"),
        widget=forms.TextInput(attrs={"autocomplete": "tel", "type": "tel"}),
        error_messages={
            "required": _("Enter a UK mobile phone number"),
            "invalid": _("Enter a UK mobile phone number, like 07700 900 982"),
        },
    )

    def clean_number(self):
        number = self.cleaned_data["number"]
        if not is_mobile(number):
            raise forms.ValidationError(_("Enter a mobile number: we cannot text a landline"))
        return number


class CloseAccountForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("I understand that closing my account cannot be undone"),
        error_messages={
            "required": _("Confirm that you understand closing your account cannot be undone")
        },
    )


def describe_device(device) -> str:
    return device_description(device)


class TellUsOnceForm(forms.Form):
    """Tell us once (A5): the services to pass a new address or phone number to."""

    services = forms.MultipleChoiceField(
        label=_("Which services should we tell?"),
        help_text=_("Select all that apply. We will not tell the ones you leave unticked."),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def __init__(self, *args, choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["services"].choices = list(choices)


class AssistStartForm(forms.Form):
    """Why and how an agent acts for a person (both kept in the audit trail)."""

    channel = forms.ChoiceField(
        label=_("How are they in touch?"),
        widget=forms.RadioSelect,
        error_messages={"required": _("Select how they are in touch")},
    )
    reason = forms.CharField(
        label=_("Why are you acting for them?"),
        help_text=_("For example, ‘Called to report a missed bin’"),
        max_length=300,
        error_messages={
            "required": _("Enter why you are acting for them"),
            "max_length": _("The reason must be 300 characters or fewer"),
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["channel"].choices = CHANNEL_CHOICES


class SecurityQuestionsForm(forms.Form):
    """The council's security questions for a caller, one field each."""

    def __init__(self, *args, questions=(), **kwargs):
        super().__init__(*args, **kwargs)
        for question in questions:
            self.fields[question.key] = forms.CharField(
                label=question.label,
                help_text=question.hint,
                max_length=200,
                widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
                error_messages={"required": _("Enter the caller’s answer")},
            )


class PersonRecordForm(forms.Form):
    """A person the contact centre records for someone who cannot self-serve (G2): a name,
    and a phone number or an address (the gazetteer's, by postcode, or typed)."""

    first_name = forms.CharField(
        label=_("First name"),
        max_length=150,
        error_messages={"required": _("Enter their first name")},
    )
    last_name = forms.CharField(
        label=_("Last name"),
        max_length=150,
        error_messages={"required": _("Enter their last name")},
    )
    phone = UKPhoneNumberField(
        label=_("UK phone number (optional)"),
        required=False,
        widget=forms.TextInput(attrs={"type": "tel"}),
        error_messages={
            "invalid": _("Enter a UK phone number, like 07700 900 982 or 01632 960 001")
        },
    )
    email = forms.EmailField(
        label=_("Email address (optional)"),
        help_text=_("If they give one: when they register with it, they find this record"),
        required=False,
        max_length=254,
        widget=forms.EmailInput(attrs={"spellcheck": "false"}),
        error_messages={"invalid": _("Enter an email address, like name@example.com")},
    )
    postcode = forms.CharField(
        label=_("Postcode (optional)"),
        required=False,
        max_length=10,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-10"}),
    )
    uprn = forms.TypedChoiceField(
        label=_("Select their address"),
        coerce=int,
        required=False,
        empty_value=None,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": _("Select their address from the list")},
    )
    manual_address = forms.CharField(
        label=_("Address, if it is not in the list (optional)"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, addresses=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.addresses = list(addresses)
        self.fields["uprn"].choices = [(a.uprn, a.single_line) for a in self.addresses]
        if not self.addresses:
            del self.fields["uprn"]

    def clean_postcode(self):
        value = self.cleaned_data["postcode"].strip()
        if not value:
            return ""
        try:
            return normalise_postcode(value)
        except ValueError:
            raise forms.ValidationError(_("Enter a real postcode, like MB1 1AA")) from None

    def clean_email(self):
        email = (self.cleaned_data["email"] or "").strip().lower()
        if email and User.objects.filter(email__iexact=email).exists():
            raise forms.ValidationError(
                _("Someone with this email address is already recorded: find them instead")
            )
        return email or None

    def clean(self):
        cleaned = super().clean()
        uprn = cleaned.get("uprn")
        reachable = cleaned.get("phone") or uprn or cleaned.get("manual_address", "").strip()
        if not self.errors and not reachable:
            raise forms.ValidationError(
                _("Enter their phone number, or find their address by postcode")
            )
        return cleaned

    def address(self):
        uprn = self.cleaned_data.get("uprn")
        return next((a for a in self.addresses if a.uprn == uprn), None)


class ClaimCodeForm(forms.Form):
    code = forms.CharField(
        label=_("Your code"),
        help_text=_("The code we gave you on the phone or sent you by post, like K7P3-9XQ2"),
        max_length=20,
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "spellcheck": "false", "class": "govuk-input--width-10"}
        ),
        error_messages={"required": _("Enter your code")},
    )

from django import forms
from django.utils.translation import gettext_lazy as _

from integrations.gazetteer.postcodes import normalise_postcode
from linking import registry


class CallerLinkForm(forms.Form):
    """An agent links an account for the caller: which service, its reference, and that the
    caller answered the security questions (no details from the bill)."""

    service = forms.ChoiceField(
        label=_("Which account?"),
        widget=forms.RadioSelect,
        error_messages={"required": _("Select which account to link")},
    )
    reference = forms.CharField(
        label=_("Account number or tenancy reference"),
        max_length=20,
        widget=forms.TextInput(
            attrs={"class": "govuk-input--width-10", "spellcheck": "false", "autocomplete": "off"}
        ),
        error_messages={"required": _("Enter the account number or tenancy reference")},
    )
    confirmed = forms.BooleanField(
        label=_("The caller answered the security questions in this call and says it is theirs"),
        error_messages={"required": _("Confirm that the caller answered the security questions")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        linkables = registry.for_callers()
        self.fields["service"].choices = [
            (one.slug, str(one.name).capitalize()) for one in linkables
        ]
        self.fields["reference"].help_text = " ".join(
            f"{one.reference_label}: {one.reference_hint}" for one in linkables
        )

    def clean(self):
        cleaned = super().clean()
        linkable = registry.for_caller(cleaned.get("service") or "")
        if linkable is not None and cleaned.get("reference"):
            try:
                cleaned["reference"] = linkable.clean_reference(cleaned["reference"])
            except ValueError as exc:
                self.add_error("reference", str(exc))
        return cleaned


def postcode_clean(example: str):
    """A ``Detail.clean`` for a postcode: the tidy postcode, or a message with ``example``
    ("MB1 1AA"), a postcode of the service's own area."""

    def clean(text: str) -> str:
        try:
            return normalise_postcode(text)
        except ValueError:
            raise ValueError(
                _("Enter a real postcode, like %(example)s") % {"example": example}
            ) from None

    return clean


class DetailField(forms.CharField):
    """A text field read by a ``registry.Detail``'s own ``clean``."""

    def __init__(self, *, reader, **kwargs):
        super().__init__(**kwargs)
        self.reader = reader

    def clean(self, value):
        text = super().clean(value)
        try:
            return self.reader(text)
        except ValueError as exc:
            raise forms.ValidationError(str(exc)) from None


class OwnLinkForm(forms.Form):
    """The resident's own link form: the reference, a postcode and an amount, each named,
    worded and read as the service's ``OwnLink`` says (``registry.Detail``)."""

    ROLES = ("reference", "postcode", "amount")
    WIDGETS = {
        "reference": {"class": "govuk-input--width-10", "spellcheck": "false"},
        "postcode": {"autocomplete": "postal-code", "class": "govuk-input--width-10"},
        "amount": {"class": "govuk-input--width-10", "inputmode": "decimal", "spellcheck": "false"},
    }
    MAX_LENGTHS = {"reference": 20, "postcode": 10, "amount": 12}

    def __init__(self, *args, own: registry.OwnLink, **kwargs):
        super().__init__(*args, **kwargs)
        self.own = own
        for role in self.ROLES:
            detail: registry.Detail = getattr(own, role)
            attrs = dict(self.WIDGETS[role])
            if detail.inputmode:
                attrs["inputmode"] = detail.inputmode
            self.fields[detail.name] = DetailField(
                reader=detail.clean,
                label=detail.label,
                help_text=detail.hint,
                max_length=self.MAX_LENGTHS[role],
                widget=forms.TextInput(attrs=attrs),
                error_messages={"required": detail.required},
            )

    def details(self) -> dict:
        """The cleaned details by role, as ``OwnLink.link`` takes them."""
        own = self.own
        return {
            "reference": self.cleaned_data[own.reference.name],
            "postcode": self.cleaned_data[own.postcode.name],
            "amount_pence": self.cleaned_data[own.amount.name],
        }

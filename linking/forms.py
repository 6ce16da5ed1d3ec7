from django import forms
from django.utils.translation import gettext_lazy as _

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
        linkables = registry.linkables.values()
        self.fields["service"].choices = [
            (one.slug, str(one.name).capitalize()) for one in linkables
        ]
        self.fields["reference"].help_text = " ".join(
            f"{one.reference_label}: {one.reference_hint}" for one in linkables
        )

    def clean(self):
        cleaned = super().clean()
        linkable = registry.linkables.get(cleaned.get("service") or "")
        if linkable is not None and cleaned.get("reference"):
            try:
                cleaned["reference"] = linkable.clean_reference(cleaned["reference"])
            except ValueError as exc:
                self.add_error("reference", str(exc))
        return cleaned

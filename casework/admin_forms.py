"""The request type form in the admin: connectors offered by name, settings checked by them.

An administrator picks a connector from those registered (integrations.connectors)
and writes its settings as JSON; the connector says what is wrong in words an
administrator understands, before anything is saved. A request type that cannot
reach its back office would otherwise only be noticed when residents' cases got stuck.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from casework.models import RequestType
from casework.questions import validate_questions
from integrations.connectors import connector_choices, validate_connector_settings


class RequestTypeAdminForm(forms.ModelForm):
    connector = forms.ChoiceField(
        required=False,
        label=_("Connector"),
        help_text=_(
            "The back-office system that receives these requests. None: staff work them here."
        ),
    )

    class Meta:
        model = RequestType
        fields = [
            "connector",
            "connector_settings",
            "fee_pence",
            "questions",
        ]  # the admin adds the rest

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        choices = connector_choices()
        current = self.instance.connector if self.instance else ""
        if current and current not in dict(choices):
            # A connector that is configured but no longer installed: keep it visible.
            choices.append((current, _("%(name)s (not installed)") % {"name": current}))
        self.fields["connector"].choices = choices
        settings_field = self.fields.get("connector_settings")
        if settings_field is not None:
            settings_field.help_text = _(
                "JSON. Secrets never go here: name the environment variable that holds them."
            )

    def clean(self):
        cleaned = super().clean()
        name = cleaned.get("connector") or ""
        settings = cleaned.get("connector_settings")
        if settings is None:
            settings = {}
        if name and "connector_settings" not in self.errors:
            problems = validate_connector_settings(name, settings)
            if problems:
                self.add_error("connector_settings", problems)
        if "questions" in cleaned and "questions" not in self.errors:
            problems = validate_questions(cleaned.get("questions") or [])
            if problems:
                self.add_error("questions", problems)
        fee = cleaned.get("fee_pence")
        if fee is not None and fee == 0:
            self.add_error(
                "fee_pence", _("Leave the fee blank for a free request, or give it in pence.")
            )
        return cleaned

"""The request type form in the admin: connectors offered by name, settings checked by them.

An administrator picks a connector from those registered (integrations.connectors)
and writes its settings as JSON; the connector says what is wrong in words an
administrator understands, before anything is saved. A request type that cannot
reach its back office would otherwise only be noticed when residents' cases got stuck.

What residents are told is written in one box per event, not as JSON, and checked
the same way: a placeholder we cannot fill in is refused here rather than sent raw.
"""

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from casework.models import RequestType
from casework.notifications import DEFAULT_TEXTS, EVENTS, MAX_TEXT_LENGTH, text_problems
from casework.questions import validate_questions
from integrations.connectors import connector_choices, validate_connector_settings


def text_field(key: str) -> str:
    return f"text_{key}"


TEXT_FIELDS = [text_field(key) for key in EVENTS]


def _text_box(key: str, label) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=False,
        max_length=MAX_TEXT_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2, "cols": 80}),
        help_text=format_lazy(_("Leave it empty to send: “{default}”"), default=DEFAULT_TEXTS[key]),
    )


# One box per event, made from the list of events so that a new event gets its box.
_TextBoxes = type(forms.Form)(
    "_TextBoxes",
    (forms.BaseForm,),
    {text_field(key): _text_box(key, label) for key, label in EVENTS.items()},
)


class RequestTypeAdminForm(_TextBoxes, forms.ModelForm):
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
        stored = self.instance.notification_texts or {}
        for key in EVENTS:
            self.initial.setdefault(text_field(key), stored.get(key, ""))

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
        for key, label in EVENTS.items():
            text = cleaned.get(text_field(key))
            if text:
                problems = text_problems(text, label=label)
                if problems:
                    self.add_error(text_field(key), problems)
        return cleaned

    def save(self, commit=True):
        # Kept as JSON: an event's own words, or nothing for ours. Keys we do not show stay.
        texts = {
            key: text
            for key, text in (self.instance.notification_texts or {}).items()
            if key not in EVENTS
        }
        for key in EVENTS:
            if self.cleaned_data.get(text_field(key)):
                texts[key] = self.cleaned_data[text_field(key)]
        self.instance.notification_texts = texts
        return super().save(commit)

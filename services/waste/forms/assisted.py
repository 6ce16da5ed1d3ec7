"""Forms for asking for an assisted bin collection: they check input and nothing else."""

from django import forms
from django.utils.translation import gettext_lazy as _

from services.waste.selectors.assisted import HOW_LONG, NAME_MAX, REASONS, WHERE_MAX, WHO, Answers


def _text_without_maxlength(form, name):
    # The server says when it is too long; the browser must not cut text off unseen.
    form.fields[name].widget.attrs.pop("maxlength", None)


class AboutForm(forms.Form):
    """Who needs help, and why in broad terms (no medical details)."""

    who = forms.ChoiceField(
        label=_("Who needs help with their bins?"),
        choices=list(WHO.items()),
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Select who needs help with their bins"),
            "invalid_choice": _("Select who needs help with their bins"),
        },
    )
    name = forms.CharField(
        label=_("Their full name, if it is someone else"),
        help_text=_("So that the crew know whose bins they are."),
        required=False,
        max_length=NAME_MAX,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
        error_messages={"max_length": _("Their name must be 100 characters or fewer")},
    )
    reason = forms.ChoiceField(
        label=_("Why can they not take the bins out?"),
        help_text=_("Choose the one that fits best. Do not tell us about any medical condition."),
        choices=list(REASONS.items()),
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Select why they cannot take the bins out"),
            "invalid_choice": _("Select one of the reasons in the list"),
        },
    )
    how_long = forms.ChoiceField(
        label=_("How long will they need help for?"),
        choices=list(HOW_LONG.items()),
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Select how long they will need help for"),
            "invalid_choice": _("Select how long they will need help for"),
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _text_without_maxlength(self, "name")

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("who") == "someone_else" and not cleaned.get("name", "").strip():
            self.add_error("name", _("Enter the name of the person who needs help"))
        if cleaned.get("who") == "me":
            cleaned["name"] = ""
        return cleaned

    def summary_rows(self):
        """Check your answers: who, why and for how long, in words."""
        answers = Answers.from_values(self.cleaned_data, uprn=None)
        return [
            (_("Who needs help"), answers.who_text),
            (_("Why"), answers.reason_text),
            (_("How long"), answers.how_long_text),
        ]


class HouseholdForm(forms.Form):
    can_help = forms.ChoiceField(
        label=_("Is there anyone aged 16 or over living there who can put the bins out?"),
        help_text=_(
            "For example, a partner, a grown-up child or a lodger. A carer who visits does not count."
        ),
        choices=[("yes", _("Yes")), ("no", _("No"))],
        widget=forms.RadioSelect(attrs={"class": "govuk-radios--inline"}),
        error_messages={
            "required": _(
                "Select yes if someone aged 16 or over living there can put the bins out"
            ),
            "invalid_choice": _("Select yes or no"),
        },
    )

    def summary_rows(self):
        answer = _("Yes") if self.cleaned_data["can_help"] == "yes" else _("No")
        return [(_("Anyone aged 16 or over who can help"), answer)]


class WhereForm(forms.Form):
    where = forms.CharField(
        label=_("Where are the bins kept?"),
        help_text=_(
            "The crew will read this. For example, ‘down the side path on the left of the "
            "house, behind the blue gate’. Do not include a key safe or door code."
        ),
        max_length=WHERE_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={
            "required": _("Enter where the bins are kept"),
            "max_length": _("Where the bins are kept must be 500 characters or fewer"),
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _text_without_maxlength(self, "where")

    def summary_rows(self):
        return [(_("Where the bins are kept"), self.cleaned_data["where"])]

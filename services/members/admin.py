from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from services.members.letters import MERGE_FIELDS, template_problems
from services.members.models import LetterTemplate


class LetterTemplateForm(forms.ModelForm):
    """A template is checked as it is saved: every merge field is one we can fill in."""

    class Meta:
        model = LetterTemplate
        fields = ["name", "subject", "body", "active"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        usable = ", ".join(f"{{{name}}} ({meaning})" for name, meaning in MERGE_FIELDS.items())
        self.fields["body"].help_text = _(
            "Paragraphs separated by an empty line. Merge fields: %(usable)s"
        ) % {"usable": usable}

    def clean_subject(self):
        return self._checked("subject")

    def clean_body(self):
        return self._checked("body")

    def _checked(self, name):
        value = self.cleaned_data.get(name) or ""
        problems = template_problems(value)
        if problems:
            raise forms.ValidationError(problems)
        return value


@admin.register(LetterTemplate)
class LetterTemplateAdmin(admin.ModelAdmin):
    form = LetterTemplateForm
    list_display = ["name", "subject", "active"]
    list_filter = ["active"]
    search_fields = ["name", "subject", "body"]

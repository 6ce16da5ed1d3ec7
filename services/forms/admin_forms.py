"""Forms of the forms builder's admin pages: a question is checked on its own when it
is saved (the whole form is checked again, with its conditions, when it is published)."""

from django import forms

from services.forms.definition import choices_from_text, question_problems


class QuestionAdminForm(forms.ModelForm):
    """The admin's inline makes it a form of ``Question`` with the inline's fields."""

    def clean(self):
        cleaned = super().clean()
        if "kind" not in cleaned:
            return cleaned
        question = {
            "kind": cleaned["kind"],
            "choices": choices_from_text(cleaned.get("choices", "")),
            **{
                name: cleaned.get(name)
                for name in ("min_length", "max_length", "min_value", "max_value")
            },
        }
        for field, problem in question_problems(question).items():
            self.add_error(field, problem)
        return cleaned

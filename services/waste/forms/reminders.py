"""Bin reminders: the confirm buttons (no questions to ask; the button is the answer)."""

from django import forms


class ConfirmForm(forms.Form):
    """A form with no fields, so that the page can show an error summary when needed."""

"""Forms for the General enquiries pages: they check input and nothing else."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from casework import attachments
from casework.forms import MultipleFileField, MultipleFileInput
from portal.forms import field_context
from services.general.selectors import DETAILS_MAX, SUMMARY_MAX, PendingFile


class ResidentTextField(forms.CharField):
    """Text as the resident sees it: a line break counts as one character, as GOV.UK
    Frontend's character count counts it (browsers send it as two)."""

    def to_python(self, value):
        value = super().to_python(value)
        return value.replace("\r\n", "\n").replace("\r", "\n")


class RequestForm(forms.Form):
    """The question page: what it is about, more detail, and any photos or documents.

    ``existing``: files added before (kept unless unticked). ``partial``: "Save and
    come back later", where nothing is required yet but nothing may be too long.
    """

    summary = ResidentTextField(
        label=_("What is it about?"),
        help_text=_(
            "A few words, for example ‘Hedge blocking the pavement on Mill Lane’. "
            "Up to 150 characters."
        ),
        max_length=SUMMARY_MAX,
        error_messages={
            "required": _("Enter what your request is about"),
            "max_length": _("What your request is about must be 150 characters or fewer"),
        },
    )
    details = ResidentTextField(
        label=_("Tell us more"),
        help_text=_(
            "What is happening, where and since when, and anything else that will help us. "
            "Do not include bank or card details."
        ),
        max_length=DETAILS_MAX,
        widget=forms.Textarea(attrs={"rows": 8}),
        error_messages={
            "required": _("Enter the details of your request"),
            "max_length": _("The details of your request must be 5,000 characters or fewer"),
        },
    )
    keep = forms.MultipleChoiceField(
        label=_("Photos and documents you have added"),
        help_text=_("Untick any you do not want to send."),
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "govuk-checkboxes--small"}),
        error_messages={"invalid_choice": _("Select the files you want to send")},
    )
    # The files the page listed, so that a file added meanwhile (another tab) is kept.
    listed = forms.CharField(required=False, widget=forms.HiddenInput)
    files = MultipleFileField(
        label=_("Add photos or documents (optional)"),
        required=False,
        widget=MultipleFileInput(attrs={"accept": attachments.ACCEPT}),
    )

    def __init__(self, *args, existing=(), partial: bool = False, **kwargs):
        self.existing: tuple[PendingFile, ...] = tuple(existing)
        self.partial = partial
        kwargs.setdefault("initial", {})
        kwargs["initial"].setdefault("keep", [file.key for file in self.existing])
        kwargs["initial"].setdefault("listed", ",".join(file.key for file in self.existing))
        super().__init__(*args, **kwargs)
        for name in ("summary", "details"):
            # The server says when it is too long; the browser must not cut text off unseen.
            self.fields[name].widget.attrs.pop("maxlength", None)
            if partial:
                self.fields[name].required = False
        if self.existing:
            self.fields["keep"].choices = [(file.key, file.name) for file in self.existing]
        else:
            del self.fields["keep"]
        self.fields["files"].help_text = _(
            "JPG, PNG, WebP or PDF, smaller than %(size)s each. You can send up to %(count)s files."
        ) % {"size": attachments.max_size_words(), "count": settings.CASE_ATTACHMENT_MAX_COUNT}

    def clean_files(self):
        # Checked and cleaned (GPS and other metadata stripped) here, so nothing is
        # stored unless every file is acceptable.
        return attachments.prepare_uploads(self.cleaned_data.get("files"))

    def clean(self):
        cleaned = super().clean()
        uploads = cleaned.get("files") or []
        if uploads and "files" not in self.errors:
            room = settings.CASE_ATTACHMENT_MAX_COUNT - len(self.kept_files())
            if len(uploads) > room:
                self.add_error("files", self._too_many(room))
        return cleaned

    @staticmethod
    def _too_many(room: int) -> str:
        count = settings.CASE_ATTACHMENT_MAX_COUNT
        if room <= 0:
            return ngettext(
                "You can send up to %(count)s file. Untick one to add another",
                "You can send up to %(count)s files. Untick one to add another",
                count,
            ) % {"count": count}
        return ngettext(
            "You can add %(room)s more file", "You can add %(room)s more files", room
        ) % {"room": room}

    def kept_files(self) -> list[PendingFile]:
        """The files added before that the resident still wants to send."""
        if not self.existing or not self.is_bound:
            return list(self.existing)
        listed = set(str(self.data.get("listed", "")).split(","))
        if "keep" in self.errors:
            ticked = {file.key for file in self.existing}  # a tampered form removes nothing
        else:
            ticked = set(self.cleaned_data.get("keep") or [])
        return [file for file in self.existing if file.key not in listed or file.key in ticked]

    def uploads(self) -> list:
        """The new files, checked and cleaned; [] while they have a problem."""
        if not hasattr(self, "cleaned_data") or "files" in self.errors:
            return []
        return list(self.cleaned_data.get("files") or [])

    def with_files(self, files) -> "RequestForm":
        """The same answers again, now that ``files`` are saved (each listed and ticked)."""
        data = self.data.copy()
        data.setlist("keep", [file.key for file in files])
        data["listed"] = ",".join(file.key for file in files)
        form = type(self)(data, existing=files, partial=self.partial)
        form.full_clean()
        return form

    def character_count(self) -> dict:
        """What general/includes/character_count.html needs for the details field."""
        return character_count(self["details"], maxlength=DETAILS_MAX)


def character_count(field, *, maxlength: int, label_classes: str = "govuk-label--m") -> dict:
    """GOV.UK character count around a textarea. Without JavaScript the limit is a hint
    ("You can enter up to 5,000 characters"); with it, the count goes down as you type."""
    context = field_context(field, label_classes=label_classes)
    info_id = f"{context['id']}-info"
    classes = "govuk-textarea govuk-js-character-count"
    if context["errors"]:
        classes += " govuk-textarea--error"
    context.update(
        control=field.as_widget(
            attrs={
                "class": classes,
                "aria-describedby": " ".join(filter(None, [info_id, context["describedby"]])),
                "placeholder": False,
            }
        ),
        info_id=info_id,
        maxlength=maxlength,
    )
    return context


class SendForm(forms.Form):
    """Check your answers: sends exactly the answers the page showed."""

    version = forms.CharField(widget=forms.HiddenInput, max_length=100)

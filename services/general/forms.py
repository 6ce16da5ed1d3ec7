"""Forms for the General enquiries pages: they check input and nothing else."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from casework import attachments
from casework.resident.forms import (
    MultipleFileField,
    MultipleFileInput,
    ResidentTextField,
    character_count,
)
from casework.uploads import PendingFilesMixin, keep_field, listed_field
from services.general.selectors import DETAILS_MAX, SUMMARY_MAX


class RequestForm(PendingFilesMixin, forms.Form):
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
    keep = keep_field(
        label=_("Photos and documents you have added"),
        invalid_choice=_("Select the files you want to send"),
    )
    listed = listed_field()
    files = MultipleFileField(
        label=_("Add photos or documents (optional)"),
        required=False,
        widget=MultipleFileInput(attrs={"accept": attachments.ACCEPT}),
    )

    def __init__(self, *args, existing=(), partial: bool = False, **kwargs):
        self.partial = partial
        super().__init__(*args, existing=existing, **kwargs)
        for name in ("summary", "details"):
            # The server says when it is too long; the browser must not cut text off unseen.
            self.fields[name].widget.attrs.pop("maxlength", None)
            if partial:
                self.fields[name].required = False
        self.fields["files"].help_text = _(
            "JPG, PNG, WebP or PDF, smaller than %(size)s each. You can send up to %(count)s files."
        ) % {"size": attachments.max_size_words(), "count": settings.CASE_ATTACHMENT_MAX_COUNT}

    def clean_files(self):
        # Checked and cleaned (GPS and other metadata stripped) here, so nothing is
        # stored unless every file is acceptable.
        return attachments.prepare_uploads(self.cleaned_data.get("files"))

    def max_files(self) -> int:
        return settings.CASE_ATTACHMENT_MAX_COUNT

    def no_room_message(self, room: int) -> str:
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

    def with_files(self, files) -> "RequestForm":
        """The same answers again, now that ``files`` are saved (each listed and ticked)."""
        data = self.data.copy()
        data.setlist("keep", [file.key for file in files])
        data["listed"] = ",".join(file.key for file in files)
        form = type(self)(data, existing=files, partial=self.partial)
        form.full_clean()
        return form

    def character_count(self) -> dict:
        """What includes/character_count.html needs for the details field."""
        return character_count(self["details"], maxlength=DETAILS_MAX)


class SendForm(forms.Form):
    """Check your answers: sends exactly the answers the page showed."""

    version = forms.CharField(widget=forms.HiddenInput, max_length=100)

"""Photos and documents a resident has chosen on a question page, waiting until the
request is sent (General enquiries' files, a street report's photos).

- ``PendingFile``: one checked and cleaned file (``casework.attachments.prepare_upload``)
  waiting in storage under a random key; ``pending_file_from`` reads one back from a
  draft's or a session's JSON, defensively.
- ``pending_store`` / ``pending_read``: the file's bytes in storage; where they go
  (``path_for``) is the service's business.
- ``PendingFilesMixin``: a question page's form that lists the files added before (a
  ticked box each: untick to drop one) and takes new ones, within a limit.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Callable
from dataclasses import dataclass

from django import forms
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils.translation import gettext_lazy

from casework.attachments import PreparedUpload

_KEY = re.compile(r"^[0-9a-f]{32}$")


def is_pending_key(key: str) -> bool:
    return bool(_KEY.match(key or ""))


def new_pending_key() -> str:
    return secrets.token_hex(16)


@dataclass(frozen=True)
class PendingFile:
    """A checked and cleaned file waiting in storage until its request is sent."""

    key: str  # its name in storage
    name: str  # the resident's name for it, cleaned
    content_type: str
    size: int

    def as_json(self) -> dict:
        return {
            "key": self.key,
            "name": self.name,
            "content_type": self.content_type,
            "size": self.size,
        }


def _text(value, limit: int | None = None) -> str:
    return value.strip()[:limit] if isinstance(value, str) else ""


def pending_file_from(
    data, *, default_name: str, name_max: int | None = None, type_max: int | None = None
) -> PendingFile | None:
    """A ``PendingFile`` from its JSON, or None where the JSON is not one."""
    if not isinstance(data, dict) or not is_pending_key(str(data.get("key", ""))):
        return None
    size = data.get("size")
    return PendingFile(
        key=data["key"],
        name=_text(data.get("name"), name_max) or default_name,
        content_type=_text(data.get("content_type"), type_max),
        size=size if isinstance(size, int) and size >= 0 else 0,
    )


def pending_store(*, path_for: Callable[[str], str], upload: PreparedUpload) -> PendingFile:
    """Keep a checked file, under a new key, at ``path_for(key)``."""
    key = new_pending_key()
    default_storage.save(path_for(key), ContentFile(upload.content))
    return PendingFile(
        key=key,
        name=upload.original_name,
        content_type=upload.content_type,
        size=upload.size,
    )


def pending_read(*, path_for: Callable[[str], str], file: PendingFile) -> PreparedUpload | None:
    """The file kept at ``path_for(file.key)`` again, ready to attach; None if it has gone
    (or ``path_for`` refuses the key with ValueError)."""
    try:
        with default_storage.open(path_for(file.key), "rb") as handle:
            content = handle.read()
    except (OSError, ValueError):
        return None
    return PreparedUpload(content=content, content_type=file.content_type, original_name=file.name)


# --- The question page's form -------------------------------------------------------------


def keep_field(*, label, invalid_choice) -> forms.MultipleChoiceField:
    """The files added before, each ticked (``PendingFilesMixin`` gives the choices)."""
    return forms.MultipleChoiceField(
        label=label,
        help_text=gettext_lazy("Untick any you do not want to send."),
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "govuk-checkboxes--small"}),
        error_messages={"invalid_choice": invalid_choice},
    )


def listed_field() -> forms.CharField:
    """The files the page listed, so that a file added meanwhile (another tab) is kept."""
    return forms.CharField(required=False, widget=forms.HiddenInput)


class PendingFilesMixin:
    """For a form with a ``keep`` field (``keep_field``), a ``listed`` field
    (``listed_field``) and a ``MultipleFileField`` named ``upload_field``.

    ``existing``: the files added before (kept unless unticked). The subclass says how
    many files there may be (``max_files``) and what to say when there is no more room
    (``no_room_message``).
    """

    upload_field = "files"

    def __init__(self, *args, existing=(), **kwargs):
        self.existing: tuple[PendingFile, ...] = tuple(existing)
        kwargs.setdefault("initial", {})
        kwargs["initial"].setdefault("keep", [file.key for file in self.existing])
        kwargs["initial"].setdefault("listed", ",".join(file.key for file in self.existing))
        super().__init__(*args, **kwargs)
        if self.existing:
            self.fields["keep"].choices = [(file.key, file.name) for file in self.existing]
        else:
            del self.fields["keep"]

    def max_files(self) -> int:
        raise NotImplementedError

    def no_room_message(self, room: int) -> str:
        """The error when the new files are more than ``room`` (maybe 0) allows."""
        raise NotImplementedError

    def clean(self):
        cleaned = super().clean()
        uploads = cleaned.get(self.upload_field) or []
        if uploads and self.upload_field not in self.errors:
            room = self.max_files() - len(self.kept_files())
            if len(uploads) > room:
                self.add_error(self.upload_field, self.no_room_message(room))
        return cleaned

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
        if not hasattr(self, "cleaned_data") or self.upload_field in self.errors:
            return []
        return list(self.cleaned_data.get(self.upload_field) or [])

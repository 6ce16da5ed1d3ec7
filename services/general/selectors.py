"""Reads for the General enquiries pages (STYLE: selectors for reads).

A request is made on the journey engine (``services.general.journey``), which keeps
the answers in the resident's casework draft. Drafts saved before it kept::

    {"summary": "...", "details": "...",
     "files": [{"key": "<hex>", "name": "photo.jpg", "content_type": "image/jpeg", "size": 1234}]}

which ``answers_from_draft_json`` still reads.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.http import Http404

from casework import registry
from casework.models import RequestType
from casework.uploads import PendingFile, pending_file_from
from services.general.apps import SLUG

SUMMARY_MAX = 150
DETAILS_MAX = 5000


@dataclass(frozen=True)
class Answers:
    summary: str = ""
    details: str = ""
    files: tuple[PendingFile, ...] = ()

    @property
    def complete(self) -> bool:
        """Everything the check page needs; the form has already checked each answer."""
        return bool(
            self.summary
            and self.details
            and len(self.summary) <= SUMMARY_MAX
            and len(self.details) <= DETAILS_MAX
        )

    def as_json(self) -> dict:
        return {
            "summary": self.summary,
            "details": self.details,
            "files": [file.as_json() for file in self.files],
        }


def _text(value) -> str:
    return value.strip() if isinstance(value, str) else ""


def _file(value) -> PendingFile | None:
    return pending_file_from(value, default_name="attachment")


def service():
    """The service's definition (its name for page captions)."""
    return registry.service(SLUG)


def answers_from_draft_json(data) -> Answers:
    """Answers of a draft saved before the journey engine, whatever its shape (never an
    error). Drafts saved before these pages existed (the demo's) kept the question's
    text under "question": it becomes the details.
    """
    data = data if isinstance(data, dict) else {}
    files = data.get("files") if isinstance(data.get("files"), list) else []
    return Answers(
        summary=_text(data.get("summary")),
        details=_text(data.get("details")) or _text(data.get("question")),
        files=tuple(file for file in map(_file, files) if file is not None),
    )


def request_type_list() -> list[RequestType]:
    """The service's request types that residents may make now, by name."""
    return list(RequestType.objects.filter(service=SLUG, active=True).order_by("name", "pk"))


def request_type_get(*, slug: str) -> RequestType:
    """One of the service's active request types: 404 for any other slug."""
    try:
        return RequestType.objects.select_related("team").get(service=SLUG, active=True, slug=slug)
    except RequestType.DoesNotExist:
        raise Http404 from None

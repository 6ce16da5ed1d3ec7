"""Reads for the General enquiries pages (STYLE: selectors for reads).

A request is made in steps (question, check your answers, send). Between the
steps its answers live in the resident's casework draft (casework.drafts), so
"Save and come back later" is the same thing as going on to the next step:

    {"summary": "...", "details": "...",
     "files": [{"key": "<hex>", "name": "photo.jpg", "content_type": "image/jpeg", "size": 1234}]}

The files themselves wait in storage (services.general.actions) until the
request is sent.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.http import Http404
from django.utils import timezone

from casework import access
from casework.models import Case, Draft, RequestType
from casework.uploads import PendingFile, pending_file_from
from services.general.apps import SLUG

SUMMARY_MAX = 150
DETAILS_MAX = 5000

STEP_QUESTION = "question"
STEP_CHECK = "check"


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


def answers_from_draft(draft: Draft | None) -> Answers:
    """The answers saved so far, whatever shape the draft's JSON is in (never an error).

    Drafts saved before these pages existed (the demo's) kept the question's text
    under "question": it becomes the details.
    """
    data = draft.answers if draft is not None and isinstance(draft.answers, dict) else {}
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


def draft_get(*, user, request_type: RequestType) -> Draft | None:
    """``user``'s saved answers for ``request_type`` (one per person and type), if any."""
    return (
        Draft.objects.filter(user=user, request_type=request_type, expires_at__gt=timezone.now())
        .order_by("-updated_at", "-pk")
        .first()
    )


def draft_version(draft: Draft) -> str:
    """Names these answers as they are now: the check page sends exactly what it showed."""
    return f"{draft.pk}:{draft.updated_at.isoformat()}"


def case_for_confirmation(*, user, type_slug: str, reference: str) -> Case:
    """The resident's own request of this service: 404 for anything else."""
    case = access.case_for_resident(user, reference)
    if (
        not access.is_owner(user, case)
        or case.request_type.service != SLUG
        or case.request_type.slug != type_slug
    ):
        raise Http404
    return case


def case_sent_from_draft(*, user, request_type: RequestType, draft: Draft) -> Case | None:
    """The request another click already made from ``draft`` (which is gone now).

    A person has one draft of a request type at a time, so the newest case of
    that type they made since the draft was started is the one it became.
    """
    return (
        Case.objects.filter(
            resident=user, request_type=request_type, created_at__gte=draft.created_at
        )
        .order_by("-created_at", "-pk")
        .first()
    )

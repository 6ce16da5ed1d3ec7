"""Kinds of document: what each one looks like and who may have it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from core.registry import Registry

if TYPE_CHECKING:
    from documents.models import Document


@dataclass(frozen=True)
class Rendered:
    """What a renderer gives: the PDF's title, the file name a browser saves it as, the HTML."""

    title: str
    filename: str
    html: str


def owner_only(user, document: Document) -> bool:
    return document.owner_id == user.pk


@dataclass(frozen=True)
class DocumentKind:
    """``render(document) -> Rendered`` runs in the worker (raise to mark it failed).
    ``may_view(user, document)`` is the kind's access rule; ``back_url(document)`` is
    where the status page's "Back" goes."""

    slug: str
    render: Callable[[Document], Rendered]
    back_url: Callable[[Document], str]
    may_view: Callable[[object, Document], bool] = owner_only
    # What the status page calls it while it is being made ("your bill").
    label: str = ""
    # Days a document is kept after it was asked for (documents_purge): it is a copy, made
    # again on request, of what the back office holds.
    keep_days: int = 7


# Apps add their kinds from ``AppConfig.ready``: ``kinds.add(DocumentKind(...))``.
kinds: Registry[DocumentKind] = Registry("document kinds", key=lambda kind: kind.slug)

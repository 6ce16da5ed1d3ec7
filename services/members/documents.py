"""A sent letter as a PDF, made through the core documents capability.

The PDF is the letter's own HTML as it was sent (``Letter.html``, rendered once by
``letters.letter_html``), so the PDF, the printed page and the e-mail say the same.
The document belongs to the enquiry's member: their support officers asking for it find
the same one, and may have it by the members' access rule (``casework.access``).
"""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from casework.access import member_enquiry_queryset
from documents.actions import document_request
from documents.registry import DocumentKind, Rendered, kinds
from services.members.models import Letter

LETTER = "members-letter"


def letter_document_request(*, case, letter: Letter):
    """The letter's PDF (asked again: the same document), owned by the enquiry's member."""
    return document_request(
        owner=case.member_enquiry.member, kind=LETTER, params={"letter_id": letter.pk}
    )


def _letter(document) -> Letter | None:
    letter_id = document.params.get("letter_id")
    if not isinstance(letter_id, int):
        return None
    return Letter.objects.select_related("case").filter(pk=letter_id).first()


def _render(document) -> Rendered:
    letter = _letter(document)
    if letter is None:
        raise LookupError(f"no letter for document {document.pk}")
    return Rendered(
        title=letter.title,
        filename=f"letter-{letter.case.reference}-{letter.pk}.pdf",
        html=letter.html,
    )


def _may_view(user, document) -> bool:
    """The enquiry's member and their support officers (whoever may see the enquiry)."""
    letter_id = document.params.get("letter_id")
    return Letter.objects.filter(
        pk=letter_id if isinstance(letter_id, int) else None,
        case__in=member_enquiry_queryset(user),
    ).exists()


def _back_url(document) -> str:
    letter = _letter(document)
    if letter is None:
        return reverse("members:home")
    return reverse("members:enquiry", args=[letter.case.reference])


def register() -> None:
    kinds.add(
        DocumentKind(
            slug=LETTER,
            render=_render,
            back_url=_back_url,
            may_view=_may_view,
            label=_("The letter"),
            keep_days=28,
        )
    )

"""Letters to constituents from admin-written templates (M3).

A template's subject and body name merge fields in braces (``{constituent}``); the
values come from the enquiry (``letter_context``). The letter itself is one Django
template rendered by one function, ``letter_html(context)``: the page preview, the
e-mail and the letter for post are that HTML, and a PDF is made from it by the
documents capability (context -> HTML -> PDF).
"""

from __future__ import annotations

from string import Formatter

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from casework.models import CaseEvent
from core import clock

MERGE_FIELDS = {
    "constituent": _lazy("the constituent’s name"),
    "address": _lazy("the constituent’s address, on one line"),
    "reference": _lazy("the enquiry’s reference"),
    "officer_reply": _lazy("the officer’s latest reply"),
    "member": _lazy("the councillor’s name, as their letters name them"),
    "signature": _lazy("the councillor’s signature block"),
    "date": _lazy("today’s date"),
    "council": _lazy("the council’s name"),
}


def _pieces(text: str):
    """(words, field name or None) for each piece; ValueError for a lone brace.
    string.Formatter only splits: nothing is looked up, so "{x.__class__}" is not a field."""
    for words, name, spec, conversion in Formatter().parse(text):
        yield (
            words,
            (
                None
                if name is None
                else name + (f"!{conversion}" if conversion else "") + (f":{spec}" if spec else "")
            ),
        )


def template_problems(text: str) -> list[str]:
    """What stops ``text`` being filled in, in an administrator's words."""
    usable = ", ".join("{" + name + "}" for name in MERGE_FIELDS)
    try:
        unknown = [
            name for _words, name in _pieces(text) if name is not None and name not in MERGE_FIELDS
        ]
    except ValueError:
        return [
            _(
                "There is a { or } that is not part of a merge field. To show a brace, write it twice."
            )
        ]
    return [
        _("{%(name)s} is not a merge field we can fill in. You can use: %(usable)s.")
        % {"name": name, "usable": usable}
        for name in unknown
    ]


def fill_in(text: str, values: dict) -> str:
    """``text`` with its merge fields filled in (a field we do not know is left out)."""
    try:
        return "".join(
            words + (str(values.get(name, "")) if name is not None else "")
            for words, name in _pieces(text)
        )
    except ValueError:
        return text


def _latest_reply(case) -> str:
    reply = (
        case.events.filter(kind=CaseEvent.Kind.REPLY, data__from="staff")
        .exclude(data__to="officer")
        .order_by("-created_at", "-id")
        .first()
    )
    return reply.message if reply else ""


def letter_context(case) -> dict:
    """The merge fields' values for a member enquiry (``case.enquiry`` as
    ``casework.access.member_enquiry_for`` gives it)."""
    enquiry = case.enquiry
    member = getattr(enquiry.member, "member", None)
    name = case.contact_name
    if not name and case.resident_id:
        name = case.resident.get_full_name()
    address = case.address.single_line if case.address_id else enquiry.constituent_address
    return {
        "constituent": name,
        "address": address,
        "reference": case.reference,
        "officer_reply": _latest_reply(case),
        "member": member.title if member else enquiry.member.get_full_name(),
        "signature": member.signature if member else enquiry.member.get_full_name(),
        "date": formats.date_format(clock.today(), "j F Y"),
        "council": settings.COUNCIL_NAME,
    }


def letter_fill(template, values: dict) -> dict:
    """The letter's parts from a template and the merge fields' values."""
    body = fill_in(template.body, values)
    paragraphs = [part.strip() for part in body.replace("\r\n", "\n").split("\n\n") if part.strip()]
    return {
        **values,
        "title": fill_in(template.subject, values),
        "paragraphs": paragraphs,
        "text": "\n\n".join(paragraphs),
        "address_lines": [line.strip() for line in values["address"].split(",") if line.strip()],
        "signature_lines": [line for line in values["signature"].splitlines() if line.strip()],
    }


def letter_parts(case, template) -> dict:
    """The letter ``template`` makes for a member enquiry, filled in: the page's preview
    and the letter that is sent are this."""
    return letter_fill(template, letter_context(case))


def letter_html(context: dict) -> str:
    """The letter (``letter_fill``'s parts) as a whole HTML document: the one way a
    letter is rendered, for e-mail, for print and for a PDF."""
    return render_to_string("members/letter_document.html", {"letter": context})

"""The access matrix's entries for the members' area (councillors and their support officers).

How these pages behave and what their URL arguments name; tests/urlmap.py gathers
this module with every other tests/**/urlmap.py.
"""

from __future__ import annotations

from tests.urlmap_types import Provided, Provider

MEMBERS_ONLY = {
    "members:home",
    "members:wards",
    "members:enquiry",
    "members:enquiry_message",
    "members:letter",
    "members:letter_sent",
    "members:letter_pdf",
    "members:enquiry_new",
    "members:enquiry_step",
    "members:enquiry_check",
    "members:enquiry_sent",
}


POST_ONLY = {
    "members:enquiry_message",
    "members:letter_pdf",
}


def _member_enquiry(visitor, session) -> Provided:
    """An enquiry with a reply and a letter template: the visitor's own when they are a
    councillor or a support officer (then of a member they support), else a stranger's."""
    from services.members.models import LetterTemplate
    from tests.services.members.members_data import enquiry_for_visitor

    case = enquiry_for_visitor(visitor)
    LetterTemplate.objects.get_or_create(
        name="Update",
        defaults={"subject": "Your enquiry {reference}", "body": "Dear {constituent}"},
    )
    return Provided({"reference": case.reference}, case)


def _member_letter(visitor, session) -> Provided:
    from services.members.actions import letter_send
    from services.members.models import LetterTemplate

    case = _member_enquiry(visitor, session).obj
    case = type(case).objects.get(pk=case.pk)
    case.enquiry = case.member_enquiry
    letter = letter_send(
        case=case,
        template=LetterTemplate.objects.get(name="Update"),
        delivery="post",
        user=case.enquiry.member,
    )
    return Provided({"reference": case.reference, "letter_id": letter.pk}, letter)


def _member_categories(visitor, session) -> Provided:
    from tests.services.members.members_data import categories

    return Provided({}, categories()[0])


PROVIDERS: dict[str, Provider] = {
    "members:enquiry": Provider(_member_enquiry),
    "members:enquiry_message": Provider(_member_enquiry),
    "members:letter": Provider(_member_enquiry),
    "members:letter_sent": Provider(_member_letter),
    "members:letter_pdf": Provider(_member_letter),
    "members:enquiry_sent": Provider(_member_enquiry),
    "members:enquiry_new": Provider(_member_categories),
    "members:enquiry_check": Provider(_member_categories),
    "members:enquiry_step": Provider(
        lambda visitor, session: Provided(
            {"step_name": "enquiry"}, _member_categories(visitor, session).obj
        )
    ),
}

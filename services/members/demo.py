"""The demo councillor's members' area: Cllr Patel as a member of Sam's ward, a support
officer who works his enquiries, a letter template, and one enquiry with a reply.
Safe to repeat: what exists is left alone."""

from django.db import transaction

from accounts.models import User
from casework import actions as case_actions
from casework.models import Case, Member, MemberEnquiry, RequestType
from services.members.apps import ENQUIRY_TYPE
from services.members.forms import CONSENT_TEXT
from services.members.models import LetterTemplate

COUNCILLOR = "cllr.patel@millbrook.example"
SUPPORT = "member.support@millbrook.example"
RESIDENT = "sam@example.org"
CASEWORKER = "caseworker@millbrook.example"

LETTER = {
    "name": "Update on your enquiry",
    "subject": "Your enquiry {reference}",
    "body": (
        "Dear {constituent},\n\n"
        "Thank you for speaking to me about your concern. I raised it with the council, "
        "and the officer dealing with it has replied:\n\n"
        "{officer_reply}\n\n"
        "If you need anything more, please get in touch and quote {reference}.\n\n"
        "Yours sincerely,"
    ),
}


@transaction.atomic
def load() -> str:
    councillor = User.objects.filter(email=COUNCILLOR).first()
    if councillor is None:
        return "members: no demo councillor"
    sam = User.objects.filter(email=RESIDENT).select_related("address").first()
    member, _made = Member.objects.get_or_create(
        user=councillor,
        defaults={
            "title": "Councillor Ravi Patel",
            "signature": "Councillor Ravi Patel\nMillbrook Borough Council\n"
            "cllr.patel@millbrook.example",
        },
    )
    if sam is not None and sam.address_id and sam.address.ward_id and not member.wards.exists():
        member.wards.add(sam.address.ward_id)
    support = User.objects.filter(email=SUPPORT).first()
    if support is not None:
        member.support_officers.add(support)
    LetterTemplate.objects.get_or_create(name=LETTER["name"], defaults=LETTER)
    made = 0
    if not MemberEnquiry.objects.filter(member=councillor).exists():
        made = _example_enquiry(councillor, support or councillor)
    return f"members: Cllr Patel's area ({made} example enquiry)"


def _example_enquiry(councillor, actor) -> int:
    category = RequestType.objects.filter(slug=ENQUIRY_TYPE).first()
    if category is None:
        return 0
    case = case_actions.case_submit_member_enquiry(
        request_type=category,
        member=councillor,
        actor=actor,
        answers={
            "details": "Mrs Ellis says the bench at the bus stop on Mill Lane has been "
            "broken for a month and older residents have nowhere to sit.",
            "category": category.name,
        },
        summary="Broken bench at the Mill Lane bus stop",
        contact_name="Margaret Ellis",
        contact_phone="01632 960123",
        constituent_address="7 Mill Lane, Millbrook, MB1 1AA",
        hear_back=MemberEnquiry.HearBack.COUNCILLOR,
        consent_text=str(CONSENT_TEXT),
    )
    officer = User.objects.filter(email=CASEWORKER).first()
    if officer is not None:
        case_actions.case_reply(
            case=Case.objects.get(pk=case.pk),
            actor=officer,
            message="Thank you, Councillor. The bench is on our list to be replaced next week.",
            to="member",
        )
    return 1

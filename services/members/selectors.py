"""Reads of the members' area: categories, whom a person acts for, enquiries, wards."""

from __future__ import annotations

from django.http import Http404

from accounts import roles
from accounts.models import User, Ward
from casework import public
from casework.access import member_enquiry_queryset, members_for
from casework.models import Case, CaseEvent, Member, MemberEnquiry, RequestType
from services.members.apps import ENQUIRY_TYPE, SLUG
from services.members.models import Letter, LetterTemplate

ENQUIRIES_SHOWN = 100
WARD_CASES_SHOWN = 100
# What a member does not see of their enquiry's timeline: staff's internal notes, and
# bookkeeping nobody acts on (C11: "internal notes stay internal").
HIDDEN_FROM_MEMBERS = (
    CaseEvent.Kind.NOTE,
    CaseEvent.Kind.FOLLOWED,
    CaseEvent.Kind.RATED,
    CaseEvent.Kind.PAYMENT,
    CaseEvent.Kind.DUE_SOON,
)


def enquiry_request_type() -> RequestType:
    try:
        return RequestType.objects.get(slug=ENQUIRY_TYPE, service=SLUG, active=True)
    except RequestType.DoesNotExist:
        raise Http404 from None


def category_list() -> list[RequestType]:
    """The categories a member chooses from, each routed to its team; "Something else" last."""
    types = list(RequestType.objects.filter(service=SLUG, active=True).order_by("name"))
    return sorted(types, key=lambda rt: rt.slug == ENQUIRY_TYPE)


def member_users_for(user) -> list[tuple[User, str]]:
    """(member, name) for each councillor ``user`` acts for: themselves (a councillor)
    and the members an administrator linked them to (a support officer)."""
    found: dict[int, tuple[User, str]] = {}
    if user.has_perm(roles.perm(roles.RAISE_MEMBER_ENQUIRY)):
        own = Member.objects.filter(user=user).first()
        found[user.pk] = (user, own.title if own else user.get_full_name() or user.email)
    for member in members_for(user):
        found.setdefault(member.user_id, (member.user, member.title))
    return list(found.values())


def enquiry_list(*, user, status: str = "") -> list[Case]:
    """The member enquiries ``user`` may see, newest first."""
    cases = (
        member_enquiry_queryset(user)
        .select_related("request_type", "member_enquiry__member", "team")
        .order_by("-created_at", "-id")
    )
    return list(cases[:ENQUIRIES_SHOWN])


def member_timeline(case: Case) -> list[CaseEvent]:
    """Every step of the enquiry the member may see: not staff's internal notes."""
    return list(
        case.events.exclude(kind__in=HIDDEN_FROM_MEMBERS)
        .select_related("actor", "acting_for")
        .order_by("created_at", "id")
    )


def letter_template_list() -> list[LetterTemplate]:
    return list(LetterTemplate.objects.filter(active=True))


def letter_list(case: Case) -> list[Letter]:
    return list(case.letters.select_related("sent_by"))


def constituent_email(case: Case) -> str:
    """Where a letter by e-mail goes: the constituent's account's address when they have
    one, else the address the member gave for them ("" when there is neither)."""
    if case.resident_id and case.resident.email:
        return case.resident.email
    return case.contact_email


def letter_for(case: Case, letter_id: int) -> Letter:
    try:
        return case.letters.get(pk=letter_id)
    except (Letter.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def wards_for(user):
    """The wards of the members ``user`` acts for."""
    return Ward.objects.filter(members__in=members_for(user)).distinct().order_by("name")


def ward_public_cases(*, wards) -> list[public.PublicCase]:
    """The public cases of these wards (street reports, missed rounds...), as anyone may
    see them: casework.public decides what of each case is shown (no personal data)."""
    cases = (
        Case.objects.filter(
            ward__in=wards, request_type__public=True, status__in=public.LISTED_STATUSES
        )
        .select_related("request_type")
        .only(*public.QUERY_FIELDS, "ward")
        .order_by("-created_at", "-id")[:WARD_CASES_SHOWN]
    )
    return public.cases_public(cases)


def enquiry_reply_to(case: Case) -> str:
    return MemberEnquiry.objects.values_list("reply_to", flat=True).get(case=case)

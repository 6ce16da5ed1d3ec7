"""People and enquiries for the members' area tests (and tests/services/members/urlmap.py)."""

from django.contrib.auth.models import Group

from accounts import roles
from casework import actions
from casework.models import Member, MemberEnquiry
from tests.casework.factories import RequestTypeFactory, TeamFactory
from tests.factories import UserFactory


def staff(role, **extra):
    user = UserFactory(is_staff=True, **extra)
    user.groups.add(Group.objects.get(name=role))
    return user


def member_make(user=None, *, title="Councillor Ravi Patel", wards=(), officers=()) -> Member:
    user = user or staff(roles.COUNCILLOR, first_name="Ravi", last_name="Patel")
    member, _made = Member.objects.get_or_create(
        user=user, defaults={"title": title, "signature": f"{title}\nMillbrook Borough Council"}
    )
    member.wards.add(*wards)
    member.support_officers.add(*officers)
    return member


def categories():
    """The members' categories, as `sync_request_types` makes them (one team each)."""
    team = TeamFactory(slug="customer-services", email="customer.services@millbrook.example")
    other = RequestTypeFactory(
        service="members", slug="member-enquiry", name="Something else", team=team, sla_days=3
    )
    bins = RequestTypeFactory(
        service="members",
        slug="member-enquiry-waste",
        name="Bins and recycling",
        team=TeamFactory(slug="waste-services", email="waste@millbrook.example"),
    )
    return other, bins


def enquiry_make(member_user, *, actor=None, reply_to="member", contact_email="", **extra):
    other, _bins = categories()
    return actions.case_submit_member_enquiry(
        request_type=extra.pop("request_type", other),
        member=member_user,
        actor=actor or member_user,
        answers={"details": "The bench is broken.", "category": "Something else"},
        summary="Broken bench on Mill Lane",
        contact_name="Margaret Ellis",
        contact_email=contact_email,
        contact_phone="01632 960123",
        constituent_address="7 Mill Lane, Millbrook, MB1 1AA",
        hear_back=MemberEnquiry.HearBack.EMAIL if contact_email else "councillor",
        reply_to=reply_to,
        consent_text="They agree.",
        **extra,
    )


def enquiry_for_visitor(visitor):
    """An enquiry ``visitor`` may see when they are a councillor (their own) or a support
    officer (of a member they support); anyone else's visit finds a stranger's."""
    from casework.models import Member

    groups = set(visitor.groups.values_list("name", flat=True)) if visitor is not None else set()
    if roles.COUNCILLOR in groups:
        member = member_make(visitor)
    elif (
        roles.MEMBER_SUPPORT in groups and Member.objects.filter(support_officers=visitor).exists()
    ):
        member = Member.objects.filter(support_officers=visitor).first()
    else:
        member = member_make(staff(roles.COUNCILLOR), title="Councillor Someone Else")
    case = enquiry_make(member.user, contact_email="margaret@example.org")
    officer = UserFactory(is_staff=True, first_name="Chris", last_name="Evans")
    actions.case_reply(case=case, actor=officer, message="We are on it.", to="member")
    return case

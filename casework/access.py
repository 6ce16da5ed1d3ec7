"""Who may see which case, decided here and nowhere else.

Both functions answer 404 for "no such case" and for "not yours", so a
reference never reveals whether a case exists.
"""

import datetime

from django.conf import settings
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404

from accounts import roles
from casework.attachments import BACK_OFFICE_FILE_SALT
from casework.models import Attachment, Case, CaseEvent, Member, MemberEnquiry, Team
from casework.references import normalise_reference

_ALL_CASES = {roles.AGENT, roles.ADMINISTRATOR}


def _get(reference: str, queryset=None) -> Case:
    ref = normalise_reference(reference)
    if not ref:
        raise Http404
    queryset = queryset if queryset is not None else Case.objects.all()
    try:
        return queryset.select_related(
            "request_type", "address", "team", "assignee", "ward", "member_enquiry"
        ).get(reference=ref)
    except Case.DoesNotExist:
        raise Http404 from None


def case_for_resident(user, reference: str) -> Case:
    """A resident's own case (or one they were allowed to follow)."""
    if not user.is_authenticated:
        raise Http404
    case = _get(reference)
    if case.resident_id == user.pk:
        return case
    if case.request_type.followable and case.followers.filter(user=user).exists():
        return case
    raise Http404


def is_owner(user, case: Case) -> bool:
    return user.is_authenticated and case.resident_id == user.pk


def staff_case_queryset(user):
    """The cases a member of staff may work: least privilege by role (AD2)."""
    if not (user.is_authenticated and user.is_staff and user.is_verified()):
        return Case.objects.none()
    groups = set(user.groups.values_list("name", flat=True))
    if user.is_superuser or groups & _ALL_CASES:
        return Case.objects.all()
    # Subqueries, not joins: no duplicate rows, so no DISTINCT (which sorts every
    # matching case before the page is cut: 300 ms at a million cases).
    mine = Q(pk__in=[])
    if roles.CASEWORKER in groups:
        mine |= Q(team__in=Team.objects.filter(members=user).values("pk"))
    if groups & MEMBER_ROLES:
        mine |= Q(created_by=user, member_enquiry__isnull=True) | member_enquiry_q(user)
    return Case.objects.filter(mine)


def case_for_staff(user, reference: str) -> Case:
    return _get(reference, staff_case_queryset(user))


def may_work_case(user, case: Case) -> bool:
    """May change the case's status, team or assignee (not only reply and add notes).

    Councillors and member support officers raise enquiries and follow them; the
    service's own staff work them (AD2, least privilege).
    """
    groups = set(user.groups.values_list("name", flat=True))
    if user.is_superuser or groups & _ALL_CASES:
        return True
    return (
        roles.CASEWORKER in groups
        and case.team_id is not None
        and (case.team.members.filter(pk=user.pk).exists())
    )


# --- Councillors and their support officers (M1-M6) ---------------------------------------

MEMBER_ROLES = frozenset({roles.COUNCILLOR, roles.MEMBER_SUPPORT})


def may_use_members_area(user) -> bool:
    """Councillors and member support officers, with a second factor this session."""
    if not (user.is_authenticated and user.is_staff and user.is_verified()):
        return False
    return user.groups.filter(name__in=MEMBER_ROLES).exists()


def require_members_area(user) -> None:
    """403 for anyone but councillors and member support officers (other staff too)."""
    if not may_use_members_area(user):
        raise PermissionDenied


def members_for(user):
    """The members ``user`` acts for: themselves (a councillor an administrator set up
    as a member) and the members an administrator linked them to as support officer."""
    if not may_use_members_area(user):
        return Member.objects.none()
    groups = set(user.groups.values_list("name", flat=True))
    mine = Q(pk__in=[])
    if roles.COUNCILLOR in groups:
        mine |= Q(user=user)
    if roles.MEMBER_SUPPORT in groups:
        mine |= Q(pk__in=Member.objects.filter(support_officers=user).values("pk"))
    return Member.objects.filter(mine).select_related("user").order_by("title")


def member_enquiry_q(user) -> Q:
    """Member enquiries ``user`` may see: a councillor's own, and a support officer's
    members' (never another member's, whoever raised it)."""
    groups = set(user.groups.values_list("name", flat=True))
    enquiries = MemberEnquiry.objects.none()
    if roles.COUNCILLOR in groups:
        enquiries = MemberEnquiry.objects.filter(member=user)
    if roles.MEMBER_SUPPORT in groups:
        enquiries = enquiries | MemberEnquiry.objects.filter(member__member__support_officers=user)
    return Q(pk__in=enquiries.values("case_id"))


def member_enquiry_queryset(user):
    if not may_use_members_area(user):
        return Case.objects.none()
    return Case.objects.filter(member_enquiry_q(user))


def member_enquiry_for(user, reference: str) -> Case:
    """A member enquiry for its member or their support officer: 403 for other staff,
    404 for anyone else's (another member's support officer too) and for none."""
    require_members_area(user)
    case = _get(reference, member_enquiry_queryset(user))
    case.enquiry = MemberEnquiry.objects.select_related("member__member", "raised_by").get(
        case=case
    )
    return case


def acting_for(user, case: Case):
    """Whom ``user`` acts for on a member enquiry: its member, when a support officer acts."""
    member = case.member_enquiry.member
    return None if member.pk == user.pk else member


def attachment_for_back_office(token: str):
    """The file a back-office link names, while the link is good; else 404 (casework.attachments).

    The signed token is the permission: it names one attachment that was sent to
    a back office with its request, and stops working after
    BACK_OFFICE_FILE_LINK_DAYS.
    """
    try:
        pk = signing.loads(
            token,
            salt=BACK_OFFICE_FILE_SALT,
            max_age=datetime.timedelta(days=settings.BACK_OFFICE_FILE_LINK_DAYS),
        )
    except signing.BadSignature:  # includes SignatureExpired
        raise Http404 from None
    try:
        return Attachment.objects.get(pk=pk, public=True, event__kind=CaseEvent.Kind.SUBMITTED)
    except (Attachment.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def _leads_or_manages(user):
    return Team.objects.filter(Q(manager=user) | Q(lead=user)).values("pk")


def may_see_reports(user, *, role_names: set[str] | None = None) -> bool:
    """Managers' reports (complaints, satisfaction comments): administrators, and the
    leads and managers of teams (who see their teams' cases). ``role_names``: the user's
    roles, when the caller has read them already. Worked out once per request."""
    if not (user.is_authenticated and user.is_staff and user.is_verified()):
        return False
    if not hasattr(user, "_may_see_reports"):
        if role_names is None:
            role_names = set(user.groups.values_list("name", flat=True))
        user._may_see_reports = (
            user.is_superuser
            or roles.ADMINISTRATOR in role_names
            or _leads_or_manages(user).exists()
        )
    return user._may_see_reports


def report_case_queryset(user):
    """The cases a manager's report counts: every case for administrators, the cases of the
    teams they lead or manage for others; raises 403 for anyone else."""
    from django.core.exceptions import PermissionDenied

    if not may_see_reports(user):
        raise PermissionDenied
    if user.is_superuser or user.groups.filter(name=roles.ADMINISTRATOR).exists():
        return Case.objects.all()
    return Case.objects.filter(team__in=_leads_or_manages(user))

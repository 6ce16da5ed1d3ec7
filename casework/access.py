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


def _has(user, codename: str) -> bool:
    return user.has_perm(roles.perm(codename))


def _team_scope(user) -> Q:
    """Cases of the teams ``user`` is a member of, leads or manages (one subquery: a
    repeated team inside IN changes nothing, and the queue's team index still serves)."""
    teams = Team.objects.filter(Q(members=user) | Q(lead=user) | Q(manager=user))
    return Q(team__in=teams.values("pk"))


def _work_scope(user) -> Q | None:
    """The cases ``user`` may change, as a filter; None means every case."""
    if _has(user, roles.WORK_EVERY_CASE):
        return None
    mine = Q(pk__in=[])
    if _has(user, roles.WORK_TEAM_CASE):
        mine |= _team_scope(user)
    if _has(user, roles.WORK_ESCALATED_CASE):
        mine |= Q(escalation_level__gte=1)
    return mine


def staff_case_queryset(user):
    """The cases a member of staff may see: least privilege by permission (AD2).

    Every case for those who see every case (agents, managers, administrators);
    otherwise the cases they may work (their teams', escalated ones) and the ones
    they raised for residents (councillors and their support officers).
    """
    if not (user.is_authenticated and user.is_staff and user.is_verified()):
        return Case.objects.none()
    if _has(user, roles.VIEW_EVERY_CASE):
        return Case.objects.all()
    # Subqueries, not joins: no duplicate rows, so no DISTINCT (which sorts every
    # matching case before the page is cut: 300 ms at a million cases).
    mine = _work_scope(user)
    if mine is None:
        return Case.objects.all()
    if _has(user, roles.FOLLOW_RAISED_CASE):
        mine |= Q(created_by=user, member_enquiry__isnull=True) | member_enquiry_q(user)
    return Case.objects.filter(mine)


def case_for_staff(user, reference: str) -> Case:
    return _get(reference, staff_case_queryset(user))


def may_work_case(user, case: Case) -> bool:
    """May change the case at all: it is in this person's scope (their teams', an
    escalated one, or any for administrators). What they may do to it is
    ``may_take_action``; councillors and agents only comment (reply, note)."""
    if not (user.is_authenticated and user.is_staff):
        return False
    scope = _work_scope(user)
    if scope is None:
        return True
    return Case.objects.filter(scope, pk=case.pk).exists()


# The permission each staff action on a case needs (casework.staff.menu.ACTIONS).
ACTION_PERMISSIONS: dict[str, str] = {
    "reply": roles.REPLY,
    "note": roles.NOTE,
    "assign": roles.ASSIGN,
    "status": roles.CHANGE_STATUS,
    "request_info": roles.REQUEST_INFORMATION,
    "resolve": roles.RESOLVE,
    "close": roles.CLOSE,
    "reject": roles.REJECT,
    "duplicate": roles.MARK_DUPLICATE,
    "reopen": roles.REOPEN,
    # A complaint's stage answer finishes that stage; an Ombudsman referral is a record of
    # where the complaint went next.
    "complaint_answer": roles.RESOLVE,
    "ombudsman": roles.CHANGE_STATUS,
}
# Actions that only add to the conversation: anyone who may see the case and holds
# the permission may take them. Every other action also needs the case in their scope.
COMMENTS = frozenset({"reply", "note"})


def may_take_action(user, case: Case, action: str, *, works: bool | None = None) -> bool:
    """May ``user`` (who can see ``case``) take ``action`` on it?

    ``works``: ``may_work_case(user, case)``, when the caller has asked already.
    """
    if not (user.is_authenticated and user.is_staff):
        return False
    if not _has(user, ACTION_PERMISSIONS[action]):
        return False
    if action in COMMENTS:
        return True
    return may_work_case(user, case) if works is None else works


# --- Councillors and their support officers (M1-M6) ---------------------------------------


def may_use_members_area(user) -> bool:
    """Councillors and member support officers, with a second factor this session."""
    if not (user.is_authenticated and user.is_staff and user.is_verified()):
        return False
    return _has(user, roles.RAISE_MEMBER_ENQUIRY) or _has(user, roles.SUPPORT_MEMBERS)


def require_members_area(user) -> None:
    """403 for anyone but councillors and member support officers (other staff too)."""
    if not may_use_members_area(user):
        raise PermissionDenied


def members_for(user):
    """The members ``user`` acts for: themselves (a councillor an administrator set up
    as a member) and the members an administrator linked them to as support officer."""
    if not may_use_members_area(user):
        return Member.objects.none()
    mine = Q(pk__in=[])
    if _has(user, roles.RAISE_MEMBER_ENQUIRY):
        mine |= Q(user=user)
    if _has(user, roles.SUPPORT_MEMBERS):
        mine |= Q(pk__in=Member.objects.filter(support_officers=user).values("pk"))
    return Member.objects.filter(mine).select_related("user").order_by("title")


def member_enquiry_q(user) -> Q:
    """Member enquiries ``user`` may see: a councillor's own, and a support officer's
    members' (never another member's, whoever raised it)."""
    enquiries = MemberEnquiry.objects.none()
    if _has(user, roles.RAISE_MEMBER_ENQUIRY):
        enquiries = MemberEnquiry.objects.filter(member=user)
    if _has(user, roles.SUPPORT_MEMBERS):
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


def team_positions(user) -> frozenset[str]:
    """ "lead" and "manager" for the teams ``user`` leads or manages: one query, kept on
    the user for the rest of the request (the staff home asks more than once)."""
    if not hasattr(user, "_team_positions"):
        positions = set()
        teams = Team.objects.filter(Q(lead=user) | Q(manager=user))
        for lead_id, manager_id in teams.values_list("lead_id", "manager_id"):
            positions |= {"lead"} if lead_id == user.pk else set()
            positions |= {"manager"} if manager_id == user.pk else set()
        user._team_positions = frozenset(positions)
    return user._team_positions


def may_see_reports(user) -> bool:
    """Managers' reports (complaints, satisfaction comments): those who see every team's
    reports (administrators), and the leads and managers of teams (who see their teams')."""
    if not (user.is_authenticated and user.is_staff and user.is_verified()):
        return False
    return _has(user, roles.SEE_EVERY_REPORT) or bool(team_positions(user))


def report_case_queryset(user):
    """The cases a manager's report counts: every case for administrators, the cases of the
    teams they lead or manage for others; raises 403 for anyone else."""
    if not may_see_reports(user):
        raise PermissionDenied
    if _has(user, roles.SEE_EVERY_REPORT):
        return Case.objects.all()
    return Case.objects.filter(team__in=_leads_or_manages(user))

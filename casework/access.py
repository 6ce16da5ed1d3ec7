"""Who may see which case, decided here and nowhere else.

Both functions answer 404 for "no such case" and for "not yours", so a
reference never reveals whether a case exists.
"""

import datetime

from django.conf import settings
from django.core import signing
from django.db.models import Q
from django.http import Http404

from accounts import roles
from casework.attachments import BACK_OFFICE_FILE_SALT
from casework.models import Attachment, Case, CaseEvent, Team
from casework.references import normalise_reference

_ALL_CASES = {roles.AGENT, roles.ADMINISTRATOR}


def _get(reference: str, queryset=None) -> Case:
    ref = normalise_reference(reference)
    if not ref:
        raise Http404
    queryset = queryset if queryset is not None else Case.objects.all()
    try:
        return queryset.select_related("request_type", "address", "team", "assignee", "ward").get(
            reference=ref
        )
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
    if groups & {roles.COUNCILLOR, roles.MEMBER_SUPPORT}:
        mine |= Q(created_by=user)
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

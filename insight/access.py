"""Who may see which figures, decided here and nowhere else.

- The public service standards page: everyone.
- The managers' dashboard: those who see every team's reports (administrators) and team
  managers see every team; a team lead sees their own teams' figures; other staff get 403.
- Ward reports: the same people see every ward; a councillor sees the wards they
  represent (``casework.Member.wards``), a member support officer their members' wards;
  other staff get 403.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Q

from accounts import roles
from accounts.access import require_staff
from accounts.models import Ward
from casework.access import members_for, team_positions
from casework.models import Team
from insight.reports import Scope


def _sees_every_report(user) -> bool:
    return roles.has_role_permission(user, roles.SEE_EVERY_REPORT)


def _manages_a_team(user) -> bool:
    return "manager" in team_positions(user)


def dashboard_scope(user) -> Scope:
    """The dashboard's figures ``user`` may see: 403 for staff who may see none."""
    require_staff(user)
    if _sees_every_report(user) or _manages_a_team(user):
        return Scope()
    led = frozenset(Team.objects.filter(lead=user).values_list("pk", flat=True))
    if not led:
        raise PermissionDenied
    return Scope(team_ids=led)


def may_see_dashboard(user) -> bool:
    try:
        dashboard_scope(user)
    except PermissionDenied:
        return False
    return True


def _represents_wards(user) -> bool:
    return roles.has_role_permission(user, roles.RAISE_MEMBER_ENQUIRY) or (
        roles.has_role_permission(user, roles.SUPPORT_MEMBERS)
    )


def ward_report_scope(user) -> Scope:
    """The wards whose reports ``user`` may see: 403 for staff who may see none."""
    require_staff(user)
    if _sees_every_report(user) or _manages_a_team(user):
        return Scope()
    if _represents_wards(user):
        wards = Ward.objects.filter(members__in=members_for(user)).values_list("pk", flat=True)
        return Scope(ward_ids=frozenset(wards))
    raise PermissionDenied


def may_see_ward_reports(user) -> bool:
    try:
        ward_report_scope(user)
    except PermissionDenied:
        return False
    return True


def teams_in_scope(scope: Scope):
    teams = Team.objects.order_by("name")
    return teams if scope.team_ids is None else teams.filter(pk__in=scope.team_ids)


def wards_in_scope(scope: Scope):
    wards = Ward.objects.order_by("name")
    return wards if scope.ward_ids is None else wards.filter(Q(pk__in=scope.ward_ids))


def staff_home_links(user) -> dict[str, bool]:
    """Which insight pages the staff home links to (from permissions and the teams the
    person leads or manages, both read once a request)."""
    if _sees_every_report(user):
        return {"dashboard": True, "wards": True}
    positions = team_positions(user)
    return {
        "dashboard": bool(positions),
        "wards": "manager" in positions or _represents_wards(user),
    }

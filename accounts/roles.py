"""Staff roles (AD2): each a Django group holding named permissions an admin can see.

Residents have no group; staff belong to one or more of these. Access decisions ask
for a permission (``user.has_perm("casework.resolve_case")``), never for a group's
name, so an administrator can give a person a role in the admin, or make a new role
from the same permissions, without a code change.

``sync_roles`` makes every group hold exactly the permissions written here. It runs
after every ``migrate`` (and after a test database is flushed), so it is idempotent.
"""

from __future__ import annotations

from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType

AGENT = "Agent"
CASEWORKER = "Caseworker"
TEAM_LEAD = "Team lead"
MANAGER = "Manager"
COUNCILLOR = "Councillor"
MEMBER_SUPPORT = "Member support officer"
ADMINISTRATOR = "Administrator"

STAFF_ROLES = [AGENT, CASEWORKER, TEAM_LEAD, MANAGER, COUNCILLOR, MEMBER_SUPPORT, ADMINISTRATOR]

# Every permission a role can hold: all declared on casework.Case (its Meta), so
# they sit together in the admin's permission list as "casework | case | ...".
APP = "casework"

# Which cases a person sees and works (casework.access reads these).
VIEW_EVERY_CASE = "view_every_case"
WORK_EVERY_CASE = "work_every_case"
WORK_TEAM_CASE = "work_team_case"
WORK_ESCALATED_CASE = "work_escalated_case"
FOLLOW_RAISED_CASE = "follow_raised_case"

# What they may do to a case they may see (one per staff action).
REPLY = "reply_case"
NOTE = "note_case"
ASSIGN = "assign_case"
CHANGE_STATUS = "change_status_case"
REQUEST_INFORMATION = "request_information_case"
RESOLVE = "resolve_case"
CLOSE = "close_case"
REJECT = "reject_case"
MARK_DUPLICATE = "mark_duplicate_case"
REOPEN = "reopen_case"

# Other staff work.
FIND_PEOPLE = "find_people"
RETRY_DELIVERIES = "retry_deliveries"
SEND_SERVICE_NOTICES = "send_service_notices"
BUILD_FORMS = "build_forms"
# Councillors' work (the members' area) and managers' reports.
RAISE_MEMBER_ENQUIRY = "raise_member_enquiry"
SUPPORT_MEMBERS = "support_members"
SEE_EVERY_REPORT = "see_every_report"

PERMISSIONS: dict[str, str] = {
    VIEW_EVERY_CASE: "Can see every team's cases",
    WORK_EVERY_CASE: "Can work any team's cases",
    WORK_TEAM_CASE: "Can work the cases of their own teams",
    WORK_ESCALATED_CASE: "Can work the escalated cases of any team",
    FOLLOW_RAISED_CASE: "Can follow the cases they raised for residents",
    REPLY: "Can reply to the resident on a case",
    NOTE: "Can add an internal note to a case",
    ASSIGN: "Can assign a case to a team or a person",
    CHANGE_STATUS: "Can change a case's status",
    REQUEST_INFORMATION: "Can ask the resident for information",
    RESOLVE: "Can mark a case as done",
    CLOSE: "Can close a case without doing it",
    REJECT: "Can refuse to accept a case",
    MARK_DUPLICATE: "Can mark a case as a duplicate",
    REOPEN: "Can reopen a finished case",
    FIND_PEOPLE: "Can find people and open their records",
    RETRY_DELIVERIES: "Can see and retry every delivery to back offices",
    SEND_SERVICE_NOTICES: "Can tell residents about service disruption",
    BUILD_FORMS: "Can build and publish forms",
    RAISE_MEMBER_ENQUIRY: "Can log enquiries for constituents as their councillor",
    SUPPORT_MEMBERS: "Can work the enquiries of the councillors they support",
    SEE_EVERY_REPORT: "Can see managers' reports for every team",
}

_COMMENT = {REPLY, NOTE}
_WORK = _COMMENT | {
    ASSIGN,
    CHANGE_STATUS,
    REQUEST_INFORMATION,
    RESOLVE,
    CLOSE,
    REJECT,
    MARK_DUPLICATE,
    REOPEN,
}

# Least privilege: what each role may do. Agents see every case but only reply and
# add notes; caseworkers work their teams' cases; team leads and managers their
# teams' and every escalated case (managers see every case too); councillors and
# their support officers follow the enquiries they raised and comment on them.
ROLE_PERMISSIONS: dict[str, frozenset[str]] = {
    AGENT: frozenset(
        {VIEW_EVERY_CASE, *_COMMENT, FIND_PEOPLE, RETRY_DELIVERIES, SEND_SERVICE_NOTICES}
    ),
    CASEWORKER: frozenset({WORK_TEAM_CASE, *_WORK, FIND_PEOPLE, SEND_SERVICE_NOTICES}),
    TEAM_LEAD: frozenset(
        {WORK_TEAM_CASE, WORK_ESCALATED_CASE, *_WORK, FIND_PEOPLE, SEND_SERVICE_NOTICES}
    ),
    MANAGER: frozenset(
        {
            VIEW_EVERY_CASE,
            WORK_TEAM_CASE,
            WORK_ESCALATED_CASE,
            *_WORK,
            FIND_PEOPLE,
            RETRY_DELIVERIES,
            SEND_SERVICE_NOTICES,
        }
    ),
    COUNCILLOR: frozenset({FOLLOW_RAISED_CASE, *_COMMENT, RAISE_MEMBER_ENQUIRY}),
    MEMBER_SUPPORT: frozenset({FOLLOW_RAISED_CASE, *_COMMENT, SUPPORT_MEMBERS}),
    ADMINISTRATOR: frozenset(PERMISSIONS),
}


def perm(codename: str) -> str:
    """The name ``user.has_perm`` takes: ``"casework.resolve_case"``."""
    return f"{APP}.{codename}"


def has_role_permission(user, codename: str) -> bool:
    return bool(user.is_authenticated and user.has_perm(perm(codename)))


def is_staff_verified(user) -> bool:
    """Staff with a second factor verified in this session: who may use staff pages."""
    return bool(user.is_authenticated and user.is_staff and user.is_verified())


def may_find_people(user) -> bool:
    """Who may find a person and open their record (G1, AD2): the roles holding the
    permission (the contact centre, caseworkers, team leads, managers, administrators).
    Councillors and their support officers raise enquiries instead."""
    return is_staff_verified(user) and has_role_permission(user, FIND_PEOPLE)


def sync_roles(*, using: str = "default") -> None:
    """Make each role's group hold exactly its permissions (creating what is missing)."""
    # The permissions hang on casework's Case, named rather than imported: accounts sits
    # below casework. get_or_create, because accounts may migrate before casework does.
    content_type, _created = ContentType.objects.db_manager(using).get_or_create(
        app_label=APP, model="case"
    )
    by_codename = {}
    for codename, name in PERMISSIONS.items():
        permission, _created = Permission.objects.using(using).get_or_create(
            content_type=content_type, codename=codename, defaults={"name": name}
        )
        by_codename[codename] = permission
    for role in STAFF_ROLES:
        group, _created = Group.objects.using(using).get_or_create(name=role)
        group.permissions.set([by_codename[codename] for codename in ROLE_PERMISSIONS[role]])

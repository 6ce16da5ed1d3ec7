"""Least privilege (AD2): each staff role may do what its permissions allow, and no more."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command
from django.urls import reverse

from accounts import roles
from casework import actions
from casework.access import may_take_action
from casework.models import Case
from casework.workflow import Status
from tests.casework.factories import RequestTypeFactory, TeamFactory
from tests.conftest import signed_in

pytestmark = pytest.mark.django_db

EVERY_ACTION = {
    "assign",
    "reply",
    "note",
    "status",
    "request_info",
    "resolve",
    "close",
    "reject",
    "duplicate",
    "reopen",
}
# What each role may do to a case within its reach, written out by hand (not read from
# accounts.roles) so that a change to a role's permissions has to change this too.
MAY = {
    "agent": {"reply", "note"},
    "caseworker": EVERY_ACTION,
    "team_lead": EVERY_ACTION,
    "manager": EVERY_ACTION,
    "councillor": {"reply", "note"},
    "member_support": {"reply", "note"},
    "admin_user": EVERY_ACTION,
}
# A valid POST for each action on an open case (or a finished one, for reopen).
POSTS = {
    "reply": {"message": "We will fix it this week.", "channel": "web"},
    "note": {"message": "Checked: it is ours."},
    "status": {"status": Status.IN_PROGRESS, "message": ""},
    "request_info": {"message": "Which side of the pond?"},
    "resolve": {"message": "Fixed the slat."},
    "close": {"message": "Not ours: the park belongs to the county."},
    "reject": {"message": "Not ours: the park belongs to the county."},
    "reopen": {"message": "The slat broke again."},
}


@pytest.fixture
def team():
    return TeamFactory(slug="parks", name="Parks")


@pytest.fixture
def bench(team):
    return RequestTypeFactory(slug="broken-bench", name="Report a broken bench", team=team)


def _case_within_reach(visitor, bench, citizen, *, finished=False):
    """A case the visitor may see: their team's, raised by them (councillors follow those)."""
    bench.team.members.add(visitor)
    case = actions.case_submit(
        request_type=bench,
        resident=citizen,
        answers={"where": "By the pond"},
        summary="Broken slat",
        actor=visitor,
    )
    actions.case_acknowledge(case=case)
    if finished:
        actions.case_resolve(case=case, actor=None, message="Fixed.")
    return Case.objects.get(pk=case.pk)


def _post_for(action, case, team, citizen):
    if action == "assign":
        return {"team": team.pk, "assignee": ""}
    if action == "duplicate":
        original = actions.case_submit(
            request_type=case.request_type, resident=citizen, answers={}, summary="First"
        )
        return {"original": original.reference}
    return POSTS[action]


ROLE_ACTIONS = [(role, action) for role in MAY for action in sorted(EVERY_ACTION)]


@pytest.mark.parametrize(("role", "action"), ROLE_ACTIONS, ids="-".join)
def test_each_role_may_take_only_the_actions_its_permissions_allow(
    role, action, request, bench, team, citizen
):
    visitor = request.getfixturevalue(role)
    case = _case_within_reach(visitor, bench, citizen, finished=action == "reopen")
    events_before = case.events.count()
    client = signed_in(visitor, verified=True)

    response = client.post(
        reverse(f"staff:{action}", args=[case.reference]), _post_for(action, case, team, citizen)
    )

    if action in MAY[role]:
        assert response.status_code == 302, response.content.decode()[:2000]
        assert case.events.count() > events_before
    else:
        assert response.status_code == 403
        assert case.events.count() == events_before
        refreshed = Case.objects.get(pk=case.pk)
        assert (refreshed.status, refreshed.team_id) == (case.status, case.team_id)


def test_an_agent_s_case_page_offers_only_a_reply_and_a_note(agent, bench, citizen):
    case = _case_within_reach(agent, bench, citizen)

    html = signed_in(agent, verified=True).get(reverse("staff:case", args=[case.reference]))

    page = html.content.decode()
    assert html.status_code == 200
    assert reverse("staff:reply", args=[case.reference]) in page
    assert reverse("staff:note", args=[case.reference]) in page
    for forbidden in ("resolve", "close", "assign", "reject", "status"):
        assert reverse(f"staff:{forbidden}", args=[case.reference]) not in page


def test_a_caseworker_cannot_see_or_change_another_team_s_case(caseworker, bench, citizen):
    other = RequestTypeFactory(slug="leak", team=TeamFactory(slug="housing"))
    bench.team.members.add(caseworker)
    case = actions.case_submit(request_type=other, resident=citizen, answers={}, summary="Leak")
    client = signed_in(caseworker, verified=True)

    assert client.get(reverse("staff:case", args=[case.reference])).status_code == 404
    response = client.post(
        reverse("staff:resolve", args=[case.reference]), {"message": "Fixed it."}
    )
    assert response.status_code == 404
    assert Case.objects.get(pk=case.pk).status == case.status


def test_a_team_lead_works_an_escalated_case_of_another_team(team_lead, citizen):
    other = RequestTypeFactory(slug="leak", team=TeamFactory(slug="housing"))
    case = actions.case_submit(request_type=other, resident=citizen, answers={}, summary="Leak")
    client = signed_in(team_lead, verified=True)
    url = reverse("staff:case", args=[case.reference])
    assert client.get(url).status_code == 404

    Case.objects.filter(pk=case.pk).update(escalation_level=1)

    assert client.get(url).status_code == 200
    response = client.post(reverse("staff:resolve", args=[case.reference]), {"message": "Done."})
    assert response.status_code == 302
    assert Case.objects.get(pk=case.pk).status == Status.RESOLVED


def test_a_manager_sees_every_case_but_works_only_their_teams_and_escalations(manager, citizen):
    other = RequestTypeFactory(slug="leak", team=TeamFactory(slug="housing"))
    case = actions.case_submit(request_type=other, resident=citizen, answers={}, summary="Leak")
    client = signed_in(manager, verified=True)

    assert client.get(reverse("staff:case", args=[case.reference])).status_code == 200
    refused = client.post(reverse("staff:resolve", args=[case.reference]), {"message": "Done."})
    assert refused.status_code == 403

    other.team.manager = manager
    other.team.save()
    done = client.post(reverse("staff:resolve", args=[case.reference]), {"message": "Done."})
    assert done.status_code == 302


def test_a_councillor_sees_only_the_enquiries_they_raised(councillor, bench, citizen):
    theirs = actions.case_submit(
        request_type=bench, resident=citizen, answers={}, summary="Mine", actor=councillor
    )
    others = actions.case_submit(request_type=bench, resident=citizen, answers={}, summary="No")
    client = signed_in(councillor, verified=True)

    assert client.get(reverse("staff:case", args=[theirs.reference])).status_code == 200
    assert client.get(reverse("staff:case", args=[others.reference])).status_code == 404


def test_an_administrator_may_give_a_person_a_permission_without_a_role(caseworker, citizen):
    other = RequestTypeFactory(slug="leak", team=TeamFactory(slug="housing"))
    case = actions.case_submit(request_type=other, resident=citizen, answers={}, summary="Leak")
    assert not may_take_action(caseworker, case, "resolve")

    caseworker.user_permissions.add(Permission.objects.get(codename=roles.WORK_EVERY_CASE))
    caseworker = type(caseworker).objects.get(pk=caseworker.pk)  # permissions are cached

    assert may_take_action(caseworker, case, "resolve")


def test_sync_roles_is_idempotent_and_puts_back_what_a_role_lost(capsys):
    caseworkers = Group.objects.get(name=roles.CASEWORKER)
    caseworkers.permissions.remove(Permission.objects.get(codename=roles.RESOLVE))

    call_command("sync_roles")
    call_command("sync_roles")

    for role in roles.STAFF_ROLES:
        held = set(Group.objects.get(name=role).permissions.values_list("codename", flat=True))
        assert held == set(roles.ROLE_PERMISSIONS[role]), role
    assert Group.objects.filter(name__in=roles.STAFF_ROLES).count() == 7
    assert "Caseworker: " in capsys.readouterr().out


def test_no_access_decision_names_a_role():
    """Views and access functions ask for permissions; role names live in accounts.roles."""
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    offenders = [
        str(path.relative_to(root))
        for folder in ("casework", "accounts", "services", "portal", "integrations")
        for path in (root / folder).rglob("*.py")
        if "migrations" not in path.parts
        and "demo" not in path.name
        and "demo" not in path.parts
        and path.name != "roles.py"
        # who is told about a case (a councillor hears about the enquiry they raised)
        and path.name != "notifications.py"
        and "groups.filter(name" in path.read_text()
    ]
    assert offenders == []

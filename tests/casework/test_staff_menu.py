"""The case page's action menu (casework.staff.menu), without a web request: what a member
of staff may do to a case, and why not."""

import pytest

from accounts import roles
from casework import actions
from casework.models import Case
from casework.staff import menu
from casework.staff.selectors import case_timeline_for
from tests.casework.factories import RequestTypeFactory, TeamFactory
from tests.conftest import _staff

pytestmark = pytest.mark.django_db

CHANGES = ["assign", "status", "request_info", "resolve", "close", "reject", "duplicate"]


@pytest.fixture
def team(caseworker):
    team = TeamFactory(slug="parks", name="Parks")
    team.members.add(caseworker)
    return team


@pytest.fixture
def bench(team):
    return RequestTypeFactory(slug="broken-bench", name="Report a broken bench", team=team)


@pytest.fixture
def case(bench, citizen):
    case = actions.case_submit(
        request_type=bench, resident=citizen, answers={"where": "By the pond"}, summary="Slat"
    )
    actions.case_acknowledge(case=case)
    return Case.objects.get(pk=case.pk)


def _fresh(case) -> Case:
    """The case read again, as the next request would (the menu reads a complaint once)."""
    return Case.objects.get(pk=case.pk)


def _offered(user, case) -> set[str]:
    return {name for name, yes in menu.case_menu(user=user, case=case).available.items() if yes}


def test_a_caseworker_may_change_an_open_case_of_their_team_in_every_way_the_workflow_allows(
    caseworker, case
):
    offered = _offered(caseworker, case)

    assert offered == {"reply", "note", *CHANGES}
    assert [action.name for action in menu.case_menu(user=caseworker, case=case).links] == [
        name for name in menu.PANEL_LINKS if name in offered and name != "reply"
    ]


def test_an_agent_may_only_reply_and_add_a_note(agent, case):
    assert _offered(agent, case) == {"reply", "note"}


def test_a_caseworker_of_another_team_may_comment_but_not_change_the_case(case):
    outsider = _staff(roles.CASEWORKER)
    TeamFactory(slug="housing", name="Housing").members.add(outsider)

    assert not menu.case_menu(user=outsider, case=case).works
    assert _offered(outsider, case) == {"reply", "note"}


def test_a_finished_case_may_be_reopened_but_no_longer_marked_done_or_closed(caseworker, case):
    actions.case_resolve(case=case, actor=caseworker, message="Fixed the slat.")

    offered = _offered(caseworker, _fresh(case))

    assert "reopen" in offered
    assert not {"resolve", "close", "reject", "request_info"} & offered


def test_a_team_member_may_take_the_case_until_it_is_theirs(caseworker, case, team):
    assert menu.case_menu(user=caseworker, case=case).may_take

    actions.case_assign(case=case, actor=caseworker, team=team, assignee=caseworker)

    assert not menu.case_menu(user=caseworker, case=_fresh(case)).may_take


def test_an_administrator_outside_the_team_assigns_but_does_not_take_the_case(admin_user, case):
    case_menu = menu.case_menu(user=admin_user, case=case)

    assert case_menu.available["assign"]
    assert not case_menu.may_take


def test_a_complaint_waiting_for_its_answer_offers_the_answer_and_not_yet_the_ombudsman(
    caseworker, case
):
    actions.case_complaint_open(case=case)

    offered = _offered(caseworker, _fresh(case))

    assert "complaint_answer" in offered
    assert "ombudsman" not in offered


def test_once_a_complaint_is_answered_the_ombudsman_referral_may_be_recorded(caseworker, case):
    actions.case_complaint_open(case=case)
    actions.case_complaint_answer(
        case=_fresh(case), actor=caseworker, message="Sorry.", root_cause="delay", upheld="upheld"
    )

    offered = _offered(caseworker, _fresh(case))

    assert "ombudsman" in offered
    assert "complaint_answer" not in offered  # nothing is waiting for an answer now


def test_taking_an_action_says_what_was_done(caseworker, case):
    action = menu.ACTIONS["note"]
    form = action.form(case, caseworker, {"message": "Checked: it is ours."})
    assert form.is_valid()

    done = menu.action_take(action, case=case, user=caseworker, form=form)

    assert done == "Your note has been added"
    assert case.events.filter(kind="note", message="Checked: it is ours.").exists()


def test_a_complaint_cannot_be_marked_done_and_the_form_says_why(caseworker, case):
    actions.case_complaint_open(case=case)
    case = _fresh(case)
    action = menu.ACTIONS["resolve"]
    form = action.form(case, caseworker, {"message": "Sorted."})
    assert form.is_valid()

    done = menu.action_take(action, case=case, user=caseworker, form=form)

    assert done is None
    assert "Answer the complaint with its root cause" in " ".join(form.non_field_errors())
    assert _fresh(case).status == case.status


def test_a_councillor_reads_their_own_notes_on_a_case_but_not_the_officers(
    councillor, caseworker, case
):
    actions.case_add_note(case=case, actor=caseworker, message="Officers only.")
    actions.case_add_note(case=case, actor=councillor, message="My own note.")

    seen = [
        entry.event.message for entry in case_timeline_for(case, reader=councillor, works=False)
    ]
    worked = [
        entry.event.message for entry in case_timeline_for(case, reader=caseworker, works=True)
    ]

    assert "My own note." in seen and "Officers only." not in seen
    assert {"My own note.", "Officers only."} <= set(worked)

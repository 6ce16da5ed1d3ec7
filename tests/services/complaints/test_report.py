"""The managers' complaints report (by root cause, upheld rate and stage, with CSV) and the
residents' ratings and comments (C9)."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from casework import actions
from casework.models import Case, ComplaintStage, RequestType, Team
from tests.conftest import signed_in
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

REPORT = "/staff/complaints/report/"


def _complaint(resident, *, root_cause, upheld, escalate=None, team=None):
    """A complaint answered at stage 1 (and at stage 2 when ``escalate`` is (cause, upheld))."""
    case = actions.case_submit(
        request_type=RequestType.objects.get(slug="complaint"),
        resident=resident,
        answers={},
        summary="Complaint",
    )
    if team is not None:
        actions.case_assign(case=case, actor=None, team=team)
    actions.case_complaint_open(case=case)
    actions.case_acknowledge(case=case)
    actions.case_complaint_answer(
        case=case, actor=None, message="Answer", root_cause=root_cause, upheld=upheld
    )
    if escalate:
        actions.case_complaint_escalate(case=case, actor=resident, reason="Unhappy")
        actions.case_complaint_answer(
            case=case, actor=None, message="Final", root_cause=escalate[0], upheld=escalate[1]
        )
    return case


def _rows(html: str) -> list[list[str]]:
    import re

    body = html.split('<tbody class="govuk-table__body">', 1)[1].split("</tbody>", 1)[0]
    return [
        [
            re.sub(r"<[^>]+>", "", cell).strip()
            for cell in re.findall(r"<t[hd][^>]*>.*?</t[hd]>", row, re.S)
        ]
        for row in re.findall(r"<tr[^>]*>(.*?)</tr>", body, re.S)
    ]


def test_the_report_counts_answered_stages_by_root_cause_and_stage(
    citizen, admin_user, request_types
):
    _complaint(citizen, root_cause="delay", upheld="upheld")
    _complaint(citizen, root_cause="delay", upheld="not_upheld")
    _complaint(citizen, root_cause="delay", upheld="partly", escalate=("delay", "not_upheld"))
    _complaint(citizen, root_cause="communication", upheld="upheld")
    old = _complaint(citizen, root_cause="communication", upheld="upheld")
    long_ago = timezone.now() - datetime.timedelta(days=400)
    ComplaintStage.objects.filter(complaint__case=old).update(answered_at=long_ago)

    page = signed_in(admin_user, verified=True).get(REPORT)

    html = page.content.decode()
    assert page.status_code == 200
    # Root cause, stage, answered, upheld, partly, not upheld, upheld rate.
    assert _rows(html) == [
        ["Delay or missed deadline", "1", "3", "1", "1", "1", "67%"],
        ["Delay or missed deadline", "2", "1", "0", "0", "1", "0%"],
        ["Poor or no communication", "1", "1", "1", "0", "0", "100%"],
    ]
    assert "60%" in html  # 3 of the 5 answered stages upheld or partly upheld


def test_the_report_downloads_as_csv_for_the_same_period(citizen, admin_user, request_types):
    _complaint(citizen, root_cause="staff_conduct", upheld="partly")
    today = timezone.localdate().isoformat()

    page = signed_in(admin_user, verified=True).get(
        REPORT.replace("report/", "report.csv"), {"start": today, "end": today}
    )

    text = page.content.decode("utf-8-sig")
    assert page["Content-Type"].startswith("text/csv")
    assert text.splitlines()[1] == "Staff behaviour or attitude,1,1,0,1,0,100"


def test_the_report_refuses_a_period_that_ends_before_it_starts(admin_user, request_types):
    page = signed_in(admin_user, verified=True).get(
        REPORT, {"start": "2027-02-01", "end": "2027-01-01"}
    )

    assert page.status_code == 400
    assert "must be the same as or after" in page.content.decode()


def test_the_report_costs_the_same_queries_however_many_complaints(
    citizen, admin_user, request_types
):
    client = signed_in(admin_user, verified=True)
    _complaint(citizen, root_cause="delay", upheld="upheld")
    client.get(REPORT)
    with CaptureQueriesContext(connection) as few:
        client.get(REPORT)
    for cause in ("error", "policy", "process", "quality"):
        _complaint(citizen, root_cause=cause, upheld="upheld", escalate=(cause, "partly"))
    with CaptureQueriesContext(connection) as many:
        client.get(REPORT)

    assert len(many) == len(few)


def test_a_team_manager_sees_only_their_teams_complaints_and_other_staff_are_refused(
    citizen, caseworker, agent, request_types
):
    ours = Team.objects.create(slug="ours", name="Ours", manager=caseworker)
    theirs = Team.objects.create(slug="theirs", name="Theirs")
    _complaint(citizen, root_cause="delay", upheld="upheld", team=ours)
    _complaint(citizen, root_cause="error", upheld="upheld", team=theirs)

    html = signed_in(caseworker, verified=True).get(REPORT).content.decode()

    assert "Delay or missed deadline" in html
    assert "A mistake by the council" not in html
    assert signed_in(agent, verified=True).get(REPORT).status_code == 403
    staff_home = signed_in(caseworker, verified=True).get("/staff/").content.decode()
    assert 'href="/staff/complaints/report/"' in staff_home
    assert 'href="/staff/satisfaction/"' in staff_home


# --- Satisfaction (C9) --------------------------------------------------------------------


def _finished(resident, request_type, team=None) -> Case:
    case = actions.case_submit(
        request_type=request_type, resident=resident, answers={}, summary="Pothole"
    )
    if team:
        actions.case_assign(case=case, actor=None, team=team)
    actions.case_acknowledge(case=case)
    actions.case_resolve(case=case, actor=None, message="Filled in.")
    return case


def test_a_resident_rates_with_an_optional_comment_that_managers_see(
    citizen, admin_user, request_types
):
    from tests.casework.factories import RequestTypeFactory

    request_type = RequestTypeFactory(name="Report a pothole")
    rated = _finished(citizen, request_type)
    quiet = _finished(citizen, request_type)
    resident = signed_in(citizen)

    with_comment = resident.post(
        f"/requests/{rated.reference}/rate/", {"rating": "2", "comment": "It took a month."}
    )
    without = resident.post(f"/requests/{quiet.reference}/rate/", {"rating": "4"})

    assert with_comment.status_code == without.status_code == 302
    staff = signed_in(admin_user, verified=True)
    case_page = staff.get(f"/staff/cases/{rated.reference}/").content.decode()
    assert "2 out of 5" in case_page and "It took a month." in case_page
    listing = staff.get("/staff/satisfaction/").content.decode()
    assert "It took a month." in listing
    assert f'href="/staff/cases/{rated.reference}/"' in listing
    assert f'href="/staff/cases/{quiet.reference}/"' not in listing  # no comment
    assert "3.0 out of 5" in listing  # (2 + 4) / 2


def test_a_case_is_finished_whether_or_not_the_resident_ever_rates_it(citizen, request_types):
    from tests.casework.factories import RequestTypeFactory

    case = _finished(citizen, RequestTypeFactory())

    case.refresh_from_db()
    assert case.finished_at is not None and case.rating is None


def test_the_satisfaction_list_is_for_managers(caseworker, agent, request_types):
    Team.objects.create(slug="mine", name="Mine", lead=caseworker)
    stranger = UserFactory(is_staff=True)

    assert signed_in(caseworker, verified=True).get("/staff/satisfaction/").status_code == 200
    assert signed_in(agent, verified=True).get("/staff/satisfaction/").status_code == 403
    assert signed_in(stranger, verified=True).get("/staff/satisfaction/").status_code == 403


def test_the_report_counts_complaints_waiting_for_an_answer_but_not_withdrawn_ones(
    citizen, admin_user, request_types
):
    from services.complaints.selectors import complaint_report

    for withdraw in (False, True):
        case = actions.case_submit(
            request_type=RequestType.objects.get(slug="complaint"),
            resident=citizen,
            answers={},
            summary="Waiting",
        )
        actions.case_complaint_open(case=case)
        if withdraw:
            actions.case_withdraw(case=case, actor=citizen, reason="Sorted now")
    today = timezone.localdate()

    found = complaint_report(start=today, end=today, cases=Case.objects.all())

    assert (found.waiting, found.opened, found.rows) == (1, {1: 2}, [])

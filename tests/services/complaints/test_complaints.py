"""Complaints with stages (C8): each stage's statutory clock, answering with a root cause,
asking for stage 2 within its window, the Ombudsman in the final answer, the report."""

import datetime
import re

import pytest
from django.utils import timezone

from casework import actions, complaints, sla
from casework.models import Case, CaseEvent, Complaint, ComplaintStage
from casework.workflow import Status, TransitionRefused
from tests.conftest import signed_in
from tests.services.complaints.conftest import START, complain

pytestmark = pytest.mark.django_db

MONDAY = datetime.date(2026, 12, 14)  # the week before Christmas: bank holidays on the way
WEEK = [MONDAY + datetime.timedelta(days=n) for n in range(7)]


# --- The stage clocks ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("opened_on", "stage_1", "stage_2"),
    [
        (WEEK[0], datetime.date(2026, 12, 30), datetime.date(2027, 1, 14)),
        (WEEK[1], datetime.date(2026, 12, 31), datetime.date(2027, 1, 15)),
        (WEEK[2], datetime.date(2027, 1, 4), datetime.date(2027, 1, 18)),
        (WEEK[3], datetime.date(2027, 1, 5), datetime.date(2027, 1, 19)),
        (WEEK[4], datetime.date(2027, 1, 6), datetime.date(2027, 1, 20)),
        (WEEK[5], datetime.date(2027, 1, 6), datetime.date(2027, 1, 20)),
        (WEEK[6], datetime.date(2027, 1, 6), datetime.date(2027, 1, 20)),
    ],
)
def test_each_stage_is_due_its_own_working_days_later_skipping_weekends_and_bank_holidays(
    opened_on, stage_1, stage_2
):
    assert complaints.stage_due_date(number=1, opened_on=opened_on) == stage_1
    assert complaints.stage_due_date(number=2, opened_on=opened_on) == stage_2


def test_the_council_sets_the_stage_clocks(settings):
    settings.COMPLAINT_STAGE_WORKING_DAYS = (15, 25)

    assert complaints.stage_due_date(number=1, opened_on=MONDAY) == sla.add_working_days(MONDAY, 15)
    assert complaints.stage_due_date(number=2, opened_on=MONDAY) == sla.add_working_days(MONDAY, 25)


@pytest.mark.parametrize("today", WEEK)
def test_a_complaint_made_on_any_day_is_due_at_stage_1s_limit(
    today, monkeypatch, citizen, request_types
):
    monkeypatch.setattr(actions, "_today", lambda: today)
    case = actions.case_submit(
        request_type=request_types["complaint"], resident=citizen, answers={}, summary="Late"
    )

    actions.case_complaint_open(case=case)

    case.refresh_from_db()
    due = complaints.stage_due_date(number=1, opened_on=today)
    assert case.due_date == case.statutory_due_date == due
    assert sla.is_working_day(due) and sla.working_days_between(today, due) == 10
    assert ComplaintStage.objects.get(complaint__case=case).due_date == due


# --- Making a complaint -----------------------------------------------------------------------


def test_the_start_page_explains_the_stages_and_links_both_journeys(client, request_types):
    html = client.get(START).content.decode()

    assert 'href="/complaints/complaint/">Make a complaint</a>' in html
    assert 'href="/complaints/compliment/">Pay us a compliment</a>' in html
    assert "replies within 10 working days" in html
    assert "within 28 days" in html


def test_a_resident_complains_in_four_steps_and_stage_1_starts(resident, citizen, request_types):
    case = complain(resident)

    assert case.resident == citizen
    assert case.summary == "Bin not collected three times"
    assert case.answers["What happened?"] == "The crew missed our street on three Mondays."
    assert case.answers["What would put it right?"] == "Collect the bins and say sorry."
    assert case.answers["Which service is it about?"] == "Bins and waste"
    complaint = Complaint.objects.get(case=case)
    assert (complaint.stage, complaint.ombudsman) == (1, "lgsco")
    assert case.statutory_due_date == complaints.stage_due_date(
        number=1, opened_on=timezone.localdate()
    )
    page = resident.get(f"/requests/{case.reference}/").content.decode()
    assert "Your complaint is at stage 1" in page


def test_a_complaint_about_council_housing_goes_to_the_housing_ombudsman(resident, request_types):
    case = complain(resident, about="housing")

    assert Complaint.objects.get(case=case).ombudsman == "housing"


def test_a_complaint_without_what_happened_says_what_is_missing(resident, request_types):
    resident.post(f"{START}complaint/", {"about": "waste", "summary": "Bins"})

    page = resident.post(f"{START}complaint/what/", {"what_happened": "  "})

    assert page.status_code == 400
    assert "Enter what happened" in page.content.decode()


# --- Answering a stage ----------------------------------------------------------------------


def _staff(user):
    return signed_in(user, verified=True)


def test_staff_cannot_answer_a_stage_without_a_root_cause_and_whether_it_was_upheld(
    resident, complaints_officer, request_types
):
    case = complain(resident)
    staff = _staff(complaints_officer)

    page = staff.post(
        f"/staff/cases/{case.reference}/complaint/answer/", {"message": "We are sorry."}
    )

    html = page.content.decode()
    assert page.status_code == 400
    assert "Select the root cause of the complaint" in html
    assert "Select whether the complaint was upheld" in html
    case.refresh_from_db()
    assert case.status != Status.RESOLVED


def test_a_complaint_stage_cannot_be_finished_by_marking_it_done_or_closing_it(
    resident, complaints_officer, request_types
):
    case = complain(resident)
    staff = _staff(complaints_officer)

    done = staff.post(f"/staff/cases/{case.reference}/resolve/", {"message": "Sorted."})
    closed = staff.post(f"/staff/cases/{case.reference}/close/", {"message": "Sorted."})

    for page in (done, closed):
        assert page.status_code == 400
        assert "Answer the complaint with its root cause" in page.content.decode()
    case.refresh_from_db()
    assert case.status not in (Status.RESOLVED, Status.CLOSED)


def _answer(staff, case, **data):
    data = {"message": "We are sorry.", "root_cause": "delay", "upheld": "upheld", **data}
    return staff.post(f"/staff/cases/{case.reference}/complaint/answer/", data)


def test_the_stage_1_answer_reaches_the_resident_who_may_ask_for_stage_2(
    resident, complaints_officer, request_types
):
    case = complain(resident)

    answered = _answer(_staff(complaints_officer), case, message="We missed your street. Sorry.")

    assert answered.status_code == 302
    case.refresh_from_db()
    assert case.status == Status.RESOLVED
    stage = ComplaintStage.objects.get(complaint__case=case)
    assert (stage.root_cause, stage.upheld) == ("delay", "upheld")
    html = resident.get(f"/requests/{case.reference}/").content.decode()
    assert "We missed your street. Sorry." in html
    assert "Our answer to your complaint" in html
    assert f'href="/requests/{case.reference}/escalate/"' in html
    assert "Reopen this request" not in html  # a complaint goes to stage 2 instead
    assert "Ombudsman" not in html  # not yet: only with the final answer


def test_stage_2_opens_with_the_residents_reason_and_its_own_clock(
    resident, citizen, complaints_officer, request_types
):
    case = complain(resident)
    _answer(_staff(complaints_officer), case)

    page = resident.post(
        f"/requests/{case.reference}/escalate/", {"reason": "Still not collected."}
    )

    assert page.status_code == 302
    case.refresh_from_db()
    complaint = Complaint.objects.get(case=case)
    stage_2 = complaint.stages.get(number=2)
    today = timezone.localdate()
    assert complaint.stage == 2 and case.status == Status.IN_PROGRESS
    assert stage_2.reason == "Still not collected."
    assert case.statutory_due_date == stage_2.due_date == sla.add_working_days(today, 20)
    assert case.events.filter(kind=CaseEvent.Kind.COMPLAINT_STAGE, actor=citizen).exists()
    html = resident.get(f"/requests/{case.reference}/").content.decode()
    assert "You asked for a review of our answer (stage 2)" in html
    assert "Your complaint is at stage 2" in html


def test_stage_2_needs_a_reason(resident, complaints_officer, request_types):
    case = complain(resident)
    _answer(_staff(complaints_officer), case)

    page = resident.post(f"/requests/{case.reference}/escalate/", {"reason": " "})

    assert page.status_code == 400
    assert "Tell us why you are unhappy with our answer" in page.content.decode()


def test_after_the_escalation_window_the_page_says_so_and_points_to_the_ombudsman(
    resident, citizen, complaints_officer, request_types, settings
):
    case = complain(resident)
    _answer(_staff(complaints_officer), case)
    answered = timezone.now() - datetime.timedelta(days=settings.COMPLAINT_ESCALATION_DAYS + 1)
    ComplaintStage.objects.filter(complaint__case=case).update(answered_at=answered)

    html = resident.get(f"/requests/{case.reference}/").content.decode()
    refused = resident.post(f"/requests/{case.reference}/escalate/", {"reason": "Late"})

    assert "The time to ask for a review of our answer ended on" in html
    assert "Local Government and Social Care Ombudsman" in html
    assert "/escalate/" not in html
    assert refused.status_code == 400
    assert "That time has passed" in refused.content.decode()
    assert Complaint.objects.get(case=case).stage == 1


def test_on_the_last_day_of_the_window_the_resident_may_still_ask(citizen, request_types, settings):
    answered_on = datetime.date(2027, 1, 4)
    last_day = complaints.escalation_deadline(answered_on)

    assert last_day == answered_on + datetime.timedelta(days=settings.COMPLAINT_ESCALATION_DAYS)
    assert complaints.may_escalate(stage=1, answered_on=answered_on, today=last_day)
    assert not complaints.may_escalate(
        stage=1, answered_on=answered_on, today=last_day + datetime.timedelta(days=1)
    )
    assert not complaints.may_escalate(stage=2, answered_on=answered_on, today=answered_on)


def test_another_resident_cannot_escalate_someone_elses_complaint(
    resident, another_citizen, complaints_officer, request_types
):
    case = complain(resident)
    _answer(_staff(complaints_officer), case)

    page = signed_in(another_citizen).post(
        f"/requests/{case.reference}/escalate/", {"reason": "Mine now"}
    )

    assert page.status_code == 404
    assert Complaint.objects.get(case=case).stage == 1


@pytest.mark.parametrize(
    ("about", "name", "phone", "website"),
    [
        ("waste", "Local Government and Social Care Ombudsman", "0300 061 0614", "www.lgo.org.uk"),
        ("housing", "Housing Ombudsman", "0300 111 3000", "www.housing-ombudsman.org.uk"),
    ],
)
def test_the_final_answer_tells_the_resident_about_their_ombudsman(
    resident, complaints_officer, request_types, about, name, phone, website
):
    case = complain(resident, about=about)
    staff = _staff(complaints_officer)
    _answer(staff, case)
    resident.post(f"/requests/{case.reference}/escalate/", {"reason": "Still not right."})

    _answer(staff, case, message="Our final answer: we stand by it.", upheld="not_upheld")

    html = resident.get(f"/requests/{case.reference}/").content.decode()
    assert "Our final answer: we stand by it." in html
    assert "This is the end of our complaints process." in html
    assert f"If you are still unhappy: the {name}" in html
    assert phone in html and website in html
    assert "/escalate/" not in html
    other = "Housing Ombudsman" if about == "waste" else "Local Government and Social Care"
    assert other not in html


def test_staff_record_an_ombudsman_referral_and_its_outcome_on_the_timeline(
    resident, complaints_officer, request_types
):
    case = complain(resident)
    staff = _staff(complaints_officer)
    _answer(staff, case)

    referred = staff.post(
        f"/staff/cases/{case.reference}/complaint/ombudsman/",
        {"referred_on": "2027-02-01", "reference": "LG-123", "outcome": ""},
    )
    decided = staff.post(
        f"/staff/cases/{case.reference}/complaint/ombudsman/",
        {
            "referred_on": "2027-02-01",
            "reference": "LG-123",
            "outcome": "not_upheld",
            "decided_on": "2027-05-03",
        },
    )

    assert referred.status_code == decided.status_code == 302
    complaint = Complaint.objects.get(case=case)
    assert complaint.referred_on == datetime.date(2027, 2, 1)
    assert complaint.ombudsman_outcome == "not_upheld"
    assert complaint.ombudsman_decided_on == datetime.date(2027, 5, 3)
    events = case.events.filter(kind=CaseEvent.Kind.OMBUDSMAN, public=False)
    assert events.count() == 2
    page = staff.get(f"/staff/cases/{case.reference}/").content.decode()
    assert "Referred 1 February 2027" in page
    assert "Not upheld: no fault found" in page


def test_an_ombudsman_decision_needs_its_date(resident, complaints_officer, request_types):
    case = complain(resident)
    staff = _staff(complaints_officer)
    _answer(staff, case)

    page = staff.post(
        f"/staff/cases/{case.reference}/complaint/ombudsman/",
        {"referred_on": "2027-02-01", "outcome": "upheld"},
    )

    assert page.status_code == 400
    assert "Enter the date of the Ombudsman" in page.content.decode()
    assert Complaint.objects.get(case=case).referred_on is None


def test_the_answer_action_refuses_an_unknown_root_cause(citizen, request_types):
    case = actions.case_submit(
        request_type=request_types["complaint"], resident=citizen, answers={}, summary="x"
    )
    actions.case_complaint_open(case=case)

    with pytest.raises(TransitionRefused):
        actions.case_complaint_answer(
            case=case, actor=None, message="Sorry", root_cause="weather", upheld="upheld"
        )
    assert Case.objects.get(pk=case.pk).status != Status.RESOLVED


# --- Compliments ----------------------------------------------------------------------------


def test_a_compliment_is_thanked_and_passed_to_the_team_of_its_service(
    resident, citizen, request_types
):
    from casework.models import Team

    waste_team = Team.objects.get(slug="waste-services")  # the missed bin's team
    resident.post(f"{START}compliment/", {"about": "waste", "summary": "Kind crew"})
    resident.post(f"{START}compliment/what/", {"what_went_well": "They helped my neighbour."})
    check = resident.get(f"{START}compliment/check/").content.decode()
    version = re.search(r'name="version" value="([^"]+)"', check).group(1)

    sent = resident.post(f"{START}compliment/check/", {"version": version})

    case = Case.objects.get(request_type__slug="compliment")
    assert case.team == waste_team
    assert case.status == Status.RESOLVED
    confirmation = resident.get(sent.url).content.decode()
    assert "Thank you for your compliment" in confirmation
    assert f"We have passed it on to {waste_team.name}" in confirmation
    assert not Complaint.objects.filter(case=case).exists()


def test_the_resident_is_told_their_complaint_is_answered_and_where_to_read_it(
    resident, complaints_officer, request_types, django_capture_on_commit_callbacks, mailoutbox
):
    from integrations.outbox.worker import outbox_sweep

    case = complain(resident)
    with django_capture_on_commit_callbacks(execute=True):
        _answer(_staff(complaints_officer), case)
    outbox_sweep()

    answered = [m for m in mailoutbox if "We have answered your complaint" in m.body]
    assert len(answered) == 1
    assert "We are sorry." in answered[0].body
    assert f"/requests/{case.reference}/" in answered[0].body

"""Councillors' enquiries: logging one for a constituent, the
reply deadline and its escalation, replies, and support officers."""

import datetime

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from accounts import roles
from casework import actions, sla
from casework.models import Case, CaseEvent, MemberEnquiry
from integrations.outbox.models import Message
from tests.conftest import signed_in
from tests.factories import AddressFactory, UserFactory
from tests.helpers import png
from tests.services.members.members_data import categories, enquiry_make, member_make, staff

pytestmark = pytest.mark.django_db

NEW = "/staff/members/enquiry/"


@pytest.fixture
def member():
    return member_make()


@pytest.fixture
def councillor_client(member):
    return signed_in(member.user, verified=True)


def _log_for_constituent_without_account(client: Client, *, photo=True) -> Case:
    categories()
    address = AddressFactory(line1="7 Mill Lane", postcode="MB1 1AA")
    assert client.get(NEW).status_code == 200
    found = client.post(NEW, {"search": "Nobody Here", "action": "lookup"})
    assert found.status_code == 302
    page = client.get(NEW)
    assert "0 people with an account found" in page.content.decode()
    response = client.post(NEW, {"search": "Nobody Here", "person": "new", "action": "continue"})
    assert response.status_code == 302, response.content.decode()
    contact = {
        "name": "Margaret Ellis",
        "address_postcode": "MB1 1AA",
        "address_uprn": str(address.uprn),
        "phone": "01632 960123",
        "email": "margaret@example.org",
        "hear_back": "email",
        "consent": "on",
        "action": "continue",
    }
    response = client.post(NEW + "contact/", contact)
    assert response.status_code == 302, response.content.decode()
    enquiry = {
        "category": "member-enquiry-waste",
        "summary": "Bins not collected on Mill Lane",
        "details": "Three weeks running the recycling has been missed.",
        "reply_to": "member",
        "action": "continue",
    }
    if photo:
        enquiry["files"] = png("bins.png")
    response = client.post(NEW + "enquiry/", enquiry)
    assert response.status_code == 302, response.content.decode()
    check = client.get(NEW + "check/")
    assert check.status_code == 200
    assert "Margaret Ellis" in check.content.decode()
    response = client.post(NEW + "check/", {"version": check.context["form"].initial["version"]})
    assert response.status_code == 302
    case = Case.objects.get(summary="Bins not collected on Mill Lane")
    assert client.get(response["Location"]).status_code == 200
    return case


def test_a_councillor_logs_an_enquiry_for_a_constituent_with_no_account_and_a_photo(
    member, councillor_client
):
    case = _log_for_constituent_without_account(councillor_client)

    assert case.channel == "councillor"
    assert case.resident is None
    assert (case.contact_name, case.contact_email) == ("Margaret Ellis", "margaret@example.org")
    assert case.request_type.slug == "member-enquiry-waste"
    assert case.team.slug == "waste-services"  # the category routes it
    assert case.created_by == member.user
    assert case.attachments.count() == 1
    enquiry = case.member_enquiry
    assert enquiry.member == member.user and enquiry.raised_by == member.user
    assert enquiry.hear_back == "email" and enquiry.consent_text and enquiry.consent_at
    assert "7 Mill Lane" in enquiry.constituent_address


def test_member_enquiries_have_the_councils_own_reply_target(member, settings):
    settings.MEMBER_ENQUIRY_RESPONSE_DAYS = 7
    case = enquiry_make(member.user)  # its category's own target is 3 days

    assert case.due_date == sla.add_working_days(timezone.localdate(), 7)


def test_a_constituent_with_an_account_is_found_by_postcode(member, councillor_client):
    categories()
    sam = UserFactory(
        first_name="Sam", last_name="Taylor", address=AddressFactory(postcode="MB2 2BB")
    )
    councillor_client.post(NEW, {"search": "MB2 2BB", "action": "lookup"})
    page = councillor_client.get(NEW).content.decode()
    assert "Sam Taylor" in page
    response = councillor_client.post(NEW, {"search": "MB2 2BB", "person": str(sam.pk)})
    assert response["Location"].endswith("/consent/")


def test_the_constituents_consent_is_required(member, councillor_client):
    categories()
    councillor_client.post(NEW, {"search": "", "person": "new"})
    response = councillor_client.post(
        NEW + "contact/",
        {
            "name": "M Ellis",
            "address_postcode": "MB1 1AA",
            "address_line1": "7 Mill Lane",
            "address_town": "Millbrook",
            "hear_back": "councillor",
        },
    )
    assert response.status_code == 400
    assert "must agree" in response.content.decode()


def test_other_staff_and_residents_cannot_log_member_enquiries(agent, citizen):
    categories()
    assert signed_in(agent, verified=True).get(NEW).status_code == 403
    assert signed_in(citizen, verified=True).get(NEW).status_code == 403
    assert signed_in(agent, verified=True).get("/staff/members/").status_code == 403


# --- Support officers --------------------------------------------------------


def test_a_support_officer_logs_and_works_an_enquiry_for_their_member_and_both_are_recorded(
    member,
):
    officer = staff(roles.MEMBER_SUPPORT)
    member.support_officers.add(officer)
    client = signed_in(officer, verified=True)

    case = _log_for_constituent_without_account(client, photo=False)

    assert case.member_enquiry.member == member.user
    assert case.member_enquiry.raised_by == officer
    submitted = case.events.get(kind="submitted")
    assert (submitted.actor, submitted.acting_for) == (officer, member.user)
    response = client.post(
        f"/staff/members/enquiries/{case.reference}/message/", {"message": "Any news?"}
    )
    assert response.status_code == 302
    message = case.events.get(kind="reply")
    assert (message.actor, message.acting_for, message.public) == (officer, member.user, False)
    assert (
        signed_in(member.user, verified=True)
        .get(f"/staff/members/enquiries/{case.reference}/")
        .status_code
        == 200
    )


def test_another_members_support_officer_cannot_see_the_enquiry(member):
    case = enquiry_make(member.user)
    other_officer = staff(roles.MEMBER_SUPPORT)
    member_make(staff(roles.COUNCILLOR), title="Councillor Jo Other", officers=[other_officer])
    client = signed_in(other_officer, verified=True)

    assert client.get(f"/staff/members/enquiries/{case.reference}/").status_code == 404
    assert client.get(f"/staff/cases/{case.reference}/").status_code == 404
    assert case.reference not in client.get("/staff/members/").content.decode()
    assert (
        client.post(
            f"/staff/members/enquiries/{case.reference}/message/", {"message": "Hi"}
        ).status_code
        == 404
    )
    assert not case.events.filter(kind="reply").exists()


def test_a_support_officer_unlinked_from_the_member_no_longer_sees_their_enquiries(member):
    officer = staff(roles.MEMBER_SUPPORT)
    member.support_officers.add(officer)
    case = enquiry_make(member.user, actor=officer)
    member.support_officers.remove(officer)

    client = signed_in(officer, verified=True)
    assert client.get(f"/staff/members/enquiries/{case.reference}/").status_code == 404
    assert client.get(f"/staff/cases/{case.reference}/").status_code == 404


# --- Deadlines -----------------------------------------------------------------


def test_the_officer_is_warned_once_before_a_members_reply_is_due(member, settings):
    settings.MEMBER_ENQUIRY_WARN_DAYS = 2
    case = enquiry_make(member.user)
    two_before = case.due_date - datetime.timedelta(days=1)
    while not sla.is_working_day(two_before):
        two_before -= datetime.timedelta(days=1)
    too_early = case.due_date - datetime.timedelta(days=20)

    assert actions.member_enquiries_warn_due(today=too_early) == 0
    assert actions.member_enquiries_warn_due(today=two_before) == 1
    assert actions.member_enquiries_warn_due(today=two_before) == 0

    warning = case.events.get(kind=CaseEvent.Kind.DUE_SOON)
    assert not warning.public
    sent = Message.objects.get(payload__event_id=warning.pk)
    assert sent.payload["to"] == "customer.services@millbrook.example"
    assert "waiting for a reply" in sent.payload["body"]


def test_a_missed_reply_date_escalates_to_the_lead_then_the_manager_and_tells_the_member(member):
    case = enquiry_make(member.user)
    team = case.team
    team.lead = UserFactory(email="lead@millbrook.example", is_staff=True)
    team.manager = UserFactory(email="manager@millbrook.example", is_staff=True)
    team.save()

    assert actions.cases_escalate_overdue(today=case.due_date + datetime.timedelta(days=1)) == 1
    assert actions.cases_escalate_overdue(today=case.due_date + datetime.timedelta(days=14)) == 1

    told = Message.objects.filter(payload__case_id=case.pk, payload__audience="councillor")
    assert told.count() == 2
    assert {m.payload["to"] for m in told} == {member.user.email}
    assert "missed its reply date" in told.first().payload["body"]
    escalated = Message.objects.filter(payload__case_id=case.pk, payload__audience="escalation")
    assert {m.payload["to"] for m in escalated} == {
        "lead@millbrook.example",
        "manager@millbrook.example",
    }
    page = signed_in(member.user, verified=True).get("/staff/members/")
    assert "Reply date missed" in page.content.decode()


# --- Replies -------------------------------------------------------------------


def test_an_officers_reply_goes_to_the_member_not_the_constituent(member, caseworker):
    case = enquiry_make(member.user, contact_email="margaret@example.org")
    case.team.members.add(caseworker)
    client = signed_in(caseworker, verified=True)

    response = client.post(
        f"/staff/cases/{case.reference}/reply/",
        {"message": "We will replace the bench next week.", "channel": "web", "to": "member"},
    )

    assert response.status_code == 302
    reply = case.events.get(kind="reply")
    assert not reply.public and reply.data["to"] == "member"
    sent = Message.objects.filter(payload__event_id=reply.pk)
    assert {m.payload["to"] for m in sent} == {member.user.email}
    assert "replace the bench" in sent.get().payload["body"]
    refused = client.post(
        f"/staff/cases/{case.reference}/reply/",
        {"message": "Hello", "channel": "web", "to": "constituent"},
    )
    assert refused.status_code == 400  # the member did not choose replies to the constituent


def test_when_the_member_chooses_officers_may_reply_to_the_constituent(member, caseworker):
    case = enquiry_make(member.user, contact_email="margaret@example.org", reply_to="constituent")
    case.team.members.add(caseworker)

    signed_in(caseworker, verified=True).post(
        f"/staff/cases/{case.reference}/reply/",
        {"message": "We will replace the bench.", "channel": "web", "to": "constituent"},
    )

    reply = case.events.get(kind="reply")
    assert reply.public
    told = {m.payload["to"] for m in Message.objects.filter(payload__event_id=reply.pk)}
    assert told == {"margaret@example.org", member.user.email}


def test_the_member_sees_every_step_but_not_internal_notes(member, caseworker):
    case = enquiry_make(member.user)
    actions.case_acknowledge(case=case, actor=caseworker)
    actions.case_add_note(case=case, actor=caseworker, message="Ring the depot first")
    actions.case_reply(case=case, actor=caseworker, message="On our list.", to="member")

    page = signed_in(member.user, verified=True).get(f"/staff/members/enquiries/{case.reference}/")

    text = page.content.decode()
    assert "On our list." in text
    assert "Reply to the councillor" in text
    assert "Ring the depot first" not in text


def test_an_empty_message_to_the_officers_is_a_clear_error(member):
    case = enquiry_make(member.user)
    response = signed_in(member.user, verified=True).post(
        f"/staff/members/enquiries/{case.reference}/message/", {"message": ""}
    )
    assert response.status_code == 400
    assert "Enter your message" in response.content.decode()


def test_consent_and_member_are_kept_with_the_enquiry(member):
    case = enquiry_make(member.user)
    enquiry = MemberEnquiry.objects.get(case=case)
    assert enquiry.consent_text == "They agree."
    assert mail.outbox == []  # nothing is sent before the outbox delivers it


def test_a_constituent_who_hears_back_through_their_councillor_is_not_messaged(member):
    case = enquiry_make(member.user)  # hear_back "councillor"; a phone number is given

    told = Message.objects.filter(payload__case_id=case.pk)
    assert {m.payload["audience"] for m in told} == {"team"}


def test_a_constituent_who_wants_email_is_told_the_enquiry_was_received(member):
    case = enquiry_make(member.user, contact_email="margaret@example.org")

    told = {m.payload["to"] for m in Message.objects.filter(payload__case_id=case.pk)}
    assert "margaret@example.org" in told


def test_the_officer_sees_whose_enquiry_it_is_and_where_replies_go(member, caseworker):
    case = enquiry_make(member.user)
    case.team.members.add(caseworker)

    page = signed_in(caseworker, verified=True).get(f"/staff/cases/{case.reference}/")

    text = page.content.decode()
    assert "Councillor’s enquiry" in text and "Ravi Patel" in text
    assert "To the councillor" in text
    assert "7 Mill Lane, Millbrook, MB1 1AA" in text


def test_officers_internal_notes_stay_internal_on_the_staff_case_page_too(member, caseworker):
    case = enquiry_make(member.user)
    actions.case_add_note(case=case, actor=caseworker, message="Ring the depot first")
    case.team.members.add(caseworker)

    as_member = signed_in(member.user, verified=True).get(f"/staff/cases/{case.reference}/")
    as_officer = signed_in(caseworker, verified=True).get(f"/staff/cases/{case.reference}/")

    assert as_member.status_code == 200
    assert "Ring the depot first" not in as_member.content.decode()
    assert "Ring the depot first" in as_officer.content.decode()


def test_a_support_officer_of_two_members_says_which_one_the_enquiry_is_for(member):
    officer = staff(roles.MEMBER_SUPPORT)
    member.support_officers.add(officer)
    second = member_make(
        staff(roles.COUNCILLOR), title="Councillor Grace Okafor", officers=[officer]
    )
    client = signed_in(officer, verified=True)
    categories()
    sam = UserFactory(
        first_name="Sam", last_name="Taylor", address=AddressFactory(postcode="MB2 2BB")
    )
    client.post(NEW, {"search": "Taylor", "person": str(sam.pk)})
    client.post(NEW + "consent/", {"hear_back": "councillor", "consent": "on"})
    response = client.post(
        NEW + "enquiry/",
        {
            "category": "member-enquiry",
            "summary": "Noise",
            "details": "Loud at night.",
            "reply_to": "member",
        },
    )
    assert response["Location"].endswith("/member/")
    page = client.get(response["Location"]).content.decode()
    assert "Councillor Grace Okafor" in page and "Councillor Ravi Patel" in page
    client.post(NEW + "member/", {"member": str(second.user.pk)})
    check = client.get(NEW + "check/")
    client.post(NEW + "check/", {"version": check.context["form"].initial["version"]})

    case = Case.objects.get(summary="Noise")
    assert case.resident == sam
    assert case.member_enquiry.member == second.user
    assert case.events.get(kind="submitted").acting_for == second.user


def test_the_demo_councillor_has_an_enquiry_with_a_reply_and_a_support_officer():
    from portal.demo import demo_council_load

    demo_council_load()

    enquiry = MemberEnquiry.objects.select_related("member__member").get(
        member__email="cllr.patel@millbrook.example"
    )
    assert enquiry.member.member.support_officers.filter(
        email="member.support@millbrook.example"
    ).exists()
    assert enquiry.member.member.wards.exists()
    assert enquiry.case.events.filter(kind="reply", data__to="member").exists()

"""A contact-centre agent acts for a person (G1): start and stop assisting, a request made
for them on the journey engine, their requests read (not changed), and the security
questions before their sensitive records."""

import pytest

from accounts.models import AuditEntry
from casework.models import Case, CaseEvent, Channel, Draft, JourneyEvent, RequestType
from casework.request_types import request_types_sync
from integrations.outbox.models import Message
from integrations.pay.models import Payment
from tests.conftest import signed_in
from tests.factories import AddressFactory, UserFactory
from tests.services.general.conftest import answer, version_on

pytestmark = pytest.mark.django_db

START = "/services/general/"


@pytest.fixture
def caller(db):
    return UserFactory(
        first_name="Grace",
        last_name="Adeyemi",
        email="grace@example.org",
        phone="+447700900321",
        address=AddressFactory(line1="7 Hawthorn Crescent", postcode="MB4 7HC"),
    )


@pytest.fixture
def question_type(db):
    request_types_sync()
    return RequestType.objects.get(slug="general-enquiry")


def assist(client, person, *, channel="phone", reason="Called about her bins"):
    return client.post(
        f"/staff/assisting/{person.pk}/start/", {"channel": channel, "reason": reason}
    )


def test_starting_to_assist_asks_why_and_how_and_records_both(verified_agent_client, caller):
    asked = verified_agent_client.post(f"/staff/assisting/{caller.pk}/start/", {})
    html = asked.content.decode()
    assert asked.status_code == 400
    assert "Select how they are in touch" in html
    assert "Enter why you are acting for them" in html

    started = assist(verified_agent_client, caller)

    assert started.status_code == 302
    assert started["Location"] == f"/staff/people/{caller.pk}/"
    entry = AuditEntry.objects.get(action=AuditEntry.Action.ASSIST_STARTED)
    assert (entry.person, entry.channel, entry.reason) == (caller, "phone", "Called about her bins")
    page = verified_agent_client.get("/requests/").content.decode()
    assert "You are helping Grace Adeyemi (phone)" in page
    assert "Stop assisting" in page


def test_stopping_ends_the_banner_and_is_recorded(verified_agent_client, caller):
    assist(verified_agent_client, caller, channel="face_to_face")

    stopped = verified_agent_client.post("/staff/assisting/stop/")

    assert stopped["Location"] == f"/staff/people/{caller.pk}/"
    assert "You are helping" not in verified_agent_client.get("/requests/").content.decode()
    assert list(
        AuditEntry.objects.filter(person=caller).order_by("id").values_list("action", "channel")
    ) == [("assist_started", "face_to_face"), ("assist_stopped", "face_to_face")]


def test_staff_who_may_not_find_people_cannot_assist(councillor, caller):
    client = signed_in(councillor, verified=True)

    assert assist(client, caller).status_code == 403
    assert not AuditEntry.objects.exists()


def test_a_request_made_while_assisting_is_the_persons_and_says_who_made_it(
    agent, verified_agent_client, caller, question_type, django_capture_on_commit_callbacks
):
    assist(verified_agent_client, caller)

    answer(verified_agent_client, question_type, summary="Hedge on the footpath")
    assert Draft.objects.get().user == caller  # the draft is the person's, not the agent's
    check = verified_agent_client.get(f"{START}general-enquiry/check/")
    with django_capture_on_commit_callbacks(execute=True):
        sent = verified_agent_client.post(
            f"{START}general-enquiry/check/", {"version": version_on(check)}
        )

    case = Case.objects.get()
    assert sent.status_code == 302
    assert (case.resident, case.created_by, case.channel) == (caller, agent, Channel.PHONE)
    submitted = case.events.get(kind=CaseEvent.Kind.SUBMITTED)
    assert (submitted.actor, submitted.acting_for, submitted.channel) == (agent, caller, "phone")
    sent_event = JourneyEvent.objects.get(kind=JourneyEvent.Kind.SENT)
    assert (sent_event.actor, sent_event.acting_for) == (agent, caller)
    told = Message.objects.filter(kind="notify.email").values_list("payload", flat=True)
    assert [payload["to"] for payload in told] == ["grace@example.org"]
    assert not Case.objects.filter(resident=agent).exists()


def test_the_persons_own_timeline_says_it_was_done_for_them_by_phone(
    verified_agent_client, caller, question_type
):
    assist(verified_agent_client, caller)
    answer(verified_agent_client, question_type)
    check = verified_agent_client.get(f"{START}general-enquiry/check/")
    verified_agent_client.post(f"{START}general-enquiry/check/", {"version": version_on(check)})
    case = Case.objects.get()

    page = signed_in(caller).get(f"/requests/{case.reference}/").content.decode()

    assert "Done for you by our contact centre by phone" in page


def test_a_persons_own_request_says_nothing_of_the_contact_centre(caller, question_type, citizen):
    client = signed_in(caller)
    answer(client, question_type)
    check = client.get(f"{START}general-enquiry/check/")
    client.post(f"{START}general-enquiry/check/", {"version": version_on(check)})

    page = client.get(f"/requests/{Case.objects.get().reference}/").content.decode()

    assert "contact centre" not in page


def test_the_agent_reads_the_persons_requests_but_does_not_change_them(
    verified_agent_client, caller, question_type
):
    client = signed_in(caller)
    answer(client, question_type, summary="Broken bench")
    check = client.get(f"{START}general-enquiry/check/")
    client.post(f"{START}general-enquiry/check/", {"version": version_on(check)})
    case = Case.objects.get()
    detail = f"/requests/{case.reference}/"
    assert verified_agent_client.get(detail).status_code == 404  # not while not assisting

    assist(verified_agent_client, caller)

    listed = verified_agent_client.get("/requests/").content.decode()
    page = verified_agent_client.get(detail).content.decode()
    assert case.reference in listed
    assert "Broken bench" in page
    assert "Only they can change it" in page
    assert "Withdraw this request" not in page and "Send message" not in page
    replied = verified_agent_client.post(f"{detail}reply/", {"message": "From the agent"})
    withdrawn = verified_agent_client.post(f"{detail}withdraw/", {"reason": "No"})
    assert (replied.status_code, withdrawn.status_code) == (403, 403)
    assert not case.events.filter(kind=CaseEvent.Kind.REPLY).exists()


def test_a_forged_assisting_session_gives_other_staff_nothing(councillor, caller):
    from accounts.assisting import session_store

    client = signed_in(councillor, verified=True)
    session = client.session
    session_store(session, person_id=caller.pk, channel="phone", reason="x")
    session.save()

    page = client.get("/requests/").content.decode()

    assert "You are helping" not in page


# --- Fees taken by phone -------------------------------------------------------------------


def test_a_fee_for_a_request_made_while_assisting_is_taken_by_phone_with_their_receipt(
    verified_agent_client, caller
):
    request_types_sync()
    pest = RequestType.objects.get(slug="pest-control-treatment")
    assist(verified_agent_client, caller)
    answer(verified_agent_client, pest, summary="Mice", details="In the kitchen.")
    check = verified_agent_client.get(f"{START}pest-control-treatment/check/")

    sent = verified_agent_client.post(
        f"{START}pest-control-treatment/check/", {"version": version_on(check)}
    )

    case = Case.objects.get()
    payment = Payment.objects.get(purpose=f"case:{case.pk}")
    assert sent["Location"] == payment.next_url
    assert payment.moto and payment.owner == caller and payment.email == "grace@example.org"
    back = verified_agent_client.get(f"/pay/{payment.pk}/return")
    assert back.status_code == 200  # the agent's browser may come back to it (not a 404)


def test_an_agent_can_take_a_fee_waiting_on_the_persons_request(verified_agent_client, caller):
    request_types_sync()
    pest = RequestType.objects.get(slug="pest-control-treatment")
    client = signed_in(caller)
    answer(client, pest, summary="Mice", details="In the kitchen.")
    check = client.get(f"{START}pest-control-treatment/check/")
    client.post(f"{START}pest-control-treatment/check/", {"version": version_on(check)})
    case = Case.objects.get()
    assist(verified_agent_client, caller)

    taken = verified_agent_client.post(f"/requests/{case.reference}/pay/")

    latest = Payment.objects.order_by("-created_at").first()
    assert taken["Location"] == latest.next_url
    assert latest.moto and latest.owner == caller


# --- Security questions before tier-2 pages --------------------------------------------------


def test_a_tier_2_page_asks_the_callers_security_questions_first(verified_agent_client, caller):
    assist(verified_agent_client, caller)

    gated = verified_agent_client.get("/council-tax/")

    assert gated.status_code == 302
    assert gated["Location"] == "/staff/assisting/check/?next=%2Fcouncil-tax%2F"
    page = verified_agent_client.get(gated["Location"]).content.decode()
    assert "What is the caller’s postcode?" in page
    assert "What is the first line of the caller’s address?" in page


def test_wrong_answers_are_refused_and_recorded_without_the_answers(
    verified_agent_client, caller, caplog
):
    assist(verified_agent_client, caller)

    refused = verified_agent_client.post(
        "/staff/assisting/check/",
        {"postcode": "ZZ9 9ZZ", "address_line1": "1 Nowhere Street", "next": "/council-tax/"},
    )

    assert refused.status_code == 400
    assert "The answers do not match our records" in refused.content.decode()
    entry = AuditEntry.objects.get(action=AuditEntry.Action.SECURITY_FAILED)
    assert entry.query == "postcode, address_line1"
    stored = " ".join(str(v) for v in AuditEntry.objects.values_list("query", "reason"))
    assert "ZZ9" not in stored and "Nowhere" not in stored and "Nowhere" not in caplog.text
    assert verified_agent_client.get("/council-tax/").status_code == 302


def test_right_answers_open_the_page_for_this_call_only(verified_agent_client, caller):
    assist(verified_agent_client, caller)

    passed = verified_agent_client.post(
        "/staff/assisting/check/",
        {"postcode": "mb47hc", "address_line1": "7 hawthorn crescent", "next": "/council-tax/"},
    )

    assert passed["Location"] == "/council-tax/"
    assert AuditEntry.objects.filter(action=AuditEntry.Action.SECURITY_PASSED).count() == 1
    assert verified_agent_client.get("/council-tax/").status_code == 200
    verified_agent_client.post("/staff/assisting/stop/")
    assist(verified_agent_client, caller)
    assert verified_agent_client.get("/council-tax/").status_code == 302  # a new call asks again


def test_three_wrong_answers_stop_the_checks_for_the_call(verified_agent_client, caller):
    assist(verified_agent_client, caller)
    wrong = {"postcode": "AB1 2CD", "address_line1": "No"}
    for _attempt in range(3):
        last = verified_agent_client.post("/staff/assisting/check/", wrong)

    assert "wrong answers too many times" in last.content.decode()
    right = {"postcode": "MB4 7HC", "address_line1": "7 Hawthorn Crescent"}
    again = verified_agent_client.post("/staff/assisting/check/", right)
    assert "wrong answers too many times" in again.content.decode()
    assert not AuditEntry.objects.filter(action=AuditEntry.Action.SECURITY_PASSED).exists()


def test_staff_pages_are_not_gated_by_the_callers_questions(verified_agent_client, caller):
    assist(verified_agent_client, caller)

    assert verified_agent_client.get(f"/staff/people/{caller.pk}/").status_code == 200

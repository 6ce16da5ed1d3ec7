"""C1, C2, C5, C9, C11 from the resident's side: "Your requests", a request's page,
and what a resident can do on it, as a resident would notice it."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.home import home_snapshot_forget
from casework import actions
from casework.models import Case, CaseEvent, Follower
from casework.workflow import Status
from integrations.outbox.worker import outbox_sweep
from tests.casework.factories import RequestTypeFactory
from tests.conftest import signed_in
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def make_case(resident, request_type, **kwargs):
    kwargs.setdefault("summary", "The bench by the pond is broken")
    kwargs.setdefault("answers", {"where": "Mill Park"})
    return actions.case_submit(request_type=request_type, resident=resident, **kwargs)


@pytest.fixture
def case(citizen, request_type):
    return make_case(citizen, request_type)


def resolve(case, message="Done"):
    """Done, the way a back office would say it: received first, then resolved."""
    actions.case_acknowledge(case=case)
    return actions.case_resolve(case=case, actor=None, message=message)


def detail(case):
    return reverse("casework:detail", kwargs={"reference": case.reference})


def url(name, case, **kwargs):
    return reverse(f"casework:{name}", kwargs={"reference": case.reference, **kwargs})


def long_date(day: datetime.date) -> str:
    """'Friday 14 March 2027'."""
    return f"{day:%A} {day.day} {day:%B %Y}"


def text(response) -> str:
    """The page's words, tags stripped and spaces collapsed."""
    html = response.content.decode()
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def has_entry(page: str, what: str, message: str) -> bool:
    """The timeline has an entry saying ``what`` (then its date and time) with ``message``."""
    return re.search(re.escape(what) + r" [^.]{0,60}? " + re.escape(message), page) is not None


def queries_for(client, path) -> tuple[int, object]:
    client.get(path)  # the first visit of a session may write it; measure the next one
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    return len(captured), response


# --- Your requests ------------------------------------------------------------------------


def test_the_list_shows_my_requests_and_not_anothers(
    citizen, another_citizen, request_type, citizen_client
):
    mine = make_case(citizen, request_type)
    theirs = make_case(another_citizen, request_type)

    response = citizen_client.get(reverse("casework:list"))

    assert response.status_code == 200
    page = text(response)
    assert mine.reference in page
    assert theirs.reference not in page
    assert "Report a broken bench" in page
    assert f"We aim to finish this by {long_date(mine.due_date)}" in page
    assert f"Submitted {mine.created_at.day} {mine.created_at:%B %Y}" in page


def test_open_and_finished_requests_are_shown_apart(citizen, request_type, citizen_client):
    open_case = make_case(citizen, request_type)
    done = make_case(citizen, request_type)
    resolve(done, "Mended")

    open_page = citizen_client.get(reverse("casework:list"))
    finished_page = citizen_client.get(reverse("casework:list") + "?state=closed")

    assert open_case.reference in text(open_page) and done.reference not in text(open_page)
    assert done.reference in text(finished_page)
    assert open_case.reference not in text(finished_page)
    assert "Finished on" in text(finished_page)
    # The switch is a pair of links that says which one you are on, without JavaScript.
    html = finished_page.content.decode()
    assert re.search(r'href="/requests/\?state=closed" aria-current="page">Finished \(1\)', html)
    assert re.search(r'href="/requests/\?state=open">Open \(1\)', html)
    assert '<strong class="govuk-tag govuk-tag--green">Done</strong>' in html


def test_a_late_request_is_tagged_overdue(citizen, request_type, citizen_client):
    late = make_case(citizen, request_type)
    on_time = make_case(citizen, request_type)
    Case.objects.filter(pk=late.pk).update(
        due_date=timezone.localdate() - datetime.timedelta(days=1)
    )

    html = citizen_client.get(reverse("casework:list")).content.decode()

    cards = html.split('class="govuk-summary-card"')[1:]
    late_card = next(card for card in cards if late.reference in card)
    on_time_card = next(card for card in cards if on_time.reference in card)
    assert '<strong class="govuk-tag govuk-tag--red">Overdue</strong>' in late_card
    assert "Overdue" not in on_time_card


def test_no_requests_yet(citizen_client):
    response = citizen_client.get(reverse("casework:list"))

    assert "You have no open requests" in text(response)


@pytest.mark.parametrize("typed", ["{ref}", "{lower}", "{compact}", " {lower_compact} "])
def test_search_by_reference_goes_straight_to_the_request(case, citizen_client, typed):
    ref = case.reference
    query = typed.format(
        ref=ref,
        lower=ref.lower(),
        compact=ref.replace("-", ""),
        lower_compact=ref.replace("-", "").lower(),
    )

    response = citizen_client.get(reverse("casework:list"), {"q": query})

    assert response.status_code == 302
    assert response["Location"] == detail(case)


def test_search_finds_a_finished_request_too(case, citizen_client):
    actions.case_withdraw(case=case, actor=case.resident)

    response = citizen_client.get(reverse("casework:list"), {"q": case.reference})

    assert response["Location"] == detail(case)


@pytest.mark.parametrize("whose", ["anothers", "nonsense"])
def test_search_that_finds_nothing_says_so(another_citizen, request_type, citizen_client, whose):
    query = make_case(another_citizen, request_type).reference if whose == "anothers" else "zzz"

    response = citizen_client.get(reverse("casework:list"), {"q": query})

    assert response.status_code == 200
    page = text(response)
    assert f"We could not find a request with the reference ‘{query}’ in your account" in page
    assert "Show all your requests" in page


def test_requests_come_25_to_a_page(citizen, request_type, citizen_client):
    cases = [make_case(citizen, request_type) for _ in range(30)]
    newest_first = [c.reference for c in reversed(cases)]

    first = citizen_client.get(reverse("casework:list"))
    second = citizen_client.get(reverse("casework:list"), {"state": "open", "page": 2})

    first_refs = re.findall(r"[A-Z0-9]{4}-[A-Z0-9]{4}", text(first))
    assert [r for r in newest_first if r in first_refs] == newest_first[:25]
    assert all(r not in text(second) for r in newest_first[:25])
    assert all(r in text(second) for r in newest_first[25:])
    assert 'href="?state=open&amp;page=2" rel="next"' in first.content.decode()


def test_the_list_costs_the_same_queries_for_1_and_30_requests(
    citizen, request_type, citizen_client, django_assert_num_queries
):
    make_case(citizen, request_type)
    path = reverse("casework:list")
    one, response = queries_for(citizen_client, path)
    assert response.status_code == 200
    assert one <= 10

    for _ in range(29):
        make_case(citizen, request_type)
    citizen_client.get(path)
    with django_assert_num_queries(one):
        response = citizen_client.get(path)
    assert text(response).count("Report a broken bench") == 25


def test_a_request_with_an_appointment_shows_the_appointment_not_a_target(case, citizen_client):
    booked_for = timezone.localdate() + datetime.timedelta(days=3)

    actions.case_set_appointment(case=case, on=booked_for, actor=None)

    listed = text(citizen_client.get(reverse("casework:list")))
    page = text(citizen_client.get(detail(case)))
    for shown in (listed, page):
        assert f"Booked for {long_date(booked_for)}" in shown
        assert "We aim to finish" not in shown
    # Recorded on the timeline for staff, never as news to the resident.
    event = CaseEvent.objects.get(case=case, kind=CaseEvent.Kind.APPOINTMENT)
    assert not event.public
    assert event.data == {"appointment_before": None, "appointment_after": str(booked_for)}


def test_a_paid_request_says_paid_not_submitted(citizen, citizen_client):
    fee_type = RequestTypeFactory(name="Book a pest visit", fee_pence=4000)
    case = make_case(citizen, fee_type)
    assert case.status == Status.AWAITING_PAYMENT

    actions.case_record_payment(
        case_id=case.pk, outcome="paid", amount_pence=4000, payment_id="pay-1"
    )

    html = citizen_client.get(reverse("casework:list")).content.decode()
    assert re.search(r'<strong class="govuk-tag[^"]*">Paid</strong>', html)
    assert not re.search(r'<strong class="govuk-tag[^"]*">Submitted</strong>', html)
    page = citizen_client.get(detail(case)).content.decode()
    assert re.search(r'<strong class="govuk-tag[^"]*">Paid</strong>', page)


# --- A request's page ---------------------------------------------------------------------------


def test_the_request_page_says_when_we_aim_to_finish(case, citizen_client):
    response = citizen_client.get(detail(case))

    assert response.status_code == 200
    page = text(response)
    assert f"Reference {case.reference}" in page
    assert "Report a broken bench" in page
    assert f"We aim to finish this by {long_date(case.due_date)}" in page
    assert "The bench by the pond is broken" in page
    assert "Where Mill Park" in page  # the answers, as a summary list
    assert "We received your request" in page


def test_the_timeline_is_public_only(case, citizen_client, caseworker):
    actions.case_add_note(case=case, actor=caseworker, message="Resident is a known complainer")
    actions.case_assign(case=case, actor=caseworker, assignee=caseworker)
    actions.case_escalate(case=case, level=1, reason="Secret escalation reason")
    actions.case_acknowledge(case=case, actor=caseworker)
    actions.case_change_status(
        case=case, status=Status.IN_PROGRESS, actor=caseworker, message="A crew is booked"
    )
    outbox_sweep()  # the messages go out, and the timeline says so

    page = text(citizen_client.get(detail(case)))

    assert "known complainer" not in page
    assert "Secret escalation reason" not in page
    assert caseworker.email not in page and caseworker.last_name not in page
    assert "Passed to the team who will deal with it" in page
    assert has_entry(page, "We are working on it", "A crew is booked")
    assert "We emailed you" in page
    # Oldest first.
    assert page.index("We received your request") < page.index("A crew is booked")


def test_a_text_message_shows_as_such(case, citizen_client):
    actions.case_record_message_sent(
        case_id=case.pk, audience="resident", channel="sms", event_id=case.events.first().pk
    )

    assert "We sent you a text message" in text(citizen_client.get(detail(case)))


def test_the_request_page_costs_the_same_queries_however_long_its_timeline(
    case, citizen, citizen_client, caseworker, django_assert_num_queries
):
    actions.case_reply(case=case, actor=citizen, message="First")
    one, _response = queries_for(citizen_client, detail(case))

    for n in range(20):
        actions.case_reply(case=case, actor=caseworker if n % 2 else citizen, message=f"M{n}")
    citizen_client.get(detail(case))
    with django_assert_num_queries(one):
        response = citizen_client.get(detail(case))
    assert "M19" in text(response)


def test_waiting_for_the_resident_says_so_and_the_clock_stops(case, citizen_client, caseworker):
    actions.case_request_information(case=case, actor=caseworker, message="Which bench is it?")

    page = text(citizen_client.get(detail(case)))

    assert "We need more information from you" in page
    assert "Which bench is it?" in page
    assert "We have paused our target date until you reply" in page
    assert "Send us a message" in page


def test_overdue_says_what_happens_next(case, citizen_client):
    Case.objects.filter(pk=case.pk).update(
        due_date=timezone.localdate() - datetime.timedelta(days=3)
    )
    actions.case_escalate(case=case, level=1, reason="Past its target date")

    page = text(citizen_client.get(detail(case)))

    assert "Overdue" in page
    assert "This is taking longer than we aimed for" in page
    assert "It has been passed to the team leader" in page
    assert "Past its target date" not in page  # the internal event itself stays internal


def test_done_is_said_plainly(case, citizen_client):
    resolve(case, "We mended the bench")

    page = text(citizen_client.get(detail(case)))

    assert "Done. We finished this on" in page
    assert "We mended the bench" in page
    assert "Reopen this request" in page
    assert "How did we do?" in page
    assert "Send us a message" not in page  # no replies on a finished request


def test_closed_shows_why(case, citizen_client, agent):
    actions.case_close(case=case, actor=agent, reason="The bench belongs to the parish council")

    page = text(citizen_client.get(detail(case)))

    assert "Closed" in page
    assert "Why The bench belongs to the parish council" in page
    assert "Reopen this request" not in page  # only staff reopen a closed request


def test_a_duplicate_links_to_the_first_report_when_you_can_see_it(
    citizen, another_citizen, request_type, citizen_client, agent
):
    mine_first = make_case(citizen, request_type)
    mine_again = make_case(citizen, request_type)
    actions.case_mark_duplicate(case=mine_again, original=mine_first, actor=agent)

    html = citizen_client.get(detail(mine_again)).content.decode()

    assert f'href="{detail(mine_first)}"' in html
    assert "Already reported" in html


def test_a_duplicate_of_someone_elses_report_gives_no_link(
    citizen, another_citizen, citizen_client, agent
):
    private = RequestTypeFactory(name="Noise complaint", followable=False)
    theirs = make_case(another_citizen, private)
    mine = make_case(citizen, private)
    actions.case_mark_duplicate(case=mine, original=theirs, actor=agent)

    html = citizen_client.get(detail(mine)).content.decode()

    assert f'href="{detail(theirs)}"' not in html
    assert "This was already reported" in html


def test_a_tier_2_request_asks_for_a_second_factor_first(citizen):
    sensitive = RequestTypeFactory(name="Council tax refund", auth_tier=2)
    case = make_case(citizen, sensitive)

    unverified = signed_in(citizen).get(detail(case))
    verified = signed_in(citizen, verified=True).get(detail(case))

    assert unverified.status_code == 302
    assert unverified["Location"].startswith(reverse("accounts:verify"))
    assert verified.status_code == 200


def test_a_tier_2_request_is_still_404_for_another_resident(another_citizen, citizen):
    sensitive = RequestTypeFactory(name="Council tax refund", auth_tier=2)
    case = make_case(citizen, sensitive)

    assert signed_in(another_citizen).get(detail(case)).status_code == 404


# --- Nobody else's -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "method"),
    [
        ("detail", "get"),
        ("reply", "post"),
        ("withdraw", "get"),
        ("withdraw", "post"),
        ("reopen", "get"),
        ("reopen", "post"),
        ("rate", "post"),
        ("follow", "post"),
        ("unfollow", "post"),
    ],
)
def test_another_resident_gets_404_on_every_case_url(case, another_citizen, name, method):
    client = signed_in(another_citizen, verified=True)

    response = getattr(client, method)(url(name, case), {"message": "hi", "reason": "x"})

    assert response.status_code == 404
    case.refresh_from_db()
    assert case.status == Status.SUBMITTED
    assert not case.events.filter(kind=CaseEvent.Kind.REPLY).exists()


def test_a_reference_that_does_not_exist_is_404(citizen_client):
    assert citizen_client.get("/requests/ZZZZ-ZZZZ/").status_code == 404
    assert citizen_client.get("/requests/not-a-reference/").status_code == 404


def test_signed_out_people_are_asked_to_sign_in(case, client):
    response = client.get(detail(case))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


# --- Replying --------------------------------------------------------------------------------------------


def test_a_reply_while_we_wait_restarts_the_work(case, citizen_client, caseworker):
    actions.case_request_information(case=case, actor=caseworker, message="Which bench?")

    response = citizen_client.post(url("reply", case), {"message": "The one by the pond"})

    assert response.status_code == 302 and response["Location"] == detail(case)
    case.refresh_from_db()
    assert case.status == Status.IN_PROGRESS
    page = text(citizen_client.get(detail(case)))
    assert "Your message has been sent" in page
    assert has_entry(page, "You sent us a message", "The one by the pond")
    assert "We have your reply and are working on it again" in page


def test_a_reply_needs_a_message(case, citizen_client):
    response = citizen_client.post(url("reply", case), {"message": "   "})

    assert response.status_code == 400
    page = text(response)
    assert "There is a problem" in page and "Enter your message" in page
    assert response.content.decode().count("<title>Error:") == 1
    assert not case.events.filter(kind=CaseEvent.Kind.REPLY).exists()


def test_a_reply_has_a_length_limit(case, citizen_client):
    response = citizen_client.post(url("reply", case), {"message": "x" * 5001})

    assert response.status_code == 400
    assert "Your message must be 5,000 characters or fewer" in text(response)


def test_no_reply_to_a_finished_request(case, citizen_client):
    resolve(case, "Done")

    response = citizen_client.post(url("reply", case), {"message": "Thanks"})

    assert response.status_code == 400
    assert "This request is finished, so you cannot reply to it" in text(response)


def test_reply_is_a_post(case, citizen_client):
    assert citizen_client.get(url("reply", case)).status_code == 405


def test_the_reply_form_can_carry_files(case, citizen_client):
    html = citizen_client.get(detail(case)).content.decode()

    form = re.search(rf'<form[^>]*action="{url("reply", case)}"[^>]*>', html).group(0)
    assert 'enctype="multipart/form-data"' in form
    assert re.search(r'<input type="file" name="files"[^>]*multiple', html)


# --- Withdrawing, reopening, rating -----------------------------------------------------------------


def test_withdrawing_asks_first(case, citizen_client):
    response = citizen_client.get(url("withdraw", case))

    assert response.status_code == 200
    assert "Are you sure you want to withdraw this request?" in text(response)
    case.refresh_from_db()
    assert case.status == Status.SUBMITTED


def test_withdrawing(case, citizen_client):
    response = citizen_client.post(url("withdraw", case), {"reason": "Someone fixed it"})

    assert response["Location"] == detail(case)
    case.refresh_from_db()
    assert case.status == Status.WITHDRAWN
    page = text(citizen_client.get(detail(case)))
    assert "You have withdrawn your request" in page
    assert has_entry(page, "Withdrawn", "Someone fixed it")
    assert "Withdraw this request" not in page


def test_withdrawing_a_finished_request_is_refused_clearly(case, citizen_client):
    resolve(case, "Done")

    shown = citizen_client.get(url("withdraw", case))
    posted = citizen_client.post(url("withdraw", case))

    for response in (shown, posted):
        assert response.status_code == 400
        assert "cannot be changed to ‘Withdrawn’" in text(response)
    case.refresh_from_db()
    assert case.status == Status.RESOLVED


def test_reopening_asks_why(case, citizen_client):
    resolve(case, "Done")

    assert citizen_client.get(url("reopen", case)).status_code == 200
    empty = citizen_client.post(url("reopen", case), {"reason": ""})
    assert empty.status_code == 400
    assert "Tell us why you want to reopen this request" in text(empty)

    response = citizen_client.post(url("reopen", case), {"reason": "The slat fell off again"})

    assert response["Location"] == detail(case)
    case.refresh_from_db()
    assert case.status == Status.IN_PROGRESS
    page = text(citizen_client.get(detail(case)))
    assert "You have reopened your request" in page
    assert has_entry(page, "Reopened", "The slat fell off again")


def test_reopening_too_late_is_refused_clearly(case, citizen_client):
    resolve(case, "Done")
    Case.objects.filter(pk=case.pk).update(
        finished_at=timezone.now() - datetime.timedelta(days=case.request_type.reopen_days + 1)
    )

    shown = citizen_client.get(url("reopen", case))
    posted = citizen_client.post(url("reopen", case), {"reason": "Broken again"})

    for response in (shown, posted):
        assert response.status_code == 400
        assert "This request can no longer be reopened" in text(response)
    case.refresh_from_db()
    assert case.status == Status.RESOLVED


def test_an_open_request_cannot_be_reopened(case, citizen_client):
    response = citizen_client.post(url("reopen", case), {"reason": "Why not"})

    assert response.status_code == 400
    assert "can no longer be reopened" in text(response)


def test_rating_a_finished_request(case, citizen_client):
    resolve(case, "Done")
    html = citizen_client.get(detail(case)).content.decode()
    for label in ("Very satisfied", "Neither satisfied nor dissatisfied", "Very dissatisfied"):
        assert label in html

    response = citizen_client.post(
        url("rate", case), {"rating": "4", "comment": "Quick, thank you"}
    )

    assert response["Location"] == detail(case)
    case.refresh_from_db()
    assert (case.rating, case.rating_comment) == (4, "Quick, thank you")
    page = text(citizen_client.get(detail(case)))
    assert "Thank you for your feedback" in page
    assert "How did we do?" not in page  # asked once


def test_rating_needs_a_choice(case, citizen_client):
    resolve(case, "Done")

    response = citizen_client.post(url("rate", case), {"rating": "9"})

    assert response.status_code == 400
    assert "Select how satisfied you are" in text(response)


def test_rating_an_open_request_is_refused_clearly(case, citizen_client):
    response = citizen_client.post(url("rate", case), {"rating": "5"})

    assert response.status_code == 400
    assert "You can rate a request once it is finished" in text(response)
    case.refresh_from_db()
    assert case.rating is None


# --- Following ---------------------------------------------------------------------------------------------


@pytest.fixture
def follower(case):
    person = UserFactory(first_name="Robin")
    Follower.objects.create(case=case, user=person)
    return person


def test_a_follower_sees_the_request_and_can_stop_following(case, follower):
    client = signed_in(follower)

    page = text(client.get(detail(case)))
    assert "You are following this request" in page
    assert "Withdraw this request" not in page
    assert "Send us a message" not in page

    response = client.post(url("unfollow", case))

    assert response["Location"] == reverse("casework:list")
    assert not Follower.objects.filter(case=case, user=follower).exists()
    assert f"You have stopped following {case.reference}" in text(client.get(response["Location"]))
    assert client.get(detail(case)).status_code == 404


def test_a_follower_sees_progress_but_not_the_conversation(case, follower, citizen, caseworker):
    actions.case_reply(case=case, actor=citizen, message="My phone is 07700 900123")
    actions.case_acknowledge(case=case, actor=caseworker)
    actions.case_change_status(
        case=case, status=Status.IN_PROGRESS, actor=caseworker, message="A crew is booked"
    )
    outbox_sweep()

    page = text(signed_in(follower).get(detail(case)))

    assert "About this request" in page
    assert "Work in progress" in page  # in public words: the follower did not ask for it
    assert "We received your request" not in page and "Reported" in page
    assert "A crew is booked" not in page  # words written to the resident, not to followers
    assert "07700 900123" not in page and "You sent us a message" not in page
    assert "We emailed you" not in page  # that was to the resident
    assert "The bench by the pond is broken" not in page and "Mill Park" not in page


def test_following_again_is_harmless(case, follower):
    response = signed_in(follower).post(url("follow", case))

    assert response["Location"] == detail(case)
    assert Follower.objects.filter(case=case, user=follower).count() == 1


def test_a_follower_cannot_change_someone_elses_request(case, follower):
    client = signed_in(follower)

    assert client.post(url("reply", case), {"message": "Me too"}).status_code == 403
    assert client.post(url("withdraw", case)).status_code == 403
    case.refresh_from_db()
    assert case.status == Status.SUBMITTED


def test_following_a_kind_of_request_that_cannot_be_followed_is_refused(citizen, citizen_client):
    private = RequestTypeFactory(name="Noise complaint", followable=False)
    case = make_case(citizen, private)

    response = citizen_client.post(url("follow", case))

    assert response.status_code == 400
    assert "This kind of request cannot be followed" in text(response)


def test_the_owner_is_not_made_a_follower(case, citizen_client):
    citizen_client.post(url("follow", case))
    citizen_client.post(url("unfollow", case))

    assert not Follower.objects.filter(case=case).exists()
    assert citizen_client.get(detail(case)).status_code == 200


# --- The home page ------------------------------------------------------------------------------------------


def test_home_shows_my_five_latest_requests(citizen, another_citizen, request_type, citizen_client):
    cases = [make_case(citizen, request_type) for _ in range(7)]
    theirs = make_case(another_citizen, request_type)

    response = citizen_client.get(reverse("account_home"))

    page = text(response)
    assert "Hello, Sam" in page
    assert all(c.reference in page for c in cases[2:])
    assert all(c.reference not in page for c in cases[:2])
    assert theirs.reference not in page
    assert long_date(cases[-1].due_date) in page
    assert f'href="{reverse("casework:list")}">All your requests' in response.content.decode()


def test_home_without_requests_says_where_they_will_appear(citizen_client):
    page = text(citizen_client.get(reverse("account_home")))

    assert "You have not made any requests or reports yet" in page
    assert "All your requests" not in page


def test_home_costs_the_same_queries_for_1_and_500_requests(
    citizen,
    request_type,
    citizen_client,
    django_assert_num_queries,
    django_capture_on_commit_callbacks,
):
    make_case(citizen, request_type)
    path = reverse("account_home")
    one, _response = queries_for(citizen_client, path)

    today = timezone.localdate()
    Case.objects.bulk_create(
        Case(request_type=request_type, resident=citizen, due_date=today) for _ in range(499)
    )
    # Cases change through casework actions, which forget the resident's home snapshot
    # (portal/home.py); a bulk insert beside them has to say so itself.
    with django_capture_on_commit_callbacks(execute=True):
        home_snapshot_forget(user_ids=[citizen.pk])
    citizen_client.get(path)
    with django_assert_num_queries(one):
        response = citizen_client.get(path)
    assert text(response).count("Report a broken bench") == 5


def test_a_followed_report_is_in_your_requests_with_its_target_date(case, follower, caseworker):
    actions.case_acknowledge(case=case, actor=caseworker)
    actions.case_change_status(
        case=case, status=Status.AWAITING_CUSTOMER, actor=caseworker, message="Which bench?"
    )
    client = signed_in(follower)

    page = text(client.get(reverse("casework:list")))

    assert "Report a broken bench" in page and case.reference in page
    assert "Reported by someone else: you are following it" in page
    assert f"We aim to finish this by {long_date(case.due_date)}" in page
    # The public wording: the question was put to the person who reported it, not to Robin.
    assert "Waiting for information" in page
    assert "Waiting for your reply" not in page and "We need more information from you" not in page
    assert "Report a broken bench" in text(client.get(reverse("account_home")))


def test_your_requests_never_lists_others_requests_you_do_not_follow(case, another_citizen):
    private = RequestTypeFactory(name="Noise complaint", followable=False)
    secret = make_case(case.resident, private)
    Follower.objects.create(case=secret, user=another_citizen)  # not followable: no effect

    page = text(signed_in(another_citizen).get(reverse("casework:list")))

    assert case.reference not in page and secret.reference not in page


def test_home_leads_to_the_requests_saved_to_finish_later(citizen_client):
    html = citizen_client.get(reverse("account_home")).content.decode()
    assert f'href="{reverse("drafts:list")}">Requests you started and saved to finish later' in html


def test_answers_keep_the_labels_as_written_and_machine_keys_read_as_words(citizen, citizen_client):
    case = actions.case_submit(
        request_type=RequestTypeFactory(),
        resident=citizen,
        answers={"MOT": "Expired", "blue_badge": True, "Where is it?": "Front garden"},
        summary="Abandoned car",
    )
    page = citizen_client.get(reverse("casework:detail", args=[case.reference])).content.decode()
    assert re.search(r">\s*MOT\s*<", page)  # not "Mot"
    assert re.search(r">\s*Blue badge\s*<", page)
    assert re.search(r">\s*Where is it\?\s*<", page)

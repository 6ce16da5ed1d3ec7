"""S-W7: staff mark a round or a street as missed; residents with reminders are told once,
and missed-bin reports for that collection can explain the known reason."""

import datetime

import pytest
from django.utils import timezone

from accounts.access import login_url, step_up_url
from accounts.actions import user_close
from accounts.models import User
from integrations.outbox.models import Message
from services.waste.actions.notices import NoticeExists, missed_round_notice_create
from services.waste.models import MissedRoundNotice, Stream
from services.waste.selectors.notices import known_missed, street_from_lines, streets_on_round
from tests.conftest import signed_in
from tests.factories import AddressFactory
from tests.services.waste.reminders_factories import household, make_round, put_on

pytestmark = pytest.mark.django_db

LIST = "/staff/waste/notices/"
NEW = "/staff/waste/notices/new/"


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.fixture
def round_(today):
    """A rubbish round that collected today (and every week before)."""
    return make_round(Stream.REFUSE, day=today, name="Rubbish round A", code="refuse-a")


@pytest.fixture
def street(round_):
    """Mill Lane (two households with reminders, one without) and Abbey Road (one)."""
    return {
        "mill": [
            household(round_, line1="1 Mill Lane"),
            household(round_, line1="3 Mill Lane", channel=User.Channel.SMS, phone="+447700900123"),
        ],
        "abbey": [household(round_, line1="2 Abbey Road")],
        "no_reminders": put_on(AddressFactory(line1="5 Mill Lane"), round_),
    }


def notices_sent():
    return list(Message.objects.filter(idempotency_key__startswith="missed-notice-"))


def form(round_, on, **extra):
    return {
        "round": round_.pk,
        "street": "",
        "day": on.isoformat(),
        "reason": "The collection lorry broke down",
        "when_back": "We will come back on Saturday",
        **extra,
    }


# --- Who may ---------------------------------------------------------------------------------


@pytest.mark.parametrize("person", ["agent", "caseworker", "admin_user"])
def test_agents_caseworkers_and_admins_may_send_notices(person, request, round_):
    client = signed_in(request.getfixturevalue(person), verified=True)

    assert client.get(LIST).status_code == 200
    assert client.get(NEW).status_code == 200
    assert client.get(f"{NEW}?round={round_.pk}").status_code == 200


def test_councillors_and_residents_may_not(councillor, citizen, round_, today):
    for person in (councillor, citizen):
        client = signed_in(person, verified=True)
        assert client.get(LIST).status_code == 403
        assert client.get(NEW).status_code == 403
        assert client.post(NEW, form(round_, today)).status_code == 403
    assert not MissedRoundNotice.objects.exists()


def test_staff_sign_in_with_a_second_factor_first(client, agent):
    assert client.get(LIST)["Location"] == login_url(LIST)
    assert signed_in(agent).get(LIST)["Location"] == step_up_url(LIST)


# --- The form ----------------------------------------------------------------------------------


def test_first_the_round_then_its_streets_and_days(agent, round_, street, today):
    client = signed_in(agent, verified=True)

    first = client.get(NEW).content.decode()
    assert "Which round was missed?" in first
    assert f'<option value="{round_.pk}">Rubbish round A (refuse-a)</option>' in first

    second = client.get(f"{NEW}?round={round_.pk}").content.decode()
    assert '<option value="" selected>The whole round</option>' in second
    assert '<option value="Abbey Road">Abbey Road</option>' in second
    assert '<option value="Mill Lane">Mill Lane</option>' in second
    assert f'value="{today.isoformat()}"' in second
    assert "(today)" in second
    last_week = today - datetime.timedelta(weeks=1)
    assert f'value="{last_week.isoformat()}"' in second
    assert (today - datetime.timedelta(weeks=3)).isoformat() not in second, "too long ago"


def test_an_unknown_round_is_an_error_on_the_first_step(agent, round_):
    response = signed_in(agent, verified=True).get(f"{NEW}?round=999999")

    assert response.status_code == 400
    html = response.content.decode()
    assert "There is a problem" in html
    assert "Select the round that was missed" in html


def test_nothing_filled_in_is_explained(agent, round_, today):
    response = signed_in(agent, verified=True).post(NEW, {"round": round_.pk})

    assert response.status_code == 400
    html = response.content.decode()
    assert "There is a problem" in html
    assert "Select the day the collection was missed" in html
    assert "Enter why the collection was missed" in html
    assert html.count('class="govuk-error-message"') == 2
    assert not MissedRoundNotice.objects.exists()


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"street": "Nowhere Street"}, "Select a street on this round, or the whole round"),
        ({"day": "2001-01-01"}, "Select the day the collection was missed"),
        ({"day": "not a date"}, "Select the day the collection was missed"),
        ({"reason": "   "}, "Enter why the collection was missed"),
        ({"reason": "x" * 301}, "Why it was missed must be 300 characters or fewer"),
    ],
)
def test_bad_answers_are_400_with_messages(change, message, agent, round_, street, today):
    response = signed_in(agent, verified=True).post(NEW, form(round_, today, **change))

    assert response.status_code == 400
    assert message in response.content.decode()
    assert not MissedRoundNotice.objects.exists()
    assert not notices_sent()


def test_a_day_the_round_does_not_collect_is_refused(agent, round_, today):
    day_off = today - datetime.timedelta(days=1)

    response = signed_in(agent, verified=True).post(NEW, form(round_, day_off))

    assert response.status_code == 400


# --- Telling residents --------------------------------------------------------------------------


def test_saving_tells_each_resident_with_reminders_once(agent, round_, street, today):
    client = signed_in(agent, verified=True)

    response = client.post(NEW, form(round_, today), follow=True)

    notice = MissedRoundNotice.objects.get()
    assert (notice.round, notice.street, notice.date) == (round_, "", today)
    assert notice.created_by == agent
    assert notice.residents_told == 3
    html = response.content.decode()
    assert "Notice saved: 3 residents with bin reminders have been told" in html
    assert "The collection lorry broke down" in html  # in the list of notices
    sent = notices_sent()
    assert len(sent) == 3
    assert {m.idempotency_key for m in sent} == {
        f"missed-notice-{notice.pk}-{s.pk}" for group in ("mill", "abbey") for s in street[group]
    }
    text = next(m for m in sent if m.kind == "notify.sms")
    assert text.payload["to"] == "+447700900123"
    day = today.strftime("%A %-d %B")
    assert text.payload["body"].startswith(
        f"We could not collect rubbish from 3 Mill Lane on {day}. "
        "The collection lorry broke down. We will come back on Saturday. "
        "You do not need to report it as a missed collection."
    )
    email = next(m for m in sent if m.payload["to"] == street["abbey"][0].user.email)
    assert email.kind == "notify.email"
    assert email.payload["subject"] == f"We could not collect your rubbish on {day}"
    assert "/account/reminders/stop/" in email.payload["unsubscribe_url"]
    assert email.payload["unsubscribe_url"] in email.payload["body"], "one click stops them"

    # A second click, or a second member of staff: nobody is told twice.
    again = client.post(NEW, form(round_, today))
    assert again.status_code == 400
    assert "Residents have already been told about this collection" in again.content.decode()
    assert MissedRoundNotice.objects.count() == 1
    assert len(notices_sent()) == 3


def test_a_street_notice_tells_only_that_street(agent, round_, street, today):
    signed_in(agent, verified=True).post(NEW, form(round_, today, street="Mill Lane"))

    notice = MissedRoundNotice.objects.get()
    assert (notice.street, notice.residents_told) == ("Mill Lane", 2)
    assert {m.payload["to"] for m in notices_sent()} == {
        "+447700900123",
        street["mill"][0].user.email,
    }


def test_closed_deactivated_stopped_and_unwilling_are_not_told(round_, today, citizen):
    closed = household(round_, user=citizen)
    user_close(user=citizen)
    deactivated = household(round_, is_active=False)
    unwilling = household(round_, notify_reminders=False)
    stopped = household(round_)
    stopped.active = False
    stopped.save()

    notice = missed_round_notice_create(
        round_=round_, street="", day=today, reason="Snow", when_back="", created_by=None
    )

    assert notice.residents_told == 0
    assert not notices_sent()
    assert closed and deactivated and unwilling


def test_the_action_refuses_a_notice_that_is_already_covered(round_, street, today):
    whole = missed_round_notice_create(
        round_=round_, street="", day=today, reason="Snow", when_back="", created_by=None
    )

    with pytest.raises(NoticeExists) as refused:
        missed_round_notice_create(
            round_=round_,
            street="Mill Lane",
            day=today,
            reason="Ice",
            when_back="",
            created_by=None,
        )

    assert refused.value.notice == whole


def test_query_count_does_not_grow_with_the_residents_told(
    round_, today, django_assert_max_num_queries
):
    for n in range(40):
        household(round_, line1=f"{n + 1} Mill Lane")
    with django_assert_max_num_queries(12):
        notice = missed_round_notice_create(
            round_=round_,
            street="Mill Lane",
            day=today,
            reason="Snow",
            when_back="",
            created_by=None,
        )
    assert notice.residents_told == 40


# --- For the missed-bin report: known_missed ------------------------------------------------------


def test_known_missed_matches_the_whole_round(round_, today):
    address = AddressFactory(line1="7 Mill Lane")
    put_on(address, round_)
    notice = MissedRoundNotice.objects.create(round=round_, date=today, reason="Snow")

    assert known_missed(address=address, stream=Stream.REFUSE, day=today) == notice
    assert known_missed(address=address, stream=Stream.RECYCLING, day=today) is None
    assert (
        known_missed(address=address, stream=Stream.REFUSE, day=today - datetime.timedelta(7))
        is None
    )


def test_known_missed_matches_the_street_line(round_, today):
    flat = AddressFactory(line1="Flat 2", line2="14A Mill Lane")
    elsewhere = AddressFactory(line1="2 Abbey Road")
    off_round = AddressFactory(line1="9 Mill Lane")
    put_on(flat, round_)
    put_on(elsewhere, round_)
    put_on(off_round, make_round(Stream.REFUSE, day=today))
    notice = MissedRoundNotice.objects.create(
        round=round_, street="mill  lane", date=today, reason="Parked cars"
    )

    assert known_missed(address=flat, stream=Stream.REFUSE, day=today) == notice
    assert known_missed(address=elsewhere, stream=Stream.REFUSE, day=today) is None
    assert known_missed(address=off_round, stream=Stream.REFUSE, day=today) is None


def test_a_street_notice_explains_better_than_a_whole_round_one(round_, today):
    address = AddressFactory(line1="1 Mill Lane")
    put_on(address, round_)
    MissedRoundNotice.objects.create(round=round_, date=today, reason="Lorry broke down")
    street_notice = MissedRoundNotice.objects.create(
        round=round_, street="Mill Lane", date=today, reason="Road closed"
    )

    assert known_missed(address=address, stream=Stream.REFUSE, day=today) == street_notice


@pytest.mark.parametrize(
    ("lines", "street"),
    [
        (("14 Mill Lane",), "Mill Lane"),
        (("14A Mill Lane",), "Mill Lane"),
        (("14-16 Mill Lane",), "Mill Lane"),
        (("Flat 2", "14 Mill Lane"), "Mill Lane"),
        (("Flat 2, 14 Mill Lane",), "Mill Lane"),
        (("Rose Cottage", "Hollow Lane"), "Hollow Lane"),
        (("Rose Cottage", "Hollow Lane", "Upper Millbrook"), "Hollow Lane"),
        (("Flat A", "3 High Street"), "High Street"),
        (("2nd Floor", "Mill House", "5 Station  Road"), "Station Road"),
    ],
)
def test_the_street_of_an_address(lines, street):
    assert street_from_lines(*lines) == street


def test_streets_on_a_round(round_, street):
    assert streets_on_round(round_=round_) == ["Abbey Road", "Mill Lane"]


@pytest.mark.parametrize(
    ("role", "sees_notices"),
    [("agent", True), ("caseworker", True), ("admin_user", True), ("councillor", False)],
)
def test_the_staff_home_lists_the_waste_pages_each_role_may_use(request, role, sees_notices):
    """Staff find a service's own pages from the staff home, and only those they may use."""
    worker = signed_in(request.getfixturevalue(role), verified=True)
    html = worker.get("/staff/").content.decode()

    assert (f'href="{NEW.removesuffix("new/")}">Tell residents about a missed round' in html) is (
        sees_notices
    )
    assert 'href="/staff/waste/bulky/">Bulky waste collections by day' in html
    if not sees_notices:
        assert worker.get(LIST).status_code == 403

"""Ask for an assisted bin collection. The answers are about health
and disability: only what is needed is asked, and only the waste team (and agents and
administrators) can read them."""

import pytest
from django.test import Client
from django.urls import reverse

from casework.models import Case, Draft, Team
from casework.workflow import Status
from services.waste.actions import assisted as actions
from services.waste.models import Stream
from services.waste.selectors import assisted as selectors
from tests.conftest import signed_in
from tests.helpers import synced_request_type
from tests.services.waste.orders import home

pytestmark = pytest.mark.django_db

START = reverse("waste:assisted_start")
WHERE = "Down the side path on the left of the house, behind the blue gate."


@pytest.fixture
def request_type(db):
    return synced_request_type("assisted-collection")


@pytest.fixture
def address(db):
    return home(Stream.REFUSE, Stream.RECYCLING, line1="1 Mill Lane")


@pytest.fixture
def resident(citizen, address, request_type):
    citizen.address = address
    citizen.save()
    return citizen


@pytest.fixture
def client(resident):
    return signed_in(resident)


def about_url(address) -> str:
    return reverse("waste:assisted_about", kwargs={"uprn": address.uprn})


ABOUT = {"who": "someone_else", "name": "Pat Taylor", "reason": "age", "how_long": "permanent"}


def step_url(address, name: str) -> str:
    return reverse("waste:assisted_step", kwargs={"uprn": address.uprn, "step_name": name})


def page_url(address, page: str) -> str:
    return reverse(f"waste:assisted_{page}", kwargs={"uprn": address.uprn})


def answer_all(client, address, about=None):
    household, bins = step_url(address, "household"), step_url(address, "bins")
    assert client.post(about_url(address), about or ABOUT)["Location"] == household
    assert client.post(household, {"can_help": "no"})["Location"] == bins
    assert client.post(bins, {"where": WHERE})["Location"] == page_url(address, "check")


def send(client, address):
    check = page_url(address, "check")
    version = client.get(check).context["form"]["version"].value()
    return client.post(check, {"version": version})


def test_the_start_page_says_what_is_asked_and_how_it_is_used(client, address):
    page = client.get(START)
    html = page.content.decode()
    assert page.status_code == 200
    assert "How we use what you tell us" in html
    assert "will not ask for, medical details" in html
    assert "The crew are told only where the bins are kept" in html
    assert f'href="{about_url(address)}"' in html


def test_the_journey_makes_a_case_for_the_waste_team(client, resident, address):
    answer_all(client, address)
    check = client.get(page_url(address, "check"))
    html = check.content.decode()
    assert check.status_code == 200
    for shown in ("Pat Taylor", "Age or frailty", "More than a year, or permanently", WHERE):
        assert shown in html

    sent = send(client, address)

    case = Case.objects.get(resident=resident)
    assert sent["Location"] == reverse("waste:assisted_sent", args=[address.uprn, case.reference])
    assert case.request_type.slug == "assisted-collection"
    assert case.status == Status.SUBMITTED and case.fee_pence is None
    assert case.address == address
    assert case.answers == {
        "who_needs_help": "Pat Taylor (someone else who lives there)",
        "why": "Age or frailty",
        "how_long": "More than a year, or permanently",
        "anyone_16_or_over_who_can_help": "No",
        "where_the_bins_are_kept": WHERE,
    }
    # The summary is in queues, exports and messages: where, never why.
    assert case.summary == "Assisted collection at 1 Mill Lane"
    confirmation = client.get(sent["Location"])
    assert confirmation.status_code == 200 and case.reference in confirmation.content.decode()
    assert not Draft.objects.filter(user=resident).exists()  # the answers leave the draft


def test_for_oneself_no_name_is_asked_for_or_kept(client, resident, address):
    answer_all(client, address, {**ABOUT, "who": "me", "name": "Should not be kept"})
    send(client, address)
    case = Case.objects.get(resident=resident)
    assert case.answers["who_needs_help"] == "Me"
    assert "Should not be kept" not in str(case.answers)


def test_someone_in_the_household_who_can_help_means_no_request(client, resident, address):
    household, outcome = step_url(address, "household"), page_url(address, "outcome")
    client.post(about_url(address), ABOUT)
    answered = client.post(household, {"can_help": "yes"})
    assert answered["Location"] == outcome
    response = client.get(outcome)
    html = response.content.decode()
    assert response.status_code == 200
    assert "We cannot offer an assisted collection" in html
    assert f'href="{household}">Change your answer' in html
    assert "We cannot offer" in client.get(step_url(address, "bins")).content.decode()
    assert client.get(page_url(address, "check"))["Location"] == outcome
    assert not Case.objects.exists()
    # Changing the answer carries on.
    assert client.post(household, {"can_help": "no"})["Location"] == step_url(address, "bins")


@pytest.mark.parametrize(
    ("data", "messages"),
    [
        (
            {},
            [
                "Select who needs help with their bins",
                "Select why they cannot take the bins out",
                "Select how long they will need help for",
            ],
        ),
        ({**ABOUT, "name": ""}, ["Enter the name of the person who needs help"]),
        ({**ABOUT, "name": "x" * 101}, ["Their name must be 100 characters or fewer"]),
        ({**ABOUT, "reason": "diagnosis"}, ["Select one of the reasons in the list"]),
    ],
)
def test_the_questions_are_checked_with_a_400(client, address, data, messages):
    response = client.post(about_url(address), data)
    html = response.content.decode()
    assert response.status_code == 400
    assert "govuk-error-summary" in html
    for message in messages:
        assert message in html


def test_the_other_pages_are_checked_with_a_400(client, address):
    household, bins = step_url(address, "household"), step_url(address, "bins")
    client.post(about_url(address), ABOUT)
    no_answer = client.post(household, {})
    assert no_answer.status_code == 400
    assert "Select yes if someone aged 16 or over" in no_answer.content.decode()
    client.post(household, {"can_help": "no"})
    empty = client.post(bins, {"where": "  "})
    assert empty.status_code == 400 and "Enter where the bins are kept" in empty.content.decode()
    long = client.post(bins, {"where": "x" * 501})
    assert long.status_code == 400 and "500 characters or fewer" in long.content.decode()


def test_pages_out_of_order_send_the_resident_back(client, address):
    check = page_url(address, "check")
    assert client.get(step_url(address, "household"))["Location"] == about_url(address)
    assert client.get(check)["Location"] == about_url(address)
    client.post(about_url(address), ABOUT)
    assert client.get(check)["Location"] == step_url(address, "household")


def test_answers_changed_in_another_tab_are_not_sent_unseen(client, resident, address):
    answer_all(client, address)
    check = page_url(address, "check")
    version = client.get(check).context["form"]["version"].value()
    client.post(step_url(address, "bins"), {"where": "In the front garden"})
    response = client.post(check, {"version": version})
    assert response.status_code == 400
    assert "Your answers have changed" in response.content.decode()
    assert not Case.objects.exists()


def test_one_open_request_per_address(client, resident, address, request_type):
    answer_all(client, address)
    check = page_url(address, "check")
    version = client.get(check).context["form"]["version"].value()
    first = client.post(check, {"version": version})
    again = client.post(check, {"version": version})  # a double click, or the back button
    assert again["Location"] == first["Location"]
    # Asking again while the first is open: told so before any question.
    page = client.get(about_url(address))
    html = page.content.decode()
    assert page.status_code == 200
    assert "You have already asked" in html and "<form" not in html.split("<main", 1)[1]
    assert Case.objects.get().reference in html
    assert client.post(about_url(address), ABOUT).status_code == 200
    assert Case.objects.count() == 1


def test_the_action_refuses_answers_that_cannot_be_sent(resident, address, request_type):
    answers = selectors.Answers(
        uprn=address.uprn,
        who="me",
        reason="age",
        how_long="permanent",
        household_can_help="yes",
        where=WHERE,
    )
    with pytest.raises(ValueError):
        actions.assisted_request(
            user=resident, answers=answers, address=address, request_type=request_type
        )


def test_an_address_without_collections_is_explained(client, request_type):
    nowhere = home(Stream.REFUSE)
    nowhere.waste_rounds.all().delete()
    page = client.get(about_url(nowhere))
    assert page.status_code == 200
    assert "We do not collect bins from this address" in page.content.decode()


# --- Who can read the answers -----------------------------------------------------------------------


@pytest.fixture
def sent_case(client, resident, address):
    answer_all(client, address)
    send(client, address)
    return Case.objects.get(resident=resident)


def _staff_page(user, case):
    return signed_in(user, verified=True).get(reverse("staff:case", args=[case.reference]))


def test_the_waste_teams_caseworkers_read_the_answers(sent_case, caseworker):
    team = Team.objects.get(slug="waste-services")
    team.members.add(caseworker)
    page = _staff_page(caseworker, sent_case)
    assert page.status_code == 200
    assert "Age or frailty" in page.content.decode()


def test_other_caseworkers_and_councillors_cannot_open_it(sent_case, caseworker, councillor):
    assert _staff_page(caseworker, sent_case).status_code == 404  # not in the waste team
    assert _staff_page(councillor, sent_case).status_code == 404  # they did not raise it


def test_another_resident_and_the_public_cannot_see_it(sent_case, another_citizen):
    stranger = signed_in(another_citizen)
    assert (
        stranger.get(
            reverse("waste:assisted_sent", args=[sent_case.address_id, sent_case.reference])
        ).status_code
        == 404
    )
    assert stranger.get(reverse("casework:detail", args=[sent_case.reference])).status_code == 404
    assert sent_case.request_type.public is False  # not in Open311 or the public lists
    public = Client().get("/open311/v2/requests.json")
    assert sent_case.reference not in public.content.decode()


def test_the_page_needs_signing_in(address):
    response = Client().get(about_url(address))
    assert response.status_code == 302 and "/account/login/" in response["Location"]

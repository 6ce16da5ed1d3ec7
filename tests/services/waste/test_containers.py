"""Order a bin or box, paying the council's price where it sets one."""

import pytest
from django.urls import reverse

from casework.models import Case, Draft
from casework.workflow import Status
from integrations.pay.models import Payment
from services.waste.actions import containers as actions
from services.waste.models import ContainerType, Stream
from services.waste.selectors import containers as selectors
from tests.conftest import signed_in
from tests.helpers import synced_request_type
from tests.services.waste.orders import containers, home, pay_on_card

pytestmark = pytest.mark.django_db


@pytest.fixture
def request_type(db):
    return synced_request_type("container-order")


@pytest.fixture
def kinds(db):
    return containers()


@pytest.fixture
def address(db):
    """Collected for rubbish, recycling and food, but on no garden round."""
    return home(Stream.REFUSE, Stream.RECYCLING, Stream.FOOD, line1="1 Mill Lane")


@pytest.fixture
def resident(citizen, address, request_type, kinds):
    citizen.address = address
    citizen.save()
    return citizen


@pytest.fixture
def client(resident):
    return signed_in(resident)


def choose_url(address) -> str:
    return reverse("waste:containers_choose", kwargs={"uprn": address.uprn})


def details_url(address) -> str:
    return reverse("waste:containers_step", kwargs={"uprn": address.uprn, "step_name": "details"})


def check_url(address) -> str:
    return reverse("waste:containers_check", kwargs={"uprn": address.uprn})


def sent_url(case) -> str:
    return reverse(
        "waste:containers_sent", kwargs={"uprn": case.address_id, "reference": case.reference}
    )


def choose(client, address, slug: str):
    chosen = client.post(choose_url(address), {"container": slug})
    assert chosen.status_code == 302 and chosen["Location"] == details_url(address)
    return chosen


def answer(client, address, slug: str, reason: str, quantity=None):
    """Choose the container, then say why and how many: the check page's response."""
    choose(client, address, slug)
    data = {"reason": reason}
    if quantity is not None:
        data["quantity"] = quantity
    told = client.post(details_url(address), data)
    check = check_url(address)
    assert told.status_code == 302 and told["Location"] == check, told.content.decode()[:2000]
    return client.get(check)


def send(client, address):
    page = client.get(check_url(address))
    version = page.context["form"]["version"].value()
    return client.post(check_url(address), {"version": version})


# --- The journey -------------------------------------------------------------------------------


def test_the_start_page_offers_the_residents_own_address(client, address):
    page = client.get(reverse("waste:containers_start"))
    html = page.content.decode()
    assert page.status_code == 200
    assert "1 Mill Lane" in html
    assert f'href="{choose_url(address)}"' in html


def test_only_bins_collected_at_the_address_are_offered_with_their_prices(client, address):
    page = client.get(choose_url(address))
    html = page.content.decode()
    assert page.status_code == 200
    assert "Rubbish bin (240 litres) – £30" in html
    assert "Recycling box – Free" in html
    assert "Food caddy – Free" in html
    assert "Garden waste bin" not in html  # no garden round here
    refused = client.post(choose_url(address), {"container": "garden-bin-240"})
    assert refused.status_code == 400


def test_a_free_order_goes_straight_ahead(client, resident, address):
    check = answer(client, address, "recycling-box", "additional", quantity=2)
    html = check.content.decode()
    assert check.status_code == 200
    assert "Nothing: it is free" in html
    assert "Place order" in html

    sent = send(client, address)

    case = Case.objects.get(resident=resident)
    assert sent.status_code == 302
    assert sent["Location"] == sent_url(case)
    assert case.status == Status.SUBMITTED
    assert case.fee_pence is None
    assert case.address == address
    assert case.answers == {
        "container": "Recycling box",
        "container_code": "recycling-box",
        "reason": "An additional one",
        "quantity": 2,
        "total": "Free",
    }
    assert case.summary == "2 × Recycling box for 1 Mill Lane"
    assert not Payment.objects.exists()
    confirmation = client.get(sent["Location"])
    assert confirmation.status_code == 200
    assert case.reference in confirmation.content.decode()
    assert not Draft.objects.filter(user=resident).exists()  # the answers were sent


@pytest.mark.parametrize(
    ("choice", "status", "lands_on", "says"),
    [
        ("pay", Status.SUBMITTED, "sent", "Order placed"),
        ("decline", Status.AWAITING_PAYMENT, "case", "did not go through"),
        ("cancel", Status.AWAITING_PAYMENT, "case", "You cancelled your payment"),
    ],
)
def test_a_bin_with_a_price_is_paid_for_through_the_provider(
    client, resident, address, choice, status, lands_on, says
):
    check = answer(client, address, "rubbish-bin-240", "replacement")
    html = check.content.decode()
    assert "£30" in html and "Order and pay" in html
    assert 'name="quantity"' not in html  # one rubbish bin per household

    to_provider = send(client, address)
    case = Case.objects.get(resident=resident)
    assert case.status == Status.AWAITING_PAYMENT
    assert case.fee_pence == 3000
    assert to_provider.status_code == 302 and "/pay/fake/" in to_provider["Location"]

    landed = pay_on_card(client, to_provider["Location"], choice)

    case.refresh_from_db()
    assert case.status == status
    where = {
        "sent": sent_url(case),
        "case": reverse("casework:detail", args=[case.reference]),
    }[lands_on]
    assert landed.redirect_chain[-1][0] == where
    assert says in landed.content.decode()


def test_coming_back_without_paying_leaves_the_order_waiting(client, resident, address):
    answer(client, address, "rubbish-bin-240", "new")
    send(client, address)
    payment = Payment.objects.get()
    back = client.get(reverse("pay:return", args=[payment.pk]), follow=True)
    assert "We have not" in back.content.decode()
    assert Case.objects.get(resident=resident).status == Status.AWAITING_PAYMENT
    # Its confirmation page sends the resident to the order's page, with "Pay now".
    case = Case.objects.get(resident=resident)
    page = client.get(sent_url(case), follow=True)
    assert "Pay £30 now" in page.content.decode()


def test_a_second_click_does_not_order_twice(client, resident, address):
    answer(client, address, "food-caddy", "replacement", quantity=1)
    version = client.get(check_url(address)).context["form"]["version"].value()
    first = client.post(check_url(address), {"version": version})
    again = client.post(
        check_url(address), {"version": version}
    )  # a double click, or the back button
    assert Case.objects.filter(resident=resident).count() == 1
    assert again["Location"] == first["Location"]


def test_ordering_again_while_an_order_is_open_shows_the_first(client, resident, address):
    answer(client, address, "food-caddy", "replacement", quantity=1)
    send(client, address)
    case = Case.objects.get(resident=resident)
    chosen = client.post(choose_url(address), {"container": "food-caddy"})
    assert chosen["Location"] == reverse("waste:containers_outcome", args=[address.uprn])
    page = client.get(chosen["Location"])
    html = page.content.decode()
    assert page.status_code == 200
    assert "You have already ordered this" in html
    assert case.reference in html
    assert "Place order" not in html
    assert client.get(check_url(address))["Location"] == chosen["Location"]
    assert Case.objects.filter(resident=resident).count() == 1


def test_the_action_keeps_one_open_order_per_container_and_address(resident, address, request_type):
    order = selectors.Order(
        address=address,
        container=ContainerType.objects.get(slug="food-caddy"),
        reason=selectors.Reason.NEW,
        quantity=1,
    )
    first, made = actions.container_order(user=resident, order=order, request_type=request_type)
    again, made_again = actions.container_order(
        user=resident, order=order, request_type=request_type
    )
    assert made and not made_again and again == first


def test_a_price_changed_since_the_check_page_is_not_charged(client, resident, address, kinds):
    answer(client, address, "rubbish-bin-240", "new")
    version = client.get(check_url(address)).context["form"]["version"].value()
    kinds["rubbish-bin-240"].price_pence = 3500
    kinds["rubbish-bin-240"].save()

    response = client.post(check_url(address), {"version": version})

    assert response.status_code == 400
    assert "price has changed" in response.content.decode()
    assert "£35" in response.content.decode()
    assert not Case.objects.exists()


def test_an_administrators_fee_on_the_request_type_never_makes_a_free_box_cost(
    client, resident, address, request_type
):
    request_type.fee_pence = 500
    request_type.save()
    answer(client, address, "recycling-box", "new", quantity=1)
    send(client, address)
    assert Case.objects.get(resident=resident).status == Status.SUBMITTED


# --- Limits and validation ---------------------------------------------------------------------


def test_choosing_nothing_is_a_400_with_an_error_summary(client, address):
    response = client.post(choose_url(address), {})
    html = response.content.decode()
    assert response.status_code == 400
    assert "govuk-error-summary" in html and "Select the bin or box you need" in html


@pytest.mark.parametrize(
    ("slug", "data", "message"),
    [
        ("recycling-box", {"quantity": "1"}, "Select why you need a recycling box"),
        ("recycling-box", {"reason": "new"}, "Enter how many you need"),
        ("recycling-box", {"reason": "new", "quantity": "3"}, "You can order up to 2 at a time"),
        ("recycling-box", {"reason": "new", "quantity": "0"}, "Enter how many you need: 1 or more"),
        ("recycling-box", {"reason": "new", "quantity": "two"}, "as a number, like 2"),
        ("recycling-box", {"reason": "lost", "quantity": "1"}, "Select one of the reasons"),
        ("rubbish-bin-240", {"reason": "additional"}, "We do not give additional rubbish bins"),
    ],
)
def test_details_are_checked_with_messages_a_resident_understands(
    client, resident, address, slug, data, message
):
    choose(client, address, slug)
    response = client.post(details_url(address), data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert "details" not in Draft.objects.get(user=resident).answers["steps"]


def test_additional_rubbish_bins_are_not_offered_and_the_page_says_why(client, address):
    choose(client, address, "rubbish-bin-240")
    html = client.get(details_url(address)).content.decode()
    assert 'value="additional"' not in html
    assert "We do not give additional rubbish bins" in html


def test_the_check_page_needs_answers(client, address):
    response = client.get(check_url(address))
    assert response.status_code == 302
    assert response["Location"] == choose_url(address)


def test_a_container_withdrawn_meanwhile_sends_the_resident_back(client, address, kinds):
    answer(client, address, "recycling-box", "new", quantity=1)
    kinds["recycling-box"].active = False
    kinds["recycling-box"].save()
    response = client.get(check_url(address))
    assert response.status_code == 302 and response["Location"] == choose_url(address)
    page = client.get(response["Location"])
    assert page.status_code == 200 and "Recycling box" not in page.content.decode()


def test_an_address_without_collections_is_explained(client):
    empty = home(Stream.REFUSE)  # rounds, but ...
    empty.waste_rounds.all().delete()  # ... none now
    page = client.get(choose_url(empty))
    assert page.status_code == 200
    assert "We do not collect bins from this address" in page.content.decode()
    assert client.post(choose_url(empty), {"container": "recycling-box"}).status_code == 200


def test_another_address_is_found_by_postcode(client, address):
    url = reverse("waste:containers_address")
    assert client.get(url, {"postcode": "not a postcode"}).status_code == 400
    listed = client.get(url, {"postcode": "mb1 1aa"})
    assert listed.status_code == 200 and "1 Mill Lane" in listed.content.decode()
    assert client.post(url, {"postcode": "MB1 1AA"}).status_code == 400  # none chosen
    chosen = client.post(url, {"postcode": "MB1 1AA", "uprn": address.uprn})
    assert chosen["Location"] == choose_url(address)


def test_switched_off_request_type_is_explained_and_its_pages_are_gone(
    client, address, request_type
):
    request_type.active = False
    request_type.save()
    assert (
        "cannot order a bin or box online"
        in client.get(reverse("waste:containers_start")).content.decode()
    )
    assert client.get(choose_url(address)).status_code == 404


# --- Whose orders --------------------------------------------------------------------------------


def test_another_resident_cannot_see_the_confirmation(client, resident, address, another_citizen):
    answer(client, address, "food-caddy", "new", quantity=1)
    send(client, address)
    case = Case.objects.get(resident=resident)
    url = sent_url(case)
    assert signed_in(another_citizen).get(url).status_code == 404
    assert client.get(url).status_code == 200


def test_signing_in_is_needed(address):
    from django.test import Client

    response = Client().get(choose_url(address))
    assert response.status_code == 302 and "/account/login/" in response["Location"]


def test_the_choose_page_reads_a_few_queries(client, address, django_assert_max_num_queries):
    # Session, user, address, request type, the draft, address, its rounds, the
    # containers, and their journey's checks; the session saved.
    with django_assert_max_num_queries(12):
        assert client.get(choose_url(address)).status_code == 200

"""Find my local: a postcode's ward, councillors, polling station, bin days and places;
the same on the account home for the resident's own address."""

import re

import pytest
from django.urls import reverse

from services.local import selectors
from services.local.models import Councillor, PollingStation
from tests.conftest import signed_in
from tests.factories import UserFactory
from tests.services.local.local_data import local_town

pytestmark = pytest.mark.django_db

FIND = "/local/"


@pytest.fixture
def town():
    return local_town()


def text(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def test_the_home_page_links_to_find_my_local(client):
    assert f'href="{FIND}"' in client.get("/").content.decode()


def test_a_postcode_shows_its_ward_councillors_polling_station_bin_days_and_places(
    client, town, django_assert_num_queries
):
    with django_assert_num_queries(4):  # addresses, councillors, polling stations, places
        response = client.get(FIND, {"postcode": "mb1 1aa"})
    assert response.status_code == 200
    page = text(response)
    assert "Your councillors for Millbrook Central ward" in page
    assert "Cllr Priya Shah Labour" in page
    assert "priya.shah@example.org" in page and "First Saturday, 10am, Town Hall" in page
    assert "Cllr Grace Okafor" not in page  # another ward's
    assert "Millbrook Town Hall Market Place Millbrook" in page
    assert 'href="/waste/bin-days/?postcode=MB1%201AA"' in response.content.decode()
    assert page.index("Near Library") < page.index("Mid Tip") < page.index("Far Library")


def test_a_ward_with_nothing_listed_says_so_plainly(client, town):
    page = text(client.get(FIND, {"postcode": "MB2 1AA"}))
    assert "Cllr Grace Okafor Green" in page
    assert "Your poll card tells you where to vote." in page


@pytest.mark.parametrize(
    "postcode, message",
    [
        ("", "Enter a postcode"),
        ("not a postcode", "Enter a real postcode, like MB1 1AA"),
        ("ZZ9 9ZZ", "We could not find ZZ9 9ZZ in our area"),
    ],
)
def test_a_bad_or_unknown_postcode_is_a_400_with_an_error_summary(client, town, postcode, message):
    response = client.get(FIND, {"postcode": postcode})
    assert response.status_code == 400
    html = response.content.decode()
    assert "govuk-error-summary" in html and message in html
    assert "Your councillors" not in html


def test_the_account_home_shows_the_residents_own_councillors_and_polling_station(
    town, django_assert_num_queries
):
    sam = UserFactory(address=town["mill"])
    alex = UserFactory(address=town["abbey"])

    with django_assert_num_queries(1):
        local = selectors.local_for_home(user=sam)
    assert local.ward == town["central"] and local.polling_station.name == "Millbrook Town Hall"
    assert [c.name for c in local.councillors] == ["Cllr Priya Shah"]

    sams_home = text(signed_in(sam).get(reverse("account_home")))
    assert "Cllr Priya Shah" in sams_home and "Millbrook Town Hall" in sams_home
    alexs_home = text(signed_in(alex).get(reverse("account_home")))
    assert "Cllr Grace Okafor" in alexs_home
    assert "Cllr Priya Shah" not in alexs_home and "Millbrook Town Hall" not in alexs_home

    PollingStation.objects.all().delete()
    Councillor.objects.all().delete()
    with django_assert_num_queries(1):  # nothing listed for the ward: still one query
        bare = selectors.local_for_home(user=sam)
    assert bare.ward == town["central"] and not bare.councillors and bare.polling_station is None


def test_without_an_address_the_account_home_offers_the_postcode_search(town):
    page = signed_in(UserFactory()).get(reverse("account_home")).content.decode()
    assert f'href="{FIND}">Find your councillors' in page


def test_the_find_page_starts_with_the_residents_own_postcode(town):
    page = signed_in(UserFactory(address=town["abbey"])).get(FIND).content.decode()
    assert 'value="MB2 1AA"' in page


def test_the_account_home_reads_the_local_area_from_its_snapshot(town):
    """Once built, the home's snapshot holds the ward, councillors and polling station:
    the page asks the database nothing about them."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = signed_in(UserFactory(address=town["mill"]))
    client.get(reverse("account_home"))
    with CaptureQueriesContext(connection) as captured:
        page = text(client.get(reverse("account_home")))
    assert "Cllr Priya Shah" in page
    assert not [q for q in captured if "local_" in q["sql"] or "accounts_ward" in q["sql"]]

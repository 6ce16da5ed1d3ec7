"""A3, A4, A5: own details, address by postcode, contact preferences."""

import pytest

from accounts.models import User
from tests.factories import AddressFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def mill_lane(db):
    return [
        AddressFactory(uprn=100000000010, line1="10 Mill Lane", postcode="MB1 1AA"),
        AddressFactory(uprn=100000000002, line1="2 Mill Lane", postcode="MB1 1AA"),
        AddressFactory(uprn=100000000009, line1="9 Mill Lane", postcode="MB1 1AA"),
        AddressFactory(uprn=100000000099, line1="1 Other Road", postcode="MB2 2BB"),
    ]


def test_find_address_by_postcode_lists_addresses_in_number_order(citizen_client, mill_lane):
    response = citizen_client.get("/account/details/address/", {"postcode": "mb11aa"})
    body = response.content.decode()
    assert response.status_code == 200
    assert "3 addresses found for MB1 1AA" in body
    assert body.index("2 Mill Lane") < body.index("9 Mill Lane") < body.index("10 Mill Lane")
    assert "Other Road" not in body


def test_choosing_an_address_saves_it_with_its_uprn(citizen_client, citizen, mill_lane):
    response = citizen_client.post(
        "/account/details/address/choose/", {"postcode": "MB1 1AA", "uprn": "100000000009"}
    )
    assert response["Location"] == "/account/"
    citizen.refresh_from_db()
    assert citizen.address_id == 100000000009
    assert "9 Mill Lane" in citizen_client.get("/account/").content.decode()


def test_an_address_from_another_postcode_cannot_be_chosen(citizen_client, citizen, mill_lane):
    response = citizen_client.post(
        "/account/details/address/choose/", {"postcode": "MB1 1AA", "uprn": "100000000099"}
    )
    assert response.status_code == 400
    assert "Select your address from the list" in response.content.decode()
    citizen.refresh_from_db()
    assert citizen.address_id is None


def test_not_a_postcode_gets_a_clear_message(citizen_client):
    response = citizen_client.get("/account/details/address/", {"postcode": "hello"})
    assert response.status_code == 400
    assert "Enter a real postcode" in response.content.decode()


def test_unknown_postcode_offers_manual_entry(citizen_client, mill_lane):
    response = citizen_client.get("/account/details/address/", {"postcode": "MB9 9ZZ"})
    body = response.content.decode()
    assert "We could not find any addresses for MB9 9ZZ" in body
    assert "/account/details/address/manual/?postcode=MB9%209ZZ" in body


def test_manual_address(citizen_client, citizen):
    response = citizen_client.post(
        "/account/details/address/manual/",
        {
            "line1": "Flat 1, New Build House",
            "line2": "",
            "town": "Millbrook",
            "postcode": "mb9 9zz",
        },
    )
    assert response["Location"] == "/account/"
    citizen.refresh_from_db()
    assert citizen.address_lines == ["Flat 1, New Build House", "Millbrook", "MB9 9ZZ"]


def test_change_name(citizen_client, citizen):
    response = citizen_client.post(
        "/account/details/name/", {"first_name": "Samira", "last_name": "Khan"}
    )
    assert response["Location"] == "/account/"
    citizen.refresh_from_db()
    assert citizen.get_full_name() == "Samira Khan"
    assert "Hello, Samira" in citizen_client.get("/account/").content.decode()


def test_phone_is_validated_and_stored_in_one_form(citizen_client, citizen):
    response = citizen_client.post("/account/details/phone/", {"phone": "12345"})
    assert response.status_code == 400
    assert "Enter a UK phone number" in response.content.decode()

    citizen_client.post("/account/details/phone/", {"phone": "07911 123456"})
    citizen.refresh_from_db()
    assert str(citizen.phone) == "+447911123456"


def test_text_messages_need_a_phone_number(citizen_client, citizen):
    response = citizen_client.post(
        "/account/preferences/", {"preferred_channel": "sms", "topics": ["reminders"]}
    )
    assert response.status_code == 400
    assert "Add a mobile phone number" in response.content.decode()


def test_contact_preferences_are_saved(citizen_client, citizen):
    citizen.phone = "+447911123456"
    citizen.save()
    response = citizen_client.post(
        "/account/preferences/", {"preferred_channel": "sms", "topics": ["reminders", "news"]}
    )
    assert response["Location"] == "/account/"
    citizen.refresh_from_db()
    assert citizen.preferred_channel == User.Channel.SMS
    assert (citizen.notify_case_updates, citizen.notify_reminders, citizen.notify_news) == (
        False,
        True,
        True,
    )


def test_removing_the_phone_falls_back_to_email(citizen_client, citizen):
    citizen.phone = "+447911123456"
    citizen.preferred_channel = User.Channel.SMS
    citizen.save()
    citizen_client.post("/account/details/phone/", {"phone": ""})
    citizen.refresh_from_db()
    assert citizen.preferred_channel == User.Channel.EMAIL


def test_business_details(citizen_client, citizen):
    citizen_client.post(
        "/account/details/account-type/",
        {"account_type": "business", "organisation_name": "Millbrook Bakery"},
    )
    citizen.refresh_from_db()
    assert citizen.organisation_name == "Millbrook Bakery"


def test_home_shows_my_details_and_not_anyone_elses(citizen_client, another_citizen):
    body = citizen_client.get("/account/").content.decode()
    assert "sam@example.org" in body
    assert another_citizen.email not in body

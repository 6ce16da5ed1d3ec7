"""The address question: found by postcode in the gazetteer and chosen from a list (its
UPRN kept with the case), or typed in by hand; all without JavaScript."""

import pytest

from casework.delivery import case_payload
from casework.models import Case
from services.forms.demo import form_build, page, q
from tests.conftest import signed_in
from tests.factories import AddressFactory
from tests.services.general.conftest import version_on

pytestmark = pytest.mark.django_db

URL = "/services/forms/skip-test/"
SPEC = {
    "slug": "skip-test",
    "name": "Put a skip on the road",
    "description": "A test form.",
    "team": "highways",
    "pages": [
        page(
            "Where",
            q("Skip company", "text", key="company"),
            q("Where will the skip stand?", "address", key="where"),
        )
    ],
}


@pytest.fixture
def street(db):
    return [
        AddressFactory(uprn=200000001, line1="2 Station Road", postcode="MB2 2BB"),
        AddressFactory(uprn=200000010, line1="10 Station Road", postcode="MB2 2BB"),
    ]


@pytest.fixture
def built(db):
    return form_build(SPEC)[0]


def _send(resident):
    check = resident.get(URL + "check/")
    assert check.status_code == 200
    return check, resident.post(URL + "check/", {"version": version_on(check)})


def test_the_page_starts_at_the_residents_own_address(resident, built, citizen):
    citizen.address = AddressFactory(line1="4 Mill Lane", postcode="MB1 1AA")
    citizen.save()
    html = resident.get(URL).content.decode()
    assert 'name="where_postcode"' in html and 'value="MB1 1AA"' in html
    assert f'<option value="{citizen.address.uprn}" selected>4 Mill Lane' in html
    assert "Find address" in html and "Enter the address manually" in html


def test_find_address_then_choose_one_keeps_its_uprn_with_the_case(
    resident, built, citizen, street, verified_admin_client
):
    found = resident.post(
        URL, {"company": "Skips Ltd", "where_postcode": "mb22bb", "action": "lookup"}
    )
    assert found.status_code == 302 and found["Location"] == URL  # the same page again
    html = resident.get(URL).content.decode()
    assert "2 addresses found" in html
    assert html.index("2 Station Road") < html.index("10 Station Road")
    assert 'value="Skips Ltd"' in html  # what was typed is kept
    chosen = resident.post(
        URL, {"company": "Skips Ltd", "where_postcode": "MB2 2BB", "where_uprn": "200000010"}
    )
    assert chosen.status_code == 302 and chosen["Location"] == URL + "check/"
    check, sent = _send(resident)
    assert "10 Station Road, Millbrook, MB2 2BB" in check.content.decode()
    case = Case.objects.get(resident=citizen)
    assert case.answers["Where will the skip stand?"] == "10 Station Road, Millbrook, MB2 2BB"
    assert case.address_id == 200000010
    assert case_payload(case)["address"]["uprn"] == "200000010"


def test_an_address_can_be_typed_in_when_it_is_not_listed(resident, built, citizen, street):
    resident.post(URL, {"company": "Skips Ltd", "where_postcode": "MB9 9ZZ", "action": "lookup"})
    html = resident.get(URL).content.decode()
    assert "We could not find any addresses for MB9 9ZZ" in html
    assert '<details class="govuk-details" open>' in html
    typed = {
        "company": "Skips Ltd",
        "where_postcode": "MB9 9ZZ",
        "where_line1": "Unit 4, Canal Yard",
        "where_town": "Millbrook",
    }
    assert resident.post(URL, typed).status_code == 302
    _send(resident)
    case = Case.objects.get(resident=citizen)
    assert case.answers["Where will the skip stand?"] == "Unit 4, Canal Yard, Millbrook, MB9 9ZZ"
    assert case.address_id is None  # the resident has no address, none was chosen


@pytest.mark.parametrize(
    "data, message",
    [
        (
            {"where_postcode": "MB2 2BB"},
            "Select the address for ‘Where will the skip stand?’, or enter it manually",
        ),
        ({"where_postcode": "nonsense"}, "Enter a real postcode, like MB1 1AA"),
        (
            {"where_postcode": "MB1 1AA", "where_uprn": "200000010"},
            "Select the address for ‘Where will the skip stand?’ from the list",
        ),
        ({"where_postcode": "MB2 2BB", "where_uprn": "x" * 200}, "100 characters or fewer"),
        (
            {"where_postcode": "MB2 2BB", "where_line2": "Back lane"},
            "Enter the first line of the address and the town",
        ),
        ({}, "Enter ‘Where will the skip stand?’"),
    ],
)
def test_a_bad_address_gets_a_clear_message_and_a_400(resident, built, street, data, message):
    page_ = resident.post(URL, {"company": "Skips Ltd", **data})
    assert page_.status_code == 400
    assert message in page_.content.decode()
    assert not Case.objects.exists()


def test_what_was_looked_up_is_kept_in_the_residents_own_draft_only(
    resident, built, street, another_citizen
):
    resident.post(URL, {"company": "Mine", "where_postcode": "MB2 2BB", "action": "lookup"})
    assert 'value="Mine"' in resident.get(URL).content.decode()
    other = signed_in(another_citizen).get(URL).content.decode()
    assert 'value="Mine"' not in other and "2 addresses found" not in other


def test_the_preview_finds_addresses_as_residents_pages_do(verified_admin_client, built, street):
    url = f"/staff/forms/{built.pk}/preview/"
    page_ = verified_admin_client.post(url, {"where_postcode": "MB2 2BB", "action": "lookup"})
    html = page_.content.decode()
    assert page_.status_code == 200 and "2 addresses found" in html
    assert "govuk-error-summary" not in html

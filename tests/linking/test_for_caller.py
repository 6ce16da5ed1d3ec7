"""The contact centre links a service account for the caller it is helping: by the reference
alone once the caller has passed the security questions in this call, for council tax,
business rates and council tenancies alike (one core capability, ``linking``)."""

import re

import pytest
from django.urls import reverse

from accounts.models import AuditEntry, User
from integrations.simulated_backoffice import BackOffice, start
from integrations.simulated_backoffice.housing import tenancy_document
from integrations.simulated_backoffice.revenues import account_document
from linking.actions import service_link_attempt
from linking.models import LinkAttempts, ServiceLink
from tests.conftest import signed_in
from tests.factories import AddressFactory, UserFactory
from tests.services.businessrates.test_business_rates import bakery
from tests.services.counciltax.conftest import SAMS_NUMBER, TODAY, sams_account
from tests.services.housing.conftest import SAMS_TENANCY, sams_tenancy

pytestmark = pytest.mark.django_db

LINK = reverse("linking_staff:for_caller")
STRANGERS_NUMBER = "60010099"


@pytest.fixture
def back_office(settings):
    """The simulated revenues and housing systems: Sam's council tax account and tenancy,
    the Millbrook Bakery's business rates, and a stranger's council tax account."""
    running = start(BackOffice(secret="back-office-shared-secret-0123456789", seed=7))
    settings.REVENUES_URL = settings.HOUSING_URL = running.url
    settings.REVENUES_TIMEOUT = settings.HOUSING_TIMEOUT = 1.0
    settings.REVENUES_API_KEY = settings.HOUSING_API_KEY = ""
    running.office.revenues.add(sams_account())
    running.office.revenues.add(bakery())
    running.office.revenues.add(
        account_document(
            account_number=STRANGERS_NUMBER,
            uprn=100090000099,
            address="9 Far Road, Millbrook",
            postcode="MB6 9FR",
            liable=["Robin Hart"],
            band="B",
            today=TODAY,
        )
    )
    running.office.housing.today = TODAY
    running.office.housing.add(sams_tenancy())
    running.office.housing.add(
        tenancy_document(
            reference="HT-100009",
            uprn=100090000098,
            address="8 Far Road, Millbrook",
            postcode="MB6 9FR",
            tenants=["Robin Hart"],
            today=TODAY,
        )
    )
    yield running
    running.stop()


@pytest.fixture
def sam(db):
    return UserFactory(
        first_name="Sam",
        last_name="Taylor",
        email="sam@example.org",
        phone="+447700900123",
        address=AddressFactory(line1="1 Mill Lane", postcode="MB1 1AA"),
    )


@pytest.fixture
def jo(db):
    return UserFactory(
        first_name="Jo",
        last_name="Baker",
        email="jo@example.org",
        account_type=User.AccountType.BUSINESS,
        organisation_name="Millbrook Bakery",
        address=AddressFactory(line1="3 High Street", postcode="MB1 2AA"),
    )


def assist(client, person, *, answered=True):
    client.post(f"/staff/assisting/{person.pk}/start/", {"channel": "phone", "reason": "Called"})
    if answered:
        postcode = person.address.postcode
        passed = client.post(
            "/staff/assisting/check/",
            {"postcode": postcode, "address_line1": person.address.line1},
        )
        assert passed.status_code == 302
    return client


def link(client, service, reference, *, confirmed=True):
    data = {"service": service, "reference": reference}
    if confirmed:
        data["confirmed"] = "on"
    return client.post(LINK, data)


def test_an_agent_links_the_callers_council_tax_account_and_their_home_shows_it(
    verified_agent_client, agent, sam, back_office
):
    assist(verified_agent_client, sam)

    asked = verified_agent_client.get(LINK)
    assert "Link an account for the caller" in asked.content.decode()
    linked = link(verified_agent_client, "council-tax", "6001 0001")

    assert linked.status_code == 302
    assert linked["Location"] == f"/staff/people/{sam.pk}/"
    record = verified_agent_client.get(linked["Location"]).content.decode()
    assert "Sam Taylor’s council tax account 60010001 is linked" in record
    assert ServiceLink.objects.get(user=sam).account_ref == SAMS_NUMBER
    entry = AuditEntry.objects.get(action=AuditEntry.Action.SERVICE_LINKED)
    assert (entry.staff, entry.person, entry.channel, entry.query) == (
        agent,
        sam,
        "phone",
        "council-tax 60010001",
    )
    home = signed_in(sam).get("/account/").content.decode()
    assert "Your council tax account 60010001 is linked." in home
    assert not ServiceLink.objects.filter(user=agent).exists()


def test_the_same_page_links_a_tenancy_and_a_business_rates_account(
    verified_agent_client, sam, jo, back_office
):
    assist(verified_agent_client, sam)
    assert link(verified_agent_client, "housing", "ht100001").status_code == 302
    assert ServiceLink.objects.get(user=sam, service="housing").account_ref == SAMS_TENANCY

    verified_agent_client.post("/staff/assisting/stop/")
    assist(verified_agent_client, jo)
    assert link(verified_agent_client, "business-rates", "70010001").status_code == 302
    assert ServiceLink.objects.get(user=jo, service="business-rates").account_ref == "70010001"
    assert AuditEntry.objects.filter(action=AuditEntry.Action.SERVICE_LINKED).count() == 2


def test_a_caller_who_has_not_passed_the_security_questions_cannot_be_linked(
    verified_agent_client, sam, back_office
):
    assist(verified_agent_client, sam, answered=False)

    page = verified_agent_client.get(LINK).content.decode()
    refused = link(verified_agent_client, "council-tax", SAMS_NUMBER)

    assert "has not answered the security questions in this call" in page
    assert "/staff/assisting/check/?next=%2Fstaff%2Fassisting%2Flink%2F" in page
    assert refused.status_code == 400
    assert "has not answered the security questions" in refused.content.decode()
    assert not ServiceLink.objects.exists()
    assert not AuditEntry.objects.filter(action=AuditEntry.Action.SERVICE_LINKED).exists()


def test_the_agent_must_confirm_the_questions_were_answered(
    verified_agent_client, sam, back_office
):
    assist(verified_agent_client, sam)

    refused = link(verified_agent_client, "council-tax", SAMS_NUMBER, confirmed=False)

    assert refused.status_code == 400
    assert "Confirm that the caller answered the security questions" in refused.content.decode()
    assert not ServiceLink.objects.exists()


def test_an_account_linked_to_someone_else_is_refused(
    verified_agent_client, sam, another_citizen, back_office
):
    service_link_attempt(
        user=another_citizen, service="council-tax", account_ref=SAMS_NUMBER, proven=True
    )
    assist(verified_agent_client, sam)

    refused = link(verified_agent_client, "council-tax", SAMS_NUMBER)

    assert refused.status_code == 400
    assert "linked to someone else’s online account" in refused.content.decode()
    assert not ServiceLink.objects.filter(user=sam).exists()
    assert not AuditEntry.objects.filter(action=AuditEntry.Action.SERVICE_LINKED).exists()


def test_an_account_neither_at_the_callers_postcode_nor_in_their_name_is_refused(
    verified_agent_client, sam, back_office
):
    assist(verified_agent_client, sam)

    strangers = link(verified_agent_client, "council-tax", STRANGERS_NUMBER)
    tenancy = link(verified_agent_client, "housing", "HT-100009")

    for refused in (strangers, tenancy):
        assert refused.status_code == 400
        assert "is not at Sam Taylor’s postcode or in their name" in refused.content.decode()
    assert not ServiceLink.objects.exists()


def test_missing_wrong_kind_and_malformed_references_say_what_is_wrong(
    verified_agent_client, sam, back_office
):
    assist(verified_agent_client, sam)

    missing = link(verified_agent_client, "council-tax", "60019999")
    business_as_council_tax = link(verified_agent_client, "council-tax", "70010001")
    malformed = link(verified_agent_client, "housing", "12")

    assert missing.status_code == business_as_council_tax.status_code == 400
    assert "There is no live council tax account with that reference" in missing.content.decode()
    assert "There is no live council tax account" in business_as_council_tax.content.decode()
    assert malformed.status_code == 400
    assert "like HT-100001" in malformed.content.decode()
    assert not ServiceLink.objects.exists()


def test_a_linked_caller_is_told_of_their_link_and_a_lock_is_lifted(
    verified_agent_client, sam, back_office
):
    LinkAttempts.objects.create(user=sam, service="council-tax", failures=4)
    assist(verified_agent_client, sam)

    assert link(verified_agent_client, "council-tax", SAMS_NUMBER).status_code == 302
    again = link(verified_agent_client, "council-tax", STRANGERS_NUMBER)

    assert LinkAttempts.objects.get(user=sam).failures == 0
    assert again.status_code == 400
    assert "already has a council tax account linked (60010001)" in again.content.decode()


def test_the_back_office_down_is_a_clear_503(verified_agent_client, sam, back_office, settings):
    settings.REVENUES_URL = "http://127.0.0.1:9"  # nothing listens there
    assist(verified_agent_client, sam)

    down = link(verified_agent_client, "council-tax", SAMS_NUMBER)

    assert down.status_code == 503
    assert "We cannot check the council tax account right now" in down.content.decode()
    assert not ServiceLink.objects.exists()


def test_the_residents_link_pages_send_an_assisting_agent_to_link_for_the_caller(
    verified_agent_client, sam, back_office
):
    assist(verified_agent_client, sam)

    for page, service in (
        ("/council-tax/link/", "council-tax"),
        ("/council-tax/link/pin/", "council-tax"),
        ("/business-rates/link/", "business-rates"),
        ("/housing/link/", "housing"),
    ):
        sent = verified_agent_client.get(page)
        assert sent.status_code == 302
        assert sent["Location"] == f"{LINK}?service={service}"
    chosen = verified_agent_client.get(f"{LINK}?service=housing").content.decode()
    assert re.search(r'<input type="radio"[^>]*value="housing"[^>]*checked', chosen)


def test_staff_who_may_not_find_people_cannot_link(councillor, sam, back_office):
    client = signed_in(councillor, verified=True)

    assert client.get(LINK).status_code == 403
    assert link(client, "council-tax", SAMS_NUMBER).status_code == 403
    assert not ServiceLink.objects.exists()


# --- The services' own pages while an agent helps a caller ---------------------------------

# Each service's account page, the caller's linked account and words of it, and an account
# of the agent's own (an agent may have their own council tax or tenancy linked).
ACCOUNT_PAGES = {
    "council-tax": ("/council-tax/", SAMS_NUMBER, "1 Mill Lane", STRANGERS_NUMBER),
    "business-rates": ("/business-rates/", "70010001", "Millbrook Bakery", "70010099"),
    "housing": ("/housing/", SAMS_TENANCY, "1 Mill Lane", "HT-100009"),
}


@pytest.mark.parametrize("service", ACCOUNT_PAGES)
def test_an_assisting_agent_sees_the_callers_linked_account_never_their_own(
    verified_agent_client, agent, sam, jo, back_office, service
):
    page, reference, words, agents_own = ACCOUNT_PAGES[service]
    caller = jo if service == "business-rates" else sam
    service_link_attempt(user=caller, service=service, account_ref=reference, proven=True)
    service_link_attempt(user=agent, service=service, account_ref=agents_own, proven=True)
    assist(verified_agent_client, caller)

    shown = verified_agent_client.get(page)

    assert shown.status_code == 200
    text = shown.content.decode()
    assert reference in text and words in text
    assert agents_own not in text


@pytest.mark.parametrize("service", ACCOUNT_PAGES)
def test_an_assisting_agent_whose_caller_has_not_linked_is_sent_to_link_for_them(
    verified_agent_client, agent, sam, jo, back_office, service
):
    page, _reference, _words, agents_own = ACCOUNT_PAGES[service]
    caller = sam if service == "business-rates" else jo  # neither has this one linked
    service_link_attempt(user=agent, service=service, account_ref=agents_own, proven=True)
    assist(verified_agent_client, caller)

    shown = verified_agent_client.get(page)

    assert shown.status_code == 200
    text = shown.content.decode()
    assert agents_own not in text, "not the agent's own account"
    link_page = re.search(r'<a href="([^"]+)" role="button"[^>]*>Link your', text)[1]
    sent = verified_agent_client.get(link_page)
    assert sent.status_code == 302
    assert sent["Location"] == f"{LINK}?service={service}"
    assert (
        "Link an account for the caller"
        in verified_agent_client.get(sent["Location"]).content.decode()
    )


def test_the_landlords_link_page_sends_an_assisting_agent_to_the_staff_page_unchosen(
    verified_agent_client, sam, back_office
):
    assist(verified_agent_client, sam)

    sent = verified_agent_client.get("/housing-benefit-landlords/link/")

    assert sent.status_code == 302
    assert sent["Location"] == LINK, "the contact centre does not link landlords' records"
    offered = verified_agent_client.get(LINK).content.decode()
    assert 'value="hb-landlord"' not in offered
    refused = link(verified_agent_client, "hb-landlord", "LL500001")
    assert refused.status_code == 400
    assert not ServiceLink.objects.exists()

"""Open311 GeoReport v2 server: what a FixMyStreet-style client sees, in XML and in JSON."""

from xml.etree import ElementTree as ET

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from casework import actions
from casework.models import Case, Channel
from integrations.open311 import actions as open311_actions
from integrations.open311.models import ApiKey, hash_key
from tests.casework.factories import RequestTypeFactory

pytestmark = pytest.mark.django_db

BASE = "/open311/v2/"
PERSONAL = ("Pat", "Reporter", "pat.reporter@example.org", "07700900123")
DEPTH = {"key": "depth", "label": "How deep is it?", "type": "text", "required": False}


@pytest.fixture
def pothole():
    return RequestTypeFactory(
        service="highways",
        slug="pothole",
        name="Report a pothole",
        description="A hole in the road",
        public=True,
        questions=[DEPTH],
    )


@pytest.fixture
def council_tax():
    return RequestTypeFactory(service="council_tax", slug="council-tax-move", public=False)


@pytest.fixture
def api_key():
    _api_key, key = open311_actions.api_key_create(name="FixMyStreet")
    return key


def xml(response) -> ET.Element:
    assert response["Content-Type"].startswith("text/xml")
    assert response.content.startswith(b'<?xml version="1.0" encoding="utf-8"?>')
    return ET.fromstring(response.content)  # noqa: S314 - our own response, in a test


def post(client, fmt, **data):
    return client.post(f"{BASE}requests.{fmt}", data)


def report(api_key, fmt="xml", **extra):
    data = {
        "api_key": api_key,
        "service_code": "pothole",
        "lat": "52.2",
        "long": "-1.5",
        "address_string": "High Street, outside the library",
        "description": "A deep pothole by the bus stop",
        "email": PERSONAL[2],
        "first_name": PERSONAL[0],
        "last_name": PERSONAL[1],
        "phone": PERSONAL[3],
        "attribute[depth]": "10cm",
        **extra,
    }
    return post(Client(enforce_csrf_checks=True), fmt, **data)


def assert_error(response, status, fmt="xml"):
    assert response.status_code == status
    if fmt == "xml":
        root = xml(response)
        assert root.tag == "errors"
        error = root.find("error")
        assert error.findtext("code") == str(status)
        assert error.findtext("description")
    else:
        body = response.json()
        assert body[0]["code"] == status and body[0]["description"]


def test_discovery(client):
    root = xml(client.get(f"{BASE}discovery.xml"))
    assert root.tag == "discovery"
    endpoint = root.find("endpoints/endpoint")
    assert endpoint.findtext("specification") == "http://wiki.open311.org/GeoReport_v2"
    assert endpoint.findtext("url").endswith("/open311/v2/")
    assert [f.text for f in endpoint.findall("formats/format")] == ["text/xml", "application/json"]
    body = client.get(f"{BASE}discovery.json").json()
    assert body["endpoints"][0]["formats"] == ["text/xml", "application/json"]


def test_only_public_services_are_listed(client, pothole, council_tax):
    RequestTypeFactory(slug="old-public", public=True, active=False)
    root = xml(client.get(f"{BASE}services.xml"))
    assert root.tag == "services"
    services = root.findall("service")
    assert [s.findtext("service_code") for s in services] == ["pothole"]
    assert services[0].findtext("service_name") == "Report a pothole"
    assert services[0].findtext("metadata") == "true"  # it has a question
    assert services[0].findtext("type") == "realtime"
    body = client.get(f"{BASE}services.json").json()
    assert [s["service_code"] for s in body] == ["pothole"]
    assert body[0]["metadata"] is True


def test_service_definition(client, pothole, council_tax):
    root = xml(client.get(f"{BASE}services/pothole.xml"))
    assert root.tag == "service_definition"
    assert root.findtext("service_code") == "pothole"
    assert [a.findtext("code") for a in root.findall("attributes/attribute")] == ["depth"]
    body = client.get(f"{BASE}services/pothole.json").json()
    assert body["service_code"] == "pothole"
    assert [(a["code"], a["datatype"]) for a in body["attributes"]] == [("depth", "string")]
    assert_error(client.get(f"{BASE}services/nothing.xml"), 404)
    assert_error(client.get(f"{BASE}services/council-tax-move.json"), 404, "json")


@pytest.mark.parametrize("fmt", ["xml", "json"])
def test_post_a_request_and_read_it_back(fmt, client, pothole, api_key, verified_agent_client):
    response = report(api_key, fmt)

    assert response.status_code == 200, response.content
    if fmt == "xml":
        root = xml(response)
        assert root.tag == "service_requests"
        reference = root.find("request").findtext("service_request_id")
        assert root.find("request").find("token") is None
    else:
        reference = response.json()[0]["service_request_id"]
        assert "token" not in response.json()[0]
    case = Case.objects.get(reference=reference)
    assert case.channel == Channel.API
    assert case.contact_email == PERSONAL[2]
    assert case.contact_name == "Pat Reporter"
    assert case.answers["depth"] == "10cm"
    queue = verified_agent_client.get(reverse("staff:queue"))
    assert queue.status_code == 200 and reference in queue.content.decode()

    one = client.get(f"{BASE}requests/{reference}.{fmt}")
    listed = client.get(f"{BASE}requests.{fmt}")
    if fmt == "xml":
        request = xml(one).find("request")
        assert request.findtext("service_request_id") == reference
        assert request.findtext("status") == "open"
        assert request.findtext("service_code") == "pothole"
        assert request.findtext("description") == "A deep pothole by the bus stop"
        assert request.findtext("address") == "High Street, outside the library"
        assert float(request.findtext("lat")) == 52.2
        assert float(request.findtext("long")) == -1.5
        assert request.find("media_url") is None
        assert request.findtext("requested_datetime")[-6] in "+-"
        ids = [r.findtext("service_request_id") for r in xml(listed).findall("request")]
    else:
        request = one.json()[0]
        assert request["service_request_id"] == reference
        assert request["status"] == "open"
        assert request["lat"] == 52.2 and request["long"] == -1.5
        assert "media_url" not in request
        ids = [r["service_request_id"] for r in listed.json()]
    assert ids == [reference]


def test_no_personal_data_in_any_response(client, pothole, api_key, citizen):
    reference = report(api_key, "json").json()[0]["service_request_id"]
    case = Case.objects.get(reference=reference)
    actions.case_acknowledge(case=case)
    actions.case_resolve(case=case, actor=None, message="Filled in today.")
    from tests.factories import AddressFactory

    address = AddressFactory()
    actions.case_submit(
        request_type=pothole,
        resident=citizen,
        answers={},
        summary="Another hole",
        address=address,
    )

    bodies = b"".join(
        client.get(f"{BASE}{path}").content
        for path in (
            f"requests/{reference}.xml",
            f"requests/{reference}.json",
            "requests.xml",
            "requests.json",
            "servicerequestupdates.xml",
            "servicerequestupdates.json",
        )
    )
    for personal in (*PERSONAL, citizen.email, citizen.first_name, address.line1, address.postcode):
        assert personal.encode() not in bodies
    assert str(address.uprn).encode() not in bodies


def test_residents_words_and_staff_messages_are_never_published(client, pothole, citizen):
    """A report made in the portal was not written for the public; nor were staff replies."""
    case = actions.case_submit(
        request_type=pothole,
        resident=citizen,
        answers={},
        summary="Pothole outside number 12, where I live",
    )
    actions.case_acknowledge(case=case)
    actions.case_resolve(case=case, actor=None, message="Dear Sam, we filled it in today.")

    bodies = b"".join(
        client.get(f"{BASE}{path}").content
        for path in (
            f"requests/{case.reference}.json",
            "requests.xml",
            "servicerequestupdates.json",
            "servicerequestupdates.xml",
        )
    )
    assert case.reference.encode() in bodies  # it is listed...
    assert b"number 12" not in bodies  # ...without the resident's words
    assert b"Dear Sam" not in bodies
    request = client.get(f"{BASE}requests/{case.reference}.json").json()[0]
    assert request["description"] == ""
    assert request["status_notes"] == "Fixed"


def test_closed_status_notes_and_filters(client, pothole, api_key):
    reference = report(api_key, "json").json()[0]["service_request_id"]
    case = Case.objects.get(reference=reference)
    actions.case_acknowledge(case=case)
    actions.case_resolve(case=case, actor=None, message="Filled in today.")

    request = client.get(f"{BASE}requests/{reference}.json").json()[0]
    assert request["status"] == "closed"
    assert request["status_notes"] == "Fixed"  # standard words, not what staff wrote
    assert client.get(f"{BASE}requests.json?status=open").json() == []
    assert len(client.get(f"{BASE}requests.json?status=closed").json()) == 1
    assert client.get(f"{BASE}requests.json?service_code=other").json() == []
    assert len(client.get(f"{BASE}requests.json?service_request_id={reference},XXXX").json()) == 1
    assert client.get(f"{BASE}requests.json?start_date=2099-01-01T00:00:00Z").json() == []
    assert_error(client.get(f"{BASE}requests.xml?start_date=yesterday"), 400)
    assert_error(client.get(f"{BASE}requests.json?status=lost"), 400, "json")


def test_service_request_updates(client, pothole, api_key):
    reference = report(api_key, "json").json()[0]["service_request_id"]
    case = Case.objects.get(reference=reference)
    actions.case_acknowledge(case=case)
    actions.case_resolve(case=case, actor=None, message="Filled in today.")

    root = xml(client.get(f"{BASE}servicerequestupdates.xml"))
    assert root.tag == "service_request_updates"
    updates = root.findall("request_update")
    assert [u.findtext("status") for u in updates] == ["OPEN", "CLOSED"]
    last = updates[-1]
    assert last.findtext("service_request_id") == reference
    assert last.findtext("description") == "Fixed"
    assert last.findtext("update_id")
    assert last.find("media_url").text is None
    assert last.findtext("updated_datetime")
    body = client.get(f"{BASE}servicerequestupdates.json").json()
    assert [u["status"] for u in body] == ["OPEN", "CLOSED"]
    assert (
        client.get(f"{BASE}servicerequestupdates.json?start_date=2099-01-01T00:00:00Z").json() == []
    )


def test_non_public_types_are_never_accepted_nor_shown(client, council_tax, api_key, citizen):
    assert_error(report(api_key, service_code="council-tax-move"), 404)
    case = actions.case_submit(
        request_type=council_tax, resident=citizen, answers={}, summary="Moving house"
    )
    assert client.get(f"{BASE}requests.json").json() == []
    assert_error(client.get(f"{BASE}requests/{case.reference}.json"), 404, "json")
    assert client.get(f"{BASE}servicerequestupdates.json").json() == []


@pytest.mark.parametrize("fmt", ["xml", "json"])
def test_bad_api_key_is_refused(fmt, pothole, api_key):
    assert_error(report("not-a-key", fmt), 403, fmt)
    assert_error(report("", fmt), 403, fmt)
    ApiKey.objects.update(active=False)
    assert_error(report(api_key, fmt), 403, fmt)
    assert not Case.objects.exists()


def test_validation_errors(pothole, api_key):
    assert_error(report(api_key, service_code=""), 400)
    assert_error(report(api_key, "json", service_code="nothing"), 404, "json")
    assert_error(report(api_key, lat="", long="", address_string=""), 400)
    assert_error(report(api_key, lat="north", long="-1.5"), 400)
    assert_error(report(api_key, email="not-an-email"), 400)
    assert_error(report(api_key, address_id="999999"), 400)
    assert not Case.objects.exists()
    assert report(api_key, lat="", long="").status_code == 200  # address_string is enough


def test_unknown_ids_and_tokens_are_404(client, pothole):
    assert_error(client.get(f"{BASE}requests/ABCD-EFGH.xml"), 404)
    assert_error(client.get(f"{BASE}requests/nonsense.json"), 404, "json")
    assert_error(client.get(f"{BASE}tokens/12345.xml"), 404)
    assert_error(client.get(f"{BASE}tokens/12345.json"), 404, "json")


def test_the_key_command_prints_the_key_last_and_stores_only_its_hash(capsys):
    call_command("open311_key", "create", "Contractor")
    key = capsys.readouterr().out.strip().splitlines()[-1]

    api_key = ApiKey.objects.get(name="Contractor")
    assert api_key.key_hash == hash_key(key) and key not in api_key.key_hash
    assert key.startswith(api_key.prefix)
    assert open311_actions.api_key_check(key=key) == api_key

    call_command("open311_key", "list")
    listing = capsys.readouterr().out
    assert "Contractor" in listing and key not in listing
    call_command("open311_key", "revoke", "Contractor")
    assert open311_actions.api_key_check(key=key) is None

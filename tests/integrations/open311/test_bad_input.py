"""Bad input on the Open311 server: every mistake a client can make is
a 4xx with a GeoReport error body, never a 500, and nothing reaches the back office.

Also: each service's own questions as GeoReport attributes, checked on POST, and a
per-key rate limit. These tests run on SQLite and, with DATABASE_URL, on PostgreSQL
(where a NUL byte in a query used to be a 500).
"""

import datetime
from urllib.parse import quote
from xml.etree import ElementTree as ET

import pytest
from django.test import Client

from accounts.models import Address
from casework.models import Case
from integrations.open311 import actions as open311_actions
from integrations.outbox.models import Message
from tests.casework.factories import RequestTypeFactory
from tests.factories import AddressFactory

pytestmark = pytest.mark.django_db

BASE = "/open311/v2/"
CENTRE = (52.2, -1.5)  # the gazetteer below: a few streets around here
QUESTIONS = [
    {
        "key": "size",
        "label": "About how big is it?",
        "type": "radios",
        "choices": ["Small", "Large"],
        "required": True,
    },
    {
        "key": "dangerous",
        "label": "Is it dangerous?",
        "hint": "For example, deep enough to damage a tyre",
        "type": "yesno",
        "required": True,
    },
    {"key": "depth", "label": "How deep is it?", "type": "text", "required": False},
    {"key": "notes", "label": "Anything else?", "type": "textarea", "required": False},
]
ANSWERS = {"attribute[size]": "Large", "attribute[dangerous]": "yes"}


@pytest.fixture(autouse=True)
def gazetteer(db):
    """Addresses 1 km either side of the centre: the council's area, with a margin."""
    for d_lat, d_lon in ((-0.009, -0.015), (0, 0), (0.009, 0.015)):
        AddressFactory(latitude=CENTRE[0] + d_lat, longitude=CENTRE[1] + d_lon)


@pytest.fixture
def pothole(db):
    return RequestTypeFactory(
        service="highways", slug="pothole", name="Pothole", public=True, questions=QUESTIONS
    )


@pytest.fixture
def graffiti(db):
    return RequestTypeFactory(service="highways", slug="graffiti", name="Graffiti", public=True)


@pytest.fixture
def api_key(pothole):
    return open311_actions.api_key_create(name="FixMyStreet")[1]


def post(data: dict, fmt: str = "json"):
    return Client(enforce_csrf_checks=True).post(f"{BASE}requests.{fmt}", data)


def report(key, fmt="json", **extra):
    data = {
        "api_key": key,
        "service_code": "pothole",
        "lat": str(CENTRE[0]),
        "long": str(CENTRE[1]),
        "description": "A deep pothole by the bus stop",
        **ANSWERS,
        **extra,
    }
    return post({key: value for key, value in data.items() if value is not None}, fmt)


def errors(response, fmt: str) -> list[tuple[int, str]]:
    """The GeoReport error list: (code, description) for each error."""
    if fmt == "xml":
        assert response["Content-Type"].startswith("text/xml")
        root = ET.fromstring(response.content)  # noqa: S314 - our own response, in a test
        assert root.tag == "errors"
        found = [(int(e.findtext("code")), e.findtext("description")) for e in root]
    else:
        assert response["Content-Type"].startswith("application/json")
        found = [(e["code"], e["description"]) for e in response.json()]
    assert found and all(description for _code, description in found)
    return found


def assert_refused(response, status: int, fmt: str = "json", says: str = "") -> None:
    assert response.status_code == status, response.content
    found = errors(response, fmt)
    assert all(code == status for code, _description in found)
    if says:
        assert any(says in description for _code, description in found), found


# --- Service definitions: each category's own questions ------------------------------------


def test_the_service_definition_publishes_the_categorys_own_questions(client, pothole):
    body = client.get(f"{BASE}services/pothole.json").json()

    assert body["service_code"] == "pothole"
    assert body["attributes"] == [
        {
            "variable": True,
            "code": "size",
            "datatype": "singlevaluelist",
            "required": True,
            "datatype_description": "",
            "order": 1,
            "description": "About how big is it?",
            "values": [{"key": "Small", "name": "Small"}, {"key": "Large", "name": "Large"}],
        },
        {
            "variable": True,
            "code": "dangerous",
            "datatype": "singlevaluelist",
            "required": True,
            "datatype_description": "For example, deep enough to damage a tyre",
            "order": 2,
            "description": "Is it dangerous?",
            "values": [{"key": "yes", "name": "Yes"}, {"key": "no", "name": "No"}],
        },
        {
            "variable": True,
            "code": "depth",
            "datatype": "string",
            "required": False,
            "datatype_description": "",
            "order": 3,
            "description": "How deep is it?",
        },
        {
            "variable": True,
            "code": "notes",
            "datatype": "text",
            "required": False,
            "datatype_description": "",
            "order": 4,
            "description": "Anything else?",
        },
    ]


def test_the_service_definition_in_xml_and_the_services_list_say_there_are_questions(
    client, pothole, graffiti
):
    root = ET.fromstring(client.get(f"{BASE}services/pothole.xml").content)  # noqa: S314
    attributes = root.findall("attributes/attribute")
    assert [a.findtext("code") for a in attributes] == ["size", "dangerous", "depth", "notes"]
    assert attributes[0].findtext("variable") == "true"
    assert attributes[0].findtext("required") == "true"
    values = attributes[0].findall("values/value")
    assert [(v.findtext("key"), v.findtext("name")) for v in values] == [
        ("Small", "Small"),
        ("Large", "Large"),
    ]

    listed = {s["service_code"]: s["metadata"] for s in client.get(f"{BASE}services.json").json()}
    assert listed == {"pothole": True, "graffiti": False}
    root = ET.fromstring(client.get(f"{BASE}services.xml").content)  # noqa: S314
    assert {s.findtext("service_code"): s.findtext("metadata") for s in root} == {
        "pothole": "true",
        "graffiti": "false",
    }


def test_a_question_an_administrator_got_wrong_is_not_published(client, db):
    RequestTypeFactory(
        slug="broken", public=True, questions=[{"key": "no good", "label": ""}, QUESTIONS[2]]
    )
    attributes = client.get(f"{BASE}services/broken.json").json()["attributes"]
    assert [a["code"] for a in attributes] == ["depth"]


# --- Attributes on POST -------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_answers_to_the_services_questions_are_kept_on_the_case(api_key, fmt):
    response = report(api_key, fmt, **{"attribute[depth]": " 10cm ", "attribute[notes]": ""})

    assert response.status_code == 200, response.content
    case = Case.objects.get()
    assert case.answers == {
        "description": "A deep pothole by the bus stop",
        "size": "Large",
        "dangerous": True,
        "depth": "10cm",
    }


@pytest.mark.parametrize(
    ("extra", "says"),
    [
        ({"attribute[size]": None}, "attribute[size]"),
        ({"attribute[dangerous]": ""}, "attribute[dangerous]"),
        ({"attribute[size]": "Enormous"}, "attribute[size]"),
        ({"attribute[dangerous]": "maybe"}, "attribute[dangerous]"),
        ({"attribute[colour]": "red"}, "attribute[colour]"),
        ({"attribute[depth]": "x" * 2001}, "attribute[depth]"),
        ({"attribute[size]": ["Small", "Large"]}, "attribute[size]"),
        ({f"attribute[extra{n}]": "x" for n in range(25)}, "at most"),
    ],
    ids=[
        "missing",
        "blank",
        "not-a-choice",
        "not-yes-or-no",
        "unknown",
        "too-long",
        "two-values",
        "too-many",
    ],
)
def test_wrong_answers_to_the_services_questions_are_refused(api_key, extra, says):
    assert_refused(report(api_key, **extra), 400, says=says)
    assert not Case.objects.exists()


def test_a_service_without_questions_takes_no_attributes(api_key, graffiti):
    assert_refused(report(api_key, service_code="graffiti"), 400, says="attribute[size]")
    assert report(api_key, service_code="graffiti", **dict.fromkeys(ANSWERS)).status_code == 200


# --- Where, and media ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lat", "long"),
    [("0", "0"), ("-33.8688", "151.2093"), (str(CENTRE[0] + 0.05), str(CENTRE[1]))],
    ids=["null-island", "sydney", "5km-north"],
)
def test_a_point_outside_the_councils_area_is_refused(api_key, lat, long):
    assert_refused(report(api_key, lat=lat, long=long), 400, says="outside")
    assert not Case.objects.exists()
    assert not Message.objects.exists()


def test_a_point_near_the_edge_of_the_area_is_accepted(api_key):
    response = report(api_key, lat=str(CENTRE[0] + 0.02), long=str(CENTRE[1] - 0.03))
    assert response.status_code == 200, response.content


def test_without_a_gazetteer_the_area_is_not_known_and_points_are_accepted(api_key):
    Address.objects.all().delete()
    assert report(api_key, lat="0", long="0").status_code == 200


@pytest.mark.parametrize(
    "url", ["javascript:alert(1)", "data:text/html,hi", "ftp://example.org/a.jpg", "photo.jpg"]
)
def test_media_url_must_be_a_web_address(api_key, url):
    assert_refused(report(api_key, media_url=url), 400, says="media_url")
    assert not Case.objects.exists()


def test_a_web_address_for_media_is_kept(api_key):
    assert report(api_key, media_url="https://example.org/pothole.jpg").status_code == 200
    assert Case.objects.get().answers["media_url"] == "https://example.org/pothole.jpg"


# --- Date ranges ---------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["requests", "servicerequestupdates"])
def test_a_range_of_up_to_90_days_is_answered_and_a_longer_one_is_refused(client, path):
    start = datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)
    within = {"start_date": start.isoformat(), "end_date": (start.replace(month=4)).isoformat()}
    assert client.get(f"{BASE}{path}.json", within).json() == []

    beyond = {**within, "end_date": (start + datetime.timedelta(days=91)).isoformat()}
    assert_refused(client.get(f"{BASE}{path}.json", beyond), 400, says="90 days")
    backwards = {"start_date": within["end_date"], "end_date": within["start_date"]}
    assert_refused(client.get(f"{BASE}{path}.xml", backwards), 400, "xml", says="end_date")


# --- Rate limit ----------------------------------------------------------------------------


def test_each_key_may_post_only_so_many_requests_a_minute(settings, api_key):
    settings.OPEN311_POSTS_PER_MINUTE = 2
    other_key = open311_actions.api_key_create(name="Contractor")[1]

    assert [report(api_key).status_code for _ in range(2)] == [200, 200]
    refused = report(api_key, "xml")
    assert_refused(refused, 429, "xml", says="Too many")
    assert 1 <= int(refused["Retry-After"]) <= 60
    assert report(other_key).status_code == 200  # another client is not held up
    assert Case.objects.count() == 3


def test_the_rate_limit_lets_requests_through_when_the_cache_is_down(
    settings, api_key, monkeypatch
):
    settings.OPEN311_POSTS_PER_MINUTE = 1

    class DownCache:
        def __getattr__(self, name):
            def refuse(*args, **kwargs):
                raise ConnectionError("cache is down")

            return refuse

    monkeypatch.setattr(open311_actions, "cache", DownCache())
    assert [report(api_key).status_code for _ in range(3)] == [200, 200, 200]


# --- Fuzzed input: every endpoint, every format --------------------------------------------

BAD_QUERIES = [
    {"start_date": "2026-02-30T00:00:00Z"},
    {"start_date": "2026-01-01T00:00:00+99:99"},
    {"end_date": "2026-13-01T00:00:00Z"},
    {"end_date": "yesterday"},
    {"end_date": "0001-01-01T00:00:00+01:00"},
    {"start_date": "2026-01-01T00:00:00Z", "end_date": "2026-06-01T00:00:00Z"},
    {"start_date": "2026-01-01T00:00:00Z\x00"},
    {"status": "open\x00"},
    {"service_code": "pothole\x00"},
    {"service_request_id": "ABCD-EFGH\x00"},
    {"jurisdiction_id": "\x00"},
    {"service_code": "pothole\x01"},  # XML 1.0 cannot carry it: the error must still parse
    {"x\x00": "1"},
]
BAD_POSTS = [
    {"lat": "0", "long": "0"},
    {"lat": "-33.8688", "long": "151.2093"},
    {"lat": "nan", "long": "nan"},
    {"lat": "inf", "long": "-inf"},
    {"lat": "91", "long": "-1.5"},
    {"lat": "52.2", "long": None},
    {"address_id": "²"},
    {"address_id": "99999999999999999999999"},
    {"address_id": "-1"},
    {"media_url": "javascript:alert(1)"},
    {"email": "pat@example\x00.org"},
    {"description": "A pothole\x00"},
    {"description": "A pothole\x1b[31m"},  # stored, it would break every XML list
    {"first_name": "\x00"},
    {"address_string": "High Street\x00"},
    {"service_code": "pothole\x00"},
    {"api_key": "\x00"},
    {"attribute[size]": "Large\x00"},
    {"attribute[size\x00]": "Large"},
    {"attribute[depth]": "x" * 100_000},
    {"attribute[colour]": "red"},
    {"description": "x" * 4001},
    {"\x00": "x"},
]


@pytest.mark.parametrize("fmt", ["json", "xml"])
@pytest.mark.parametrize("path", ["requests", "servicerequestupdates"])
@pytest.mark.parametrize("query", BAD_QUERIES, ids=repr)
def test_fuzzed_queries_are_a_400_with_a_georeport_error(client, pothole, fmt, path, query):
    assert_refused(client.get(f"{BASE}{path}.{fmt}", query), 400, fmt)


@pytest.mark.parametrize("name", ["service_code", "service_request_id"])
def test_at_most_100_codes_or_ids_in_one_query(client, name):
    codes = [f"code-{n}" for n in range(101)]
    assert_refused(client.get(f"{BASE}requests.json", {name: ",".join(codes)}), 400, says=name)
    assert client.get(f"{BASE}requests.json", {name: ",".join(codes[:100])}).status_code == 200


@pytest.mark.parametrize("fmt", ["json", "xml"])
@pytest.mark.parametrize("extra", BAD_POSTS, ids=repr)
def test_fuzzed_posts_are_a_400_with_a_georeport_error(api_key, fmt, extra):
    assert_refused(report(api_key, fmt, **extra), 400, fmt)
    assert not Case.objects.exists()


@pytest.mark.parametrize("fmt", ["json", "xml"])
@pytest.mark.parametrize(
    "path",
    [
        "requests/ABCD-EF\x00GH",
        "requests/\x00",
        "tokens/12\x0034",
        "services/pothole",
        "discovery",
        "services",
    ],
)
def test_nul_bytes_in_the_path_or_query_of_any_endpoint_are_a_400(client, pothole, fmt, path):
    assert_refused(client.get(f"{BASE}{quote(path)}.{fmt}", {"q": "\x00"}), 400, fmt)
    if "\x00" in path:
        assert_refused(client.get(f"{BASE}{quote(path)}.{fmt}"), 400, fmt)

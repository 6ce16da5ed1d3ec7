"""The Open311 GeoReport v2 client's contract, from recorded answers."""

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from integrations import connectors
from integrations.open311_client import mapping
from integrations.outbox.registry import Outcome

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "open311_client"
SETTINGS = {
    "endpoint": "https://council.example/open311/v2/",
    "service_code": "POTHOLE",
    "api_key_env": "OPEN311_KEY",
    "jurisdiction_id": "millbrook.gov.uk",
    "attributes": {"size": "POTHOLE_SIZE", "hazards": "HAZARDS", "missing": "NOPE"},
}
CASE = {
    "reference": "K7P3-9XQ2",
    "summary": "A deep pothole outside number 4",
    "answers": {"size": "deep", "hazards": ["cyclists", "buses"], "near_school": True},
    "address": {"lines": ["4 Mill Lane", "Millbrook"], "postcode": "MB1 2AB"},
    "latitude": 52.1,
    "longitude": -1.2,
    "location_text": "Mill Lane, outside number 4",
    "contact": {"name": "Sam de Smith", "email": "sam@example.org", "phone": "07700 900123"},
}


def fixture(name) -> bytes:
    return (FIXTURES / name).read_bytes()


# --- What is sent ------------------------------------------------------------------------


def test_the_form_carries_the_service_location_contact_answers_and_our_reference():
    fields = mapping.request_form(CASE, SETTINGS, api_key="k" * 20)
    assert fields == [
        ("api_key", "k" * 20),
        ("service_code", "POTHOLE"),
        ("jurisdiction_id", "millbrook.gov.uk"),
        ("lat", "52.1"),
        ("long", "-1.2"),
        ("address_string", "Mill Lane, outside number 4"),
        (
            "description",
            "A deep pothole outside number 4\n\nsize: deep\nhazards: cyclists, buses\n"
            "near_school: true",
        ),
        ("email", "sam@example.org"),
        ("first_name", "Sam"),
        ("last_name", "de Smith"),
        ("phone", "07700 900123"),
        ("attribute[portal_reference]", "K7P3-9XQ2"),
        ("attribute[POTHOLE_SIZE]", "deep"),
        ("attribute[HAZARDS][]", "cyclists"),
        ("attribute[HAZARDS][]", "buses"),
    ]
    body = mapping.encode_form(fields).decode()
    assert "attribute%5BPOTHOLE_SIZE%5D=deep" in body


def test_without_coordinates_the_address_is_the_location():
    case = {**CASE, "latitude": None, "longitude": None, "location_text": ""}
    fields = dict(mapping.request_form(case, SETTINGS, api_key="k"))
    assert "lat" not in fields and "long" not in fields
    assert fields["address_string"] == "4 Mill Lane, Millbrook, MB1 2AB"


def test_urls_take_the_format_and_the_jurisdiction():
    assert (
        mapping.url(SETTINGS, "requests")
        == "https://council.example/open311/v2/requests.xml?jurisdiction_id=millbrook.gov.uk"
    )
    json_settings = {**SETTINGS, "format": "json", "jurisdiction_id": ""}
    assert (
        mapping.url(json_settings, "requests", [("service_request_id", "1,2")])
        == "https://council.example/open311/v2/requests.json?service_request_id=1%2C2"
    )
    assert mapping.token_path("a/b") == "tokens/a%2Fb"


# --- What an answer to POST means --------------------------------------------------------


@pytest.mark.parametrize("name", ["post_created.xml", "post_created.json"])
def test_a_created_request_is_delivered_with_its_id(name):
    result = mapping.result_from_response(200, fixture(name))
    assert result.outcome == Outcome.DELIVERED
    assert result.data == {"external_reference": "638344"}


def test_a_token_only_answer_is_delivered_and_remembered_as_a_token():
    """Sending again would report the pothole twice; polling learns the id later."""
    result = mapping.result_from_response(201, fixture("post_token.xml"))
    assert result.outcome == Outcome.DELIVERED
    assert result.data == {"external_reference": "token:12345-abcde"}
    assert mapping.token_request_id(fixture("token_found.json")) == "638349"


def test_an_open311_error_fails_with_its_description_but_no_personal_data():
    fields = mapping.request_form(CASE, SETTINGS, api_key="k" * 20)
    result = mapping.result_from_response(
        400,
        fixture("error_400.xml").replace(b"sam.smith@", b"sam@"),
        personal=mapping.personal_values(fields),
    )
    assert result.outcome == Outcome.FAILED
    assert result.detail.startswith("HTTP 400 from the back office: email [removed] is not valid")
    assert "phone [removed] is not a landline" in result.detail
    for personal in ("sam@example.org", "07700 900123", "Sam"):
        assert personal not in result.detail


def test_what_looks_like_an_address_or_phone_is_removed_even_if_we_did_not_send_it():
    result = mapping.result_from_response(400, fixture("error_400.xml"))
    assert "sam.smith@example.org" not in result.detail
    assert "07700 900123" not in result.detail


def test_a_bad_api_key_fails_for_good():
    result = mapping.result_from_response(403, fixture("error_403.json"))
    assert result.outcome == Outcome.FAILED
    assert result.detail == "HTTP 403 from the back office: Invalid api_key"


@pytest.mark.parametrize("status", [408, 429, 500, 502, 503])
def test_passing_failures_are_retried(status):
    result = mapping.result_from_response(status, fixture("unavailable.html"))
    assert result.outcome == Outcome.RETRY
    assert result.detail == f"HTTP {status} from the back office"


@pytest.mark.parametrize(
    "body", [b"", b"<html>ok</html>", b"[]", b"[{}]", b'{"a": 1, "b": 2}', b"<errors/>"]
)
def test_a_2xx_without_a_request_id_needs_a_person(body):
    assert mapping.result_from_response(200, body).outcome == Outcome.FAILED


def test_a_redirect_is_not_followed_and_needs_a_person():
    result = mapping.result_from_response(302, b"")
    assert result.outcome == Outcome.FAILED and "302" in result.detail


def test_no_answer_at_all_is_retried():
    result = mapping.result_from_error(TimeoutError("timed out"))
    assert result.outcome == Outcome.RETRY and "TimeoutError" in result.detail


# --- Status coming back ------------------------------------------------------------------


def test_fixmystreet_updates_become_our_statuses_oldest_first():
    updates = mapping.updates_from_request_updates(fixture("updates_fixmystreet.xml"))
    assert [(u.reference, u.status, u.message, u.update_id) for u in updates] == [
        ("638344", "in_progress", "A crew is booked for Monday.", "9001"),
        ("638344", "resolved", "Filled and rolled.", "9002"),
        ("638345", "rejected", "This is not something the council is responsible for.", "9003"),
        ("638346", "closed", "Already reported as 638001.", "9004"),
        ("638348", "in_progress", "An inspector will visit.", "9006"),
    ]  # 9005: OPEN with no words is no news
    assert updates[0].at == datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
    assert all(u.public for u in updates)


def test_json_updates_and_the_external_status_code():
    updates = mapping.updates_from_request_updates(fixture("updates.json"))
    assert [(u.reference, u.status, u.message) for u in updates] == [
        ("638344", "closed", "The council has closed this report."),
        ("638345", "closed", "Not dangerous enough to repair this year."),
    ]


def test_get_requests_gives_each_state_once():
    updates = mapping.updates_from_requests(fixture("requests.xml"))
    assert [(u.reference, u.status, u.message) for u in updates] == [
        ("638344", "resolved", "Filled and rolled."),  # plain GeoReport "closed" is done
        ("638346", "", "Inspected: repair booked."),
    ]
    again = mapping.updates_from_requests(fixture("requests.xml"))
    assert [u.update_id for u in updates] == [u.update_id for u in again]
    changed = fixture("requests.xml").replace(b"repair booked", b"repair done")
    assert mapping.updates_from_requests(changed)[1].update_id != updates[1].update_id


@pytest.mark.parametrize("name", ["garbage.xml", "bomb.xml", "unavailable.html"])
def test_garbage_and_entity_bombs_are_refused(name):
    with pytest.raises(mapping.Garbage):
        mapping.updates_from_request_updates(fixture(name))


def test_an_answer_too_large_is_refused():
    with pytest.raises(mapping.Garbage, match="too large"):
        mapping.read_list(b"[" + b" " * mapping.MAX_BODY + b"]", "service_requests")


@pytest.mark.parametrize(
    ("status", "code", "expected"),
    [
        ("FIXED", "", "resolved"),
        ("fixed - council", "", "resolved"),
        ("In progress", "", "in_progress"),
        ("INTERNAL_REFERRAL", "", "closed"),
        ("NO_FURTHER_ACTION", "", "closed"),
        ("not councils responsibility", "", "rejected"),
        ("OPEN", "", ""),
        ("MADE_UP", "", ""),
        ("", "ACTION_SCHEDULED", "in_progress"),
    ],
)
def test_status_words(status, code, expected):
    assert mapping.our_status(status, code)[0] == expected


def test_the_window_starts_a_day_back_then_overlaps_the_last_poll():
    now = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)
    assert mapping.updates_window("", now) == (now - timedelta(days=1), now)
    assert mapping.updates_window("nonsense", now) == (now - timedelta(days=1), now)
    start, end = mapping.updates_window("2026-03-02T11:55:00Z", now)
    assert start == datetime(2026, 3, 2, 11, 45, tzinfo=UTC) and end == now
    assert mapping.w3c(end) == "2026-03-02T12:00:00Z"


# --- Settings ----------------------------------------------------------------------------


def test_good_settings_pass():
    assert mapping.validate_settings(SETTINGS, {"OPEN311_KEY": "x"}) == []
    minimal = {"endpoint": "http://127.0.0.1:8765/open311/v2", "service_code": "P"}
    assert mapping.validate_settings({**minimal, "api_key_env": "K"}, {"K": "x"}) == []
    full = {**minimal, "api_key_env": "K", "format": "json", "updates": "requests", "timeout": 5}
    assert mapping.validate_settings({**full, "name": "Highways"}, {"K": "x"}) == []


@pytest.mark.parametrize(
    ("change", "says"),
    [
        ({"endpoint": "ftp://council.example/"}, "'endpoint' must be the http"),
        ({"endpoint": "https://council.example/v2/requests.xml"}, "base address"),
        ({"endpoint": "https://council.example/v2?x=1"}, "base address"),
        ({"service_code": ""}, "'service_code'"),
        ({"api_key": "abc"}, "Do not put the API key itself"),
        ({"api_key_env": "not a name"}, "environment variable"),
        ({"api_key_env": "MISSING_KEY"}, "is not set"),
        ({"format": "csv"}, "'format'"),
        ({"updates": "webhook"}, "'updates'"),
        ({"attributes": {"size": "SIZE[]"}}, "'attributes'"),
        ({"attributes": ["size"]}, "'attributes'"),
        ({"timeout": 0}, "'timeout'"),
        ({"jurisdiction_id": 7}, "'jurisdiction_id'"),
        ({"colour": "red"}, "Unknown settings: colour."),
    ],
)
def test_bad_settings_are_explained(change, says):
    errors = mapping.validate_settings({**SETTINGS, **change}, {"OPEN311_KEY": "x"})
    assert any(says in error for error in errors), errors


def test_the_key_comes_only_from_the_environment():
    assert mapping.resolve_api_key(SETTINGS, {"OPEN311_KEY": "key"}) == "key"
    assert mapping.resolve_api_key({"api_key": "key"}, {}) == ""


def test_the_connector_is_registered_with_a_poll():
    found = connectors.connector("open311")
    assert found is not None and found.poll is not None
    assert found.label == "Open311 GeoReport v2" and found.kind == "connector.open311"


def test_the_uprn_goes_as_address_id_and_the_first_photo_as_media_url():
    photo = {"name": "pothole.jpg", "content_type": "image/jpeg", "url": "https://p.example/f/1"}
    plan = {"name": "plan.pdf", "content_type": "application/pdf", "url": "https://p.example/f/2"}
    case = {**CASE, "address": {**CASE["address"], "uprn": "100070000001"}}

    one = dict(mapping.request_form({**case, "attachments": [photo]}, SETTINGS, api_key="k"))
    assert one["address_id"] == "100070000001"
    assert one["media_url"] == "https://p.example/f/1"
    assert "Files:" not in one["description"]  # the one photo is the media_url

    both = dict(mapping.request_form({**case, "attachments": [photo, plan]}, SETTINGS, api_key="k"))
    assert both["media_url"] == "https://p.example/f/1"
    assert both["description"].endswith("Files:\nhttps://p.example/f/1\nhttps://p.example/f/2")

    only_pdf = dict(mapping.request_form({**case, "attachments": [plan]}, SETTINGS, api_key="k"))
    assert "media_url" not in only_pdf  # GeoReport's media_url is for an image
    assert only_pdf["description"].endswith("Files:\nhttps://p.example/f/2")
    assert "address_id" not in dict(mapping.request_form(CASE, SETTINGS, api_key="k"))

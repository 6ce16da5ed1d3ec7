"""The JSON webhook connector's contract, from recorded requests and responses."""

import hashlib
import hmac
import json
import socket
from pathlib import Path

import pytest

from integrations import connectors
from integrations.outbox.registry import Outcome, handler_for
from integrations.webhook import inbound, mapping
from integrations.webhook.tasks import deliver_case

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "webhook"
RESPONSES = json.loads((FIXTURES / "responses.json").read_text())
RECORDED = json.loads((FIXTURES / "request.json").read_text())
SECRET = "s" * 40


def response(name):
    recorded = RESPONSES[name]
    return mapping.result_from_response(recorded["status"], recorded["body"].encode())


# --- What an answer means --------------------------------------------------------------


def test_201_with_a_reference_is_delivered_with_it():
    result = response("created_with_reference")
    assert result.outcome == Outcome.DELIVERED
    assert result.data == {"external_reference": "HW-2024-00042"}


def test_a_numeric_reference_is_kept_as_text():
    assert response("ok_numeric_reference").data == {"external_reference": "90817"}


@pytest.mark.parametrize("name", ["unavailable", "rate_limited", "timeout"])
def test_passing_failures_are_retried(name):
    result = response(name)
    assert result.outcome == Outcome.RETRY
    assert str(RESPONSES[name]["status"]) in result.detail


@pytest.mark.parametrize("name", ["bad_request", "unauthorised", "redirect"])
def test_other_answers_fail_for_good(name):
    assert response(name).outcome == Outcome.FAILED


@pytest.mark.parametrize(
    "name", ["garbage_html_200", "ok_without_reference", "ok_empty_reference", "ok_json_list"]
)
def test_a_2xx_without_a_usable_reference_is_garbage_and_needs_a_person(name):
    result = response(name)
    assert result.outcome == Outcome.FAILED
    assert "reference" in result.detail or "JSON" in result.detail


def test_errors_never_quote_what_the_back_office_sent():
    """The 400 echoes the resident's e-mail: staff see the status, not the body."""
    assert "sam@example.org" not in response("bad_request").detail


def test_no_answer_at_all_is_retried():
    result = mapping.result_from_error(ConnectionRefusedError("refused"))
    assert result.outcome == Outcome.RETRY
    assert "ConnectionRefusedError" in result.detail


# --- What is sent ------------------------------------------------------------------------


def test_the_request_is_as_recorded_signed_over_the_raw_body():
    body = mapping.request_body(RECORDED["case"])
    assert body.decode() == RECORDED["body"]
    headers = mapping.request_headers(
        secret=RECORDED["secret"], body=body, idempotency_key=RECORDED["idempotency_key"]
    )
    assert headers == RECORDED["headers"]
    expected = hmac.new(RECORDED["secret"].encode(), body, hashlib.sha256).hexdigest()
    assert headers["X-Portal-Signature"] == f"sha256={expected}"
    assert headers["Idempotency-Key"] == "case-K7P3-9XQ2-submit"
    assert json.loads(body)["schema"] == mapping.SCHEMA


def test_signature_verification():
    body = RECORDED["body"].encode()
    good = RECORDED["headers"]["X-Portal-Signature"]
    assert mapping.verify_signature(RECORDED["secret"], body, good)
    assert not mapping.verify_signature(RECORDED["secret"], body + b" ", good)
    assert not mapping.verify_signature("another-secret-" + "x" * 30, body, good)
    assert not mapping.verify_signature(RECORDED["secret"], body, good.removeprefix("sha256="))
    assert not mapping.verify_signature(RECORDED["secret"], body, "")
    assert not mapping.verify_signature(RECORDED["secret"], body, None)
    assert not mapping.verify_signature("", body, mapping.sign("", body))


# --- Settings ----------------------------------------------------------------------------


def test_good_settings_pass():
    assert (
        mapping.validate_settings(
            {"url": "https://bo.example/cases", "secret_env": "BO_SECRET"}, {"BO_SECRET": SECRET}
        )
        == []
    )
    assert (
        mapping.validate_settings(
            {"url": "http://127.0.0.1:8765/cases", "secret_env": "BO_SECRET", "timeout": 5},
            {"BO_SECRET": SECRET},
        )
        == []
    )


@pytest.mark.parametrize(
    ("given", "says"),
    [
        ({"secret_env": "BO_SECRET"}, "'url'"),
        ({"url": "ftp://bo.example/", "secret_env": "BO_SECRET"}, "'url'"),
        ({"url": "https:///nohost", "secret_env": "BO_SECRET"}, "'url'"),
        ({"url": "https://bo.example/"}, "'secret_env' must name"),
        ({"url": "https://bo.example/", "secret": SECRET}, "Do not put the secret itself"),
        ({"url": "https://bo.example/", "secret_env": "not a name"}, "environment variable"),
        ({"url": "https://bo.example/", "secret_env": "MISSING_SECRET"}, "is not set"),
        ({"url": "https://bo.example/", "secret_env": "SHORT_SECRET"}, "at least 32"),
        ({"url": "https://bo.example/", "secret_env": "BO_SECRET", "timeout": 600}, "'timeout'"),
        ({"url": "https://bo.example/", "secret_env": "BO_SECRET", "colour": "red"}, "Unknown"),
    ],
)
def test_bad_settings_are_explained(given, says):
    errors = mapping.validate_settings(given, {"SHORT_SECRET": "abc", "BO_SECRET": SECRET})
    assert any(says in error for error in errors), errors


def test_the_secret_comes_only_from_the_environment():
    assert mapping.resolve_secret({"secret_env": "BO_SECRET"}, {"BO_SECRET": SECRET}) == SECRET
    assert mapping.resolve_secret({"secret": SECRET}, {}) == ""  # never from the database
    assert mapping.resolve_secret({"secret_env": "BO_SECRET"}, {}) == ""


# --- The registry ------------------------------------------------------------------------


def test_the_webhook_connector_is_registered_with_its_outbox_handler():
    found = connectors.connector("webhook")
    assert found is not None and found.kind == "connector.webhook"
    assert handler_for("connector.webhook") is deliver_case
    assert ("webhook", "JSON webhook") in connectors.connector_choices()
    assert connectors.validate_connector_settings("nope", {}) == [
        "There is no connector called 'nope'."
    ]
    assert connectors.validate_connector_settings("", {}) == []


def test_unusable_settings_fail_for_good_without_a_call():
    result = deliver_case({"settings": {"url": "https://bo.example/"}, "case": {}}, "key")
    assert result.outcome == Outcome.FAILED


def test_a_back_office_that_is_down_means_retry(monkeypatch):
    monkeypatch.setenv("BO_SECRET", SECRET)
    with socket.socket() as sock:  # a port nobody listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    result = deliver_case(
        {
            "settings": {"url": f"http://127.0.0.1:{port}/cases", "secret_env": "BO_SECRET"},
            "case": {},
        },
        "key",
    )
    assert result.outcome == Outcome.RETRY


# --- Inbound status updates --------------------------------------------------------------


def test_a_status_update_is_parsed():
    update = inbound.parse(
        b'{"reference": " BO-000001 ", "status": "resolved", "message": "Fixed"}'
    )
    assert update == inbound.StatusUpdate("BO-000001", "resolved", "Fixed", True)
    assert inbound.parse(b'{"reference": "X", "message": "Note", "public": false}').public is False


@pytest.mark.parametrize(
    "body",
    [
        b"not json",
        b"[]",
        b'{"status": "resolved"}',
        b'{"reference": "X"}',
        b'{"reference": "X", "status": "exploded"}',
        b'{"reference": "X", "status": "resolved", "public": "yes"}',
        b'{"reference": "X", "message": 42}',
        b'{"reference": "' + b"X" * 101 + b'", "status": "resolved"}',
    ],
)
def test_what_is_not_a_status_update_is_refused(body):
    with pytest.raises(inbound.InvalidUpdate):
        inbound.parse(body)

"""The e-mail connector's message and settings, without sending anything."""

import smtplib

import pytest

from integrations import connectors
from integrations.email_connector import mapping
from integrations.email_connector.tasks import deliver_case
from integrations.outbox.registry import Outcome, handler_for

CASE = {
    "reference": "K7P3-9XQ2",
    "request_type": {"slug": "report-a-pothole", "name": "Report a pothole"},
    "summary": "Deep pothole",
    "answers": {"pothole_depth": "Deeper than 5cm", "is_it_on_a_bend": True, "empty": ""},
    "address": {
        "lines": ["4 Mill Lane", "Millbrook"],
        "uprn": "100012345678",
        "postcode": "MB1 1AA",
        "ward": "E05000001",
        "ward_name": "Mill Ward",
    },
    "latitude": 52.1,
    "longitude": -1.2,
    "location_text": "Outside number 4",
    "channel": "web",
    "created_at": "2024-05-01T09:00:00+00:00",
    "due_date": "2024-05-08",
    "contact": {"name": "Sam Resident", "email": "sam@example.org", "phone": "07700 900982"},
}
SETTINGS = {"to": ["highways@millbrook.gov.uk"], "cc": "roads.manager@millbrook.gov.uk"}


def build(**overrides):
    return mapping.build_email(
        CASE,
        settings=SETTINGS,
        idempotency_key="case-K7P3-9XQ2-submit",
        mailbox="replies@portal.millbrook.gov.uk",
        portal_name="My Millbrook",
        secret="a-test-secret-key",
        **overrides,
    )


def test_the_subject_carries_the_reference_in_a_fixed_form():
    email = build()
    assert email.subject == "[Ref K7P3-9XQ2] Report a pothole"
    assert mapping.SUBJECT_REFERENCE.search(f"RE: FW: {email.subject}").group(1) == "K7P3-9XQ2"


def test_the_body_lists_everything_needed_to_act_without_rekeying():
    body = build().body
    for line in [
        "Reference:    K7P3-9XQ2",
        "Request type: Report a pothole",
        "Received:     1 May 2024, 10:00 BST",
        "Target date:  Wednesday 8 May 2024",
        "Pothole depth:",
        "Deeper than 5cm",
        "Is it on a bend:",
        "Address:",
        "4 Mill Lane, Millbrook",
        "100012345678",
        "Mill Ward",
        "https://www.openstreetmap.org/?mlat=52.100000&mlon=-1.200000",
        "Sam Resident",
        "sam@example.org",
        "07700 900982",
        "Status: resolved",  # how to reply
    ]:
        assert line in body, line
    assert "Empty" not in body  # unanswered questions are left out


def test_photos_are_linked_so_the_team_can_see_them():
    photo = {"name": "pothole.jpg", "content_type": "image/jpeg", "url": "https://p.example/f/1"}
    body = mapping.build_email(
        {**CASE, "attachments": [photo]},
        settings=SETTINGS,
        idempotency_key="case-K7P3-9XQ2-submit",
        mailbox="replies@portal.millbrook.gov.uk",
        portal_name="My Millbrook",
        secret="a-test-secret-key",
    ).body
    assert "Photos and files" in body
    assert "pothole.jpg: https://p.example/f/1" in body
    assert "Photos and files" not in build().body  # no section without files


def test_the_html_alternative_is_escaped():
    case = {**CASE, "summary": "<script>alert(1)</script>"}
    html = mapping.html_body(case, portal_name="My Millbrook")
    assert "<script>" not in html and "&lt;script&gt;" in html


def test_recipients_and_the_signed_reply_to_address():
    email = build()
    assert email.to == ["highways@millbrook.gov.uk"]
    assert email.cc == ["roads.manager@millbrook.gov.uk"]
    local, _, domain = email.reply_to.partition("@")
    assert domain == "portal.millbrook.gov.uk"
    box, _, token = local.partition("+")
    reference, _, signature = token.partition(".")
    assert (box, reference) == ("replies", "K7P39XQ2")
    assert mapping.reply_signature_ok("K7P3-9XQ2", signature, secret="a-test-secret-key")
    # A mail server may lower-case the address: still good.
    assert mapping.reply_signature_ok("k7p39xq2", signature.upper(), secret="a-test-secret-key")
    # The same signature does not name another case, nor hold under another key.
    assert not mapping.reply_signature_ok("K7P3-9XQ3", signature, secret="a-test-secret-key")
    assert not mapping.reply_signature_ok("K7P3-9XQ2", signature, secret="another-key")


def test_the_message_id_is_the_same_for_every_attempt_and_fits_a_reference():
    first, again = build(), build()
    assert first.headers["Message-ID"] == again.headers["Message-ID"]
    assert first.headers["Message-ID"] == "<case-K7P3-9XQ2-submit@portal.millbrook.gov.uk>"
    long_one = mapping.message_id("k" * 200, mailbox="replies@portal.millbrook.gov.uk")
    assert len(long_one) <= mapping.MAX_MESSAGE_ID
    assert long_one == mapping.message_id("k" * 200, mailbox="replies@portal.millbrook.gov.uk")
    assert build().headers["Auto-Submitted"] == "auto-generated"


# --- Settings ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "given",
    [
        {"to": "highways@millbrook.gov.uk"},
        {"to": "highways@millbrook.gov.uk, roads@millbrook.gov.uk", "name": "the highways team"},
        {"to": ["highways@millbrook.gov.uk"], "cc": ["roads@millbrook.gov.uk"]},
    ],
)
def test_good_settings_pass(given):
    assert mapping.validate_settings(given) == []


@pytest.mark.parametrize(
    ("given", "says"),
    [
        ({}, "'to' must be one or more e-mail addresses"),
        ({"to": []}, "'to' must be one or more e-mail addresses"),
        ({"to": "highways"}, "'to': 'highways' is not an e-mail address"),
        ({"to": "a@b.gov.uk", "cc": "nope"}, "'cc': 'nope' is not an e-mail address"),
        ({"to": [f"t{n}@b.gov.uk" for n in range(11)]}, "at most 10"),
        ({"to": "a@b.gov.uk", "name": ""}, "'name' must be some text"),
        ({"to": "a@b.gov.uk", "url": "https://x"}, "Unknown settings: url"),
    ],
)
def test_bad_settings_are_explained(given, says):
    errors = mapping.validate_settings(given)
    assert any(says in error for error in errors), errors


def test_the_connector_is_registered_for_the_admin_and_the_outbox():
    found = connectors.connector("email")
    assert found is not None and found.kind == "connector.email"
    assert handler_for("connector.email") is deliver_case
    assert ("email", "E-mail to a team inbox") in connectors.connector_choices()
    assert connectors.validate_connector_settings("email", {"to": "x"})


# --- What a failure means ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("error", "outcome"),
    [
        (ConnectionRefusedError(), Outcome.RETRY),
        (TimeoutError(), Outcome.RETRY),
        (smtplib.SMTPServerDisconnected("gone"), Outcome.RETRY),
        (smtplib.SMTPDataError(451, b"try later"), Outcome.RETRY),
        (smtplib.SMTPRecipientsRefused({"a@b.gov.uk": (450, b"busy")}), Outcome.RETRY),
        (smtplib.SMTPRecipientsRefused({"a@b.gov.uk": (550, b"no such user")}), Outcome.FAILED),
        (smtplib.SMTPAuthenticationError(535, b"bad password"), Outcome.FAILED),
        (smtplib.SMTPDataError(554, b"rejected"), Outcome.FAILED),
    ],
)
def test_errors_from_the_mail_server(error, outcome):
    result = mapping.result_from_error(error)
    assert result.outcome == outcome
    assert "@" not in result.detail  # staff see the code, never an address

"""Reading a reply from a team inbox: which case, what it says. No database."""

import pytest

from integrations.email_connector import inbound, mapping

SECRET = "a-test-secret-key"
REPLIES = "replies@portal.millbrook.gov.uk"
TOKEN_ADDRESS = mapping.reply_address("K7P3-9XQ2", mailbox=REPLIES, secret=SECRET)


def raw(body: str, *, headers: str = "", to: str = TOKEN_ADDRESS, content_type="text/plain"):
    return (
        "From: Jo Bloggs <Jo.Bloggs@Millbrook.gov.uk>\r\n"
        f"To: {to}\r\n"
        "Subject: RE: [Ref K7P3-9XQ2] Report a pothole\r\n"
        "Message-ID: <reply-1@millbrook.gov.uk>\r\n"
        f"{headers}"
        f"Content-Type: {content_type}; charset=utf-8\r\n"
        "\r\n"
        f"{body}"
    ).encode()


def parse(data: bytes) -> inbound.Reply:
    return inbound.parse(data, mailbox=REPLIES, secret=SECRET)


def test_a_reply_names_its_case_by_the_signed_token():
    reply = parse(raw("Crew booked for Tuesday."))
    assert reply.reference == "K7P3-9XQ2" and reply.signed
    assert reply.sender == "jo.bloggs@millbrook.gov.uk"
    assert reply.message_id == "<reply-1@millbrook.gov.uk>"
    assert reply.update().public is False  # no status: a note for staff
    assert reply.update().message == "Crew booked for Tuesday."
    assert reply.update().update_id == "<reply-1@millbrook.gov.uk>"


@pytest.mark.parametrize("header", ["Cc", "Delivered-To", "X-Original-To"])
def test_the_token_is_found_where_mail_servers_put_it(header):
    data = raw("Noted.", to="highways@millbrook.gov.uk", headers=f"{header}: {TOKEN_ADDRESS}\r\n")
    assert parse(data).signed


def test_a_lower_cased_token_still_names_the_case():
    assert parse(raw("Noted.", to=TOKEN_ADDRESS.lower())).signed


@pytest.mark.parametrize(
    "to",
    [
        TOKEN_ADDRESS.replace("K7P39XQ2", "K7P39XQ3"),  # another case, this case's signature
        "replies+K7P39XQ2.0000000000000000@portal.millbrook.gov.uk",  # made up
        TOKEN_ADDRESS.replace("portal.millbrook.gov.uk", "evil.example"),  # another domain
    ],
)
def test_a_forged_token_is_not_signed_and_falls_back_to_the_subject(to):
    reply = parse(raw("Closing this.", to=to))
    assert not reply.signed
    assert reply.reference == "K7P3-9XQ2"  # from the subject: casework trusts it only from the team


def test_no_token_and_no_subject_reference_names_no_case():
    data = raw("Hello", to="replies@portal.millbrook.gov.uk").replace(b"[Ref K7P3-9XQ2] ", b"")
    assert parse(data).reference == ""


@pytest.mark.parametrize(
    ("first_line", "status"),
    [
        ("Status: resolved", "resolved"),
        ("status: Resolved.", "resolved"),
        ("Status: In Progress", "in_progress"),
        ("STATUS: in_progress", "in_progress"),
        ("Status: done", "resolved"),
        ("Status: closed", "closed"),
        ("Status: rejected", "rejected"),
    ],
)
def test_a_first_line_status_changes_the_case_and_the_rest_is_for_the_resident(first_line, status):
    reply = parse(raw(f"{first_line}\r\nFilled on Tuesday.\r\n"))
    assert (reply.status, reply.text) == (status, "Filled on Tuesday.")
    assert reply.update().public is True


def test_an_unknown_status_is_explained():
    with pytest.raises(inbound.UnreadableReply, match="not a status the portal knows"):
        parse(raw("Status: exploded\r\nBoom"))


def test_a_status_line_further_down_is_just_text():
    reply = parse(raw("Thanks.\r\nStatus: resolved\r\n"))
    assert reply.status == "" and "Status: resolved" in reply.text


GMAIL = """Filled and rolled this morning.

Jo

On Tue, 7 May 2024 at 09:12, My Millbrook <
replies+K7P39XQ2.abc@portal.millbrook.gov.uk> wrote:

> A request made through My Millbrook.
>
> Reference: K7P3-9XQ2
> Status: in progress
"""

OUTLOOK = """Filled and rolled this morning.

Jo Bloggs | Highways Officer

________________________________
From: My Millbrook <noreply@millbrook.example>
Sent: 07 May 2024 09:12
To: Highways <highways@millbrook.gov.uk>
Subject: [Ref K7P3-9XQ2] Report a pothole

A request made through My Millbrook.
Status: in progress
"""

OUTLOOK_OLD = """Filled and rolled this morning.

-----Original Message-----
From: My Millbrook
Sent: 07 May 2024 09:12
Reference: K7P3-9XQ2
"""

HEADER_BLOCK = """Filled and rolled this morning.

From: My Millbrook <noreply@millbrook.example>
Date: Tuesday, 7 May 2024 at 09:12
Subject: [Ref K7P3-9XQ2] Report a pothole
Reference: K7P3-9XQ2
"""

SIGNATURE = """Filled and rolled this morning.
--\x20
Jo Bloggs
Highways Officer, 01632 960123
"""

INTERLEAVED = """> Pothole depth: Deeper than 5cm
Filled and rolled this morning.
> Is it on a bend: Yes
"""


@pytest.mark.parametrize(
    "body",
    [GMAIL, OUTLOOK, OUTLOOK_OLD, HEADER_BLOCK, SIGNATURE, INTERLEAVED],
    ids=["gmail", "outlook", "outlook-original-message", "from-date-block", "signature", "quoted"],
)
def test_quoted_history_and_signatures_are_stripped(body):
    text = parse(raw(body.replace("\n", "\r\n"))).text
    assert text.startswith("Filled and rolled this morning.")
    for quoted in ("Reference", "My Millbrook", "Highways Officer, 01632", "Deeper", "Status"):
        assert quoted not in text


def test_an_html_only_reply_is_read_without_its_blockquote():
    html = (
        "<html><body><div>Filled and rolled.<br>Jo</div>"
        '<div class="gmail_quote">On Tue, 7 May 2024, My Millbrook wrote:<br>'
        "<blockquote><p>Reference: K7P3-9XQ2</p><p>Status: in progress</p></blockquote>"
        "</div></body></html>"
    )
    text = parse(raw(html, content_type="text/html")).text
    assert text == "Filled and rolled.\nJo"


def test_the_plain_part_is_preferred_to_the_html():
    data = (
        "From: jo.bloggs@millbrook.gov.uk\r\n"
        f"To: {TOKEN_ADDRESS}\r\n"
        "Subject: RE: [Ref K7P3-9XQ2]\r\n"
        "MIME-Version: 1.0\r\n"
        'Content-Type: multipart/alternative; boundary="b"\r\n\r\n'
        "--b\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nPlain words\r\n"
        "--b\r\nContent-Type: text/html; charset=utf-8\r\n\r\n<p>HTML words</p>\r\n"
        "--b--\r\n"
    ).encode()
    reply = parse(data)
    assert reply.text == "Plain words"
    assert reply.message_id.startswith("sha256:")  # no Message-ID: one from the content
    assert parse(data).message_id == reply.message_id


@pytest.mark.parametrize(
    "header",
    [
        "Auto-Submitted: auto-replied\r\n",
        "X-Autoreply: yes\r\n",
        "Precedence: bulk\r\n",
    ],
)
def test_out_of_office_replies_are_marked_automatic(header):
    assert parse(raw("I am on leave until Monday.", headers=header)).automatic


def test_a_very_long_reply_is_cut():
    text = parse(raw("word " * 3000)).text
    assert len(text) < inbound.MAX_MESSAGE_LENGTH + 100
    assert text.endswith("[…the rest of the reply was cut.]")


@pytest.mark.parametrize(
    ("data", "says"),
    [
        (b"\x00\xff not mail at all", "not an e-mail"),
        (raw("> only quoted history\r\n"), "no text above the quoted message"),
        (b"x" * (inbound.MAX_RAW_BYTES + 1), "too large"),
    ],
)
def test_what_is_not_a_usable_reply_is_explained(data, says):
    with pytest.raises(inbound.UnreadableReply, match=says):
        parse(data)

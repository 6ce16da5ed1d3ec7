"""The e-mail connector's contract, as pure functions: settings, the message, the reply address.

A request type on this connector has each case e-mailed to a team inbox as a
structured message: the portal reference in the subject in a fixed form
(``[Ref ABCD-2345] Report a pothole``), the answers as label/value lines, and a
Reply-To address that names the case and is signed, so that replies can be put
on the right case and nobody can write to a case they were never sent.
"""

import hashlib
import re
import smtplib
from dataclasses import dataclass, field
from datetime import date, datetime
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

from django.conf import settings as django_settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.html import escape

from integrations.connectors import common_settings_errors
from integrations.outbox.registry import Result

SETTINGS_KEYS = {"to", "cc", "name"}
MAX_RECIPIENTS = 10
SIGNATURE_SALT = "integrations.email_connector.reply-to"
SIGNATURE_LENGTH = 16  # hex characters: 64 bits, checked in constant time
MAX_MESSAGE_ID = 100  # it becomes the case's external reference
# "[Ref ABCD-2345]": the reference as residents see it; the dash and case are forgiven.
SUBJECT_REFERENCE = re.compile(r"\[\s*Ref:?\s+([A-Za-z0-9]{4}-?[A-Za-z0-9]{4})\s*\]", re.I)
# How a reply changes the status: its first line, "Status: <word>" (see inbound.py).
STATUS_WORDS = {
    "received": "received",
    "in progress": "in_progress",
    "awaiting customer": "awaiting_customer",
    "waiting for the resident": "awaiting_customer",
    "resolved": "resolved",
    "done": "resolved",
    "closed": "closed",
    "rejected": "rejected",
}

CHANNELS = {
    "web": "Online",
    "phone": "By phone",
    "face_to_face": "Face to face",
    "email": "By e-mail",
    "councillor": "By a councillor",
    "api": "From another system",
}


# --- Settings --------------------------------------------------------------------------


def addresses(value) -> list[str]:
    """``to`` or ``cc`` as a list: one address, a comma-separated string, or a list."""
    if isinstance(value, str):
        value = value.split(",")
    if not isinstance(value, list):
        return []
    return [item.strip() for item in value if isinstance(item, str) and item.strip()]


def _address_errors(key: str, value, *, required: bool) -> list[str]:
    if value is None and not required:
        return []
    found = addresses(value)
    if not found:
        return [f"'{key}' must be one or more e-mail addresses, like highways@council.gov.uk."]
    if len(found) > MAX_RECIPIENTS:
        return [f"'{key}' can have at most {MAX_RECIPIENTS} addresses."]
    errors = []
    for address in found:
        try:
            validate_email(address)
        except ValidationError:
            errors.append(f"'{key}': {address!r} is not an e-mail address.")
    return errors


def validate_settings(settings: dict) -> list[str]:
    """Errors in a request type's e-mail settings, in words an administrator understands.

    ``to``: the team inbox (one address, or a list). Optional: ``cc``, and
    ``name`` (what residents are told received their request, e.g. "the
    highways team").
    """
    errors = []
    unknown = sorted(set(settings) - SETTINGS_KEYS)
    if unknown:
        errors.append(f"Unknown settings: {', '.join(unknown)}.")
    errors += _address_errors("to", settings.get("to"), required=True)
    errors += _address_errors("cc", settings.get("cc"), required=False)
    return errors + common_settings_errors(settings, timeout=False)


# --- The signed reply address ------------------------------------------------------------


def compact(reference: str) -> str:
    """'ABCD-2345' -> 'ABCD2345': what goes in an address, where a dash might be mangled."""
    return reference.replace("-", "").upper()


def reply_signature(reference: str, *, secret: str | None = None) -> str:
    """An HMAC of the reference, keyed from SECRET_KEY (or ``secret``)."""
    mac = salted_hmac(SIGNATURE_SALT, compact(reference), secret=secret, algorithm="sha256")
    return mac.hexdigest()[:SIGNATURE_LENGTH]


def reply_signature_ok(reference: str, signature: str, *, secret: str | None = None) -> bool:
    """Constant time; also accepts SECRET_KEY_FALLBACKS so a key rotation keeps replies working."""
    secrets = [secret] if secret is not None else [None, *django_settings.SECRET_KEY_FALLBACKS]
    return any(
        constant_time_compare(reply_signature(reference, secret=key), signature.lower())
        for key in secrets
    )


def reply_address(reference: str, *, mailbox: str, secret: str | None = None) -> str:
    """``replies@council.example`` + ABCD-2345 -> ``replies+ABCD2345.<signature>@council.example``."""
    local, _, domain = mailbox.rpartition("@")
    return f"{local}+{compact(reference)}.{reply_signature(reference, secret=secret)}@{domain}"


def message_id(idempotency_key: str, *, mailbox: str) -> str:
    """The same for every attempt at one delivery, so the receiving side can spot a resend."""
    domain = mailbox.rpartition("@")[2] or "portal.invalid"
    key = re.sub(r"[^A-Za-z0-9.-]", "-", idempotency_key)
    found = f"<{key}@{domain}>"
    if len(found) > MAX_MESSAGE_ID:
        digest = hashlib.sha256(idempotency_key.encode()).hexdigest()[:32]
        found = f"<{digest}@{domain}>"[:MAX_MESSAGE_ID]
    return found


# --- The message ------------------------------------------------------------------------


@dataclass(frozen=True)
class Email:
    subject: str
    body: str
    html: str
    to: list[str]
    cc: list[str] = field(default_factory=list)
    reply_to: str = ""
    headers: dict[str, str] = field(default_factory=dict)


def _label(key) -> str:
    """'pothole_depth' -> 'Pothole depth' (the way the portal's own pages show answers)."""
    text = str(key)
    if " " not in text:
        text = text.replace("_", " ").replace("-", " ").strip().capitalize()
    return text


def _value(value) -> str:
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, list | tuple):
        return ", ".join(str(item) for item in value)
    if isinstance(value, dict):
        return ", ".join(str(item) for item in value.values() if item not in (None, ""))
    return str(value)


def _day(iso: str | None) -> str:
    """'2024-05-08' -> 'Wednesday 8 May 2024'."""
    if not iso:
        return ""
    try:
        day = date.fromisoformat(iso[:10])
    except ValueError:
        return iso
    return f"{day:%A} {day.day} {day:%B %Y}"


def _when(iso: str | None) -> str:
    """An ISO timestamp in the council's time: '1 May 2024, 10:00 BST'."""
    if not iso:
        return ""
    try:
        moment = datetime.fromisoformat(iso)
    except ValueError:
        return iso
    if moment.tzinfo is not None:
        moment = moment.astimezone(ZoneInfo(django_settings.TIME_ZONE))
    return f"{moment.day} {moment:%B %Y, %H:%M %Z}".strip()


def map_link(latitude, longitude) -> str:
    if latitude is None or longitude is None:
        return ""
    query = urlencode({"mlat": f"{latitude:.6f}", "mlon": f"{longitude:.6f}"})
    return f"https://www.openstreetmap.org/?{query}#map=18/{latitude:.6f}/{longitude:.6f}"


def sections(case: dict) -> list[tuple[str, list[tuple[str, str]]]]:
    """The message's content, (heading, [(label, value)]), empty values left out."""
    request_type = case.get("request_type") or {}
    address = case.get("address") or {}
    contact = case.get("contact") or {}
    latitude, longitude = case.get("latitude"), case.get("longitude")
    found = [
        (
            "Request",
            [
                ("Reference", case.get("reference", "")),
                ("Request type", request_type.get("name", "")),
                ("Received", _when(case.get("created_at"))),
                ("Target date", _day(case.get("due_date"))),
                ("Channel", CHANNELS.get(case.get("channel"), case.get("channel") or "")),
            ],
        ),
        (
            "What they told us",
            [("Summary", case.get("summary", ""))]
            + [
                (_label(key), _value(value))
                for key, value in (case.get("answers") or {}).items()
                if value not in (None, "", [], {})
            ],
        ),
        (
            "Where",
            [
                ("Address", ", ".join(address.get("lines") or [])),
                ("Postcode", address.get("postcode", "")),
                ("UPRN", address.get("uprn", "")),
                ("Ward", address.get("ward_name", "")),
                ("Location", case.get("location_text", "")),
                (
                    "Latitude, longitude",
                    f"{latitude:.6f}, {longitude:.6f}" if latitude is not None else "",
                ),
                ("Map", map_link(latitude, longitude)),
            ],
        ),
        (
            "Photos and files",
            [
                (file.get("name") or f"File {number}", file.get("url", ""))
                for number, file in enumerate(case.get("attachments") or [], start=1)
            ],
        ),
        (
            "Contact",
            [
                ("Name", contact.get("name", "")),
                ("E-mail", contact.get("email", "")),
                ("Phone", contact.get("phone", "")),
            ],
        ),
    ]
    return [
        (heading, [(label, str(value)) for label, value in rows if value not in (None, "")])
        for heading, rows in found
    ]


def how_to_reply(reference: str) -> list[str]:
    return [
        "Reply to this e-mail to add to the request. Keep the reference "
        f"[Ref {reference}] in the subject.",
        "A reply is kept on the case as a note for council staff; the resident does not see it.",
        "To change the status, make the first line of your reply one of:",
        "    Status: in progress",
        "    Status: resolved",
        "    Status: closed",
        "    Status: rejected",
        "Then the rest of your reply is shown to the resident as the update. Closing or "
        "rejecting needs a reason, which the resident will read.",
    ]


def subject(case: dict) -> str:
    name = (case.get("request_type") or {}).get("name", "") or "Request"
    return f"[Ref {case.get('reference', '')}] {name}"


def text_body(case: dict, *, portal_name: str) -> str:
    lines = [f"A request made through {portal_name}.", ""]
    for heading, rows in sections(case):
        if not rows:
            continue
        lines += [heading, "-" * len(heading)]
        width = max(len(label) for label, _value in rows) + 1
        for label, value in rows:
            value = value.replace("\r", "").replace("\n", "\n" + " " * (width + 1))
            lines.append(f"{label + ':':<{width}} {value}")
        lines.append("")
    lines += ["How to reply", "------------", *how_to_reply(case.get("reference", ""))]
    return "\n".join(lines) + "\n"


def html_body(case: dict, *, portal_name: str) -> str:
    parts = [f"<p>A request made through {escape(portal_name)}.</p>"]
    for heading, rows in sections(case):
        if not rows:
            continue
        parts.append(f"<h2>{escape(heading)}</h2>\n<table>")
        for label, value in rows:
            shown = escape(value).replace("\n", "<br>")
            if label == "Map":
                shown = f'<a href="{escape(value)}">Open the map</a>'
            parts.append(
                f'<tr><th align="left" valign="top">{escape(label)}</th><td>{shown}</td></tr>'
            )
        parts.append("</table>")
    parts.append("<h2>How to reply</h2>")
    parts += [f"<p>{escape(line.strip())}</p>" for line in how_to_reply(case.get("reference", ""))]
    return "\n".join(parts) + "\n"


def build_email(
    case: dict,
    *,
    settings: dict,
    idempotency_key: str,
    mailbox: str,
    portal_name: str,
    secret: str | None = None,
) -> Email:
    """The message a team inbox receives for ``case`` (the outbox payload's ``case``).

    ``mailbox``: where replies go (settings.EMAIL_REPLY_ADDRESS), to which the
    signed case token is added.
    """
    reference = case.get("reference", "")
    return Email(
        subject=subject(case),
        body=text_body(case, portal_name=portal_name),
        html=html_body(case, portal_name=portal_name),
        to=addresses(settings.get("to")),
        cc=addresses(settings.get("cc")),
        reply_to=reply_address(reference, mailbox=mailbox, secret=secret),
        headers={
            "Message-ID": message_id(idempotency_key, mailbox=mailbox),
            # RFC 3834: out-of-office robots should not answer (and inbound.py ignores them).
            "Auto-Submitted": "auto-generated",
            "X-Portal-Reference": reference,
        },
    )


# --- What a failure means ----------------------------------------------------------------


def result_from_error(exc: BaseException) -> Result:
    """An exception from sending, as an outbox Result. Details never name an address.

    A mail server that refuses for good (5xx: no such mailbox, authentication
    failed, message rejected) needs a person: failed. A passing refusal (4xx) or
    no server at all: try again later.
    """
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        codes = sorted({code for code, _message in exc.recipients.values()})
        shown = ", ".join(str(code) for code in codes)
        if any(code >= 500 for code in codes):
            return Result.failed(f"The mail server refused the team's address ({shown})")
        return Result.retry(f"The mail server will not take the message yet ({shown})")
    if isinstance(exc, smtplib.SMTPResponseException):
        if exc.smtp_code >= 500:
            return Result.failed(
                f"The mail server refused the message: {type(exc).__name__} {exc.smtp_code}"
            )
        return Result.retry(f"The mail server will not take the message yet ({exc.smtp_code})")
    return Result.retry(f"Could not reach the mail server: {type(exc).__name__}")

"""Replies from a team inbox: read one raw e-mail (RFC 822), nothing else. Pure.

Which case: the signed token in the address it was sent to
(``replies+ABCD2345.<signature>@…``, found in To, Cc, Delivered-To or
X-Original-To), or failing that the ``[Ref ABCD-2345]`` in the subject, which
casework trusts only from the request type's own team address. What it says: the
text above the quoted history, with an optional first line ``Status: resolved``.
"""

import email
import email.errors
import email.policy
import email.utils
import hashlib
import re
from dataclasses import dataclass, replace
from html.parser import HTMLParser

from integrations.connectors import BackOfficeUpdate
from integrations.email_connector.mapping import STATUS_WORDS, SUBJECT_REFERENCE, reply_signature_ok

MAX_RAW_BYTES = 10 * 1024 * 1024
MAX_MESSAGE_LENGTH = 5000
MAX_UPDATE_ID = 200
TOKEN_HEADERS = ("To", "Cc", "Delivered-To", "X-Original-To")
_TOKEN = re.compile(r"^([a-z0-9]{8})\.([0-9a-f]{16})$", re.I)
_STATUS_LINE = re.compile(r"^\s*status\s*:\s*(.*?)\s*\.?\s*$", re.I)
_ORIGINAL = re.compile(r"^-{2,}\s*(original message|forwarded message)\s*-{2,}$", re.I)
_HEADER_LINE = re.compile(r"^\*?(sent|date):\*?\s", re.I)
_FROM_LINE = re.compile(r"^\*?from:\*?\s", re.I)


class UnreadableReply(ValueError):
    """Not a reply the portal can use; the message says why (safe to send back to the sender)."""


@dataclass(frozen=True)
class Reply:
    reference: str  # "ABCD-2345", or "" when the e-mail names no case
    signed: bool  # named by a verified Reply-To token (else by the subject, or not at all)
    sender: str  # the From address, lower case
    message_id: str
    status: str = ""  # a status from the first line, or ""
    text: str = ""
    automatic: bool = False  # an out-of-office or a bounce: never applied

    def update(self) -> BackOfficeUpdate:
        """With a status, the text is the resident's update; without, a note for staff."""
        return BackOfficeUpdate(
            reference=self.reference,
            status=self.status,
            message=self.text,
            public=bool(self.status),
            update_id=self.message_id,
        )


def parse(raw: bytes, *, mailbox: str, secret: str | None = None) -> Reply:
    """Read a reply sent to ``mailbox`` (settings.EMAIL_REPLY_ADDRESS). Raises UnreadableReply."""
    if len(raw) > MAX_RAW_BYTES:
        raise UnreadableReply("The e-mail is too large.")
    try:
        message = email.message_from_bytes(raw, policy=email.policy.default)
        headers = {
            name: [str(value) for value in message.get_all(name, [])]
            for name in (*TOKEN_HEADERS, "From", "Subject", "Message-ID")
        }
        automatic = _is_automatic(message)
        text = _text(message)
    except (email.errors.MessageError, ValueError, TypeError, LookupError, AttributeError) as exc:
        raise UnreadableReply("The e-mail could not be read.") from exc
    if not headers["From"] or not any(headers[name] for name in TOKEN_HEADERS):
        raise UnreadableReply("This is not an e-mail message.")
    senders = email.utils.getaddresses(headers["From"])
    sender = senders[0][1].strip().lower() if senders else ""
    reference = _signed_reference(headers, mailbox=mailbox, secret=secret)
    signed = bool(reference)
    if not reference:
        found = SUBJECT_REFERENCE.search(" ".join(headers["Subject"]))
        reference = _dashed(found.group(1)) if found else ""
    message_id = " ".join(headers["Message-ID"]).strip()
    if not message_id:
        message_id = "sha256:" + hashlib.sha256(raw).hexdigest()
    reply = Reply(
        reference=reference,
        signed=signed,
        sender=sender,
        message_id=message_id[:MAX_UPDATE_ID],
        automatic=automatic,
    )
    if automatic:
        return reply
    status, text = read_status(strip_quoted(text))
    if not status and not text:
        raise UnreadableReply("The reply has no text above the quoted message.")
    if len(text) > MAX_MESSAGE_LENGTH:
        text = text[:MAX_MESSAGE_LENGTH].rstrip() + "\n[…the rest of the reply was cut.]"
    return replace(reply, status=status, text=text)


# --- Which case -----------------------------------------------------------------------------


def _dashed(compact: str) -> str:
    compact = compact.replace("-", "").upper()
    return f"{compact[:4]}-{compact[4:]}"


def _signed_reference(headers: dict, *, mailbox: str, secret: str | None) -> str:
    """The reference in the first correctly signed ``replies+<ref>.<sig>@`` address, or ""."""
    local, _, domain = mailbox.lower().rpartition("@")
    for name in TOKEN_HEADERS:
        for _name, address in email.utils.getaddresses(headers[name]):
            address_local, _, address_domain = address.strip().lower().rpartition("@")
            if address_domain != domain or not address_local.startswith(local + "+"):
                continue
            token = _TOKEN.match(address_local.removeprefix(local + "+"))
            if token and reply_signature_ok(token.group(1), token.group(2), secret=secret):
                return _dashed(token.group(1))
    return ""


def _is_automatic(message) -> bool:
    """RFC 3834 auto-replies, and bounces: answering or applying them only makes loops."""
    if (message.get("Auto-Submitted") or "no").strip().lower() != "no":
        return True
    if message.get("X-Autoreply") or message.get("X-Autorespond"):
        return True
    if (message.get("Precedence") or "").strip().lower() in {"bulk", "junk", "list", "auto_reply"}:
        return True
    sender = str(message.get("From") or "").lower()
    return "mailer-daemon@" in sender or message.get_content_type() == "multipart/report"


# --- What it says -----------------------------------------------------------------------------


class _TextFromHTML(HTMLParser):
    """Text of an HTML body, without what mail programs quote (<blockquote>)."""

    BREAKS = {"br", "p", "div", "tr", "li", "h1", "h2", "h3", "h4", "table"}
    HIDDEN = {"blockquote", "script", "style", "head", "title"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag, attrs):
        if tag in self.HIDDEN:
            self.hidden += 1
        elif tag in self.BREAKS:
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag in self.HIDDEN:
            self.hidden = max(0, self.hidden - 1)
        elif tag in self.BREAKS - {"br"}:
            self.parts.append("\n")

    def handle_data(self, data):
        if not self.hidden:
            self.parts.append(re.sub(r"\s+", " ", data))


def html_to_text(html: str) -> str:
    parser = _TextFromHTML()
    parser.feed(html)
    parser.close()
    return "\n".join(line.strip() for line in "".join(parser.parts).split("\n"))


def _text(message) -> str:
    body = message.get_body(preferencelist=("plain", "html"))
    if body is None:
        return ""
    try:
        content = body.get_content()
    except (LookupError, KeyError):  # a charset Python does not know
        content = (body.get_payload(decode=True) or b"").decode("utf-8", "replace")
    if body.get_content_type() == "text/html":
        content = html_to_text(content)
    return content


def _starts_attribution(lines: list[str], i: int) -> bool:
    """'On Mon, 1 May 2024 at 10:00, Someone <…> wrote:', which mail programs wrap."""
    for end in range(i + 1, min(i + 4, len(lines) + 1)):
        joined = " ".join(line.strip() for line in lines[i:end])
        if joined.startswith(("On ", "Ar ")) and joined.endswith(("wrote:", "ysgrifennodd:")):
            return True
    return False


def _starts_header_block(lines: list[str], i: int) -> bool:
    """Outlook's quoted message: 'From: …' then 'Sent: …' (or 'Date: …') just below."""
    return bool(_FROM_LINE.match(lines[i].strip())) and any(
        _HEADER_LINE.match(line.strip()) for line in lines[i + 1 : i + 4]
    )


def strip_quoted(text: str) -> str:
    """The reply without the history below it, quoted lines, or the signature."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    kept = []
    for i, line in enumerate(lines):
        bare = line.strip()
        if (
            line in ("-- ", "--")
            or _ORIGINAL.match(bare)
            or re.fullmatch(r"_{10,}", bare)
            or _starts_header_block(lines, i)
            or _starts_attribution(lines, i)
        ):
            break
        if bare.startswith(">"):
            continue
        kept.append(line.rstrip())
    return re.sub(r"\n{3,}", "\n\n", "\n".join(kept)).strip()


def read_status(text: str) -> tuple[str, str]:
    """('resolved', 'the rest') when the first line is 'Status: resolved'; else ('', text)."""
    first, _, rest = text.partition("\n")
    found = _STATUS_LINE.match(first)
    if not found:
        return "", text
    word = re.sub(r"[\s_-]+", " ", found.group(1)).strip().lower()
    if word not in STATUS_WORDS:
        raise UnreadableReply(
            f"'Status: {found.group(1)[:40]}' is not a status the portal knows. "
            "Use one of: in progress, resolved, closed, rejected."
        )
    return STATUS_WORDS[word], rest.strip()

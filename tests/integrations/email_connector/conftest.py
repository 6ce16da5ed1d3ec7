"""A request type whose cases are e-mailed to the highways team, and replies from that team."""

from email.message import EmailMessage
from email.policy import SMTP
from email.utils import make_msgid

import pytest
from django.core import mail

from casework import actions
from casework.workflow import Status
from integrations.outbox.worker import outbox_sweep
from tests.casework.factories import RequestTypeFactory

TEAM = "highways@millbrook.gov.uk"
COLLEAGUE = "jo.bloggs@millbrook.gov.uk"
STRANGER = "someone@example.net"
REPLIES = "replies@portal.millbrook.gov.uk"


@pytest.fixture(autouse=True)
def _reply_mailbox(settings):
    settings.EMAIL_REPLY_ADDRESS = REPLIES


@pytest.fixture
def request_type(db):
    return RequestTypeFactory(
        slug="report-a-pothole",
        name="Report a pothole",
        service="highways",
        connector="email",
        connector_settings={"to": [TEAM], "name": "the highways team"},
    )


def submit(request_type, resident, **extra):
    return actions.case_submit(
        request_type=request_type,
        resident=resident,
        answers={"pothole_depth": "Deeper than 5cm", "is_it_on_a_bend": True},
        summary="A deep pothole outside number 4",
        location_text="Mill Lane, outside number 4",
        latitude=52.1,
        longitude=-1.2,
        **extra,
    )


def sent_to_team(case=None):
    """The connector's messages (not the portal's notifications), or the one about ``case``."""
    found = [m for m in mail.outbox if m.subject.startswith("[Ref ")]
    if case is not None:
        found = [m for m in found if m.subject.startswith(f"[Ref {case.reference}]")]
        assert len(found) == 1, [m.subject for m in mail.outbox]
        return found[0]
    return found


@pytest.fixture
def received_case(request_type, citizen):
    case = submit(request_type, citizen)
    outbox_sweep()
    case.refresh_from_db()
    assert case.status == Status.RECEIVED
    return case


def reply(
    sent,
    text: str,
    *,
    sender: str = TEAM,
    to: str | None = None,
    subject: str | None = None,
    message_id: str | None = None,
    headers: dict | None = None,
) -> bytes:
    """A reply to ``sent`` (a message in mail.outbox) as a mail program would send it."""
    message = EmailMessage(policy=SMTP)
    message["From"] = f"Highways Team <{sender}>"
    message["To"] = to if to is not None else sent.reply_to[0]
    message["Subject"] = subject if subject is not None else f"RE: {sent.subject}"
    message["Message-ID"] = message_id or make_msgid(domain="millbrook.gov.uk")
    message["In-Reply-To"] = sent.extra_headers["Message-ID"]
    for name, value in (headers or {}).items():
        message[name] = value
    message.set_content(text)
    return message.as_bytes()

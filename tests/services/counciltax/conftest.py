import datetime

import pytest

from integrations.simulated_backoffice import BackOffice, start
from integrations.simulated_backoffice.revenues import account_document

TODAY = datetime.date(2026, 12, 7)
SAMS_NUMBER = "60010001"
ALEXS_NUMBER = "60010002"
SAMS_FIRST_INSTALMENT = "208.66"  # band C 2026-27: £2,026.66 in 10, the odd pence first


def sams_account(**extra) -> dict:
    return _mill_lane_account(SAMS_NUMBER, 1, "Sam Taylor", **extra)


def alexs_account(**extra) -> dict:
    """Sam's neighbour's account (another person, another online account)."""
    return _mill_lane_account(ALEXS_NUMBER, 2, "Alex Taylor", **extra)


def _mill_lane_account(number: str, house: int, liable: str, **extra) -> dict:
    return account_document(
        account_number=number,
        uprn=100090000000 + house,
        address=f"{house} Mill Lane, Millbrook",
        postcode="MB1 1AA",
        liable=[liable],
        band="C",
        today=TODAY,
        **extra,
    )


@pytest.fixture
def office():
    running = start(BackOffice(secret="back-office-shared-secret-0123456789", seed=7))
    yield running
    running.stop()


@pytest.fixture
def revenues(clock, office, settings, monkeypatch):
    """The simulated revenues system with Sam's account, and the portal's clock on TODAY."""

    settings.REVENUES_URL = office.url
    settings.REVENUES_TIMEOUT = 1.0
    settings.REVENUES_API_KEY = ""
    clock.set(TODAY)
    office.office.revenues.add(sams_account())
    return office.office.revenues


def link_details(**changes) -> dict:
    return {
        "account_number": SAMS_NUMBER,
        "postcode": "mb1 1aa",
        "first_instalment": SAMS_FIRST_INSTALMENT,
        **changes,
    }


def deliver_outbox() -> int:
    """What the outbox worker does with the messages queued (tests run no worker)."""
    from integrations.outbox.models import Message
    from integrations.outbox.worker import message_deliver

    pending = list(Message.objects.filter(state=Message.State.PENDING).values_list("pk", flat=True))
    for pk in pending:
        message_deliver(message_id=pk)
    return len(pending)


def deliver_to_revenues() -> None:
    """Deliver what is waiting for the revenues system, as the worker would (in tests
    without Redis the eager worker has already done it; with Redis nothing runs them)."""
    from integrations.outbox.models import Message
    from integrations.outbox.worker import message_deliver

    waiting = Message.objects.filter(
        kind__in=("connector.revenues", "revenues.change"),
        state=Message.State.PENDING,
        attempts=0,
    )
    for message_id in waiting.values_list("pk", flat=True):
        message_deliver(message_id=message_id)

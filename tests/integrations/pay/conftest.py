"""Payments: a listener that records what it is told, and a payment to play with."""

from urllib.parse import urlsplit

import pytest

from integrations.pay import registry
from integrations.pay.actions import payment_create

PREFIX = "test:"


@pytest.fixture
def told():
    """What listeners for "test:" payments heard: [(payment id, event), ...]. Only ours listen."""
    heard = []
    listener = registry.PaymentListener(
        PREFIX, lambda payment, event: heard.append((payment.pk, str(event)))
    )
    with registry.payment_listeners.replaced({"test": listener}):
        yield heard


def new_payment(owner=None, *, amount_pence=4500, return_to="/account/", email=""):
    return payment_create(
        amount_pence=amount_pence,
        description="Book a pest control treatment",
        reference="MB-2345-ABCD",
        purpose=f"{PREFIX}1",
        return_to=return_to,
        owner=owner,
        email=email,
    )


def path_of(url: str) -> str:
    """The path of an absolute URL (the test client serves any host)."""
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


@pytest.fixture
def payment(citizen):
    return new_payment(citizen, email=citizen.email)

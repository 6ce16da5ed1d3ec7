"""Business rates fixtures: the Millbrook Bakery's account on a running simulated revenues
system, and Jo, a business account."""

import datetime

import pytest

from accounts.models import User
from integrations.simulated_backoffice import BackOffice, start
from integrations.simulated_backoffice.revenues import business_rates_document
from tests.factories import UserFactory
from tests.services.counciltax.conftest import sams_account

TODAY = datetime.date(2026, 12, 7)
NUMBER = "70010001"


def bakery(**extra):
    return business_rates_document(
        account_number=NUMBER,
        uprn=100090000077,
        address="3 High Street, Millbrook",
        postcode="MB1 2AA",
        business_name="Millbrook Bakery",
        rateable_value_pence=14_500_00,
        today=TODAY,
        **extra,
    )


@pytest.fixture
def revenues(clock, settings):
    running = start(BackOffice(secret="back-office-shared-secret-0123456789"))
    settings.REVENUES_URL = running.url
    settings.REVENUES_TIMEOUT = 1.0
    clock.set(TODAY)
    running.office.revenues.add(bakery())
    running.office.revenues.add(sams_account())
    yield running.office.revenues
    running.stop()


@pytest.fixture
def jo(db):
    return UserFactory(
        first_name="Jo", email="jo@example.org", account_type=User.AccountType.BUSINESS
    )

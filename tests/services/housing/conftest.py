import datetime

import pytest

from casework.request_types import request_types_sync
from integrations.simulated_backoffice import BackOffice, start
from integrations.simulated_backoffice.housing import tenancy_document
from linking.actions import service_link_attempt
from services.housing.apps import SLUG
from tests.factories import AddressFactory

TODAY = datetime.date(2026, 12, 7)  # a Monday in winter
SAMS_TENANCY = "HT-100001"
SAMS_RENT = "104.50"
ALEXS_TENANCY = "HT-100002"


def sams_tenancy(**extra) -> dict:
    return tenancy_document(
        reference=SAMS_TENANCY,
        uprn=100090000001,
        address="1 Mill Lane, Millbrook",
        postcode="MB1 1AA",
        tenants=["Sam Taylor"],
        today=TODAY,
        weekly_rent_pence=10_450,
        block="Mill Court",
        **extra,
    )


@pytest.fixture
def office():
    running = start(BackOffice(secret="back-office-shared-secret-0123456789", seed=7))
    yield running
    running.stop()


@pytest.fixture
def housing(clock, office, settings, monkeypatch):
    """The simulated housing system with Sam's and Alex's tenancies, the housing request
    types on its connector, the repairs diary, and the portal's clock on TODAY."""
    from services.housing.demo import request_types_connect

    settings.HOUSING_URL = office.url
    settings.HOUSING_TIMEOUT = 1.0
    settings.HOUSING_API_KEY = ""
    clock.set(TODAY)
    records = office.office.housing
    records.today = TODAY
    records.add(sams_tenancy(weeks_missed=2))
    records.add(
        tenancy_document(
            reference=ALEXS_TENANCY,
            uprn=100090000002,
            address="2 Mill Lane, Millbrook",
            postcode="MB1 1AA",
            tenants=["Alex Jones"],
            today=TODAY,
            block="Mill Court",
        )
    )
    request_types_sync()
    request_types_connect()
    return records


@pytest.fixture
def sams_home(citizen):
    citizen.address = AddressFactory(postcode="MB1 1AA", line1="1 Mill Lane")
    citizen.save()
    return citizen.address


@pytest.fixture
def linked(citizen, housing, sams_home):
    """Sam has linked tenancy HT-100001."""
    service_link_attempt(user=citizen, service=SLUG, account_ref=SAMS_TENANCY, proven=True)
    return citizen


def link_details(**changes) -> dict:
    return {"reference": SAMS_TENANCY, "postcode": "mb1 1aa", "weekly_rent": SAMS_RENT, **changes}

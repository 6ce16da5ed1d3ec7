"""Find my local's test town, for the tests and the browser tests."""

from services.local.models import Councillor, Place, PollingStation
from tests.factories import AddressFactory, WardFactory


def local_town() -> dict:
    """Two wards, each with a home and a councillor; a polling station; three libraries."""
    central = WardFactory(code="E05999901", name="Millbrook Central")
    abbey = WardFactory(code="E05999902", name="Abbey")
    homes = {
        "mill": AddressFactory(
            line1="3 Mill Lane", postcode="MB1 1AA", ward=central, latitude=52.6, longitude=-1.9
        ),
        "abbey": AddressFactory(
            line1="5 Abbey Road", postcode="MB2 1AA", ward=abbey, latitude=52.62, longitude=-1.9
        ),
    }
    Councillor.objects.create(
        ward=central,
        name="Cllr Priya Shah",
        party="Labour",
        email="priya.shah@example.org",
        surgery_times="First Saturday, 10am, Town Hall",
    )
    Councillor.objects.create(ward=abbey, name="Cllr Grace Okafor", party="Green")
    PollingStation.objects.create(
        ward=central, name="Millbrook Town Hall", address="Market Place\nMillbrook"
    )
    for name, latitude in (("Far Library", 52.65), ("Near Library", 52.601), ("Mid Tip", 52.61)):
        Place.objects.create(
            kind=Place.Kind.LIBRARY,
            name=name,
            address="Somewhere",
            latitude=latitude,
            longitude=-1.9,
        )
    return {"central": central, "abbey": abbey, **homes}

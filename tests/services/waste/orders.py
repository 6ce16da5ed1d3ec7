"""Helpers for the container, garden waste and assisted collection tests: an address on
rounds, the council's bins and boxes, and paying on the fake provider's card page."""

import datetime
from urllib.parse import urlsplit

from django.utils import timezone

from services.waste.models import ContainerType, PropertyRound, Round, Stream
from tests.factories import AddressFactory

ALL_STREAMS = (Stream.REFUSE, Stream.RECYCLING, Stream.FOOD, Stream.GARDEN)


def round_for(stream: str, *, code: str = "", day: datetime.date | None = None) -> Round:
    """A weekly round of ``stream`` that collects on ``day``'s weekday (today's by default)."""
    day = day or timezone.localdate()
    code = code or f"test-{stream}-{day:%a}".lower()
    round_, _created = Round.objects.get_or_create(
        code=code,
        defaults={
            "name": f"{Stream(stream).label} {day:%A}",
            "stream": stream,
            "weekday": day.weekday(),
            "every_weeks": 1,
            "first_date": day - datetime.timedelta(weeks=4),
        },
    )
    return round_


def home(*streams, **address) -> object:
    """An address collected for ``streams`` (all four by default)."""
    place = AddressFactory(**address)
    for stream in streams or ALL_STREAMS:
        PropertyRound.objects.create(address=place, round=round_for(stream), stream=stream)
    return place


def containers() -> dict[str, ContainerType]:
    """The demo's kinds: a £30 rubbish bin, free recycling and food, a £20 garden bin."""
    made = {}
    for slug, name, stream, price in (
        ("rubbish-bin-240", "Rubbish bin (240 litres)", Stream.REFUSE, 3000),
        ("recycling-box", "Recycling box", Stream.RECYCLING, None),
        ("food-caddy", "Food caddy", Stream.FOOD, None),
        ("garden-bin-240", "Garden waste bin", Stream.GARDEN, 2000),
    ):
        made[slug], _created = ContainerType.objects.get_or_create(
            slug=slug, defaults={"name": name, "stream": stream, "price_pence": price}
        )
    return made


def pay_on_card(client, next_url: str, choice: str = "pay"):
    """Press a button on the fake card page, and follow the resident back to the portal."""
    path = urlsplit(next_url).path
    assert client.get(path).status_code == 200
    back = client.post(path, {"choice": choice})
    return client.get(urlsplit(back["Location"]).path, follow=True)

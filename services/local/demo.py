"""Millbrook's councillors, polling stations and council places, for the demo council.

Made after the gazetteer, on the demo wards and beside demo addresses. Safe to repeat."""

from django.db import transaction

from accounts.models import Address, Ward
from services.local.models import Councillor, Place, PollingStation

# ward code: ((name, party), ...), polling station (name, street it is on)
WARDS = {
    "E05999901": (
        (("Cllr Priya Shah", "Labour"), ("Cllr Tom Hughes", "Conservative")),
        ("Millbrook Town Hall", "Market Place"),
    ),
    "E05999902": (
        (("Cllr Grace Okafor", "Liberal Democrat"), ("Cllr Alan Price", "Labour")),
        ("Abbey Community Centre", "Abbey Road"),
    ),
    "E05999903": (
        (("Cllr Helen Ward", "Conservative"), ("Cllr Sunil Patel", "Green")),
        ("Castle Primary School", "Castle Street"),
    ),
    "E05999904": (
        (("Cllr Mark Evans", "Labour"), ("Cllr Joy Adeyemi", "Independent")),
        ("Riverside Scout Hut", "Wharf Road"),
    ),
    "E05999905": (
        (("Cllr Ruth Collins", "Liberal Democrat"), ("Cllr Ian Baker", "Conservative")),
        ("St Anne's Church Hall", "Vicarage Lane"),
    ),
    "E05999906": (
        (("Cllr Nadia Khan", "Labour"), ("Cllr Owen Lewis", "Green")),
        ("Westfield Library", "Beech Grove"),
    ),
}
SURGERY = "First Saturday of the month, 10am to 12 noon, at {station}."

# (kind, name, street it is on, opening times)
PLACES = [
    (
        Place.Kind.LIBRARY,
        "Millbrook Central Library",
        "High Street",
        "Monday to Saturday, 9am to 5pm",
    ),
    (
        Place.Kind.LIBRARY,
        "Abbey Library",
        "Priory Close",
        "Tuesday, Thursday and Saturday, 10am to 4pm",
    ),
    (Place.Kind.RECYCLING, "Wharf Road Recycling Centre", "Wharf Road", "Every day, 8am to 6pm"),
    (
        Place.Kind.RECYCLING,
        "Westfield Recycling Centre",
        "Elm Close",
        "Thursday to Monday, 9am to 5pm",
    ),
    (Place.Kind.LEISURE, "Castle Leisure Centre", "Keep Avenue", "Every day, 6am to 10pm"),
    (
        Place.Kind.OFFICE,
        "Millbrook Council Offices",
        "Market Place",
        "Monday to Friday, 9am to 5pm",
    ),
]


def _on_street(street: str) -> Address | None:
    return (
        Address.objects.filter(line1__endswith=street, latitude__isnull=False)
        .order_by("uprn")
        .first()
    )


@transaction.atomic
def load_all() -> list[str]:
    wards = {ward.code: ward for ward in Ward.objects.filter(code__in=WARDS)}
    councillors = 0
    for code, (people, (station_name, station_street)) in WARDS.items():
        ward = wards.get(code)
        if ward is None:
            continue
        for order, (name, party) in enumerate(people):
            _, made = Councillor.objects.get_or_create(
                ward=ward,
                name=name,
                defaults={
                    "party": party,
                    "order": order,
                    "email": name.removeprefix("Cllr ").lower().replace(" ", ".")
                    + "@councillors.millbrook.example",
                    "surgery_times": SURGERY.format(station=station_name),
                },
            )
            councillors += made
        at = _on_street(station_street)
        PollingStation.objects.get_or_create(
            ward=ward,
            defaults={
                "name": station_name,
                "address": f"{station_street}\nMillbrook\n{at.postcode if at else ''}".strip(),
            },
        )
    places = 0
    for kind, name, street, opening_times in PLACES:
        at = _on_street(street)
        if at is None or Place.objects.filter(name=name).exists():
            continue
        Place.objects.create(
            kind=kind,
            name=name,
            address=f"{street}, Millbrook, {at.postcode}",
            latitude=at.latitude,
            longitude=at.longitude,
            opening_times=opening_times,
        )
        places += 1
    return [
        f"Find my local: {councillors} councillors, {len(WARDS)} polling stations, "
        f"{places} council places added"
    ]

"""What is local to a postcode or to a resident's home: ward, councillors, polling station
and the council places nearest to it. Reads only."""

from dataclasses import dataclass

from django.db.models import F

from accounts.models import Ward
from accounts.selectors import address_list_for_postcode
from accounts.wards import distance_metres
from services.local.models import Councillor, Place, PollingStation

NEAREST_PLACES = 5
_METRES_PER_MILE = 1609.344


@dataclass(frozen=True)
class WardLocal:
    ward: Ward
    councillors: list[Councillor]
    polling_station: PollingStation | None


@dataclass(frozen=True)
class NearPlace:
    place: Place
    metres: float

    @property
    def miles(self) -> float:
        return round(self.metres / _METRES_PER_MILE, 1)


@dataclass(frozen=True)
class Local:
    postcode: str
    wards: list[WardLocal]  # usually one: a postcode can straddle a ward boundary
    places: list[NearPlace]


def local_for_postcode(*, postcode: str) -> Local | None:
    """What is local to a postcode (already normalised), or None when the gazetteer has no
    address there. Four queries, whatever the number of places and councillors."""
    addresses = address_list_for_postcode(postcode=postcode)
    if not addresses:
        return None
    wards = list({a.ward_id: a.ward for a in addresses if a.ward_id}.values())
    ward_ids = [ward.pk for ward in wards]
    councillors = list(Councillor.objects.filter(ward_id__in=ward_ids))
    stations = {s.ward_id: s for s in PollingStation.objects.filter(ward_id__in=ward_ids)}
    points = [(a.latitude, a.longitude) for a in addresses if a.latitude is not None]
    return Local(
        postcode=postcode,
        wards=[
            WardLocal(
                ward=ward,
                councillors=[c for c in councillors if c.ward_id == ward.pk],
                polling_station=stations.get(ward.pk),
            )
            for ward in wards
        ],
        places=places_nearest(points=points),
    )


def places_nearest(*, points: list[tuple[float, float]], count: int = NEAREST_PLACES):
    """The council places nearest the middle of ``points`` (latitude, longitude), nearest
    first; none when there are no points."""
    if not points:
        return []
    latitude = sum(lat for lat, _lon in points) / len(points)
    longitude = sum(lon for _lat, lon in points) / len(points)
    near = sorted(
        (
            NearPlace(
                place=place,
                metres=distance_metres(latitude, longitude, place.latitude, place.longitude),
            )
            for place in Place.objects.all()
        ),
        key=lambda near: near.metres,
    )
    return near[:count]


_HOME_FIELDS = {
    "ward_name": "name",
    "ward_code": "code",
    "station_name": "polling_station__name",
    "station_address": "polling_station__address",
    "station_notes": "polling_station__notes",
    "councillor_id": "councillors__id",
    "councillor_name": "councillors__name",
    "councillor_party": "councillors__party",
    "councillor_email": "councillors__email",
    "councillor_phone": "councillors__phone",
    "councillor_surgery_times": "councillors__surgery_times",
}


def local_for_home(*, user) -> WardLocal | None:
    """The ward, councillors and polling station of ``user``'s address, for the account
    home, in one query: the ward joined to its polling station and councillors (a row
    a councillor, or one row with none)."""
    if not user.is_authenticated or not user.address_id:
        return None
    rows = list(
        Ward.objects.filter(address=user.address_id)
        .order_by("councillors__order", "councillors__name")
        .values("pk", **{name: F(path) for name, path in _HOME_FIELDS.items()})
    )
    if not rows:
        return None
    first = rows[0]
    ward = Ward(pk=first["pk"], name=first["ward_name"], code=first["ward_code"])
    station = None
    if first["station_name"] is not None:
        station = PollingStation(
            ward=ward,
            name=first["station_name"],
            address=first["station_address"],
            notes=first["station_notes"],
        )
    councillors = [
        Councillor(
            pk=row["councillor_id"],
            ward=ward,
            name=row["councillor_name"],
            party=row["councillor_party"],
            email=row["councillor_email"],
            phone=row["councillor_phone"],
            surgery_times=row["councillor_surgery_times"],
        )
        for row in rows
        if row["councillor_id"] is not None
    ]
    return WardLocal(ward=ward, councillors=councillors, polling_station=station)

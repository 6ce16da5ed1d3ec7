"""A small gazetteer and helpers for the report feature's tests (test_report.py,
test_duplicates.py, tests/urlmap.py, tests/e2e/test_highways_report.py).

Mill Lane (MB1 1AA) runs north from the town centre, a house every 10 metres;
High Street (MB1 2AA) is 500 metres east. Nothing else is within 2 km.
"""

from __future__ import annotations

import math
import re
from dataclasses import replace

from django.core.files.uploadedfile import SimpleUploadedFile

from casework.models import RequestType
from casework.request_types import request_types_sync
from tests.casework import images
from tests.factories import AddressFactory, WardFactory

CENTRE = (52.6, -1.9)
METRES_PER_DEGREE_LAT = 111_320
START = "/street/report/"
WHERE = "/street/report/where/"
NEARBY = "/street/report/already-reported/"
DETAILS = "/street/report/details/"
ABOUT_YOU = "/street/report/about-you/"
CHECK = "/street/report/check/"


def north(metres: float) -> float:
    return CENTRE[0] + metres / METRES_PER_DEGREE_LAT


def east(metres: float) -> float:
    return CENTRE[1] + metres / (METRES_PER_DEGREE_LAT * math.cos(math.radians(CENTRE[0])))


def highways_types() -> dict[str, RequestType]:
    request_types_sync()
    return {rt.slug: rt for rt in RequestType.objects.filter(service="highways")}


def _address(uprn: int, **fields):
    from accounts.models import Address

    return Address.objects.filter(uprn=uprn).first() or AddressFactory(uprn=uprn, **fields)


def gazetteer() -> dict:
    """Mill Lane 1-12 and the flats at 14 (MB1 1AA), High Street 1-6 (MB1 2AA).

    Safe to call twice in a test: what is there is used again."""
    central = WardFactory(code="E05999901", name="Millbrook Central")
    places = {"ward": central}
    for number in range(1, 13):
        places[f"{number} Mill Lane"] = _address(
            100090000000 + number,
            line1=f"{number} Mill Lane",
            postcode="MB1 1AA",
            ward=central,
            latitude=north(number * 10),
            longitude=CENTRE[1],
        )
    places["Flat 1, 14 Mill Lane"] = _address(
        100090000014,
        line1="Flat 1",
        line2="14 Mill Lane",
        postcode="MB1 1AA",
        ward=central,
        latitude=north(140),
        longitude=CENTRE[1],
    )
    for number in range(1, 7):
        places[f"{number} High Street"] = _address(
            100090000100 + number,
            line1=f"{number} High Street",
            postcode="MB1 2AA",
            ward=central,
            latitude=north(number * 10),
            longitude=east(500),
        )
    return places


def png(name="pothole.png", size=(8, 8)) -> SimpleUploadedFile:
    return images.png(name, size, colour="grey")


def jpeg_with_gps(name="pothole.jpg") -> SimpleUploadedFile:
    """A photo as a phone takes it, with where it was taken."""
    return images.jpeg_with_gps(name, colour="grey")


POTHOLE_ANSWERS = {
    "q_where_on_road": "In the road",
    "q_size": "Bigger than a dinner plate",
    "where_exactly": "Outside number 3",
    "description": "A deep pothole that cars swerve round.",
}


def choose_category(client, slug="pothole"):
    return client.post(START, {"category": slug})


def choose_address(client, address, query="MB1 1AA"):
    return client.post(WHERE, {"action": "address", "q": query, "uprn": address.uprn})


def answer_details(client, *, photos=(), **fields):
    data = {**POTHOLE_ANSWERS, **fields}
    if photos:
        data["photos"] = list(photos)
    return client.post(DETAILS, data)


def version_on(page) -> str:
    match = re.search(r'name="version" value="([^"]+)"', page.content.decode())
    assert match, "no version on the check page"
    return match.group(1)


def report_until_check(client, address, *, slug="pothole", contact=None, **details):
    """Category, place, (no duplicates), details and, for a one-off report, contact."""
    assert choose_category(client, slug).status_code == 302
    assert choose_address(client, address).status_code == 302
    nearby = client.get(NEARBY)
    if nearby.status_code == 200:  # open reports nearby: this one is different
        client.post(NEARBY)
    assert answer_details(client, **details).status_code == 302
    if contact is not None:
        assert client.post(ABOUT_YOU, contact).status_code == 302
    page = client.get(CHECK)
    assert page.status_code == 200, page.content.decode()[:2000]
    return page


# --- For tests/urlmap.py (every page, every visitor) and the browser tests -----------------


def open_street_report(*, metres_north: float = 40, category: str = "pothole", resident=None):
    """An open report on Mill Lane made by someone without an account, as the report
    feature makes them (case_submit and its StreetReport)."""
    from casework import actions
    from services.highways.models import StreetReport

    request_type = highways_types()[category]
    case = actions.case_submit(
        request_type=request_type,
        answers={"description": "A deep hole"},
        summary=f"{request_type.name} on Mill Lane",
        resident=resident,
        contact_name="" if resident else "Robin Lee",
        contact_email="" if resident else "robin@example.net",
        latitude=north(metres_north),
        longitude=CENTRE[1],
        location_text="Mill Lane",
    )
    StreetReport.objects.create(
        case=case, street="Mill Lane", public_title=f"{request_type.name} on Mill Lane"
    )
    return case


def report_in_session(session, *, step: str):
    """A pothole report answered up to ``step`` (a URL name's last part), in ``session``.

    For the nearby step there is an open pothole 10 metres away; for the details step
    a photo is waiting, so that its "keep" checkboxes are shown too.
    """
    from services.highways.actions import report as actions
    from services.highways.selectors import report as selectors

    highways_types()
    places = gazetteer()
    token = actions.new_token()
    state = selectors.ReportState(token=token, category="pothole")
    if step != "notice":
        address = places["3 Mill Lane"]
        state = replace(
            state,
            location=selectors.location_from(
                address, latitude=address.latitude, longitude=address.longitude, how="map"
            ),
        )
    if step == "nearby":
        open_street_report(metres_north=40)
    elif step in ("details", "about_you", "check"):
        state = replace(state, nearby_seen=True)
    if step == "details":
        from casework.attachments import prepare_upload

        photos = actions.photos_store(token=token, uploads=[prepare_upload(png())])
        state = replace(state, photos=tuple(photos))
    if step in ("about_you", "check"):
        state = replace(
            state,
            details=selectors.Details(
                answers={"where_on_road": "In the road", "size": "About a dinner plate"},
                description="A deep pothole that cars swerve round.",
                where_exactly="Outside number 3",
                public=True,
            ),
        )
    if step == "check":
        state = replace(state, contact=selectors.Contact(name="Pat Jones", email="pat@example.net"))
    session["highways:report"] = state.as_json()
    return selectors.category_get("pothole")


def sent_report(user):
    """A report ``user`` made (their own), for its confirmation page."""
    from services.highways.actions import report as actions
    from services.highways.selectors import report as selectors

    highways_types()
    places = gazetteer()
    address = places["3 Mill Lane"]
    state = selectors.ReportState(
        token=actions.new_token(),
        category="pothole",
        location=selectors.location_from(
            address, latitude=address.latitude, longitude=address.longitude, how="address"
        ),
        nearby_seen=True,
        details=selectors.Details(
            answers={"where_on_road": "In the road", "size": "About a dinner plate"},
            description="A deep pothole that cars swerve round.",
        ),
    )
    return actions.report_submit(
        state=state, request_type=selectors.category_get("pothole"), user=user
    )

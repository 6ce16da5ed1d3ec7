"""A small gazetteer and helpers for the report feature's tests (test_report.py,
test_duplicates.py, tests/services/highways/urlmap.py, tests/e2e/test_highways_report.py).

Mill Lane (MB1 1AA) runs north from the town centre, a house every 10 metres;
High Street (MB1 2AA) is 500 metres east. Nothing else is within 2 km.
"""

from __future__ import annotations

import math
import re

from casework.models import RequestType
from casework.request_types import request_types_sync
from tests.factories import AddressFactory, WardFactory
from tests.helpers import png

CENTRE = (52.6, -1.9)
METRES_PER_DEGREE_LAT = 111_320
START = "/street/report/"


def step(name: str = "", slug: str = "pothole") -> str:
    """A step of a category's journey: ``step()`` is its entry, ``step("check")`` ..."""
    return f"/street/report/{slug}/{name + '/' if name else ''}"


# Pothole's steps (it has a notice, so "where" is not its first page).
NOTICE = step()
WHERE = step("where")
NEARBY = step("already-reported")
DETAILS = step("details")
PHOTOS = step("photos")
ABOUT_YOU = step("about-you")
CHECK = step("check")


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


POTHOLE_ANSWERS = {
    "q_where_on_road": "In the road",
    "q_size": "Bigger than a dinner plate",
    "where_exactly": "Outside number 3",
    "description": "A deep pothole that cars swerve round.",
}


def choose_category(client, slug="pothole", *, notice=True):
    """Choose the category on the start page; and read its notice (if it has one)."""
    response = client.post(START, {"category": slug})
    if notice and response.status_code == 302 and response["Location"] == step(slug=slug):
        page = client.get(response["Location"])
        if b"Before you start" in page.content and page.status_code == 200:
            return client.post(step(slug=slug), {})
    return response


def choose_address(client, address, query="MB1 1AA", slug="pothole"):
    return client.post(step("where", slug), {"action": "address", "q": query, "uprn": address.uprn})


def answer_details(client, *, photos=(), slug="pothole", **fields):
    """The details page; then the photos page (with ``photos``, or none)."""
    data = {**POTHOLE_ANSWERS, **fields}
    response = client.post(step("details", slug), data)
    if response.status_code != 302 or response["Location"] != step("photos", slug):
        return response
    return client.post(step("photos", slug), {"photos": list(photos)} if photos else {})


def not_the_same(client, slug="pothole"):
    """ "My problem is different: continue" on the open reports nearby."""
    page = client.get(step("already-reported", slug)).content.decode()
    place = re.search(r'name="place" value="([^"]*)"', page)
    return client.post(step("already-reported", slug), {"place": place.group(1) if place else ""})


def version_on(page) -> str:
    match = re.search(r'name="version" value="([^"]+)"', page.content.decode())
    assert match, "no version on the check page"
    return match.group(1)


def report_until_check(client, address, *, slug="pothole", contact=None, **details):
    """Category, place, (no duplicates), details, photos and, for a one-off report, contact."""
    assert choose_category(client, slug).status_code == 302
    response = choose_address(client, address, slug=slug)
    assert response.status_code == 302, response.content.decode()[:2000]
    if response["Location"] == step("already-reported", slug):  # open reports nearby
        assert not_the_same(client, slug).status_code == 302
    assert answer_details(client, slug=slug, **details).status_code == 302
    if contact is not None:
        assert client.post(step("about-you", slug), contact).status_code == 302
    page = client.get(step("check", slug))
    assert page.status_code == 200, page.content.decode()[:2000]
    return page


# --- For tests/services/highways/urlmap.py (every page, every visitor) and the browser tests -----------------


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


def report_answered(user, *, upto: str, session=None, slug: str = "pothole"):
    """A report by ``user`` (None: a visitor whose browser ``session`` holds it) answered
    up to the step ``upto`` (not answered), in their draft. For "already-reported" there
    is an open report 10 metres away; for "photos" a photo is waiting, so that its "keep"
    checkboxes are shown too. Returns the draft."""
    from django.contrib.auth.models import AnonymousUser

    from casework.journeys import owners
    from casework.journeys.actions import journey_answer
    from services.highways.journeys.report import JOURNEY

    types = highways_types()
    places = gazetteer()
    owner = owners.owner_for_user(user) if user is not None else None
    if user is None:
        owner, user = owners.visitor_owner_for_session(session), AnonymousUser()
    if upto == "already-reported":
        open_street_report(metres_north=40, category=slug)
    address = places["3 Mill Lane"]
    kwargs = {"type_slug": slug}
    order = ["before-you-start", "where", "already-reported", "details", "photos", "about-you"]
    answers = {
        "before-you-start": {},
        "where": {"action": "map", "latitude": address.latitude, "longitude": address.longitude},
        "already-reported": {"place": f"{address.latitude:.6f},{address.longitude:.6f}"},
        "details": {
            "q_where_on_road": "In the road",
            "q_size": "About a dinner plate",
            "where_exactly": "Outside number 3",
            "description": "A deep pothole that cars swerve round.",
            "public": "on",
        },
        "photos": {},
        "about-you": {"name": "Pat Jones", "email": "pat@example.net", "phone": ""},
    }
    skip = {"already-reported"} if upto != "already-reported" else set()
    if not types[slug].notice.strip():
        skip.add("before-you-start")
    if user.is_authenticated:
        skip.add("about-you")
    stop = order.index(upto) if upto in order else len(order)
    for name in order[:stop]:
        if name not in skip:
            journey_answer(
                journey=JOURNEY,
                user=user,
                url_kwargs=kwargs,
                step_name=name,
                data=answers[name],
                owner=owner,
            )
    draft = owner.drafts().filter(request_type=types[slug]).first()
    if upto == "photos":
        journey_answer(
            journey=JOURNEY,
            user=user,
            url_kwargs=kwargs,
            step_name="photos",
            data={},
            files={"photos": [png("pothole.png")]},
            owner=owner,
        )
        draft.refresh_from_db()
        steps = dict(draft.answers["steps"])
        steps.pop("photos")  # the photo waits; the step is not answered yet
        draft.answers = {**draft.answers, "steps": steps}
        draft.save()
    return draft


def sent_report(user):
    """A report ``user`` made (their own), for its confirmation page."""
    from casework.journeys import selectors
    from casework.journeys.actions import journey_send
    from services.highways.journeys.report import JOURNEY as journey

    report_answered(user, upto="check")
    ctx = selectors.journey_context(journey, user=user, url_kwargs={"type_slug": "pothole"})
    return journey_send(ctx=ctx, walk=selectors.journey_walk(ctx))

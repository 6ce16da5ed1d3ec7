"""The access matrix's entries for the Open311 API.

How these pages behave and what their URL arguments name; tests/urlmap.py gathers
this module with every other tests/**/urlmap.py.
"""

from __future__ import annotations

from tests.urlmap_types import Provided, Provider, Rule

OPEN311 = (
    "open311:discovery",
    "open311:services",
    "open311:service_definition",
    "open311:requests",
    "open311:request",
    "open311:request_updates",
)


TABLE: dict[str, Rule] = {
    **{
        name: Rule(why="Open311 GeoReport v2: public data; POST needs an api_key")
        for name in OPEN311
    },
    "open311:token": Rule(status=404, why="Open311: we never issue tokens, so none is found"),
}


NOT_HTML = {
    *OPEN311,
    "open311:token",
}


NOT_CRAWLED = {
    **{name: "Open311 API (XML and JSON), not pages" for name in (*OPEN311, "open311:token")},
}


def _open311_format(user, session) -> Provided:
    return Provided({"format": "xml"})


def _open311_service(user, session) -> Provided:
    from tests.casework.factories import RequestTypeFactory

    request_type = RequestTypeFactory(slug="pothole", name="Report a pothole", public=True)
    return Provided({"format": "json", "code": request_type.slug}, request_type)


def _open311_request(user, session) -> Provided:
    from casework import actions

    case = actions.case_submit(
        request_type=_open311_service(user, session).obj,
        answers={"description": "A deep pothole"},
        summary="A deep pothole",
        latitude=52.1,
        longitude=-1.2,
        location_text="High Street, outside the library",
        channel="api",
    )
    return Provided({"format": "xml", "service_request_id": case.reference}, case)


PROVIDERS: dict[str, Provider] = {
    **{name: Provider(_open311_format) for name in OPEN311},
    "open311:service_definition": Provider(_open311_service),
    "open311:request": Provider(_open311_request),
    "open311:token": Provider(lambda user, session: Provided({"format": "json", "token": "t1"})),
}

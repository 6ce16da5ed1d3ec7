"""The access matrix's entries for general enquiries.

How these pages behave and what their URL arguments name; tests/urlmap.py gathers
this module with every other tests/**/urlmap.py.
"""

from __future__ import annotations

from tests.helpers import png
from tests.urlmap_types import Provided, Provider, Rule

TABLE: dict[str, Rule] = {
    # Service start pages: public, like GOV.UK's; making a request needs sign-in.
    "general:start": Rule(why="General enquiries start page (continuing a draft signs in)"),
}


def _general_type(slug: str = "general-enquiry", **extra):
    from tests.casework.factories import RequestTypeFactory

    names = {"general-enquiry": "Ask a question", "pest-control-treatment": "Book pest control"}
    return RequestTypeFactory(service="general", slug=slug, name=names.get(slug, slug), **extra)


def _general_types(user, session) -> Provided:
    """The start page with its list, one request type with a fee."""
    _general_type("pest-control-treatment", fee_pence=4500, needs_address=True)
    return Provided({}, _general_type())


def _general_answer(user, request_type, step="question", files=(), **data):
    from casework.journeys.actions import journey_answer
    from services.general.journey import JOURNEY

    data = {"summary": "Overgrown hedge", "details": "It blocks the pavement.", **data}
    return journey_answer(
        journey=JOURNEY,
        user=user,
        url_kwargs={"type_slug": request_type.slug},
        step_name=step,
        data=data,
        files={"files": list(files)} if files else None,
    )


def _general_question(user, session) -> Provided:
    """The question page with answers saved before, and a file (its "keep" checkboxes)."""

    request_type = _general_type()
    if user is not None:
        upload = png("hedge.png")
        _general_answer(user, request_type, files=[upload])
    return Provided({"type_slug": request_type.slug}, request_type)


def _general_questions(user, session) -> Provided:
    """A request type's own questions: the step after the question page."""
    request_type = _general_type(
        questions=[{"key": "size", "label": "What size is it?", "type": "text"}]
    )
    if user is not None:
        _general_answer(user, request_type)
    return Provided({"type_slug": request_type.slug, "step_name": "questions"}, request_type)


def _general_check(user, session) -> Provided:
    """Check your answers needs answers to check (the visitor's own)."""
    request_type = _general_type()
    if user is None:
        return Provided({"type_slug": request_type.slug}, request_type)
    draft = _general_answer(
        user, request_type, details="It blocks the pavement on Mill Lane.\nIt has for weeks."
    )
    return Provided({"type_slug": request_type.slug}, draft)


def _general_sent(user, session) -> Provided:
    from casework import actions

    request_type = _general_type()
    case = actions.case_submit(
        request_type=request_type,
        resident=user,
        answers={"details": "Is the library open on bank holiday Mondays?"},
        summary="Library opening hours",
    )
    return Provided({"type_slug": request_type.slug, "reference": case.reference}, case)


PROVIDERS: dict[str, Provider] = {
    "general:start": Provider(_general_types),
    "general:question": Provider(_general_question),
    "general:step": Provider(_general_questions),
    "general:check": Provider(_general_check),
    "general:confirmation": Provider(_general_sent, owned=True),
}

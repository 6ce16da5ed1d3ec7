"""The access matrix's entries for complaints and compliments.

How these pages behave and what their URL arguments name; tests/urlmap.py gathers
this module with every other tests/**/urlmap.py.
"""

from __future__ import annotations

from tests.helpers import journey_answers
from tests.urlmap_types import Provided, Provider, Rule

TABLE: dict[str, Rule] = {
    # Service start pages: public, like GOV.UK's; making a request needs sign-in.
    "complaints:start": Rule(why="complaints and compliments start page (making one signs in)"),
}


NOT_HTML = {
    "complaints_staff:report_csv",
}


ADMIN_ONLY = {
    # Managers' reports: administrators, and the leads and managers of teams.
    "complaints_staff:report",
    "complaints_staff:report_csv",
}


def _complaint_types():
    from casework.request_types import request_types_sync

    request_types_sync()


def complaint_case(user, *, answered: bool = False):
    """A complaint of ``user``'s at stage 1; ``answered``: with its stage 1 answer."""
    from casework import actions
    from casework.models import RequestType

    _complaint_types()
    case = actions.case_submit(
        request_type=RequestType.objects.get(slug="complaint"),
        resident=user,
        answers={"What happened?": "The crew missed our street three times."},
        summary="Bins not collected",
    )
    actions.case_complaint_open(case=case)
    actions.case_acknowledge(case=case)
    if answered:
        actions.case_complaint_answer(
            case=case, actor=None, message="Sorry.", root_cause="delay", upheld="upheld"
        )
    return case


def _complaints_step(journey: str, step: str, answered=()):
    """A page of the complaint or compliment journey with the steps before it answered."""
    data = {
        "about": {"about": "waste", "summary": "Bins not collected"},
        "what": {"what_happened": "Missed three times.", "what_went_well": "Kind crew."},
        "put-right": {"put_right": "Collect them."},
        "contact": {"contact_by": "email"},
    }

    def make(user, session) -> Provided:
        from casework.models import RequestType
        from services.complaints.journey import COMPLAINT, COMPLIMENT

        _complaint_types()
        found = journey == "complaint" and COMPLAINT or COMPLIMENT
        journey_answers(found, user, [(name, data[name]) for name in answered])
        kwargs = {"step_name": step} if step else {}
        return Provided(kwargs, RequestType.objects.get(slug=journey))

    return make


def _complaints_sent(journey: str):
    def make(user, session) -> Provided:
        from casework import actions
        from casework.models import RequestType

        _complaint_types()
        case = actions.case_submit(
            request_type=RequestType.objects.get(slug=journey),
            resident=user,
            answers={},
            summary="Kind crew",
        )
        return Provided({"reference": case.reference}, case)

    return make


PROVIDERS: dict[str, Provider] = {
    "complaints:start": Provider(lambda user, session: Provided({}, _complaint_types())),
    "complaints:complaint": Provider(_complaints_step("complaint", "")),
    "complaints:complaint_step": Provider(
        _complaints_step("complaint", "put-right", ["about", "what"])
    ),
    "complaints:complaint_check": Provider(
        _complaints_step("complaint", "", ["about", "what", "put-right", "contact"])
    ),
    "complaints:complaint_sent": Provider(_complaints_sent("complaint"), owned=True),
    "complaints:compliment": Provider(_complaints_step("compliment", "")),
    "complaints:compliment_step": Provider(_complaints_step("compliment", "what", ["about"])),
    "complaints:compliment_check": Provider(_complaints_step("compliment", "", ["about", "what"])),
    "complaints:compliment_sent": Provider(_complaints_sent("compliment"), owned=True),
}

"""The access matrix's entries for council housing.

How these pages behave and what their URL arguments name; tests/urlmap.py gathers
this module with every other tests/**/urlmap.py.
"""

from __future__ import annotations

from tests.helpers import journey_answers
from tests.urlmap_types import Provided, Provider

_REPAIR_UP_TO_CHECK = (
    ("where", {"area": "communal"}),
    ("what", {"problem": "damp"}),
    ("details", {"description": "Black mould on the stairwell wall."}),
    ("access", {"access": "Second floor landing."}),
)


_ASB_UP_TO_CHECK = (
    ("what", {"what": "Noise", "when": "Nightly", "where": "Stairs", "ongoing": "yes"}),
    ("evidence", {"who": ""}),
    ("contact", {"safe_to_contact": "no"}),
)


def _housing_link(user):
    from casework.request_types import request_types_sync
    from linking.actions import service_link_attempt
    from services.housing.apps import SLUG

    request_types_sync()
    if user is not None:
        service_link_attempt(user=user, service=SLUG, account_ref="HT-100001", proven=True)


def _housing_linked(user, session) -> Provided:
    """Pages of the linked tenancy that read nothing from the housing system on GET."""
    _housing_link(user)
    return Provided({})


def _housing_journey(name: str, answers=(), *, step_name=None, link=True):
    def make(user, session) -> Provided:
        from services.housing import journeys

        journey = getattr(journeys, name)
        if link:
            _housing_link(user)
        else:
            _housing_link(None)
        journey_answers(journey, user, answers)
        return Provided({"step_name": step_name} if step_name else {})

    return make


def _housing_case(slug: str, *, finished=False):
    def make(user, session) -> Provided:
        from casework import actions
        from casework.models import RequestType

        _housing_link(user)
        case = actions.case_submit(
            request_type=RequestType.objects.get(slug=slug),
            resident=user,
            answers={"tenancy_reference": "HT-100001"},
            summary="A housing request",
            fee_pence=0,
        )
        if finished:
            actions.case_acknowledge(case=case)
            actions.case_resolve(case=case, actor=None, message="The repair has been done.")
        return Provided({"reference": case.reference}, case)

    return make


PROVIDERS: dict[str, Provider] = {
    "housing:statement": Provider(_housing_linked),
    "housing:reminders": Provider(_housing_linked),
    "housing:repair": Provider(_housing_journey("REPAIR_JOURNEY")),
    "housing:repair_step": Provider(
        _housing_journey("REPAIR_JOURNEY", (("where", {"area": "kitchen"}),), step_name="what")
    ),
    "housing:repair_check": Provider(_housing_journey("REPAIR_JOURNEY", _REPAIR_UP_TO_CHECK)),
    "housing:repair_outcome": Provider(
        _housing_journey(
            "REPAIR_JOURNEY", (("where", {"area": "kitchen"}), ("what", {"problem": "gas"}))
        )
    ),
    "housing:repair_sent": Provider(_housing_case("housing-repair"), owned=True),
    "housing:repair_feedback": Provider(_housing_case("housing-repair", finished=True), owned=True),
    "housing:asb": Provider(_housing_journey("ASB_JOURNEY", link=False)),
    "housing:asb_step": Provider(
        _housing_journey("ASB_JOURNEY", _ASB_UP_TO_CHECK[:1], step_name="evidence", link=False)
    ),
    "housing:asb_check": Provider(_housing_journey("ASB_JOURNEY", _ASB_UP_TO_CHECK, link=False)),
    "housing:asb_sent": Provider(_housing_case("housing-asb"), owned=True),
    "housing:pay": Provider(_housing_journey("PAY_JOURNEY")),
    "housing:pay_step": Provider(_housing_journey("PAY_JOURNEY", step_name="amount")),
    "housing:pay_check": Provider(
        _housing_journey("PAY_JOURNEY", (("amount", {"amount": "10.00"}),))
    ),
    "housing:pay_outcome": Provider(_housing_journey("PAY_JOURNEY", link=False)),
    "housing:pay_sent": Provider(_housing_case("housing-rent-payment"), owned=True),
    "housing:arrangement": Provider(_housing_journey("ARRANGEMENT_JOURNEY")),
    "housing:arrangement_step": Provider(_housing_journey("ARRANGEMENT_JOURNEY", step_name="plan")),
    "housing:arrangement_check": Provider(
        _housing_journey("ARRANGEMENT_JOURNEY", (("plan", {"weekly": "5.00"}),))
    ),
    "housing:arrangement_outcome": Provider(_housing_journey("ARRANGEMENT_JOURNEY", link=False)),
    "housing:arrangement_sent": Provider(_housing_case("housing-arrangement"), owned=True),
}

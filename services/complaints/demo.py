"""Complaints and compliments for the demo council: Sam has a complaint answered at stage 1
(so the demo shows asking for stage 2, and the report has a root cause to count) and has
paid the waste crew a compliment. Made with the same actions as real ones. Safe to repeat."""

from __future__ import annotations

from django.db import transaction

from accounts.models import User
from casework import actions as case_actions
from casework.models import Case, ComplaintStage, RequestType
from services.complaints.apps import COMPLAINT, COMPLIMENT, SLUG


@transaction.atomic
def load() -> list[str]:
    sam = User.objects.filter(email="sam@example.org").first()
    caseworker = User.objects.filter(email="caseworker@millbrook.example").first()
    complaint_type = RequestType.objects.filter(slug=COMPLAINT, service=SLUG).first()
    compliment_type = RequestType.objects.filter(slug=COMPLIMENT, service=SLUG).first()
    if sam is None or complaint_type is None or compliment_type is None:
        return []
    if ComplaintStage.objects.filter(
        complaint__case__resident=sam, answered_at__isnull=False
    ).exists():
        return ["Complaints: Sam's answered complaint already there"]
    case = case_actions.case_submit(
        request_type=complaint_type,
        resident=sam,
        answers={
            "Which service is it about?": "Bins and waste",
            "What happened?": (
                "My garden waste bin was missed twice in October and nobody called me back."
            ),
            "What would put it right?": "A refund for the missed collections.",
        },
        summary="Garden waste missed twice and no call back",
        address=sam.address,
    )
    case_actions.case_complaint_open(case=case)
    case_actions.case_acknowledge(case=case, actor=caseworker)
    case_actions.case_complaint_answer(
        case=case,
        actor=caseworker,
        message=(
            "I am sorry: the crew missed your street on 6 and 20 October after a change of "
            "round, and our call-back list was not checked. We will add two collections to "
            "your subscription. We have not refunded you, as the collections will be made up."
        ),
        root_cause="delay",
        upheld="partly",
    )
    compliment = _compliment(sam, compliment_type)
    return [
        f"Complaints: {case.reference} answered at stage 1 (Sam may ask for stage 2); "
        f"compliment {compliment.reference} passed to the team"
    ]


def _compliment(sam, request_type) -> Case:
    case = case_actions.case_submit(
        request_type=request_type,
        resident=sam,
        answers={
            "Who is your compliment for?": "Bins and waste",
            "What went well?": "The crew on Mill Lane always put our bins back tidily.",
        },
        summary="Thank you to the Mill Lane crew",
    )
    case_actions.case_acknowledge(case=case)
    case_actions.case_resolve(
        case=case, actor=None, message="Thank you for your compliment. We have passed it on."
    )
    return case

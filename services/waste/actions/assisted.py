"""Ask for an assisted bin collection: the case for the waste team (no fee)."""

from django.contrib.auth import get_user_model
from django.db import transaction

from casework import actions as case_actions
from casework.models import Case, Channel, RequestType
from services.waste.selectors import assisted as selectors
from services.waste.selectors.assisted import Answers


@transaction.atomic
def assisted_request(
    *, user, answers: Answers, address, request_type: RequestType, channel: str = Channel.WEB
) -> tuple[Case, bool]:
    """Make the request: (case, True), or (the open request for the address, False).

    One open request per resident and address: a second click, a second tab or asking
    again while the first is open finds the first (the resident's row is locked, so two
    at once cannot both make one). Raises ValueError for answers that are not complete
    or say someone in the household can put the bins out.
    """
    if not answers.complete or answers.uprn != address.uprn:
        raise ValueError("these answers cannot be sent")
    get_user_model().objects.select_for_update().filter(pk=user.pk).first()
    existing = selectors.open_request_get(user=user, address=address)
    if existing is not None:
        return existing, False
    case = case_actions.case_submit(
        request_type=request_type,
        answers=answers.case_answers(),
        summary=selectors.summary(address=address),
        resident=user,
        address=address,
        channel=channel,
        actor=user,
        fee_pence=0,  # never a fee, whatever the request type says
    )
    return case, True

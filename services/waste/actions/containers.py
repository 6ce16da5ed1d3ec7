"""Order a bin or box: the case, with the council's price as its fee."""

from django.contrib.auth import get_user_model
from django.db import transaction

from casework import actions as case_actions
from casework.models import Case, Channel, RequestType
from services.waste.selectors import containers as selectors
from services.waste.selectors.containers import Order


@transaction.atomic
def container_order(
    *, user, order: Order, request_type: RequestType, channel: str = Channel.WEB
) -> tuple[Case, bool]:
    """Make the order as a case for the waste team: (case, True), or (the open one, False).

    A container with a price makes the case wait for payment (its fee is the total);
    a free one goes straight ahead. One open order of a container per resident and
    address: a second click on "Send", a second tab, or ordering the same thing again
    while the first order is open finds the first order instead of making another
    (the resident's row is locked, so two requests at once cannot both make one).
    """
    get_user_model().objects.select_for_update().filter(pk=user.pk).first()
    existing = selectors.open_order_get(user=user, address=order.address, container=order.container)
    if existing is not None:
        return existing, False
    case = case_actions.case_submit(
        request_type=request_type,
        answers=order.answers(),
        summary=order.summary(),
        resident=user,
        address=order.address,
        channel=channel,
        actor=user,
        # 0, not None: a free container is free whatever fee the request type has.
        fee_pence=order.total_pence,
    )
    return case, True

"""The access matrix's entries for the waste service.

How these pages behave and what their URL arguments name; tests/urlmap.py gathers
this module with every other tests/**/urlmap.py.
"""

from __future__ import annotations

from accounts import roles
from tests.helpers import journey_answers, synced_request_type, the_citizen
from tests.urlmap_types import Provided, Provider, Rule

TABLE: dict[str, Rule] = {
    "waste:start": Rule(why="bin days and waste services: open to everyone"),
    # Bin days are not personal data: anyone may look up any address's.
    "waste:collections_find": Rule(why="find bin days by postcode"),
    "waste:collections_choose": Rule(
        status=302, why="choose an address: without a postcode, back to the postcode page"
    ),
    "waste:collections": Rule(why="an address's bin days"),
    "waste:collections_ics": Rule(why="an address's bin days as an iCalendar feed"),
    "waste:collections_pdf": Rule(why="an address's printable calendar, made in the background"),
    "waste:reminders_unsubscribe": Rule(
        why="stop bin reminders from a message: whoever holds the link; GET asks, POST stops"
    ),
    # Tried with a bin reminder's link (accounts.reminder_stops is every kind's one page).
    "accounts:reminder_stop": Rule(
        why="stop any reminder from its message: whoever holds the signed link; GET asks, "
        "POST stops"
    ),
}


POST_ONLY = {
    "waste:reminders_stop",
    "waste:bulky_pay",
    "waste_staff:bulky_collected",
}


NOT_HTML = {
    "waste:collections_ics",
}


NOT_CRAWLED = {
    "waste:collections_pdf": (
        "a download once made (an eager worker makes it at once); its waiting and failed "
        "pages are checked with axe in tests/e2e/test_waste_collections.py"
    ),
}


PAGE_PERMISSIONS = {
    "waste_staff:notices": roles.SEND_SERVICE_NOTICES,
    "waste_staff:notice_new": roles.SEND_SERVICE_NOTICES,
}


def _missed_request_type(user, session) -> Provided:
    """Report a missed bin needs its request type (`make run` syncs it)."""
    return Provided({}, synced_request_type("missed-collection"))


def _missed_address():
    """An address whose recycling was collected yesterday: the check page can report it."""
    import datetime

    from core import clock
    from services.waste.models import PropertyRound, Round
    from tests.factories import AddressFactory

    yesterday = clock.today() - datetime.timedelta(days=1)
    round_, _created = Round.objects.get_or_create(
        code="urlmap-recycling",
        defaults={
            "name": "Recycling (urlmap)",
            "stream": "recycling",
            "weekday": yesterday.weekday(),
            "every_weeks": 1,
            "first_date": yesterday,
        },
    )
    address = AddressFactory(line1="9 Mill Lane")
    PropertyRound.objects.create(address=address, round=round_, stream="recycling")
    return address


def _missed_bin(user, session) -> Provided:
    _missed_request_type(user, session)
    address = _missed_address()
    return Provided({"uprn": address.uprn}, address)


def _missed_answered(user, provided: Provided, stream: str) -> Provided:
    """The visitor's answer (in their draft): ``stream`` was not emptied there."""
    from casework.journeys.actions import journey_answer
    from services.waste.journeys.missed import JOURNEY

    if user is not None:
        journey_answer(
            journey=JOURNEY,
            user=user,
            url_kwargs=provided.kwargs,
            step_name="bin",
            data={"stream": stream},
        )
    return provided


def _missed_check(user, session) -> Provided:
    """Check your answers: recycling collected yesterday (the in-cab system is off)."""
    return _missed_answered(user, _missed_bin(user, session), "recycling")


def _missed_outcome(user, session) -> Provided:
    """What we know instead of a form: rubbish at the address was already reported missed
    for its last collection, so the page says so (on any day, at any hour)."""
    import datetime

    from casework import actions
    from core import clock
    from services.waste.models import MissedCollection, PropertyRound, Round
    from services.waste.selectors.collections import last_collection

    provided = _missed_bin(user, session)
    round_, _created = Round.objects.get_or_create(
        code="urlmap-refuse-weekly",
        defaults={
            "name": "Rubbish (urlmap, every Monday)",
            "stream": "refuse",
            "weekday": 0,
            "every_weeks": 1,
            "first_date": datetime.date(2025, 1, 6),
        },
    )
    PropertyRound.objects.create(address=provided.obj, round=round_, stream="refuse")
    last = last_collection(address=provided.obj, stream="refuse", on_or_before=clock.today())
    case = actions.case_submit(
        request_type=_missed_request_type(user, session).obj,
        resident=the_citizen(),
        answers={"stream": "refuse", "collection_date": last.date.isoformat()},
        summary="Rubbish not collected",
        address=provided.obj,
    )
    MissedCollection.objects.create(
        case=case, address=provided.obj, stream="refuse", collection_date=last.date, round=round_
    )
    return _missed_answered(user, provided, "refuse")


def _missed_step(user, session) -> Provided:
    provided = _missed_bin(user, session)
    return Provided({**provided.kwargs, "step_name": "bin"}, provided.obj)


def _missed_sent(user, session) -> Provided:
    from casework import actions

    request_type = _missed_request_type(user, session).obj
    case = actions.case_submit(
        request_type=request_type,
        resident=user,
        answers={"stream": "recycling", "collection_date": "2025-11-24", "round": "urlmap"},
        summary="Recycling not collected on Monday 24 November 2025",
        address=_missed_address(),
    )
    return Provided({"uprn": case.address_id, "reference": case.reference}, case)


def _reminders_address():
    """An address on a rubbish round, so that reminders can be turned on for it."""
    from services.waste.models import Round
    from tests.factories import AddressFactory
    from tests.services.waste.reminders_factories import make_round, put_on

    round_ = Round.objects.filter(code="urlmap-refuse").first() or make_round(code="urlmap-refuse")
    address = AddressFactory(line1="14 Mill Lane")
    put_on(address, round_)
    return address


def _reminder(user):
    from services.waste.actions.reminders import reminder_subscribe

    owner = user or the_citizen()
    return reminder_subscribe(user=owner, address=_reminders_address())


def _reminders_subscribe(user, session) -> Provided:
    address = _reminders_address()
    return Provided({"uprn": address.uprn}, address)


def _reminders_list(user, session) -> Provided:
    """The list with a reminder in it (and the visitor's own address to offer)."""
    return Provided({}, _reminder(user) if user is not None else None)


def _own_reminder(user, session) -> Provided:
    subscription = _reminder(user)
    return Provided({"subscription_id": subscription.pk}, subscription)


def _reminder_token(user, session) -> Provided:
    subscription = _reminder(None)
    return Provided({"token": subscription.token}, subscription)


def _reminder_stop_link(user, session) -> Provided:
    """A bin reminder's signed stop link (accounts.reminder_stops), as its message has it."""
    from accounts.reminder_stops import stop_token

    subscription = _reminder(None)
    return Provided({"token": stop_token(kind="bins", pk=subscription.pk)}, subscription)


def _missed_notices(user, session) -> Provided:
    """The notices page with one in its table."""
    import datetime

    from services.waste.models import MissedRoundNotice

    address = _reminders_address()
    notice = MissedRoundNotice.objects.create(
        round=address.waste_rounds.first().round,
        street="Mill Lane",
        date=datetime.date(2026, 11, 24),
        reason="The collection lorry broke down",
        when_back="We will come back on Saturday",
        created_by=user,
        residents_told=3,
    )
    return Provided({}, notice)


def _bulky_address(answers=(), user=None):
    """An address with days to book, the price list, and ``user``'s answers to the
    ``answers`` steps of the booking journey so far (in their draft)."""
    from services.waste.journeys.bulky import JOURNEY
    from tests.factories import AddressFactory
    from tests.services.waste.bulky_factories import bulky_items, bulky_policy, bulky_slots

    bulky_policy()
    items = bulky_items()
    address = AddressFactory(line1="21 Mill Lane")
    slots = bulky_slots(address.ward, count=5)
    chosen = {
        "items": {f"item_{items['Sofa'].pk}": 1, f"item_{items['Mattress'].pk}": 2},
        "day": {"slot": slots[-1].pk},
        "where": {"location": "Front garden"},
    }
    journey_answers(
        JOURNEY, user, [(step, chosen[step]) for step in answers], url_kwargs={"uprn": address.uprn}
    )
    return address


def bulky_draft(user, session) -> Provided:
    """A booking saved half-way, to continue from "Your saved requests"."""
    from casework.models import Draft

    _bulky_address(("items",), user)
    return Provided({"draft_id": Draft.objects.get(user=user).pk})


def _bulky_start(user, session) -> Provided:
    """The start page with its price list (and the visitor's own address, if any)."""
    return Provided({}, _bulky_address())


def _bulky_step(*answered, step_name=None):
    def make(user, session) -> Provided:
        address = _bulky_address(answered, user)
        kwargs = {"uprn": address.uprn}
        return Provided({**kwargs, "step_name": step_name} if step_name else kwargs, address)

    return make


def _bulky_sent(user, session) -> Provided:
    booking = _bulky_booking(user, session).obj
    return Provided({"uprn": booking.address.uprn, "reference": booking.case.reference}, booking)


def _bulky_booking(user, session) -> Provided:
    """A paid booking of ``user``'s, far enough off to be changed or cancelled."""
    from tests.factories import UserFactory
    from tests.services.waste.bulky_factories import bulky_booking

    address = _bulky_address()
    booking = bulky_booking(user or UserFactory(), address=address)
    return Provided({"reference": booking.case.reference}, booking)


def _staff_bulky_booking(visitor, session) -> Provided:
    """A booking whose case is within the visiting member of staff's reach whatever their
    role: their team's, raised by them (councillors follow the enquiries they raised)."""
    from casework.models import Case

    provided = _bulky_booking(None, session)
    case = provided.obj.case
    if visitor is not None and visitor.is_staff:
        if case.team_id:
            case.team.members.add(visitor)
        Case.objects.filter(pk=case.pk).update(created_by=visitor)
    return provided


def _waste_home(*streams, line1: str):
    """An address on today's rounds of ``streams`` (the urlmap's own rounds)."""
    import datetime

    from django.utils import timezone

    from services.waste.models import PropertyRound, Round
    from tests.factories import AddressFactory

    today = timezone.localdate()
    address = AddressFactory(line1=line1)
    for stream in streams:
        round_, _created = Round.objects.get_or_create(
            code=f"urlmap-orders-{stream}",
            defaults={
                "name": f"{stream} (urlmap)",
                "stream": stream,
                "weekday": today.weekday(),
                "every_weeks": 1,
                "first_date": today - datetime.timedelta(weeks=4),
            },
        )
        PropertyRound.objects.create(address=address, round=round_, stream=stream)
    return address


def _containers_type(user, session) -> Provided:
    """Order a bin: the request type and the council's bins and boxes (one with a price)."""
    from services.waste.models import ContainerType

    for slug, name, stream, price in (
        ("urlmap-rubbish-bin", "Rubbish bin (240 litres)", "refuse", 3000),
        ("urlmap-recycling-box", "Recycling box", "recycling", None),
    ):
        ContainerType.objects.get_or_create(
            slug=slug, defaults={"name": name, "stream": stream, "price_pence": price}
        )
    return Provided({}, synced_request_type("container-order"))


def _containers_address(user, session) -> Provided:
    _containers_type(user, session)
    address = _waste_home("refuse", "recycling", line1="31 Mill Lane")
    return Provided({"uprn": address.uprn}, address)


def _containers_answered(user, session, *steps) -> Provided:
    """The visitor's answers to ``steps`` of ordering a bin (in their draft)."""
    from services.waste.journeys.containers import JOURNEY

    provided = _containers_address(user, session)
    answers = {
        "container": {"container": "urlmap-recycling-box"},
        "details": {"reason": "replacement", "quantity": 2},
    }
    journey_answers(
        JOURNEY, user, [(step, answers[step]) for step in steps], url_kwargs=provided.kwargs
    )
    return provided


def _containers_details(user, session) -> Provided:
    provided = _containers_answered(user, session, "container")
    return Provided({**provided.kwargs, "step_name": "details"}, provided.obj)


def _containers_check(user, session) -> Provided:
    """Check your order: the visitor's order in their draft."""
    return _containers_answered(user, session, "container", "details")


def _containers_outcome(user, session) -> Provided:
    """Nothing to order: an address whose only round has no bins or boxes to order."""
    _containers_type(user, session)
    address = _waste_home("food", line1="32 Mill Lane")
    return Provided({"uprn": address.uprn}, address)


def _containers_sent(user, session) -> Provided:
    from casework import actions

    address = _containers_address(user, session).obj
    case = actions.case_submit(
        request_type=synced_request_type("container-order"),
        resident=user,
        answers={
            "container": "Recycling box",
            "container_code": "urlmap-recycling-box",
            "reason": "To replace one that was lost, stolen or damaged",
            "quantity": 1,
            "total": "Free",
        },
        summary="Recycling box for 31 Mill Lane",
        address=address,
        fee_pence=0,
    )
    return Provided({"uprn": address.uprn, "reference": case.reference}, case)


def _garden_type(user, session) -> Provided:
    return Provided({}, synced_request_type("garden-subscription"))


def _garden_address(user, session) -> Provided:
    _garden_type(user, session)
    address = _waste_home("refuse", "garden", line1="41 Mill Lane")
    return Provided({"uprn": address.uprn}, address)


def _garden_check(user, session) -> Provided:
    """Check your subscription needs an answer to check (the visitor's own, in their draft)."""
    from casework.journeys.actions import journey_answer
    from services.waste.journeys.garden import JOURNEY

    provided = _garden_address(user, session)
    if user is not None:
        journey_answer(
            journey=JOURNEY,
            user=user,
            url_kwargs=provided.kwargs,
            step_name="bins",
            data={"bins": 2},
        )
    return provided


def _garden_step(user, session) -> Provided:
    provided = _garden_address(user, session)
    return Provided({**provided.kwargs, "step_name": "bins"}, provided.obj)


def _own_garden_confirmation(user, session) -> Provided:
    subscription = garden_subscription(user)
    kwargs = {"uprn": subscription.address.uprn, "reference": subscription.case.reference}
    return Provided(kwargs, subscription.case)


def garden_subscription(user):
    """``user``'s paid subscription, ending in three weeks: renewing is open."""
    import datetime

    from django.utils import timezone

    from casework import actions
    from services.waste.actions.garden import garden_activate, garden_subscribe
    from services.waste.selectors.garden import add_months, policy

    owner = user or the_citizen()
    ends_on = timezone.localdate() + datetime.timedelta(days=21)
    starts_on = add_months(ends_on + datetime.timedelta(days=1), -policy().garden_months)
    subscription = garden_subscribe(
        user=owner,
        address=_garden_address(user, None).obj,
        bins=1,
        request_type=synced_request_type("garden-subscription"),
        on=starts_on,
    )
    actions.case_record_payment(
        case_id=subscription.case_id,
        outcome="paid",
        amount_pence=subscription.price_pence,
        payment_id="urlmap",
    )
    garden_activate(case_id=subscription.case_id, paid_on=starts_on)
    subscription.refresh_from_db()
    return subscription


def _garden_list(user, session) -> Provided:
    """The garden waste page with a subscription on it (renewal open) for signed-in visitors."""
    _garden_type(user, session)
    return Provided({}, garden_subscription(user) if user is not None else None)


def _own_garden_subscription(user, session) -> Provided:
    subscription = garden_subscription(user)
    return Provided({"subscription_id": subscription.pk}, subscription)


def _own_garden_renewal_check(user, session) -> Provided:
    """Check your renewal, with the owner's answer in their draft."""
    from casework.journeys.actions import journey_answer
    from services.waste.journeys.garden import RENEWAL

    subscription = garden_subscription(user)
    kwargs = {"subscription_id": subscription.pk}
    journey_answer(
        journey=RENEWAL, user=user, url_kwargs=kwargs, step_name="bins", data={"bins": 1}
    )
    return Provided(kwargs, subscription)


def _own_garden_renewal_step(user, session) -> Provided:
    subscription = garden_subscription(user)
    return Provided({"subscription_id": subscription.pk, "step_name": "bins"}, subscription)


def _own_garden_renewal_sent(user, session) -> Provided:
    subscription = garden_subscription(user)
    kwargs = {"subscription_id": subscription.pk, "reference": subscription.case.reference}
    return Provided(kwargs, subscription.case)


def _own_garden_sent(user, session) -> Provided:
    subscription = garden_subscription(user)
    return Provided({"reference": subscription.case.reference}, subscription.case)


def _assisted_type(user, session) -> Provided:
    return Provided({}, synced_request_type("assisted-collection"))


def _assisted_address(user, session) -> Provided:
    _assisted_type(user, session)
    address = _waste_home("refuse", "recycling", line1="51 Mill Lane")
    return Provided({"uprn": address.uprn}, address)


def _assisted_answers(user, session, *steps, can_help="no") -> Provided:
    """The visitor's answers to ``steps`` of asking for an assisted collection (their draft)."""
    from services.waste.journeys.assisted import JOURNEY

    provided = _assisted_address(user, session)
    answers = {
        "about": {"who": "me", "reason": "age", "how_long": "permanent"},
        "household": {"can_help": can_help},
        "bins": {"where": "Down the side path, behind the gate."},
    }
    journey_answers(
        JOURNEY, user, [(step, answers[step]) for step in steps], url_kwargs=provided.kwargs
    )
    return provided


def _assisted_step(user, session) -> Provided:
    provided = _assisted_answers(user, session, "about")
    return Provided({**provided.kwargs, "step_name": "household"}, provided.obj)


def _assisted_sent(user, session) -> Provided:
    from casework import actions

    address = _assisted_address(user, session).obj
    case = actions.case_submit(
        request_type=synced_request_type("assisted-collection"),
        resident=user,
        answers={"who_needs_help": "Me", "why": "Age or frailty"},
        summary="Assisted collection at 51 Mill Lane",
        address=address,
        fee_pence=0,
    )
    return Provided({"uprn": address.uprn, "reference": case.reference}, case)


def _bin_days_address(user, session) -> Provided:
    """An address on weekly rounds with a moved and a cancelled collection in the coming
    weeks, so that the bin days page, its feed and its calendar show the most."""
    import datetime

    from django.utils import timezone

    from services.waste.models import CollectionChange, PropertyRound, Round
    from tests.factories import AddressFactory

    today = timezone.localdate()
    address = AddressFactory(line1="61 Mill Lane")
    for stream in ("refuse", "food", "garden"):
        round_, _created = Round.objects.get_or_create(
            code=f"urlmap-bin-days-{stream}",
            defaults={
                "name": f"{stream} (urlmap bin days)",
                "stream": stream,
                "weekday": today.weekday(),
                "every_weeks": 1,
                "first_date": today,
            },
        )
        PropertyRound.objects.create(address=address, round=round_, stream=stream)
        if stream == "garden":
            CollectionChange.objects.get_or_create(
                round=round_,
                date=today + datetime.timedelta(weeks=2),
                defaults={"new_date": None, "kind": "disruption", "reason": "Snow."},
            )
    moved = today + datetime.timedelta(weeks=1)
    if not CollectionChange.objects.filter(round=None, date=moved).exists():
        CollectionChange.objects.create(
            round=None,
            date=moved,
            new_date=moved + datetime.timedelta(days=1),
            reason="A bank holiday, so collections that week are a day later.",
        )
    return Provided({"uprn": address.uprn}, address)


PROVIDERS: dict[str, Provider] = {
    "waste:collections": Provider(_bin_days_address),
    "waste:collections_ics": Provider(_bin_days_address),
    "waste:collections_pdf": Provider(_bin_days_address),
    "waste:reminders": Provider(_reminders_list),
    "waste:reminders_subscribe": Provider(_reminders_subscribe),
    "waste:reminders_stop": Provider(_own_reminder, owned=True),
    "waste:reminders_unsubscribe": Provider(_reminder_token),
    "accounts:reminder_stop": Provider(_reminder_stop_link),
    "waste_staff:notices": Provider(_missed_notices),
    "waste_staff:notice_new": Provider(lambda user, session: Provided({}, _reminders_address())),
    "waste:missed_start": Provider(_missed_request_type),
    "waste:missed_address": Provider(_missed_request_type),
    "waste:missed_bin": Provider(_missed_bin),
    "waste:missed_step": Provider(_missed_step),
    "waste:missed_check": Provider(_missed_check),
    "waste:missed_outcome": Provider(_missed_outcome),
    "waste:missed_confirmation": Provider(_missed_sent, owned=True),
    "waste:containers_start": Provider(_containers_type),
    "waste:containers_address": Provider(_containers_type),
    "waste:containers_choose": Provider(_containers_address),
    "waste:containers_step": Provider(_containers_details),
    "waste:containers_check": Provider(_containers_check),
    "waste:containers_outcome": Provider(_containers_outcome),
    "waste:containers_sent": Provider(_containers_sent, owned=True),
    "waste:garden": Provider(_garden_list),
    "waste:garden_address": Provider(_garden_type),
    "waste:garden_subscribe": Provider(_garden_address),
    "waste:garden_check": Provider(_garden_check),
    "waste:garden_step": Provider(_garden_step),
    "waste:garden_confirmation": Provider(_own_garden_confirmation, owned=True),
    "waste:garden_sent": Provider(_own_garden_sent, owned=True),
    "waste:garden_renew": Provider(_own_garden_subscription, owned=True),
    "waste:garden_renew_check": Provider(_own_garden_renewal_check, owned=True),
    "waste:garden_renew_step": Provider(_own_garden_renewal_step, owned=True),
    "waste:garden_renew_confirmation": Provider(_own_garden_renewal_sent, owned=True),
    "waste:garden_cancel": Provider(_own_garden_subscription, owned=True),
    "waste:assisted_start": Provider(_assisted_type),
    "waste:assisted_address": Provider(_assisted_type),
    "waste:assisted_about": Provider(_assisted_address),
    "waste:assisted_step": Provider(_assisted_step),
    "waste:assisted_check": Provider(
        lambda user, session: _assisted_answers(user, session, "about", "household", "bins")
    ),
    "waste:assisted_outcome": Provider(
        lambda user, session: _assisted_answers(user, session, "about", "household", can_help="yes")
    ),
    "waste:assisted_sent": Provider(_assisted_sent, owned=True),
    "waste:bulky_start": Provider(_bulky_start),
    "waste:bulky_address": Provider(_bulky_start),
    "waste:bulky_items": Provider(_bulky_step()),
    "waste:bulky_step": Provider(_bulky_step("items", step_name="day")),
    "waste:bulky_check": Provider(_bulky_step("items", "day", "where")),
    "waste:bulky_sent": Provider(_bulky_sent, owned=True),
    "waste:bulky_booking": Provider(_bulky_booking, owned=True),
    "waste:bulky_pay": Provider(_bulky_booking, owned=True),
    "waste:bulky_change_day": Provider(_bulky_booking, owned=True),
    "waste:bulky_change_items": Provider(_bulky_booking, owned=True),
    "waste:bulky_cancel": Provider(_bulky_booking, owned=True),
    "waste_staff:bulky_day": Provider(lambda user, session: Provided({}, _bulky_address())),
    "waste_staff:bulky_collected": Provider(_staff_bulky_booking),
}

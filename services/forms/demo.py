"""The demo council's long tail, built as an administrator would: request types with
forms made of pages and questions, published with the same action as the admin's
"Publish" button. No code of their own. Safe to run again (a form already
published is left as its administrators have it)."""

from __future__ import annotations

from django.db import transaction

from casework.bookings.models import BookingCalendar
from casework.models import RequestType, Team
from casework.registry import definitions
from core.demo import page, q
from services.forms.actions import form_publish
from services.forms.apps import SLUG
from services.forms.models import BuiltForm, Page, Question

TEAM_NAMES = {
    "information-governance": "Information governance",
    "highways-licensing": "Highways licensing",
    "environmental-health": "Environmental health",
    "electoral-services": "Electoral services",
    "street-cleansing": "Street cleansing",
    "highways": "Highways",
    "housing": "Housing",
}

FORMS = [
    {
        "slug": "foi-request",
        "name": "Make a Freedom of Information request",
        "description": "Ask for information the council holds. We reply within 20 working days.",
        "team": "information-governance",
        "sla_days": 20,
        "statutory_days": 20,
        "pages": [
            page(
                "The information you want",
                q(
                    "What information do you want?",
                    "long_text",
                    key="information",
                    hint="Be as specific as you can: dates, places, the names of documents",
                    min_length=10,
                    max_length=5000,
                ),
                q(
                    "How would you like to receive it?",
                    "radios",
                    key="format",
                    choices="By email\nBy post",
                ),
            ),
        ],
    },
    {
        "slug": "skip-permit",
        "name": "Apply for a skip permit",
        "description": "A permit to put a skip on the road or pavement outside a property.",
        "team": "highways-licensing",
        "sla_days": 5,
        "fee_pence": 5500,
        "pages": [
            page(
                "When you need the skip",
                q("Start date", "date", key="start_date"),
                q("End date", "date", key="end_date", hint="A permit lasts up to 28 days"),
            ),
            page(
                "Where the skip will stand",
                q("Address where the skip will stand", "address", key="skip_address"),
                q(
                    "Where on the highway will the skip stand?",
                    "radios",
                    key="position",
                    choices="In a parking bay\nOn the road\nOn the pavement\nOn a grass verge",
                ),
                q("Skip company", "text", key="company", max_length=200),
            ),
        ],
    },
    {
        "slug": "pest-control",
        "name": "Book pest control",
        "description": "We treat rats, mice and wasp nests. You pay £45 when you book.",
        "team": "environmental-health",
        "sla_days": 10,
        "fee_pence": 4500,
        "needs_address": True,
        "pages": [
            page(
                "The pests",
                q(
                    "What pests do you have?",
                    "radios",
                    key="pest",
                    choices="Rats\nMice\nWasps\nSomething else",
                ),
                q("Where are they?", "long_text", key="where", max_length=1000),
            ),
            page(
                "How we contact you",
                q(
                    "Phone number",
                    "phone",
                    key="phone",
                    hint="The technician calls you on the day before they arrive",
                ),
            ),
        ],
        # Appointments, as an administrator sets them on the request type in the admin:
        # a morning or an afternoon on weekdays, three treatments each, booked from two
        # working days ahead, changed or cancelled up to the working day before.
        "appointments": {"capacity": 3, "half_days": True, "lead_working_days": 2},
    },
    {
        "slug": "missing-polling-card",
        "name": "Tell us your polling card has not arrived",
        "description": "If you are registered to vote and your polling card is missing.",
        "team": "electoral-services",
        "sla_days": 3,
        "pages": [
            page(
                "Your polling card",
                q("Full name as registered to vote", "text", key="registered_name"),
                q("Date of birth", "date", key="date_of_birth"),
                q("Email address for our reply", "email", key="email", required=False),
            ),
        ],
    },
    {
        "slug": "dead-animal",
        "name": "Report a dead animal",
        "description": "A dead animal on a road, pavement or other public land.",
        "team": "street-cleansing",
        "sla_days": 2,
        "sla_working_days": False,
        "public": True,
        "pages": [
            page(
                "The animal",
                q(
                    "What animal is it?",
                    "radios",
                    key="animal",
                    choices="Cat\nDog\nFox\nBadger\nBird\nDeer\nSomething else",
                ),
                q(
                    "Where is it?",
                    "long_text",
                    key="where",
                    hint="The street, and a landmark such as a house number or a lamp post",
                    max_length=1000,
                ),
            ),
        ],
    },
    {
        "slug": "dropped-kerb",
        "name": "Request a dropped kerb",
        "description": "A lowered kerb so that you can drive onto your property, or cross safely.",
        "team": "highways",
        "sla_days": 20,
        "pages": [
            page(
                "About the dropped kerb",
                q(
                    "What is the dropped kerb for?",
                    "radios",
                    key="purpose",
                    choices="Driving onto my property\nCrossing the road with a wheelchair or pushchair",
                ),
                q("Do you hold a blue badge?", "yes_no", key="blue_badge"),
            ),
            page(
                "Your blue badge",
                q("Blue badge number", "text", key="badge_number", min_length=6, max_length=20),
                when={"key": "blue_badge", "operator": "is", "value": "Yes"},
            ),
            page(
                "Declaration",
                q(
                    "I confirm that I own the property or have the owner's permission",
                    "declaration",
                    key="owner",
                ),
            ),
        ],
    },
]


def _condition(when) -> dict:
    if not when:
        return {}
    return {
        "condition_key": when["key"],
        "condition_operator": when["operator"],
        "condition_value": when["value"],
    }


def _request_type(spec) -> RequestType:
    team, _created = Team.objects.get_or_create(
        slug=spec["team"], defaults={"name": TEAM_NAMES[spec["team"]]}
    )
    settings_ = {
        key: spec[key]
        for key in (
            "sla_days",
            "sla_working_days",
            "statutory_days",
            "fee_pence",
            "needs_address",
            "public",
        )
        if key in spec
    }
    request_type, _created = RequestType.objects.get_or_create(
        slug=spec["slug"],
        defaults={
            "service": SLUG,
            "name": spec["name"],
            "description": spec["description"],
            "team": team,
            **settings_,
        },
    )
    return request_type


@transaction.atomic
def form_build(spec) -> tuple[BuiltForm, bool]:
    """The request type and its form as ``spec`` says, published; (form, made now)."""
    request_type = _request_type(spec)
    form, created = BuiltForm.objects.get_or_create(request_type=request_type)
    if not created and form.versions.exists():
        return form, False
    form.pages.all().delete()
    for number, spec_page in enumerate(spec["pages"], start=1):
        page_ = Page.objects.create(
            form=form, order=number, title=spec_page["title"], **_condition(spec_page["when"])
        )
        for order, question in enumerate(spec_page["questions"], start=1):
            options = {k: v for k, v in question.items() if k != "when"}
            Question.objects.create(page=page_, order=order, **options)
    form_publish(form=form)
    return form, True


def appointments_set(spec) -> None:
    """The request type's booking calendar as ``spec`` says (made once: an administrator's
    later changes stand)."""
    if "appointments" in spec:
        BookingCalendar.objects.get_or_create(
            request_type=RequestType.objects.get(slug=spec["slug"]),
            defaults=spec["appointments"],
        )


# General request types the admin-built ones replace: residents see each service once.
REPLACED = ("pest-control-treatment",)


def load_all() -> list[str]:
    """Build the demo's admin-built request types, the long tail's and those other services
    declare (their definition's ``demo_forms``); what was made, for the loader's report."""
    specs = [*FORMS, *(spec for service in definitions for spec in service.demo_forms)]
    made = [form_build(spec) for spec in specs]
    for spec in specs:
        appointments_set(spec)
    RequestType.objects.filter(slug__in=REPLACED, active=True).update(active=False)
    return [f"forms: {form.request_type.name}" for form, created in made if created]

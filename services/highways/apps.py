from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from casework.registry import RequestTypeDefaults

SLUG = "highways"
TEAM = "highways"


# When a report is done, the reporter (and its followers) are asked whether it is fixed.
RESOLVED = _(
    "We have dealt with the problem you reported. Is it fixed? If not, you can reopen your "
    "report on its page. If you reported it without an account, report it again and give "
    "this reference."
)


def _category(slug, name, description, *, questions=(), notice="", sla_days=10, team=TEAM):
    return RequestTypeDefaults(
        slug=slug,
        name=name,
        description=description,
        sla_days=sla_days,
        team=team,
        auth_tier=0,  # anyone may report, signed in or with a name and a way to reach them
        needs_location=True,
        followable=True,
        public=True,  # listed publicly and on Open311, without personal data
        questions=questions,
        notice=notice,
        notification_texts={"resolved": RESOLVED},
    )


def _yes_no(key, label, hint=""):
    return {"key": key, "label": label, "hint": hint, "type": "yesno", "required": True}


EMERGENCY = _(
    "If it is dangerous now, for example a hole that could cause an accident or a fallen "
    "lamp post, call us on 01632 960 000 at any time instead of reporting it here."
)

CATEGORIES = (
    _category(
        "pothole",
        _("Pothole"),
        _("A hole or broken surface in a road or pavement."),
        questions=(
            {
                "key": "where_on_road",
                "label": _("Where is it?"),
                "type": "radios",
                "choices": [_("In the road"), _("On the pavement"), _("On a cycle path")],
                "required": True,
            },
            {
                "key": "size",
                "label": _("About how big is it?"),
                "type": "radios",
                "choices": [
                    _("Smaller than a dinner plate"),
                    _("About a dinner plate"),
                    _("Bigger than a dinner plate"),
                ],
                "required": True,
            },
        ),
        notice=EMERGENCY,
        sla_days=10,
    ),
    _category(
        "street-light",
        _("Street light not working"),
        _("A street light that is out, flickering or on during the day."),
        questions=(
            {
                "key": "fault",
                "label": _("What is wrong with it?"),
                "type": "radios",
                "choices": [_("It is out"), _("It flickers"), _("It is on in the day")],
                "required": True,
            },
            {
                "key": "column_number",
                "label": _("Number on the lamp post (if you can see one)"),
                "type": "text",
                "required": False,
            },
        ),
        notice=EMERGENCY,
    ),
    _category(
        "fly-tipping",
        _("Fly-tipping"),
        _("Rubbish dumped illegally on a street or public land."),
        questions=(
            {
                "key": "amount",
                "label": _("How much is there?"),
                "type": "radios",
                "choices": [
                    _("A single bag or item"),
                    _("A car boot load"),
                    _("A van load or more"),
                ],
                "required": True,
            },
            _yes_no(
                "hazardous",
                _("Does it look dangerous?"),
                _("For example asbestos, needles or chemicals"),
            ),
        ),
        notice=_("Do not touch anything that could be dangerous, such as needles or chemicals."),
        sla_days=5,
    ),
    _category(
        "graffiti",
        _("Graffiti"),
        _("Graffiti on public property, such as walls, bus shelters and signs."),
        questions=(_yes_no("offensive", _("Is it offensive?")),),
    ),
    _category(
        "blocked-drain",
        _("Blocked drain or gully"),
        _("A drain at the side of the road that is blocked or causing flooding."),
        questions=(_yes_no("flooding", _("Is it causing flooding?")),),
        notice=EMERGENCY,
    ),
    _category(
        "abandoned-vehicle",
        _("Abandoned vehicle"),
        _("A vehicle that seems to have been left and not moved for weeks."),
        questions=(
            {
                "key": "registration",
                "label": _("Registration number"),
                "type": "text",
                "required": False,
            },
            {
                "key": "make_colour",
                "label": _("Make and colour"),
                "type": "text",
                "required": False,
            },
        ),
        sla_days=15,
    ),
    _category(
        "dog-fouling",
        _("Dog fouling"),
        _("Dog mess that has not been cleared up."),
        sla_days=5,
    ),
)


class HighwaysConfig(AppConfig):
    name = "services.highways"
    label = "highways"
    verbose_name = _("Street problems")

    def ready(self):
        from casework.public import facts_loaders
        from casework.registry import ServiceDefinition, definitions
        from services.highways.demo import load_all as demo_load
        from services.highways.selectors.public import street_reports_facts

        definitions.add(
            ServiceDefinition(
                slug=SLUG,
                demo=demo_load,
                name=_("Report a street problem"),
                summary=_(
                    "Report potholes, street lights, fly-tipping, graffiti and other problems "
                    "in the street, and follow what happens."
                ),
                request_types=CATEGORIES,
                home_panels=("highways/includes/home_panel.html",),
            )
        )
        # A street report's street, ward, title and published words for every public output.
        facts_loaders.register(SLUG, street_reports_facts)

"""A demo council, Millbrook, for development and first impressions (`make run`).

The gazetteer is generated from a fixed seed, so every run gives the same
addresses and UPRNs, and it goes through the same import as a council's own
file does (``accounts.gazetteer.address_import``). The demo people all share a
published password: never load this into a real council's database.
"""

import datetime
import math
import random
from collections.abc import Callable
from dataclasses import dataclass, field

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth.models import Group
from django.db import transaction
from django_otp.plugins.otp_email.models import EmailDevice
from shapely import MultiPoint, Point, unary_union, voronoi_polygons
from shapely.geometry import mapping

from accounts import roles
from accounts.actions import person_record_create
from accounts.gazetteer import ImportResult, address_import
from accounts.models import Address, User, Ward
from accounts.wards import ward_boundaries_import
from casework import actions as case_actions
from casework.drafts import draft_save
from casework.models import Case, Channel, Member, RequestType, Team
from casework.registry import definitions as service_definitions
from casework.request_types import SyncResult, request_types_sync
from casework.workflow import Status
from core import clock
from insight.demo import load as insight_demo
from portal.campaigns import home_message_save
from portal.models import HomeMessage

TOWN = "Millbrook"
DEMO_POSTCODE = "MB1 1AA"
DEMO_PASSWORD = "demo-password-123"  # noqa: S105 (published on purpose: demo only)

_SEED = 1853  # any fixed number: the same seed gives the same town, UPRNs included
_FIRST_UPRN = 100_090_000_000
# The town centre, in degrees and on the National Grid; 1 metre = these many degrees.
_CENTRE_LAT, _CENTRE_LON = 52.6, -1.9
_CENTRE_EASTING, _CENTRE_NORTHING = 406_870, 300_250
_METRES_PER_DEGREE_LAT, _METRES_PER_DEGREE_LON = 111_240, 67_730
_POSTCODE_UNIT_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"  # Royal Mail leaves out C, I, K, M, O, V

# (district, ward code, ward name, centre east and north of the town centre in metres, streets)
WARDS = [
    (
        "MB1",
        "E05999901",
        "Millbrook Central",
        (0, 0),
        [
            "Mill Lane",
            "High Street",
            "Market Place",
            "Church Street",
            "Bridge Street",
            "Station Road",
            "Queen Street",
        ],
    ),
    (
        "MB2",
        "E05999902",
        "Abbey",
        (0, 2200),
        [
            "Abbey Road",
            "Priory Close",
            "Monks Walk",
            "Cloister Way",
            "Chapel Lane",
            "Orchard Grove",
            "Friars Mead",
        ],
    ),
    (
        "MB3",
        "E05999903",
        "Castle",
        (2200, 800),
        [
            "Castle Street",
            "Keep Avenue",
            "Tower Road",
            "Gatehouse Lane",
            "Moat Close",
            "Barbican Way",
        ],
    ),
    (
        "MB4",
        "E05999904",
        "Riverside",
        (1500, -1900),
        [
            "River View",
            "Wharf Road",
            "Willow Walk",
            "Ferry Lane",
            "Weir Close",
            "Kingfisher Drive",
            "Meadow Bank",
        ],
    ),
    (
        "MB5",
        "E05999905",
        "St Anne's",
        (-1600, -1800),
        [
            "St Anne's Road",
            "Vicarage Lane",
            "Beech Grove",
            "Elm Close",
            "Rectory Gardens",
            "Hollybush Lane",
        ],
    ),
    (
        "MB6",
        "E05999906",
        "Westfield",
        (-2300, 700),
        [
            "Westfield Road",
            "Oak Avenue",
            "Ash Grove",
            "Farm Lane",
            "Hawthorn Crescent",
            "Larch Close",
            "Hollow Lane",
        ],
    ),
]
_SHORT_STREETS = ("Close", "Grove", "Gardens", "Mead", "Walk", "Crescent", "Bank", "Place", "View")
_NAMED_HOUSES = [
    "Rose Cottage",
    "Hollow Farm",
    "The Old Forge",
    "Ivy House",
    "Brook House",
    "The Granary",
    "Orchard Cottage",
    "Willow Barn",
    "Holly Lodge",
    "Mill Farm",
]
_SHOP_STREETS = {"High Street", "Market Place"}


@dataclass(frozen=True)
class DemoPerson:
    role: str
    email: str
    first_name: str
    last_name: str
    account_type: str = User.AccountType.PERSONAL
    organisation_name: str = ""
    address: tuple[str, str] | None = None  # (postcode, first line) in the demo gazetteer
    groups: tuple[str, ...] = ()
    is_superuser: bool = False

    @property
    def is_staff(self) -> bool:
        return bool(self.groups)


PEOPLE = [
    DemoPerson(
        "Resident", "sam@example.org", "Sam", "Taylor", address=(DEMO_POSTCODE, "1 Mill Lane")
    ),
    DemoPerson(
        "Business",
        "jo@millbrook-bakery.example",
        "Jo",
        "Baker",
        account_type=User.AccountType.BUSINESS,
        organisation_name="Millbrook Bakery",
        address=("MB1 2AA", "3 High Street"),
    ),
    DemoPerson(
        "Landlord",
        "pat@millbrook-homes.example",
        "Pat",
        "Morgan",
        account_type=User.AccountType.BUSINESS,
        organisation_name="Millbrook Homes",
    ),
    DemoPerson("Agent", "agent@millbrook.example", "Aisha", "Khan", groups=(roles.AGENT,)),
    DemoPerson(
        "Caseworker", "caseworker@millbrook.example", "Chris", "Evans", groups=(roles.CASEWORKER,)
    ),
    DemoPerson("Team lead", "lead@millbrook.example", "Lee", "Okafor", groups=(roles.TEAM_LEAD,)),
    DemoPerson("Manager", "manager@millbrook.example", "Nadia", "Ali", groups=(roles.MANAGER,)),
    DemoPerson(
        "Councillor", "cllr.patel@millbrook.example", "Ravi", "Patel", groups=(roles.COUNCILLOR,)
    ),
    DemoPerson(
        "Member support",
        "member.support@millbrook.example",
        "Dana",
        "Reid",
        groups=(roles.MEMBER_SUPPORT,),
    ),
    DemoPerson(
        "Administrator",
        "admin@millbrook.example",
        "Morgan",
        "Hughes",
        groups=(roles.ADMINISTRATOR,),
        is_superuser=True,
    ),
]


@dataclass
class DemoResult:
    gazetteer: ImportResult
    addresses: int = 0
    wards: int = 0
    people: list[tuple[DemoPerson, bool]] = field(default_factory=list)  # (person, created)
    request_types: SyncResult = field(default_factory=SyncResult)
    teams: list[Team] = field(default_factory=list)
    cases: list[Case] = field(default_factory=list)  # Sam's example requests, made this run
    cases_already_there: int = 0
    # Made by the contact centre for Jo, by phone and face to face (channel figures, G3).
    assisted_cases: list[Case] = field(default_factory=list)
    services: list[str] = field(default_factory=list)  # what each service's demo loaded


@transaction.atomic
def demo_council_load(*, progress: Callable[[int], None] | None = None) -> DemoResult:
    """Load (or top up) the Millbrook demo: gazetteer, people, teams, requests. Safe to repeat."""
    gazetteer = address_import(rows=demo_gazetteer_rows(), progress=progress)
    ward_boundaries_import(geojson=demo_ward_boundaries())
    result = DemoResult(gazetteer=gazetteer)
    roles.sync_roles()  # the role groups and their permissions, as after migrate
    for person in PEOPLE:
        result.people.append((person, _person_get_or_create(person)))
    towns = Address.objects.filter(town=TOWN)
    result.addresses = towns.count()
    result.wards = towns.values("ward").distinct().count()
    # The request types service apps register, as `manage.py sync_request_types` makes them.
    result.request_types = request_types_sync()
    result.teams = _demo_teams()
    sam = _demo_user("Resident")
    result.cases_already_there = Case.objects.filter(resident=sam).count()
    if not result.cases_already_there:
        result.cases = _demo_cases(sam, caseworker=_demo_user("Caseworker"))
    jo = _demo_user("Business")
    if not Case.objects.filter(resident=jo).exists():
        result.assisted_cases = _demo_assisted_cases(jo, agent=_demo_user("Agent"))
    _demo_recorded_person(agent=_demo_user("Agent"))
    # After Sam's example cases, so that loading never waits on a back office.
    _demo_back_office()
    result.services = _demo_services()
    # Last: the performance figures count every request the demo made.
    result.services += _demo_insight()
    return result


def _demo_services() -> list[str]:
    """Each service's own demo data (rounds, slots, categories...): its definition's
    ``demo``, in the registry's order."""
    done: list[str] = []
    for definition in service_definitions.values():
        if definition.demo is not None:
            said = definition.demo()
            done += [said] if isinstance(said, str) else list(said)
    return [*done, _demo_home_message()]


def _demo_home_message() -> str:
    """A campaign message on every account home, for a month from the day the demo loads."""
    title = "Garden waste renewals are open"
    if HomeMessage.objects.filter(title=title).exists():
        return "Home message: already there"
    today = clock.today()
    home_message_save(
        message=HomeMessage(
            title=title,
            body="Renew your brown bin subscription now so that your collections carry on.",
            link_text="Garden waste subscriptions",
            link_url="/waste/garden/",
            starts_on=today,
            ends_on=today + datetime.timedelta(days=30),
        )
    )
    return f"Home message: ‘{title}’ for everyone until {today + datetime.timedelta(days=30)}"


def _demo_insight() -> list[str]:
    """Published service standards and the first count of the performance figures."""
    # The demo councillor represents the town centre and Abbey (their enquiries' and their
    # ward reports' wards).
    member = Member.objects.filter(user=_demo_user("Councillor")).first()
    if member is not None:
        member.wards.add(*Ward.objects.filter(code__in=["E05999901", "E05999902"]))
    return insight_demo()


DEMO_TEAMS = ("customer-services", "complaints", "environmental-health")

# `make run` starts the simulated back office here, with this secret in the portal's
# environment (a demo-only value, never used elsewhere); see README "Back offices".
DEMO_BACKOFFICE_URL = f"{settings.DEMO_BACKOFFICE_URL}/cases"
DEMO_BACKOFFICE_SECRET_ENV = "DEMO_BACKOFFICE_SECRET"  # noqa: S105 - a variable name
DEMO_CONNECTED_TYPES = ("general-enquiry", "missed-collection")


def _demo_back_office() -> None:
    """Questions go to the simulated back office by the JSON webhook, as to a real system.

    Only request types with no connector yet: an admin's later choice is left alone.
    """
    RequestType.objects.filter(slug__in=DEMO_CONNECTED_TYPES, connector="").update(
        connector="webhook",
        connector_settings={
            "url": DEMO_BACKOFFICE_URL,
            "secret_env": DEMO_BACKOFFICE_SECRET_ENV,
            "name": "Millbrook customer services",
        },
    )


def _demo_user(role: str) -> User:
    person = next(p for p in PEOPLE if p.role == role)
    return User.objects.get(email=person.email)


def _demo_teams() -> list[Team]:
    """The caseworker and the team lead work both teams' queues; the lead leads them and
    the manager manages them (escalations go to them).

    Only what is empty is filled in: staffing an admin changed is left as it is.
    """
    caseworker, lead = _demo_user("Caseworker"), _demo_user("Team lead")
    manager = _demo_user("Manager")
    teams = []
    for slug in DEMO_TEAMS:
        team, _created = Team.objects.get_or_create(
            slug=slug, defaults={"name": slug.replace("-", " ").title()}
        )
        if not team.members.exists():
            team.members.add(caseworker, lead)
        if team.lead_id is None or team.manager_id is None:
            team.lead = team.lead or lead
            team.manager = team.manager or manager
            team.save(update_fields=["lead", "manager"])
        teams.append(team)
    return teams


def _demo_cases(sam: User, *, caseworker: User) -> list[Case]:
    """Three requests from Sam at different stages, made the one way cases are made."""
    question = RequestType.objects.filter(slug="general-enquiry").first()
    complaint = RequestType.objects.filter(slug="complaint").first()
    if question is None or complaint is None:
        return []  # the general enquiries or complaints service is not installed

    def submit(request_type, summary, answers):
        return case_actions.case_submit(
            request_type=request_type,
            resident=sam,
            answers=answers,
            summary=summary,
            address=sam.address,
        )

    new = submit(
        question,
        "Is the library open on bank holiday Mondays?",
        {"question": "Is Millbrook library open on bank holiday Mondays? I could not find it."},
    )

    working = submit(
        complaint,
        "Our bins were left in the middle of the pavement after collection",
        {
            "what_happened": (
                "For the last three weeks the crew has left the bins on Mill Lane in the "
                "middle of the pavement. My neighbour uses a wheelchair and cannot get past."
            ),
            "put_right": "Please ask the crew to put the bins back at the edge of the pavement.",
        },
    )
    case_actions.case_complaint_open(case=working)  # stage 1, with its statutory clock
    case_actions.case_acknowledge(case=working, actor=caseworker)
    working = case_actions.case_change_status(
        case=working,
        status=Status.IN_PROGRESS,
        actor=caseworker,
        message="We are looking into your complaint.",
    )
    case_actions.case_reply(
        case=working,
        actor=caseworker,
        message=(
            "Thank you for telling us, and I am sorry your neighbour could not get past. "
            "I have asked the waste team's supervisor to speak to the Mill Lane crew and "
            "will write to you again once I have heard back."
        ),
    )

    done = submit(
        question,
        "How do I get a replacement parking permit?",
        {"question": "My resident's parking permit was stolen from my car. How do I replace it?"},
    )
    case_actions.case_acknowledge(case=done, actor=caseworker)
    done = case_actions.case_resolve(
        case=done,
        actor=caseworker,
        message=(
            "We have cancelled your old permit and posted a new one to 1 Mill Lane. "
            "It should arrive within 5 working days."
        ),
    )

    # A request with a fee, not yet paid for: Sam can pay from its page (the fake provider).
    pest_control = RequestType.objects.filter(slug="pest-control-treatment").first()
    unpaid = []
    if pest_control is not None and pest_control.fee_pence:
        unpaid.append(
            submit(
                pest_control,
                "Mice in the kitchen",
                {"details": "We have seen mice in the kitchen most evenings this week."},
            )
        )

    # And a request Sam started and saved for later (Your saved requests).
    draft_save(
        user=sam,
        request_type=question,
        answers={"question": "Can I put a skip on the road outside my house?"},
        step="question",
    )
    return [new, working, done, *unpaid]


def _demo_assisted_cases(jo: User, *, agent: User) -> list[Case]:
    """Requests the contact centre took for Jo by phone and at the front desk, so that the
    queue's channel filter and its CSV have more than "Online" to show."""
    question = RequestType.objects.filter(slug="general-enquiry").first()
    if question is None:
        return []
    taken = [
        (Channel.PHONE, "Can the bakery put an A-board on the pavement?"),
        (Channel.PHONE, "When is the trade waste collected on the High Street?"),
        (Channel.FACE_TO_FACE, "Asked at the front desk about a market stall licence"),
    ]
    return [
        case_actions.case_submit(
            request_type=question,
            resident=jo,
            answers={"question": summary},
            summary=summary,
            address=jo.address,
            channel=channel,
            actor=agent,
            acting_for=jo,
        )
        for channel, summary in taken
    ]


def _demo_recorded_person(*, agent: User) -> None:
    """Albert, who has no e-mail and calls us: the contact centre recorded him (G2), and
    can assist him by phone or give him a code to claim his record online."""
    if User.objects.filter(recorded_by__isnull=False, last_name="Nwosu").exists():
        return
    person_record_create(
        staff=agent,
        first_name="Albert",
        last_name="Nwosu",
        phone="+441632960123",
        address=_demo_address((DEMO_POSTCODE, "3 Mill Lane")),
    )


def _person_get_or_create(person: DemoPerson) -> bool:
    """Create a demo person unless they exist; an existing person is left as they are."""
    user, created = User.objects.get_or_create(
        email=person.email,
        defaults={
            "first_name": person.first_name,
            "last_name": person.last_name,
            "account_type": person.account_type,
            "organisation_name": person.organisation_name,
            "is_staff": person.is_staff,
            "is_superuser": person.is_superuser,
            "address": _demo_address(person.address),
        },
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
        user.groups.add(*Group.objects.filter(name__in=person.groups))
    EmailAddress.objects.get_or_create(
        user=user, email=person.email, defaults={"verified": True, "primary": True}
    )
    if person.is_staff and not EmailDevice.objects.filter(user=user, confirmed=True).exists():
        # Staff always pass a second factor; in development the codes land in var/mail/.
        EmailDevice.objects.create(user=user, name="Email", confirmed=True)
    return created


def _demo_address(where: tuple[str, str] | None) -> Address | None:
    if where is None:
        return None
    postcode, line1 = where
    return Address.objects.filter(postcode=postcode, line1=line1, town=TOWN).first()


def demo_gazetteer_rows() -> list[dict[str, str]]:
    """The Millbrook gazetteer as CSV-like rows (every value a string), the same every time."""
    rng = random.Random(_SEED)
    rows: list[dict[str, str]] = []
    uprn = _FIRST_UPRN
    for district, ward_code, ward_name, (ward_east, ward_north), streets in WARDS:
        for sector, street in enumerate(streets, start=1):
            east = ward_east + rng.uniform(-700, 700)
            north = ward_north + rng.uniform(-700, 700)
            angle = rng.uniform(0, math.pi)
            properties = _street_properties(street, rng)
            units = _postcode_units(f"{district} {sector}", len(properties))
            for (sao, pao, number, classification, along), postcode in zip(
                properties, units, strict=True
            ):
                side = 8 if number and number.isdigit() and int(number) % 2 else -8
                dx = east + along * math.cos(angle) - side * math.sin(angle)
                dy = north + along * math.sin(angle) + side * math.cos(angle)
                uprn += rng.randint(1, 9)
                rows.append(
                    {
                        "UPRN": str(uprn),
                        "SAO_TEXT": sao,
                        "PAO_TEXT": pao,
                        "BUILDING_NUMBER": number,
                        "STREET": street,
                        "TOWN": TOWN,
                        "POSTCODE": postcode,
                        "WARD_CODE": ward_code,
                        "WARD_NAME": ward_name,
                        "X_COORDINATE": str(round(_CENTRE_EASTING + dx)),
                        "Y_COORDINATE": str(round(_CENTRE_NORTHING + dy)),
                        "LATITUDE": f"{_CENTRE_LAT + dy / _METRES_PER_DEGREE_LAT:.6f}",
                        "LONGITUDE": f"{_CENTRE_LON + dx / _METRES_PER_DEGREE_LON:.6f}",
                        "CLASSIFICATION": classification,
                    }
                )
    return rows


def _street_properties(street: str, rng: random.Random) -> list[tuple[str, str, str, str, float]]:
    """(flat, house name, number, classification, metres along the street) for each address."""
    if street == "Hollow Lane":  # a country lane: named houses, far apart
        return [("", name, "", "RD02", index * 60.0) for index, name in enumerate(_NAMED_HOUSES)]
    short = street.endswith(_SHORT_STREETS)
    count = rng.randint(18, 40) if short else rng.randint(75, 120)
    house_type = rng.choice(["RD02", "RD03", "RD03", "RD04", "RD04"])
    properties = []
    for number in range(1, count + 1):
        along = (number - 1) // 2 * 11.0 - count * 2.75
        if street in _SHOP_STREETS:
            properties.append(("", "", str(number), "CR01", along))
            if rng.random() < 0.3:  # a flat above the shop
                properties.append(("Flat A", "", str(number), "RD06", along))
        elif (street == "Mill Lane" and number == 14) or (not short and rng.random() < 0.04):
            # A house converted into flats; the building itself is not an address.
            for flat in range(1, rng.randint(2, 5) + 1):
                properties.append((f"Flat {flat}", "", str(number), "RD06", along))
        else:
            properties.append(("", "", str(number), house_type, along))
    return properties


def _postcode_units(sector: str, count: int) -> list[str]:
    """Postcodes for ``count`` addresses in order along a street, 15 to 30 to a postcode."""
    postcodes = math.ceil(count / 30)
    units = [a + b for a in _POSTCODE_UNIT_LETTERS for b in _POSTCODE_UNIT_LETTERS][:postcodes]
    # Split as evenly as possible: 31 addresses make two postcodes of 16 and 15.
    return [f"{sector}{units[index * postcodes // count]}" for index in range(count)]


def demo_ward_boundaries() -> dict:
    """Millbrook's ward boundaries as GeoJSON, worked out from its gazetteer so that each
    ward holds all of its own addresses: every point of the town belongs to the ward of
    the nearest address (a Voronoi diagram), within 500 metres of the outermost ones."""
    # Flats share their building's point: one point each.
    wards_at = {
        (float(row["LONGITUDE"]), float(row["LATITUDE"])): row["WARD_CODE"]
        for row in demo_gazetteer_rows()
    }
    points = [Point(*where) for where in wards_at]
    town = MultiPoint(points).convex_hull.buffer(500 / _METRES_PER_DEGREE_LAT)
    # ordered: the n-th cell is the n-th address's.
    cells = voronoi_polygons(MultiPoint(points), extend_to=town, ordered=True).geoms
    by_ward: dict[str, list] = {}
    for cell, code in zip(cells, wards_at.values(), strict=True):
        by_ward.setdefault(code, []).append(cell)
    names = {code: name for _district, code, name, _centre, _streets in WARDS}
    features = []
    for code, parts in sorted(by_ward.items()):
        ward = unary_union(parts).intersection(town).simplify(0)
        features.append(
            {
                "type": "Feature",
                "properties": {"code": code, "name": names[code]},
                "geometry": mapping(ward),
            }
        )
    return {"type": "FeatureCollection", "features": features}

"""What of a street report leaves the council's walls.

Tested the way an attacker would: one resident makes reports with a unique marker in
every free-text field (description, where exactly, name, e-mail, phone, answers to the
category's questions), by the address search and by a pin on the map, choosing to
publish their description and not; then another resident and an anonymous visitor
read every public output (the list, the report page, the map's JSON, Open311 in JSON
and XML, the follower's view of the case). No marker may appear anywhere, and every
output gives the same coordinates, rounded to about 10 metres.
"""

import re
from xml.etree import ElementTree as ET

import pytest
from django.test import Client

from casework import actions as case_actions
from casework.models import Case
from tests.conftest import signed_in
from tests.factories import UserFactory
from tests.services.highways.report_data import (
    choose_address,
    choose_category,
    east,
    gazetteer,
    highways_types,
    north,
    not_the_same,
    report_until_check,
    step,
    version_on,
)

pytestmark = pytest.mark.django_db

PUBLIC_DETAILS = "Tagged all over the bus shelter on the corner"

# Every free text the reporter types, each with a marker no public output may carry.
MARKERS = {
    "last_name": "Zqlastname",
    "user_email": "zq.usermail@example.org",
    "desc_phone": "zqdescone",  # published, but gives a phone number: withheld
    "where_one": "zqwhereone",
    "desc_name": "zqdesctwo",  # published, but names the reporter: withheld
    "where_two": "zqwheretwo",
    "column": "zqcolumn",
    "desc_private": "zqdescthree",  # not published
    "where_three": "zqwherethree",
    "registration": "zqreg",
    "make": "zqmake",
    "oneoff_name": "Zqoneoffname",
    "oneoff_email": "zq.oneoff@example.net",
}
OTHER_PHONE = "07911 123054"  # someone else's number, in a description
OWN_PHONE = "+447700900456"  # the reporter's own (their account)
ONEOFF_PHONE = "07912 345678"


def _send(client, page):
    response = client.post(page.wsgi_request.path, {"version": version_on(page)})
    assert response.status_code == 302, response.content.decode()[:2000]
    return Case.objects.get(reference=response["Location"].rstrip("/").rsplit("/", 1)[1])


def _by_map(client, *, slug, latitude, longitude, contact=None, **details):
    """A report whose place is a pin on the map (no address search)."""
    assert choose_category(client, slug).status_code == 302
    point = {"action": "map", "latitude": f"{latitude:.7f}", "longitude": f"{longitude:.7f}"}
    assert client.post(step("where", slug), point).status_code == 302
    if client.get(step("already-reported", slug)).status_code == 200:
        not_the_same(client, slug)
    response = client.post(step("details", slug), details)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert client.post(step("photos", slug), {}).status_code == 302
    if contact is not None:
        assert client.post(step("about-you", slug), contact).status_code == 302
    return _send(client, client.get(step("check", slug)))


@pytest.fixture
def reports(db):
    """Four reports of one resident (three signed in, one as a one-off reporter)."""
    highways_types()
    places = gazetteer()
    reporter = UserFactory(
        first_name="Quentin",
        last_name=MARKERS["last_name"],
        email=MARKERS["user_email"],
        phone=OWN_PHONE,
    )
    client = signed_in(reporter)
    by_search = _send(
        client,
        report_until_check(
            client,
            places["3 Mill Lane"],
            q_where_on_road="In the road",
            q_size="About a dinner plate",
            where_exactly=f"{MARKERS['where_one']} Outside Sam Taylor's gate, ring {OTHER_PHONE}",
            description=f"{MARKERS['desc_phone']} a deep hole, ring {OTHER_PHONE}",
            public="on",
        ),
    )
    by_map = _by_map(
        client,
        slug="street-light",
        latitude=north(52.123456),
        longitude=east(3.987654),
        q_fault="It is out",
        q_column_number=MARKERS["column"],
        where_exactly=MARKERS["where_two"],
        description=f"{MARKERS['desc_name']} out again, says Quentin {MARKERS['last_name']}",
        public="on",
    )
    assert choose_category(client, "graffiti").status_code == 302
    where = choose_address(client, places["2 High Street"], query="MB1 2AA", slug="graffiti")
    assert where.status_code == 302
    if where["Location"] == step("already-reported", "graffiti"):
        not_the_same(client, "graffiti")
    details = {"q_offensive": "no", "where_exactly": MARKERS["where_three"]}
    details |= {"description": PUBLIC_DETAILS, "public": "on"}
    assert client.post(step("details", "graffiti"), details).status_code == 302
    assert client.post(step("photos", "graffiti"), {}).status_code == 302
    published = _send(client, client.get(step("check", "graffiti")))
    one_off = _by_map(
        Client(),
        slug="abandoned-vehicle",
        latitude=north(91.777777),
        longitude=east(-4.333333),
        contact={
            "name": f"Pat {MARKERS['oneoff_name']}",
            "email": MARKERS["oneoff_email"],
            "phone": ONEOFF_PHONE,
        },
        q_registration=MARKERS["registration"],
        q_make_colour=MARKERS["make"],
        where_exactly=MARKERS["where_three"],
        description=MARKERS["desc_private"],
    )
    return {
        "reporter": reporter,
        "cases": [by_search, by_map, published, one_off],
        "published": published,
    }


def _outputs(client, cases) -> dict[str, str]:
    """Every public output that shows these cases, by URL."""
    urls = [
        "/street/reports/",
        "/street/reports.json",
        "/open311/v2/requests.json",
        "/open311/v2/requests.xml",
        "/open311/v2/servicerequestupdates.json",
    ]
    for case in cases:
        urls += [
            f"/street/reports/{case.reference}/",
            f"/open311/v2/requests/{case.reference}.json",
            f"/open311/v2/requests/{case.reference}.xml",
        ]
    found = {}
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        found[url] = response.content.decode()
    return found


def _personal(reporter) -> list[str]:
    return [
        *MARKERS.values(),
        OTHER_PHONE,
        "07911123054",
        "7700900456",
        "7912345678",
        "7912 345678",
    ]


def _assert_nothing_personal(outputs: dict[str, str], reporter):
    for url, body in outputs.items():
        for marker in _personal(reporter):
            assert marker.casefold() not in body.casefold(), f"{marker!r} in {url}"
        assert "Sam Taylor" not in body, url
        assert "Flat 1" not in body and "3 Mill Lane" not in body, url  # house level


def test_no_free_text_of_a_reporter_reaches_anyone_else(reports):
    cases = reports["cases"]
    another = signed_in(UserFactory(first_name="Alex"))
    for case in cases:  # the other resident follows every report
        assert another.post(f"/street/reports/{case.reference}/follow/").status_code == 302

    for reader in (Client(), another):
        outputs = _outputs(reader, cases)
        assert all(case.reference in outputs["/open311/v2/requests.json"] for case in cases)
        assert all(case.reference in outputs["/street/reports/"] for case in cases)
        _assert_nothing_personal(outputs, reports["reporter"])

    followed = {}
    for case in cases:
        for url in (f"/requests/{case.reference}/", f"/street/reports/{case.reference}/follow/"):
            page = another.get(url)
            assert page.status_code == 200, url
            followed[url] = page.content.decode()
    # Reporting the same pothole: "Has it already been reported?" offers the first report.
    choose_category(another, "pothole")
    choose_address(another, gazetteer()["4 Mill Lane"])
    nearby = another.get(step("already-reported"))
    assert nearby.status_code == 200 and cases[0].reference in nearby.content.decode()
    followed["nearby"] = nearby.content.decode()
    _assert_nothing_personal(followed, reports["reporter"])


def test_published_words_are_shown_when_they_name_no_one(reports):
    """The one description the reporter published that gives nothing away is public."""
    published = reports["published"]
    outputs = _outputs(Client(), [published])
    assert PUBLIC_DETAILS in outputs[f"/street/reports/{published.reference}/"]
    assert PUBLIC_DETAILS in outputs[f"/open311/v2/requests/{published.reference}.json"]
    another = signed_in(UserFactory())
    another.post(f"/street/reports/{published.reference}/follow/")
    assert PUBLIC_DETAILS in another.get(f"/requests/{published.reference}/").content.decode()


def _coordinates(body: str) -> set[str]:
    """Every latitude near 52.6 and longitude near -1.9 a text gives, as written (not the
    seconds of a timestamp such as 11:38:52.426689)."""
    return set(re.findall(r"(?<![:\d])(?:52\.\d+|-1\.\d+)", body))


def test_every_output_gives_the_same_coordinates_to_about_ten_metres(reports):
    client = Client()
    for case in reports["cases"]:
        expected = {f"{round(case.latitude, 4)}", f"{round(case.longitude, 4)}"}
        page = client.get(f"/street/reports/{case.reference}/").content.decode()
        pins = client.get("/street/reports.json").json()["features"]
        pin = next(p for p in pins if p["properties"]["reference"] == case.reference)
        as_json = client.get(f"/open311/v2/requests/{case.reference}.json").json()[0]
        as_xml = ET.fromstring(  # noqa: S314 - our own response, in a test
            client.get(f"/open311/v2/requests/{case.reference}.xml").content
        ).find("request")

        assert _coordinates(page) == expected
        assert {str(value) for value in pin["geometry"]["coordinates"]} == expected
        assert {str(as_json["lat"]), str(as_json["long"])} == expected
        assert {as_xml.findtext("lat"), as_xml.findtext("long")} == expected


def test_open311_gives_the_street_not_the_house(reports):
    client = Client()
    by_search = reports["cases"][0]
    request = client.get(f"/open311/v2/requests/{by_search.reference}.json").json()[0]
    assert request["address"] == "Mill Lane, Millbrook Central ward"
    assert request["description"] == ""


def test_a_follower_sees_the_public_title_and_public_words(reports):
    case = reports["cases"][0]
    another = signed_in(UserFactory(first_name="Alex"))
    another.post(f"/street/reports/{case.reference}/follow/")
    case_actions.case_acknowledge(case=case)

    public = Client().get(f"/street/reports/{case.reference}/").content.decode()
    followed = another.get(f"/requests/{case.reference}/").content.decode()

    title = re.search(r'<h1 class="govuk-heading-l">([^<]+)</h1>', public).group(1)
    assert title == "Pothole on Mill Lane"
    assert re.search(r'<h1 class="govuk-heading-l">([^<]+)</h1>', followed).group(1) == title
    assert not re.search(r"your request(?!s)", followed, re.IGNORECASE)  # not "We received..."
    assert "Reported" in followed and "Received by the council" in followed
    assert "Mill Lane, Millbrook Central ward" in followed
    # The owner still sees their own words.
    own = signed_in(reports["reporter"]).get(f"/requests/{case.reference}/").content.decode()
    assert MARKERS["where_one"] in own and "We received your request" in own


def test_street_reporting_does_not_offer_your_own_report_as_a_duplicate(reports):
    client = signed_in(reports["reporter"])
    places = gazetteer()
    choose_category(client, "pothole")
    choose_address(client, places["4 Mill Lane"])  # 10 metres from their own open pothole

    response = client.get(step("already-reported"))

    # Nothing else nearby: straight on to the details.
    assert response.status_code == 302 and response["Location"] == step("details")
    other = signed_in(UserFactory())
    choose_category(other, "pothole")
    choose_address(other, places["4 Mill Lane"])
    offered = other.get(step("already-reported"))
    assert offered.status_code == 200 and reports["cases"][0].reference in offered.content.decode()


@pytest.mark.parametrize(
    ("reason", "shown"),
    [
        ("Quentin, this road belongs to the housing association.", False),  # names the reporter
        ("Call the owner on 07911 123054.", False),
        ("This road belongs to the housing association.", True),
    ],
)
def test_a_follower_sees_why_a_report_was_closed_only_when_it_names_no_one(reports, reason, shown):
    case = reports["cases"][0]
    another = signed_in(UserFactory())
    another.post(f"/street/reports/{case.reference}/follow/")
    case_actions.case_acknowledge(case=case)
    case_actions.case_reject(case=case, actor=None, reason=reason)

    followed = another.get(f"/requests/{case.reference}/").content.decode()
    public = Client().get(f"/street/reports/{case.reference}/").content.decode()

    assert (reason in followed) is shown
    assert (reason in public) is shown
    assert "Not accepted" in followed
    assert (
        reason
        in signed_in(reports["reporter"]).get(f"/requests/{case.reference}/").content.decode()
    )

"""The public list and map of street reports.

What anyone may see of a street report, and nothing more: the list with its
filters and pages, the map's pins, each report's page and public timeline, and
following a report.
"""

import json
import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from accounts.access import login_url
from casework import actions
from casework.models import Follower
from casework.workflow import Status
from services.highways.selectors import public as selectors
from tests.casework.factories import RequestTypeFactory
from tests.conftest import signed_in
from tests.factories import AddressFactory, UserFactory, WardFactory
from tests.services.highways.public_data import highways_types, street_report_make

pytestmark = pytest.mark.django_db

LIST = "/street/reports/"
PINS = "/street/reports.json"


def detail(report) -> str:
    return f"/street/reports/{report.case.reference}/"


def follow_url(report) -> str:
    return f"/street/reports/{report.case.reference}/follow/"


def refs(response) -> list[str]:
    """The references the list links to, in order."""
    return re.findall(r'href="/street/reports/([0-9A-Z]{4}-[0-9A-Z]{4})/"', response.text)


def pins(client, query="") -> dict:
    response = client.get(PINS + query)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/geo+json"
    return json.loads(response.content)


@pytest.fixture
def types(db):
    return highways_types()


@pytest.fixture
def wards(db):
    return {
        "central": WardFactory(code="E05999901", name="Millbrook Central"),
        "riverside": WardFactory(code="E05999904", name="Riverside"),
    }


# --- The list ---------------------------------------------------------------------------


def test_the_list_shows_only_visible_reports_of_public_highways_categories(types, wards, citizen):
    shown = street_report_make(title="Deep pothole by the school", ward=wards["central"])
    hidden = street_report_make(title="Rude words about a neighbour", hidden=True)
    unpaid = street_report_make(
        title="Waiting for payment", fee_pence=500, status="awaiting_payment"
    )
    withdrawn = street_report_make(title="Taken back", status=Status.WITHDRAWN, resident=citizen)
    private_type = RequestTypeFactory(service="highways", slug="highways-internal", public=False)
    private = street_report_make(category=private_type.slug, title="Internal highways job")
    other_service = RequestTypeFactory(service="general", slug="general-public", public=True)
    elsewhere = street_report_make(category=other_service.slug, title="Not a street report")
    assert unpaid.case.status == Status.AWAITING_PAYMENT

    response = Client().get(LIST)

    assert response.status_code == 200
    assert refs(response) == [shown.case.reference]
    assert "Deep pothole by the school" in response.text
    assert "Pothole: Mill Lane, Millbrook Central ward" in response.text
    for report in (hidden, unpaid, withdrawn, private, elsewhere):
        assert report.public_title not in response.text
        assert Client().get(detail(report)).status_code == 404


def test_each_row_says_what_where_when_and_its_status(types, wards):
    street_report_make(
        category="street-light", street="Abbey Road", ward=wards["riverside"], days_ago=3
    )

    page = Client().get(LIST).text

    assert "Street light not working on Abbey Road" in page  # no public title: made up
    assert "Street light not working: Abbey Road, Riverside ward" in page
    assert "Reported 3\xa0days ago" in page
    assert '<strong class="govuk-tag govuk-tag--grey">Reported</strong>' in page


def test_newest_first(types):
    old = street_report_make(days_ago=10)
    new = street_report_make(days_ago=1)
    middle = street_report_make(days_ago=5)

    assert refs(Client().get(LIST)) == [r.case.reference for r in (new, middle, old)]


def test_empty_states(types, wards):
    page = Client().get(LIST).text
    assert "Nobody has reported a problem in the street yet." in page

    street_report_make(ward=wards["central"])
    page = Client().get(LIST + "?ward=E05999904").text
    assert "No reports match these filters." in page


# --- Filters ----------------------------------------------------------------------------


@pytest.fixture
def mixed(types, wards, caseworker):
    def make(category, ward, status):
        return street_report_make(
            category=category, ward=wards[ward], status=status, staff=caseworker
        )

    return {
        "pothole_open": make("pothole", "central", Status.IN_PROGRESS),
        "pothole_fixed": make("pothole", "riverside", Status.RESOLVED),
        "light_closed": make("street-light", "central", Status.CLOSED),
        "graffiti_rejected": make("graffiti", "riverside", Status.REJECTED),
        "tipping_new": make("fly-tipping", "riverside", Status.SUBMITTED),
    }


def _listed(query: str, mixed) -> set[str]:
    response = Client().get(LIST + query)
    assert response.status_code == 200
    by_ref = {report.case.reference: name for name, report in mixed.items()}
    return {by_ref[ref] for ref in refs(response)}


def test_filter_by_category(mixed):
    assert _listed("?category=pothole", mixed) == {"pothole_open", "pothole_fixed"}
    assert _listed("?category=pothole&category=graffiti", mixed) == {
        "pothole_open",
        "pothole_fixed",
        "graffiti_rejected",
    }


def test_filter_by_ward(mixed):
    assert _listed("?ward=E05999901", mixed) == {"pothole_open", "light_closed"}


def test_filter_by_status(mixed):
    assert _listed("?status=open", mixed) == {"pothole_open", "tipping_new"}
    assert _listed("?status=fixed", mixed) == {"pothole_fixed"}
    assert _listed("?status=closed", mixed) == {"light_closed", "graffiti_rejected"}


def test_filters_combine_and_the_form_keeps_them(mixed):
    response = Client().get(LIST + "?category=pothole&ward=E05999904&status=fixed")

    assert [r for r in refs(response)] == [mixed["pothole_fixed"].case.reference]
    page = response.text
    assert re.search(r'<input[^>]*value="pothole"[^>]*checked', page)
    assert re.search(r'<option value="E05999904" selected>', page)
    assert re.search(r'<option value="fixed" selected>', page)
    assert "Reports matching your filters" in page


def test_a_filter_that_is_not_a_choice_is_explained(mixed):
    response = Client().get(LIST + "?ward=nowhere")

    assert response.status_code == 400
    assert "There is a problem" in response.text
    assert Client().get(PINS + "?ward=nowhere").status_code == 400


# --- Pages ------------------------------------------------------------------------------


def test_pages_of_reports_newest_first_without_repeats(types):
    reports = [street_report_make(days_ago=day) for day in range(selectors.PAGE_SIZE + 5)]
    newest_first = [report.case.reference for report in reports]

    first = Client().get(LIST + "?status=open")
    assert refs(first) == newest_first[: selectors.PAGE_SIZE]
    older = re.search(r'href="(\?[^"]*after=[^"]*)" rel="next"', first.text).group(1)
    assert "status=open" in older
    assert 'rel="prev"' not in first.text

    second = Client().get(LIST + older.replace("&amp;", "&"))
    assert refs(second) == newest_first[selectors.PAGE_SIZE :]
    assert 'rel="next"' not in second.text
    newer = re.search(r'href="(\?[^"]*before=[^"]*)" rel="prev"', second.text).group(1)

    back = Client().get(LIST + newer.replace("&amp;", "&"))
    assert refs(back) == newest_first[: selectors.PAGE_SIZE]


def test_a_cursor_that_is_not_one_gives_the_first_page(types):
    report = street_report_make()

    assert refs(Client().get(LIST + "?after=not-a-cursor")) == [report.case.reference]


@pytest.mark.parametrize("path", [LIST, PINS])
def test_the_list_and_the_pins_cost_the_same_queries_for_5_or_50_reports(path, types, wards):
    def count() -> int:
        client = Client()
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path + "?status=open&ward=E05999901&category=pothole")
        assert response.status_code == 200
        return len(queries)

    for _ in range(5):
        street_report_make(ward=wards["central"])
    five = count()
    for _ in range(45):
        street_report_make(ward=wards["central"])
    fifty = count()

    assert five == fifty <= 3  # categories, wards, one page of reports


# --- The map's pins -----------------------------------------------------------------------


def test_pins_are_the_same_page_of_reports_with_rounded_coordinates(types, wards):
    report = street_report_make(
        title="Pothole by the bus stop",
        ward=wards["central"],
        latitude=52.612345678,
        longitude=-1.987654321,
    )
    street_report_make(ward=wards["riverside"])
    street_report_make(ward=wards["central"], latitude=None, longitude=None)  # no pin

    data = pins(Client(), "?ward=E05999901")

    assert data["type"] == "FeatureCollection"
    assert len(data["features"]) == 1
    feature = data["features"][0]
    assert feature["geometry"] == {"type": "Point", "coordinates": [-1.9877, 52.6123]}
    assert feature["properties"] == {
        "reference": report.case.reference,
        "title": "Pothole by the bus stop",
        "category": "Pothole",
        "place": "Mill Lane, Millbrook Central ward",
        "status": "Reported",
        "state": "open",
        "reported": report.case.created_at.date().isoformat(),
        "url": detail(report),
    }


def test_the_list_gives_the_map_its_pins_url_with_the_same_filters(types, monkeypatch):
    from services.highways.views import public as views

    monkeypatch.setattr(views, "_leaflet_available", lambda: True)
    street_report_make()

    page = Client().get(LIST + "?status=open&category=pothole").text

    assert 'data-pins-url="/street/reports.json?status=open&amp;category=pothole"' in page
    assert 'src="/static/vendor/leaflet/leaflet.js"' in page
    assert 'src="/static/highways/public/map.js"' in page


def test_without_leaflet_there_is_no_map_only_the_list(types, monkeypatch):
    from services.highways.views import public as views

    monkeypatch.setattr(views, "_leaflet_available", lambda: False)
    report = street_report_make()

    for path in (LIST, detail(report)):
        page = Client().get(path).text
        assert "data-app-report-map" not in page
        assert "leaflet" not in page


# --- Personal data ------------------------------------------------------------------------

SECRETS = {
    "name": "Venkataraman",
    "first name": "Priyanka",
    "e-mail": "priyanka.v@example.org",
    "phone": "07700 900456",
    "address line": "27 Kingfisher Drive",
    "postcode": "MB4 5XY",
    "one-off contact": "Desmond Okonkwo",
    "contact e-mail": "desmond@example.net",
    "contact phone": "07700 900789",
    "summary": "Marmalade",
    "answer": "Wobblegong",
    "location text": "outside number 27",
    "internal note": "Zebracorn",
    "reply to the resident": "Quillfeather",
    "resident's reply": "Snorkelwise",
    "status message": "Flibbertigibbet",
    "resolution message": "Gobbledygook",
    "reopening words": "Kerfuffle",
    "back-office update": "Brouhaha",
}


@pytest.fixture
def reporter(db):
    return UserFactory(
        first_name="Priyanka",
        last_name="Venkataraman",
        email="priyanka.v@example.org",
        phone="+447700900456",
        address=AddressFactory(line1="27 Kingfisher Drive", postcode="MB4 5XY"),
    )


def _everything_public(client, report) -> str:
    return "\n".join(
        [
            client.get(LIST).text,
            client.get(detail(report)).text,
            client.get(PINS).content.decode(),
            json.dumps(pins(client)),  # unescaped, in case of \u escapes
        ]
    )


def test_no_personal_data_reaches_the_list_the_page_or_the_pins(types, wards, reporter, caseworker):
    report = street_report_make(
        resident=reporter,
        ward=wards["riverside"],
        street="Kingfisher Drive",
        title="Pothole near the ford",
        summary="Marmalade coloured water in a big pothole",
        answers={"where_on_road": "In the road", "size": "Wobblegong sized"},
        address=reporter.address,
        location_text="Kingfisher Drive, outside number 27",
    )
    case = report.case
    actions.case_acknowledge(case=case, actor=caseworker)
    actions.case_add_note(case=case, actor=caseworker, message="Zebracorn: caller was upset")
    actions.case_reply(case=case, actor=caseworker, message="Dear Priyanka, Quillfeather.")
    actions.case_request_information(
        case=case, actor=caseworker, message="Priyanka, which side of the road?"
    )
    actions.case_reply(case=case, actor=reporter, message="The Snorkelwise side, by my gate.")
    actions.case_change_status(
        case=case,
        status=Status.AWAITING_CUSTOMER,
        actor=caseworker,
        message="Priyanka, Flibbertigibbet?",
    )
    actions.case_change_status(
        case=case, status=Status.IN_PROGRESS, actor=caseworker, message="Booked, Priyanka."
    )
    actions.case_resolve(case=case, actor=caseworker, message="Gobbledygook, Ms Venkataraman")
    actions.case_reopen(case=case, actor=reporter, message="Kerfuffle: it is back")
    actions._event(case, kind="delivery", message="Brouhaha from the back office")
    # A second, anonymous report by a one-off contact.
    street_report_make(
        contact_name="Desmond Okonkwo",
        contact_email="desmond@example.net",
        contact_phone="07700 900789",
        ward=wards["riverside"],
    )

    for client in (Client(), signed_in(UserFactory())):
        everything = _everything_public(client, report)
        for what, secret in SECRETS.items():
            assert secret.lower() not in everything.lower(), f"the {what} is shown"
        assert "Pothole near the ford" in everything
        assert "Reopened" in everything


def test_public_details_are_shown_only_when_given(types):
    with_details = street_report_make(details="Big enough to lose a wheel in.")
    without = street_report_make()

    assert "Big enough to lose a wheel in." in Client().get(detail(with_details)).text
    assert "Details" not in Client().get(detail(without)).text


# --- One report ---------------------------------------------------------------------------


def test_a_report_page_says_what_where_status_and_target(types, wards):
    report = street_report_make(title="Lamp out by the church", ward=wards["central"])

    response = Client().get(detail(report))

    assert response.status_code == 200
    page = response.text
    assert '<h1 class="govuk-heading-l">Lamp out by the church</h1>' in page
    assert "Mill Lane, Millbrook Central ward" in page
    assert "Latitude 52.6012, longitude -1.901 (to within about 10 metres)" in page
    assert f"We aim to deal with it by {report.case.due_date:%A} " in page
    assert "Report " + report.case.reference in page


def test_a_reference_typed_differently_still_finds_the_report(types):
    report = street_report_make()
    compact = report.case.reference.replace("-", "").lower()

    assert Client().get(f"/street/reports/{compact}/").status_code == 200


@pytest.mark.parametrize("reference", ["ABCD-EFGH", "not-a-reference", "0000-0000"])
def test_no_such_report_is_404(types, reference):
    assert Client().get(f"/street/reports/{reference}/").status_code == 404


def test_a_hidden_report_is_404_even_to_its_reporter(types, citizen):
    report = street_report_make(resident=citizen, hidden=True)

    assert Client().get(detail(report)).status_code == 404
    assert signed_in(citizen).get(detail(report)).status_code == 404


def test_cases_of_other_services_or_private_categories_are_404(types, citizen):
    from casework.actions import case_submit

    tax = RequestTypeFactory(service="council_tax", slug="council-tax-move", public=False)
    case = case_submit(request_type=tax, resident=citizen, answers={}, summary="Moving")
    private = RequestTypeFactory(service="highways", slug="highways-internal", public=False)
    internal = street_report_make(category=private.slug)

    assert Client().get(f"/street/reports/{case.reference}/").status_code == 404
    assert signed_in(citizen).get(f"/street/reports/{case.reference}/").status_code == 404
    assert Client().get(detail(internal)).status_code == 404


# --- The public timeline --------------------------------------------------------------------


def _timeline(report) -> list[tuple[str, str]]:
    return [
        (event.what, event.reason)
        for event in selectors.public_report_timeline(
            selectors.street_report_for_public(report.case.reference)
        )
    ]


def test_the_timeline_is_status_changes_in_standard_words(types, caseworker, reporter):
    report = street_report_make(resident=reporter, staff=caseworker, status=Status.RECEIVED)
    case = report.case
    actions.case_request_information(case=case, actor=caseworker, message="Which side?")
    actions.case_reply(case=case, actor=reporter, message="North")  # restarts the clock
    actions.case_resolve(case=case, actor=caseworker, message="Filled in today")

    assert _timeline(report) == [
        ("submitted", ""),
        ("received", ""),
        ("awaiting_customer", ""),
        ("in_progress", ""),
        ("resolved", ""),
    ]
    page = Client().get(detail(report)).text
    for words in (
        "Reported",
        "Received by the council",
        "We asked the person who reported it for more information",
        "Work in progress",
        "Fixed on ",
    ):
        assert words in page
    assert "Filled in today" not in page
    assert "North" not in page


def test_closing_reasons_are_shown_unless_they_mention_the_reporter(types, caseworker, reporter):
    plain = street_report_make(
        resident=reporter,
        staff=caseworker,
        status=Status.CLOSED,
        reason="This is a private road: its owners must repair it.",
    )
    personal = street_report_make(
        resident=reporter,
        staff=caseworker,
        status=Status.REJECTED,
        reason="Sorry Priyanka, this is not ours.",
    )
    by_phone = street_report_make(
        contact_name="Desmond Okonkwo",
        contact_phone="07700 900789",
        staff=caseworker,
        status=Status.CLOSED,
        reason="Called +44 7700 900789 to explain: private land.",
    )

    page = Client().get(detail(plain)).text
    assert page.count("This is a private road: its owners must repair it.") == 2  # Why, timeline
    assert _timeline(plain)[-1] == ("closed", "This is a private road: its owners must repair it.")

    page = Client().get(detail(personal)).text
    assert "Priyanka" not in page
    assert "Not accepted" in page
    assert _timeline(personal)[-1] == ("rejected", "")

    assert "7700" not in Client().get(detail(by_phone)).text


def test_a_duplicate_links_to_the_first_report_when_anyone_may_see_it(types, caseworker):
    first = street_report_make(staff=caseworker, status=Status.RECEIVED)
    hidden_first = street_report_make(staff=caseworker, status=Status.RECEIVED, hidden=True)
    again = street_report_make(staff=caseworker, status=Status.RECEIVED)
    again_hidden = street_report_make(staff=caseworker, status=Status.RECEIVED)
    actions.case_mark_duplicate(case=again.case, original=first.case, actor=caseworker)
    actions.case_mark_duplicate(
        case=again_hidden.case, original=hidden_first.case, actor=caseworker
    )

    page = Client().get(detail(again)).text
    assert f'href="{detail(first)}"' in page
    assert "Already reported" in page

    page = Client().get(detail(again_hidden)).text
    assert hidden_first.case.reference not in page


# --- Following -------------------------------------------------------------------------------


def test_anonymous_visitors_are_asked_to_sign_in_to_follow(types):
    report = street_report_make()

    page = Client().get(detail(report)).text
    assert "Sign in to follow this report" in page
    assert login_url(follow_url(report)).replace("&", "&amp;") in page

    response = Client().post(follow_url(report))
    assert response.status_code == 302
    assert response["Location"] == login_url(follow_url(report))
    assert not Follower.objects.exists()


def test_a_signed_in_resident_follows_a_report(types, citizen):
    report = street_report_make()
    client = signed_in(citizen)

    page = client.get(detail(report)).text
    assert "Follow this report" in page
    assert f'action="{follow_url(report)}"' in page

    response = client.post(follow_url(report), follow=True)
    assert response.redirect_chain[-1][0] == detail(report)
    assert "You are following this report. We will tell you about its progress." in response.text
    assert Follower.objects.filter(case=report.case, user=citizen).exists()
    assert "See it in your requests" in response.text
    # Followers see it among their requests (the casework page for followers).
    assert client.get(f"/requests/{report.case.reference}/").status_code == 200

    client.post(follow_url(report))  # again: nothing more
    assert Follower.objects.filter(case=report.case).count() == 1


def test_signing_in_to_follow_lands_on_a_page_that_asks(types, citizen):
    report = street_report_make(title="Lamp out by the church")

    response = signed_in(citizen).get(follow_url(report))

    assert response.status_code == 200
    assert "Lamp out by the church" in response.text
    assert '<button type="submit" class="govuk-button"' in response.text


def test_the_reporter_gets_a_link_to_their_own_request_not_a_follow_button(types, citizen):
    report = street_report_make(resident=citizen)
    client = signed_in(citizen)

    page = client.get(detail(report)).text
    assert "You reported this problem" in page
    assert f'href="/requests/{report.case.reference}/"' in page
    assert "Follow this report</button>" not in page

    client.post(follow_url(report))
    assert not Follower.objects.exists()


def test_following_a_report_nobody_may_see_is_404(types, citizen):
    report = street_report_make(hidden=True)

    assert signed_in(citizen).post(follow_url(report)).status_code == 404
    assert not Follower.objects.exists()


def test_a_category_that_cannot_be_followed_offers_no_follow(types, citizen):
    report = street_report_make(category="graffiti")
    types["graffiti"].followable = False
    types["graffiti"].save()

    assert "follow" not in Client().get(detail(report)).text.lower()
    assert signed_in(citizen).post(follow_url(report)).status_code == 404


# --- Small pieces ------------------------------------------------------------------------------


def test_reported_ago():
    import datetime

    from django.utils import timezone

    now = timezone.now()
    ago = selectors.reported_ago
    assert ago(now, now=now) == "today"
    assert ago(now - datetime.timedelta(days=1), now=now) == "yesterday"
    assert ago(now - datetime.timedelta(days=3, hours=5), now=now) == "3\xa0days ago"
    assert ago(now - datetime.timedelta(days=15), now=now) == "2\xa0weeks ago"


@pytest.mark.parametrize(
    ("text", "mentions"),
    [
        ("Sorry Priyanka, it is not ours", True),
        ("We wrote to priyanka.v@example.org", True),
        ("Call 07700900456", True),
        ("The hole outside 27 Kingfisher Drive is filled", True),
        ("Postcode MB45XY", True),
        ("A private road: the owners must repair it", False),
        ("Kingfisher Drive is a private road", False),
    ],
)
def test_mentions_reporter(text, mentions):
    terms = [
        " ".join(term.casefold().split())
        for term in (
            "Priyanka",
            "Venkataraman",
            "priyanka.v@example.org",
            "07700 900456",
            "27 Kingfisher Drive",
            "MB4 5XY",
        )
    ]

    assert selectors.mentions_reporter(text, terms) is mentions


# --- Demo data -----------------------------------------------------------------------------------


def test_the_demo_reports_fill_the_public_list_and_loading_again_adds_none(settings):
    from io import StringIO

    from django.core.management import call_command

    from services.highways.demo import public as demo
    from services.highways.models import StreetReport

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    out = StringIO()
    call_command("load_demo", stdout=out, stderr=StringIO())
    assert "public example reports" in out.getvalue()
    ours = StreetReport.objects.filter(public_title__in=[r.title for r in demo.REPORTS])
    assert ours.count() == len(demo.REPORTS)
    assert ours.values("ward").distinct().count() == 6
    assert not ours.filter(case__latitude__isnull=True).exists()

    page = Client().get(LIST).text
    for report in demo.REPORTS:
        assert report.title in page
    assert "Overdue" in Client().get(detail(ours.get(public_title="Street light on all day"))).text
    closed = ours.get(public_title="Graffiti on the bus shelter")
    assert "belongs to the bus company" in Client().get(detail(closed)).text
    for name in demo.REPORTERS:
        assert name not in page

    call_command("load_demo", stdout=StringIO(), stderr=StringIO())
    assert ours.count() == len(demo.REPORTS)

"""`manage.py load_demo`: the Millbrook demo council, loaded through the real import."""

import datetime
import re
import zoneinfo
from io import StringIO

import pytest
from allauth.account.models import EmailAddress
from django.core.management import CommandError, call_command
from django_otp.plugins.otp_email.models import EmailDevice

from accounts import roles
from accounts.models import Address, User, Ward
from accounts.selectors import address_list_for_postcode
from portal import demo

pytestmark = pytest.mark.django_db

STAFF = [
    ("agent@millbrook.example", roles.AGENT),
    ("caseworker@millbrook.example", roles.CASEWORKER),
    ("lead@millbrook.example", roles.TEAM_LEAD),
    ("manager@millbrook.example", roles.MANAGER),
    ("cllr.patel@millbrook.example", roles.COUNCILLOR),
    ("member.support@millbrook.example", roles.MEMBER_SUPPORT),
    ("admin@millbrook.example", roles.ADMINISTRATOR),
]


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """Six demo passwords at full PBKDF2 strength cost over a second per load."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def load_demo() -> str:
    out = StringIO()
    call_command("load_demo", stdout=out, stderr=StringIO())
    return out.getvalue()


def test_loading_twice_changes_nothing_the_second_time():
    first = load_demo()
    counts = (Address.objects.count(), Ward.objects.count(), User.objects.count())
    stamps = set(Address.objects.values_list("updated_at", flat=True))

    second = load_demo()

    assert counts[0] > 2500
    assert counts[1:] == (
        6,
        11,
    )  # six wards; ten who sign in, and Albert, recorded by the contact centre
    assert (Address.objects.count(), Ward.objects.count(), User.objects.count()) == counts
    assert set(Address.objects.values_list("updated_at", flat=True)) == stamps
    assert f"{counts[0]:,} created" in first
    assert "0 created, 0 updated" in second
    assert "already there, left as it was" in second
    assert "demo-password-123" in first
    assert demo.DEMO_POSTCODE in first


def test_the_demo_postcode_has_mill_lane_and_its_flats():
    demo.demo_council_load()

    lines = [a.single_line for a in address_list_for_postcode(postcode="MB1 1AA")]

    assert 15 <= len(lines) <= 30
    assert "1 Mill Lane, Millbrook, MB1 1AA" in lines
    assert "Flat 2, 14 Mill Lane, Millbrook, MB1 1AA" in lines
    sam = User.objects.get(email="sam@example.org")
    assert sam.address.single_line == "1 Mill Lane, Millbrook, MB1 1AA"
    assert sam.address.ward.name == "Millbrook Central"


def test_the_demo_resident_signs_in_through_the_sign_in_page(client):
    demo.demo_council_load()

    response = client.post(
        "/account/login/", {"login": "sam@example.org", "password": demo.DEMO_PASSWORD}
    )

    assert response.status_code == 302
    assert response["Location"] == "/account/"
    assert "Sam" in client.get("/account/").content.decode()


def test_people_have_their_roles_and_staff_a_confirmed_email_device():
    demo.demo_council_load()

    for email, role in STAFF:
        user = User.objects.get(email=email)
        assert user.is_staff
        assert list(user.groups.values_list("name", flat=True)) == [role]
        assert EmailDevice.objects.filter(user=user, confirmed=True).count() == 1
        assert user.check_password(demo.DEMO_PASSWORD)
    assert User.objects.get(email="admin@millbrook.example").is_superuser
    business = User.objects.get(email="jo@millbrook-bakery.example")
    assert business.account_type == User.AccountType.BUSINESS
    assert business.organisation_name == "Millbrook Bakery"
    assert not EmailDevice.objects.filter(user__is_staff=False).exists()
    assert EmailAddress.objects.filter(verified=True, primary=True).count() == 10


def test_a_second_run_leaves_people_as_they_are():
    demo.demo_council_load()
    sam = User.objects.get(email="sam@example.org")
    sam.first_name = "Samantha"
    sam.set_password("a different password")
    sam.save()

    demo.demo_council_load()

    sam.refresh_from_db()
    assert sam.first_name == "Samantha"
    assert sam.check_password("a different password")
    assert EmailDevice.objects.filter(user__email="agent@millbrook.example").count() == 1


def test_the_gazetteer_is_the_same_every_time():
    rows = demo.demo_gazetteer_rows()

    assert rows == demo.demo_gazetteer_rows()
    assert len({r["UPRN"] for r in rows}) == len(rows)
    assert {r["WARD_NAME"] for r in rows} == {
        "Abbey",
        "Castle",
        "Millbrook Central",
        "Riverside",
        "St Anne's",
        "Westfield",
    }
    assert len({r["STREET"] for r in rows}) == 40


def test_demo_refuses_production_settings(settings):
    settings.SETTINGS_MODULE = "portal.settings.production"

    with pytest.raises(CommandError, match="production settings"):
        call_command("load_demo", stdout=StringIO())
    assert not User.objects.exists()


# --- Teams and example requests (casework) -------------------------------------------------


def test_the_demo_has_request_types_teams_and_three_requests_from_sam():
    from casework.models import Case, CaseEvent, Draft, RequestType, Team

    out = load_demo()

    assert set(RequestType.objects.values_list("slug", flat=True)) >= {
        "general-enquiry",
        "complaint",
        "compliment",
    }
    caseworker = User.objects.get(email="caseworker@millbrook.example")
    lead = User.objects.get(email="lead@millbrook.example")
    manager = User.objects.get(email="manager@millbrook.example")
    for slug in ("customer-services", "complaints"):
        team = Team.objects.get(slug=slug)
        assert set(team.members.all()) == {caseworker, lead}
        assert (team.lead, team.manager) == (lead, manager)

    sam = User.objects.get(email="sam@example.org")
    # Sam's general requests (each service's demo adds its own: bins, street reports...).
    cases = list(Case.objects.filter(resident=sam, request_type__service="general").order_by("id"))
    # The last waits for its fee (General enquiries' pest control treatment).
    assert [case.status for case in cases] == ["submitted", "resolved", "awaiting_payment"]
    # Sam's complaint at stage 1 that the caseworker is working on, and one answered.
    complaints = list(Case.objects.filter(resident=sam, request_type__slug="complaint"))
    assert [case.status for case in complaints] == ["in_progress", "resolved"]
    cases += complaints
    assert all(case.team.members.filter(pk=caseworker.pk).exists() for case in cases)
    assert all(case.due_date for case in cases)
    reply = complaints[0].events.get(kind=CaseEvent.Kind.REPLY)
    assert reply.public and reply.actor == caseworker
    assert complaints[0].complaint.stage == 1
    assert complaints[1].complaint.stages.get().root_cause == "delay"
    for case in cases[:-1]:  # the answered complaint is the complaints service's demo
        assert case.reference in out
    assert "In progress" in out and "Done" in out
    assert Draft.objects.filter(user=sam).count() == 1


def test_the_demo_has_requests_the_contact_centre_took_by_phone_and_face_to_face():
    from casework.models import Case

    load_demo()

    agent = User.objects.get(email="agent@millbrook.example")
    taken = Case.objects.filter(resident__email="jo@millbrook-bakery.example", created_by=agent)
    assert sorted(taken.values_list("channel", flat=True)) == ["face_to_face", "phone", "phone"]
    first = taken.first().events.get(kind="submitted")
    assert (first.actor, first.acting_for.email) == (agent, "jo@millbrook-bakery.example")


def test_the_demo_has_a_person_the_contact_centre_recorded_with_no_email():
    load_demo()

    albert = User.objects.get(last_name="Nwosu")
    assert albert.email is None and not albert.has_usable_password()
    assert albert.recorded_by.email == "agent@millbrook.example"
    assert albert.address.single_line.startswith("3 Mill Lane")


def test_a_second_load_adds_no_requests_teams_or_request_types():
    from casework.models import Case, CaseEvent, Draft, RequestType, Team

    load_demo()
    counts = [model.objects.count() for model in (Case, CaseEvent, RequestType, Team, Draft)]

    second = load_demo()

    assert [
        model.objects.count() for model in (Case, CaseEvent, RequestType, Team, Draft)
    ] == counts
    sam_cases = Case.objects.filter(resident__email="sam@example.org").count()
    assert f"Sam already has {sam_cases}, left as they were" in second
    assert "every registered one already there" in second


def test_a_second_load_leaves_team_staffing_an_admin_changed():
    from casework.models import Team

    demo.demo_council_load()
    councillor = User.objects.get(email="cllr.patel@millbrook.example")
    team = Team.objects.get(slug="complaints")
    team.lead = councillor
    team.save()
    team.members.set([councillor])

    demo.demo_council_load()

    team.refresh_from_db()
    assert team.lead == councillor
    assert list(team.members.all()) == [councillor]


def test_questions_go_to_the_simulated_back_office_and_an_admin_s_choice_is_kept(monkeypatch):
    from casework.delivery import delivery_problems
    from casework.models import RequestType

    demo.demo_council_load()
    question = RequestType.objects.get(slug="general-enquiry")
    assert question.connector == "webhook"
    assert question.connector_settings["url"] == demo.DEMO_BACKOFFICE_URL
    # Usable as soon as `make run` puts the demo secret in the environment.
    monkeypatch.setenv(demo.DEMO_BACKOFFICE_SECRET_ENV, "x" * 40)
    assert delivery_problems(question) == []

    RequestType.objects.filter(pk=question.pk).update(connector="email", connector_settings={})
    demo.demo_council_load()
    assert RequestType.objects.get(pk=question.pk).connector == "email"


# --- The demo's promise: "Try reporting a missed bin at ..." ---------------

# Monday 7 December 2026 to Sunday 13 December 2026, at mid-morning.
WEEK = [datetime.datetime(2026, 12, 7 + day, 10, 30) for day in range(7)]
TRY_REPORTING = re.compile(r"Try reporting a missed bin at (?P<address>.+?): the crew recorded")


@pytest.fixture
def fixed_clock(clock):
    """fixed_clock(when): the one project clock stands at ``when`` (London time)."""

    def set_to(when: datetime.datetime):
        clock.set(when.replace(tzinfo=zoneinfo.ZoneInfo("Europe/London")))

    return set_to


@pytest.mark.parametrize("when", WEEK, ids=lambda when: when.strftime("%A"))
def test_the_missed_bin_the_demo_offers_gives_the_crew_s_reason_on_every_day(
    when, fixed_clock, settings, tmp_path
):
    from integrations.simulated_backoffice import BackOffice, start
    from services.waste.models import Stream
    from services.waste.selectors import missed

    settings.WASTE_INCAB_DEMO_FILE = str(tmp_path / "incab.json")
    fixed_clock(when)

    printed = load_demo()

    found = TRY_REPORTING.search(printed)
    assert found, printed
    [address] = [a for a in Address.objects.filter(town=demo.TOWN) if str(a) == found["address"]]
    running = start(BackOffice(secret="back-office-shared-secret-0123456789"))
    running.office.incab.file = settings.WASTE_INCAB_DEMO_FILE
    settings.WASTE_INCAB_URL = running.incab_url
    try:
        assessment = missed.missed_assess(
            user=User.objects.get(email="sam@example.org"), address=address, stream=Stream.REFUSE
        )
    finally:
        running.stop()
    assert assessment.outcome == missed.Outcome.CREW_REASON
    assert assessment.crew.reason == "not_presented"

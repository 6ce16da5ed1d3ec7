"""The insight pages: public service standards, the managers' dashboard and ward
reports show the figures a test counts from seeded cases, in queries that do not grow
with the number of cases, to the people allowed to see them."""

import csv
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts import roles
from casework.models import Channel, Member
from insight.actions import summaries_refresh
from insight.models import ServiceStandard
from tests.conftest import _staff, signed_in
from tests.insight.conftest import make_case

pytestmark = pytest.mark.django_db


def _csv(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def _queries(client, url) -> tuple[int, str]:
    client.get(url)  # warm: sessions, principal cache
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured), response.content.decode()


@pytest.fixture
def standard(town):
    standard = ServiceStandard.objects.create(
        service="waste",
        wording="We collect a reported missed bin within 2 working days",
        target_percent=95,
    )
    standard.request_types.set([town.bins])
    return standard


def _bins(town, count: int):
    """``count`` missed bins finished in the last month, one in three late; two open, one
    of them past its date; and one finished five months ago, on time."""
    cases = [
        make_case(town, made_days_ago=12, finished_days_ago=10, late=index % 3 == 0)
        for index in range(count)
    ]
    cases.append(make_case(town, made_days_ago=4))
    cases.append(make_case(town, made_days_ago=1))
    cases.append(make_case(town, made_days_ago=152, finished_days_ago=150))
    return cases


# --- The public page -----------------------------------------------------------------------


def test_the_public_page_shows_each_standard_with_the_share_a_test_counts(client, town, standard):
    cases = _bins(town, 6)
    summaries_refresh()
    today = timezone.localdate()
    recent = [c for c in cases if c.finished_at and (today - c.finished_at.date()).days < 30]
    met = [c for c in recent if c.finished_at.date() <= c.due_date]
    year = [c for c in cases if c.finished_at]
    year_met = [c for c in year if c.finished_at.date() <= c.due_date]
    overdue = [c for c in cases if not c.finished_at and c.due_date < today]

    html = client.get(reverse("performance:standards")).content.decode()

    assert "We collect a reported missed bin within 2 working days" in html
    assert f"{round(100 * len(met) / len(recent))}% of {len(recent)} requests finished" in html
    assert f"{round(100 * len(year_met) / len(year))}% of {len(year)} requests finished" in html
    assert "2 requests" in html  # open now
    assert f"{len(overdue)} request" in html
    assert 'role="img"' in html and "<title id=" in html and "<desc id=" in html


def test_the_public_page_reads_the_same_queries_at_ten_times_the_cases(client, town, standard):
    url = reverse("performance:standards")
    _bins(town, 3)
    summaries_refresh()
    few, html_few = _queries(client, url)

    _bins(town, 27)
    summaries_refresh()
    many, html_many = _queries(client, url)

    assert "of 3 requests finished" in html_few
    assert "of 30 requests finished" in html_many
    assert many == few


def test_the_home_page_footer_links_to_the_service_standards(client):
    html = client.get(reverse("home")).content.decode()

    assert reverse("performance:standards") in html


def test_the_public_csv_has_each_standards_months(client, town, standard):
    _bins(town, 3)
    summaries_refresh()

    rows = _csv(client.get(reverse("performance:standards_csv")))

    assert rows[0][:4] == ["Service", "Standard", "Target (%)", "Month"]
    this_month = timezone.localdate().strftime("%Y-%m")
    mine = [row for row in rows[1:] if row[3] == this_month]
    assert mine and mine[0][1] == standard.wording


# --- The managers' dashboard ------------------------------------------------------------------


def _dashboard_cases(town, count: int):
    for index in range(count):
        make_case(
            town,
            channel=Channel.PHONE if index % 4 == 0 else Channel.WEB,
            made_days_ago=5,
            finished_days_ago=2 if index % 2 else None,
            late=index % 5 == 0,
            rating=4 if index % 3 == 0 and index % 2 else None,
        )
    make_case(town, request_type=town.potholes, made_days_ago=3, finished_days_ago=1, late=True)


def test_the_dashboard_shows_channels_and_take_up_as_a_test_counts_them(
    verified_admin_client, town
):
    _dashboard_cases(town, 8)
    summaries_refresh()
    phone, web = 2, 7  # index 0 and 4 by phone; the pothole online

    html = verified_admin_client.get(reverse("insight:dashboard")).content.decode()
    rows = _csv(verified_admin_client.get(reverse("insight:dashboard_csv", args=["channels"])))

    assert "Requests by channel" in html
    assert f"{phone + web:,} in all" in html
    assert rows[1:] == [["Online", str(web), "78%"], ["Phone", str(phone), "22%"]]


def test_the_dashboard_counts_target_dates_missed_by_team(verified_admin_client, town):
    _dashboard_cases(town, 8)
    summaries_refresh()

    rows = _csv(verified_admin_client.get(reverse("insight:dashboard_csv", args=["sla-breaches"])))

    # Bins: four finished (index 1, 3, 5, 7), index 5 late; four open, due the day after
    # they were made five days ago, so overdue now. Roads: the pothole, finished late.
    assert ["Bins team", "4", "1", "75%", "4"] in rows
    assert ["Roads team", "1", "1", "0%", "0"] in rows


def test_the_dashboard_shows_satisfaction_and_first_response(verified_admin_client, town):
    _dashboard_cases(town, 8)
    summaries_refresh()

    satisfaction = _csv(
        verified_admin_client.get(reverse("insight:dashboard_csv", args=["satisfaction"]))
    )
    response = _csv(
        verified_admin_client.get(reverse("insight:dashboard_csv", args=["first-response"]))
    )

    assert [row[1:] for row in satisfaction[1:]] == [["1", "4.0"]]  # index 3's rating
    assert all(row[3] == "1.0 hours" for row in response[1:])


def test_the_dashboard_reads_the_same_queries_at_ten_times_the_cases(verified_admin_client, town):
    url = reverse("insight:dashboard")
    _dashboard_cases(town, 4)
    summaries_refresh()
    few, html_few = _queries(verified_admin_client, url)

    _dashboard_cases(town, 36)
    summaries_refresh()
    many, html_many = _queries(verified_admin_client, url)

    assert "5 in all" in html_few
    assert "42 in all" in html_many
    assert many == few


def test_a_team_lead_sees_only_their_teams_figures(town):
    _dashboard_cases(town, 4)
    summaries_refresh()
    lead = _staff(roles.CASEWORKER)
    town.team_b.lead = lead
    town.team_b.save()
    client = signed_in(lead, verified=True)

    rows = _csv(client.get(reverse("insight:dashboard_csv", args=["channels"])))
    other_team = client.get(reverse("insight:dashboard"), {"team": town.team_a.pk})

    assert rows[1:] == [["Online", "1", "100%"]]  # the pothole, nothing of the bins team
    assert other_team.status_code == 400
    assert "Choose one of the teams you may see" in other_team.content.decode()


def test_a_team_manager_sees_every_team(town):
    _dashboard_cases(town, 4)
    summaries_refresh()
    manager = _staff(roles.CASEWORKER)
    town.team_b.manager = manager
    town.team_b.save()

    rows = _csv(
        signed_in(manager, verified=True).get(reverse("insight:dashboard_csv", args=["channels"]))
    )

    assert sum(int(row[1]) for row in rows[1:]) == 5


@pytest.mark.parametrize("role", [roles.AGENT, roles.CASEWORKER, roles.COUNCILLOR])
def test_staff_who_neither_lead_nor_manage_a_team_may_not_see_the_dashboard(role, db):
    client = signed_in(_staff(role), verified=True)

    assert client.get(reverse("insight:dashboard")).status_code == 403
    assert client.get(reverse("insight:dashboard_csv", args=["channels"])).status_code == 403


def test_a_filter_not_on_the_list_is_an_error_the_manager_is_told_about(verified_admin_client):
    response = verified_admin_client.get(reverse("insight:dashboard"), {"period": "9999"})

    assert response.status_code == 400
    html = response.content.decode()
    assert "There is a problem" in html and "Choose a period from the list" in html


def test_the_period_shown_is_the_one_the_figures_are_for(verified_admin_client):
    html = verified_admin_client.get(reverse("insight:dashboard")).content.decode()

    assert '<option value="90" selected>The last 3 months</option>' in html


def test_a_report_that_does_not_exist_is_not_found(verified_admin_client):
    url = reverse("insight:dashboard_csv", args=["no-such-report"])

    assert verified_admin_client.get(url).status_code == 404


def test_the_dashboard_shows_form_completion_and_drop_out_from_journey_events(
    verified_admin_client, town
):
    from casework.models import JourneyEvent

    def event(kind, step="", draft=0):
        JourneyEvent.objects.create(
            journey="missed-bin", request_type=town.bins, kind=kind, step=step, draft_id=draft
        )

    for draft in range(4):
        event(JourneyEvent.Kind.STARTED, draft=draft)
        event(JourneyEvent.Kind.STEP, "address", draft)
    for draft in range(2):
        event(JourneyEvent.Kind.STEP, "details", draft)
        event(JourneyEvent.Kind.SENT, draft=draft)
    event(JourneyEvent.Kind.ABANDONED, "details", 3)
    summaries_refresh()

    completion = _csv(
        verified_admin_client.get(reverse("insight:dashboard_csv", args=["journeys"]))
    )
    steps = _csv(verified_admin_client.get(reverse("insight:dashboard_csv", args=["drop-out"])))

    assert completion[1] == ["missed-bin", "4", "2", "50%", "0", "1"]
    assert ["missed-bin", "address", "4", "0"] in steps
    assert ["missed-bin", "details", "2", "1"] in steps


# --- Ward reports ----------------------------------------------------------------------------


@pytest.fixture
def councillor_north(town):
    member = _staff(roles.COUNCILLOR)
    Member.objects.create(user=member, title="Councillor North").wards.set([town.north])
    return member


def test_a_councillor_sees_their_wards_and_nothing_of_others(town, councillor_north):
    for index in range(3):
        make_case(town, ward=town.north, made_days_ago=index)  # due the day after
    make_case(town, ward=town.north, made_days_ago=2, finished_days_ago=1)
    make_case(town, ward=town.south, made_days_ago=2)
    summaries_refresh()
    client = signed_in(councillor_north, verified=True)

    html = client.get(reverse("insight:wards")).content.decode()
    by_ward = _csv(client.get(reverse("insight:wards_csv", args=["by-ward"])))
    outstanding = _csv(client.get(reverse("insight:wards_csv", args=["outstanding"])))
    resolution = _csv(client.get(reverse("insight:wards_csv", args=["ward-resolution"])))
    south = client.get(reverse("insight:wards"), {"ward": town.south.pk})

    assert "Requests in the wards you represent" in html
    assert by_ward[1:] == [["North", "4"]]
    assert outstanding[1:] == [["North", "3", "1"]]  # the one made two days ago
    assert resolution[1][1:] == ["4", "1", "25%"]
    assert south.status_code == 400
    assert "Choose one of the wards you may see" in south.content.decode()


def test_an_administrator_sees_every_ward(verified_admin_client, town):
    make_case(town, ward=town.north, made_days_ago=2)
    make_case(town, ward=town.south, made_days_ago=2)
    summaries_refresh()

    rows = _csv(verified_admin_client.get(reverse("insight:wards_csv", args=["by-ward"])))

    assert sorted(rows[1:]) == [["North", "1"], ["South", "1"]]


def test_a_councillor_with_no_wards_recorded_is_told_so(db):
    member = _staff(roles.COUNCILLOR)

    html = signed_in(member, verified=True).get(reverse("insight:wards")).content.decode()

    assert "No wards are recorded for you yet" in html


def test_a_support_officer_sees_their_members_wards_and_nothing_of_others(town, councillor_north):
    officer = _staff(roles.MEMBER_SUPPORT)
    councillor_north.member.support_officers.add(officer)
    make_case(town, ward=town.north, made_days_ago=2)
    make_case(town, ward=town.south, made_days_ago=2)
    summaries_refresh()
    client = signed_in(officer, verified=True)

    by_ward = _csv(client.get(reverse("insight:wards_csv", args=["by-ward"])))
    unlinked = signed_in(_staff(roles.MEMBER_SUPPORT), verified=True)
    nothing = _csv(unlinked.get(reverse("insight:wards_csv", args=["by-ward"])))

    assert sorted(row[0] for row in by_ward[1:]) == ["North"]
    assert nothing[1:] == []


@pytest.mark.parametrize("role", [roles.AGENT, roles.CASEWORKER])
def test_other_staff_may_not_see_ward_reports(role, db):
    client = signed_in(_staff(role), verified=True)

    assert client.get(reverse("insight:wards")).status_code == 403
    assert client.get(reverse("insight:wards_csv", args=["by-ward"])).status_code == 403


def test_ward_reports_read_the_same_queries_at_ten_times_the_cases(town, councillor_north):
    client = signed_in(councillor_north, verified=True)
    url = reverse("insight:wards")

    def seed(count):
        for index in range(count):
            finished = 1 if index % 2 else None
            make_case(town, ward=town.north, made_days_ago=2, finished_days_ago=finished)
        summaries_refresh()

    seed(3)
    few, html_few = _queries(client, url)
    seed(27)
    many, html_many = _queries(client, url)

    assert "3 in all" in html_few
    assert "30 in all" in html_many
    assert many == few


def test_the_staff_home_links_to_the_reports_people_may_see(town, councillor_north):
    councillor_home = signed_in(councillor_north, verified=True).get(reverse("staff_home"))
    agent_home = signed_in(_staff(roles.AGENT), verified=True).get(reverse("staff_home"))

    assert reverse("insight:wards") in councillor_home.content.decode()
    assert f'href="{reverse("insight:dashboard")}"' not in councillor_home.content.decode()
    assert reverse("insight:wards") not in agent_home.content.decode()

"""The account home reads one snapshot a resident (portal/home.py), kept up to date by the
actions that change what it shows (accounts/home.py)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from django.utils.dateformat import format

from accounts import actions as account_actions
from accounts.models import User
from accounts.principal import principal_digest
from casework import actions
from casework.workflow import Status
from portal.home import home_page_get
from tests.conftest import signed_in
from tests.factories import AddressFactory

pytestmark = pytest.mark.django_db


def submit(request_type, resident, capture, summary="Bench broken"):
    with capture(execute=True):
        return actions.case_submit(
            request_type=request_type, resident=resident, answers={}, summary=summary
        )


def queries_for_home(client) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get("/account/").status_code == 200
    return len(captured)


def test_a_second_visit_reads_the_snapshot_and_the_same_rows_show(
    citizen, request_type, django_capture_on_commit_callbacks
):
    cases = [submit(request_type, citizen, django_capture_on_commit_callbacks) for _ in range(7)]
    client = signed_in(citizen)
    first = client.get("/account/").content.decode()
    with CaptureQueriesContext(connection) as captured:
        second = client.get("/account/").content.decode()
    assert not [q for q in captured if "casework_case" in q["sql"]]
    for case in cases[-5:]:  # the latest five, both times
        assert case.reference in first and case.reference in second
    assert cases[0].reference not in second


def test_the_home_costs_the_same_queries_with_one_case_or_many(
    citizen, another_citizen, request_type, django_capture_on_commit_callbacks
):
    submit(request_type, citizen, django_capture_on_commit_callbacks)
    for _ in range(12):
        submit(request_type, another_citizen, django_capture_on_commit_callbacks)
    few, many = signed_in(citizen), signed_in(another_citizen)
    assert queries_for_home(few) == queries_for_home(many)  # building it
    assert queries_for_home(few) == queries_for_home(many)  # reading it


def test_a_status_change_by_staff_shows_on_the_residents_next_home(
    citizen, agent, request_type, django_capture_on_commit_callbacks
):
    case = submit(request_type, citizen, django_capture_on_commit_callbacks)
    client = signed_in(citizen)
    assert "In progress" not in client.get("/account/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        actions.case_acknowledge(case=case, actor=agent)
        actions.case_change_status(case=case, status=Status.IN_PROGRESS, actor=agent)
    assert "In progress" in client.get("/account/").content.decode()


def test_a_followed_report_and_its_changes_show_on_the_followers_home(
    citizen, another_citizen, agent, request_type, django_capture_on_commit_callbacks
):
    case = submit(request_type, citizen, django_capture_on_commit_callbacks)
    follower = signed_in(another_citizen)
    assert case.reference not in follower.get("/account/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        actions.case_follow(case=case, user=another_citizen)
    assert case.reference in follower.get("/account/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        actions.case_acknowledge(case=case, actor=agent)
        actions.case_change_status(case=case, status=Status.IN_PROGRESS, actor=agent)
    assert "In progress" in follower.get("/account/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        actions.case_unfollow(case=case, user=another_citizen)
    assert case.reference not in follower.get("/account/").content.decode()


def test_one_residents_snapshot_never_shows_on_anothers_home(
    citizen, another_citizen, request_type, django_capture_on_commit_callbacks
):
    case = submit(request_type, citizen, django_capture_on_commit_callbacks)
    assert case.reference in signed_in(citizen).get("/account/").content.decode()
    assert case.reference not in signed_in(another_citizen).get("/account/").content.decode()


def test_a_new_address_through_its_action_changes_the_home(
    citizen, django_capture_on_commit_callbacks
):
    client = signed_in(citizen)
    client.get("/account/")
    address = AddressFactory(line1="12 Kiln Road", postcode="MB2 2BB")
    with django_capture_on_commit_callbacks(execute=True):
        account_actions.user_set_address(user=citizen, address=address)
    assert "12 Kiln Road" in client.get("/account/").content.decode()


def test_the_home_still_answers_when_the_cache_is_out_of_reach(citizen, settings):
    from portal.settings import redis_cache

    settings.CACHES = {"default": redis_cache("redis://127.0.0.1:1/0")}  # nothing listens
    assert signed_in(citizen).get("/account/").status_code == 200


# The home's panels are rendered once per snapshot build and language (a cached fragment).

PANEL = "casework/includes/recent_activity.html"


def panels_rendered(response) -> bool:
    return PANEL in [template.name for template in response.templates]


def test_a_repeat_visit_shows_the_panels_from_the_cache(
    citizen, request_type, django_capture_on_commit_callbacks
):
    case = submit(request_type, citizen, django_capture_on_commit_callbacks)
    client = signed_in(citizen)
    first = client.get("/account/")
    second = client.get("/account/")
    assert panels_rendered(first) and not panels_rendered(second)
    assert case.reference in second.content.decode()
    assert "Your recent activity" in second.content.decode()


def test_a_change_through_an_action_renders_the_panels_again(
    citizen, agent, request_type, django_capture_on_commit_callbacks
):
    case = submit(request_type, citizen, django_capture_on_commit_callbacks)
    client = signed_in(citizen)
    client.get("/account/")
    assert not panels_rendered(client.get("/account/"))
    with django_capture_on_commit_callbacks(execute=True):
        actions.case_acknowledge(case=case, actor=agent)
        actions.case_change_status(case=case, status=Status.IN_PROGRESS, actor=agent)
    after = client.get("/account/")
    assert panels_rendered(after)
    assert "In progress" in after.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        later = submit(request_type, citizen, django_capture_on_commit_callbacks, "Second")
    assert later.reference in client.get("/account/").content.decode()


def test_another_resident_never_gets_a_residents_panels(
    citizen, another_citizen, request_type, django_capture_on_commit_callbacks
):
    mine = submit(request_type, citizen, django_capture_on_commit_callbacks)
    theirs = submit(request_type, another_citizen, django_capture_on_commit_callbacks, "Other")
    me, them = signed_in(citizen), signed_in(another_citizen)
    for _ in range(2):  # building, then from the cache
        my_page, their_page = me.get("/account/"), them.get("/account/")
        assert mine.reference in my_page.content.decode()
        assert theirs.reference not in my_page.content.decode()
        assert theirs.reference in their_page.content.decode()
        assert mine.reference not in their_page.content.decode()


def test_a_language_switch_renders_the_panels_in_that_language(
    citizen, request_type, django_capture_on_commit_callbacks
):
    case = submit(request_type, citizen, django_capture_on_commit_callbacks)
    client = signed_in(citizen)
    english_day = format(case.due_date, "l")  # e.g. "Monday"
    for _ in range(2):
        assert english_day in client.get("/account/", HTTP_ACCEPT_LANGUAGE="en-GB").content.decode()
    with translation.override("cy"):
        welsh_day = format(case.due_date, "l")  # e.g. "Dydd Llun"
    assert welsh_day != english_day
    for _ in range(2):
        welsh = client.get("/account/", HTTP_ACCEPT_LANGUAGE="cy").content.decode()
        assert welsh_day in welsh and english_day not in welsh
    assert english_day in client.get("/account/", HTTP_ACCEPT_LANGUAGE="en-GB").content.decode()


def test_a_change_to_the_residents_own_details_shows_on_the_next_visit(
    citizen, django_capture_on_commit_callbacks
):
    client = signed_in(citizen)
    client.get("/account/")
    assert not panels_rendered(client.get("/account/"))
    # A new name does not change the snapshot: the cached details are keyed by the user row.
    with django_capture_on_commit_callbacks(execute=True):
        account_actions.user_update_name(user=citizen, first_name="Morwenna", last_name="Pryce")
    page = client.get("/account/").content.decode()
    assert "Hello, Morwenna" in page and "Morwenna Pryce" in page
    with django_capture_on_commit_callbacks(execute=True):
        account_actions.user_set_manual_address(
            user=citizen, line1="8 Quay Street", line2="", town="Millbrook", postcode="MB3 3CC"
        )
    assert "8 Quay Street" in client.get("/account/").content.decode()


def test_a_repeat_visit_never_unpickles_the_cases_and_rounds(
    citizen, request_type, django_capture_on_commit_callbacks
):
    """The snapshot's cases, rounds and links (model instances, most of the cost of reading
    it back) are pickled on their own and read only when the panels are rendered again."""
    case = submit(request_type, citizen, django_capture_on_commit_callbacks)
    client = signed_in(citizen)
    client.get("/account/")  # builds the snapshot and keeps its panels
    user = User.objects.get(pk=citizen.pk)
    snapshot, panels = home_page_get(
        user=user, language=translation.get_language(), user_row=principal_digest(user)
    )
    assert case.reference in panels  # the kept panels
    assert "detail" not in vars(snapshot)  # the detail still pickled
    assert [row.case.reference for row in snapshot.recent_cases] == [case.reference]
    assert "detail" in vars(snapshot)

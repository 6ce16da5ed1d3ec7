"""The summary tables: counted from the cases by the scheduled job, idempotent and
incremental, and equal to what a test counts from the same cases by hand."""

import datetime

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db.models import Sum
from django.utils import timezone

from casework import actions
from casework.models import Case, Channel
from casework.workflow import WORK, Status
from insight.actions import summaries_refresh
from insight.models import DailyFigure, OpenFigure
from tests.insight.conftest import make_case

pytestmark = pytest.mark.django_db


def _seed(town):
    return [
        make_case(town, made_days_ago=3, finished_days_ago=1),
        make_case(town, made_days_ago=3, finished_days_ago=1, late=True, rating=2),
        make_case(town, made_days_ago=2, finished_days_ago=2, rating=5, reopened=True),
        make_case(town, made_days_ago=2, channel=Channel.PHONE, ward=town.south),
        make_case(town, request_type=town.potholes, made_days_ago=40, finished_days_ago=20),
        make_case(town, request_type=town.potholes, made_days_ago=5, answered=False),
    ]


def _totals(**filters):
    return DailyFigure.objects.filter(**filters).aggregate(
        received=Sum("received"),
        closed=Sum("closed"),
        met=Sum("met_target"),
        first_time=Sum("first_time_resolved"),
        reopened=Sum("reopened"),
        responded=Sum("responded"),
        ratings=Sum("ratings"),
        rating_total=Sum("rating_total"),
    )


def test_the_daily_figures_are_what_counting_the_cases_by_hand_gives(town):
    cases = _seed(town)

    summaries_refresh()

    finished = [case for case in cases if case.status == Status.RESOLVED]
    assert _totals() == {
        "received": len(cases),
        "closed": len(finished),
        "met": len([c for c in finished if timezone.localdate(c.finished_at) <= c.due_date]),
        "first_time": len(finished) - 1,  # one was reopened before it was done
        "reopened": 1,
        "responded": 5,  # one pothole nobody has answered yet
        "ratings": 2,
        "rating_total": 7,
    }
    assert _totals(channel=Channel.PHONE)["received"] == 1
    assert _totals(ward=town.south)["received"] == 1
    assert _totals(team=town.team_b)["received"] == 2
    assert _totals(service="highways")["closed"] == 1
    # Each figure sits on its own day: made three days ago, finished yesterday.
    three_days_ago = timezone.localdate() - datetime.timedelta(days=3)
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    assert _totals(day=three_days_ago)["received"] == 2
    assert _totals(day=yesterday)["closed"] == 2
    assert _totals(day=yesterday)["met"] == 1
    # A staff answer an hour after each request was made.
    assert DailyFigure.objects.aggregate(hours=Sum("response_hours"))["hours"] == pytest.approx(5)


def test_open_and_overdue_now_are_counted_whole_each_run(town):
    cases = _seed(town)
    open_cases = [case for case in cases if case.status in WORK]

    summaries_refresh()

    figures = OpenFigure.objects.aggregate(open=Sum("open"), overdue=Sum("overdue"))
    assert figures["open"] == len(open_cases) == 2
    today = timezone.localdate()
    assert figures["overdue"] == len([c for c in open_cases if c.due_date < today])


def test_running_it_again_changes_nothing_and_counts_no_day_again(town):
    _seed(town)
    # The cases were last changed an hour before the job ran.
    Case.objects.update(updated_at=timezone.now() - datetime.timedelta(hours=1))
    first = summaries_refresh()
    rows = sorted(DailyFigure.objects.values_list("day", "request_type_id", "status", "received"))

    again = summaries_refresh()

    assert first.days >= 5
    assert again.days == 0
    assert (
        sorted(DailyFigure.objects.values_list("day", "request_type_id", "status", "received"))
        == rows
    )


def test_a_later_run_counts_only_the_days_whose_cases_changed(town):
    cases = _seed(town)
    Case.objects.update(updated_at=timezone.now() - datetime.timedelta(hours=1))
    summaries_refresh()
    waiting = cases[3]  # made two days ago, still open

    actions.case_resolve(case=waiting, actor=town.officer, message="Done.")
    result = summaries_refresh()

    # The day it was made (its status now) and today (finished), nothing else.
    assert result.days == 2
    assert _totals(day=timezone.localdate())["closed"] == 1
    assert OpenFigure.objects.aggregate(open=Sum("open"))["open"] == 1


def test_a_reopened_case_leaves_the_day_it_was_finished_on(town):
    case = make_case(town, made_days_ago=3, finished_days_ago=1)
    summaries_refresh()
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    assert _totals(day=yesterday)["closed"] == 1

    Case.objects.filter(pk=case.pk).update(finished_at=timezone.now())
    case.refresh_from_db()
    actions.case_reopen(case=case, actor=town.officer, message="Back again.")
    summaries_refresh()

    assert _totals(day=yesterday)["closed"] is None  # recounted: nothing finished that day
    assert _totals(day=timezone.localdate())["reopened"] == 1


def test_the_job_is_on_the_beat_schedule_and_the_command_runs_it(town, capsys):
    make_case(town, made_days_ago=1)

    call_command("refresh_summaries")

    beat = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert "insight.tasks.refresh_summaries_task" in beat
    assert "1 day(s) of cases" in capsys.readouterr().out
    assert _totals()["received"] == 1

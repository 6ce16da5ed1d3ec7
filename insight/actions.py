"""Writing the summary tables (and nothing else writes them).

``summaries_refresh`` is idempotent and incremental: it finds the days whose figures
may have changed since the last run (cases changed, timeline events and journey step
events written), and for each of those days deletes its rows and counts them again
from the cases. Running it twice changes nothing; a first run counts every day.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Count, Min, Q
from django.utils import timezone

from casework.models import Case, CaseEvent, JourneyEvent
from casework.workflow import FINISHED, OPEN, WORK, Status
from core import clock
from insight.models import DailyFigure, JourneyFigure, OpenFigure, SummaryRun, TypeDayFigure

# Finished cases the council dealt with: measured against their target. A request the
# resident withdrew, or one marked as a duplicate of another, is not.
DEALT_WITH = frozenset({Status.RESOLVED, Status.CLOSED, Status.REJECTED})
# A change committed by a transaction that began before the cursor was taken may carry
# an earlier time: each run looks this far back too (recounting a day is harmless).
OVERLAP = datetime.timedelta(minutes=10)
_DIMENSIONS = (
    "request_type_id",
    "request_type__service",
    "team_id",
    "ward_id",
    "channel",
    "status",
)


@dataclass(frozen=True)
class RefreshResult:
    days: int
    journey_days: int
    open_rows: int


def _day_bounds(day: datetime.date) -> tuple[datetime.datetime, datetime.datetime]:
    tz = timezone.get_current_timezone()
    start = datetime.datetime.combine(day, datetime.time.min, tzinfo=tz)
    end = datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time.min, tzinfo=tz)
    return start, end


def _local_day(moment: datetime.datetime | None) -> datetime.date | None:
    return timezone.localdate(moment) if moment is not None else None


def changed_days(*, since: datetime.datetime | None) -> tuple[set, set]:
    """(case days, journey days) whose figures may differ from what is stored."""
    if since is None:
        case_days = {
            _local_day(moment)
            for moment in Case.objects.values_list("created_at", flat=True).iterator()
        }
        case_days |= {
            _local_day(moment)
            for moment in CaseEvent.objects.filter(
                kind=CaseEvent.Kind.STATUS, status_before__in=FINISHED
            ).values_list("created_at", flat=True)
        }
        case_days |= {
            _local_day(moment)
            for moment in Case.objects.exclude(finished_at=None).values_list(
                "finished_at", flat=True
            )
        }
        journey_days = {
            _local_day(moment) for moment in JourneyEvent.objects.values_list("at", flat=True)
        }
        return case_days - {None}, journey_days - {None}
    case_days: set = set()
    changed = Case.objects.filter(updated_at__gte=since)
    for created, finished in changed.values_list("created_at", "finished_at").iterator():
        case_days |= {_local_day(created), _local_day(finished)}
    events = CaseEvent.objects.filter(created_at__gte=since)
    for at, created in events.values_list("created_at", "case__created_at").iterator():
        case_days |= {_local_day(at), _local_day(created)}
    # A reopened case is no longer finished on the day it was: that day is recounted too.
    touched = Case.objects.filter(Q(updated_at__gte=since) | Q(events__created_at__gte=since))
    case_days |= {
        _local_day(at)
        for at in CaseEvent.objects.filter(
            case__in=touched.values("pk"), kind=CaseEvent.Kind.STATUS, status_after__in=FINISHED
        ).values_list("created_at", flat=True)
    }
    journey_days = {
        _local_day(at)
        for at in JourneyEvent.objects.filter(at__gte=since).values_list("at", flat=True)
    }
    return case_days - {None}, journey_days - {None}


def _staff_response(case_ids) -> dict[int, datetime.datetime]:
    """When staff first answered each case: a public reply or a change of status by a person
    of the council (not the system, not the resident)."""
    rows = (
        CaseEvent.objects.filter(
            case_id__in=case_ids,
            public=True,
            actor__is_staff=True,
            kind__in=[CaseEvent.Kind.REPLY, CaseEvent.Kind.STATUS],
        )
        .values("case_id")
        .annotate(first=Min("created_at"))
    )
    return {row["case_id"]: row["first"] for row in rows}


def _ever_reopened(case_ids) -> set[int]:
    return set(
        CaseEvent.objects.filter(
            case_id__in=case_ids,
            kind=CaseEvent.Kind.STATUS,
            status_before__in=FINISHED,
            status_after__in=OPEN,
        ).values_list("case_id", flat=True)
    )


def _key(row: dict) -> tuple:
    return tuple(row[name] for name in _DIMENSIONS)


def day_figures(day: datetime.date) -> list[DailyFigure]:
    """Count one day from the cases (pure reads): the rows ``day`` should have."""
    start, end = _day_bounds(day)
    figures: dict[tuple, dict] = defaultdict(lambda: defaultdict(float))

    made_on_day = Case.objects.filter(created_at__gte=start, created_at__lt=end)
    made = list(made_on_day.values("pk", "created_at", *_DIMENSIONS))
    # Subqueries, not lists of ids: a busy day's ids would pass SQLite's parameter limit.
    responses = _staff_response(made_on_day.values("pk"))
    for row in made:
        counts = figures[_key(row)]
        counts["received"] += 1
        first = responses.get(row["pk"])
        if first is not None:
            counts["responded"] += 1
            counts["response_hours"] += (first - row["created_at"]).total_seconds() / 3600

    finished_on_day = Case.objects.filter(
        finished_at__gte=start, finished_at__lt=end, status__in=DEALT_WITH
    )
    finished = list(finished_on_day.values("pk", "due_date", "rating", *_DIMENSIONS))
    reopened = _ever_reopened(finished_on_day.values("pk"))
    for row in finished:
        counts = figures[_key(row)]
        counts["closed"] += 1
        if row["due_date"] is None or day <= row["due_date"]:
            counts["met_target"] += 1
        if row["pk"] not in reopened and row["status"] == Status.RESOLVED:
            counts["first_time_resolved"] += 1
        if row["rating"]:
            counts["ratings"] += 1
            counts["rating_total"] += row["rating"]

    reopens = CaseEvent.objects.filter(
        created_at__gte=start,
        created_at__lt=end,
        kind=CaseEvent.Kind.STATUS,
        status_before__in=FINISHED,
        status_after__in=OPEN,
    ).values(*(f"case__{name}" for name in _DIMENSIONS))
    for row in reopens:
        figures[tuple(row[f"case__{name}"] for name in _DIMENSIONS)]["reopened"] += 1

    return [
        DailyFigure(
            day=day,
            request_type_id=key[0],
            service=key[1],
            team_id=key[2],
            ward_id=key[3],
            channel=key[4],
            status=key[5],
            **{
                name: (value if name == "response_hours" else int(value))
                for name, value in counts.items()
            },
        )
        for key, counts in figures.items()
    ]


def type_day_figures(day: datetime.date, rows: list[DailyFigure]) -> list[TypeDayFigure]:
    """A day's figures added up per request type (for the public page)."""
    totals: dict[int, TypeDayFigure] = {}
    for row in rows:
        total = totals.setdefault(
            row.request_type_id, TypeDayFigure(day=day, request_type_id=row.request_type_id)
        )
        total.received += row.received
        total.closed += row.closed
        total.met_target += row.met_target
    return list(totals.values())


def journey_day_figures(day: datetime.date) -> list[JourneyFigure]:
    start, end = _day_bounds(day)
    rows = (
        JourneyEvent.objects.filter(at__gte=start, at__lt=end)
        .values("journey", "kind", "step", "request_type__service")
        .annotate(drafts=Count("draft_id", distinct=True), events=Count("pk"))
    )
    return [
        JourneyFigure(
            day=day,
            journey=row["journey"],
            service=row["request_type__service"] or "",
            kind=row["kind"],
            step=row["step"],
            # A visitor's event may name no draft: count the events themselves then.
            drafts=row["drafts"] or row["events"],
        )
        for row in rows
    ]


def open_figures(*, today: datetime.date) -> list[OpenFigure]:
    """Cases the council has work to do on now, and how many of them are past their date."""
    rows = (
        Case.objects.filter(status__in=WORK)
        .values(*_DIMENSIONS)
        .annotate(open=Count("pk"), overdue=Count("pk", filter=Q(due_date__lt=today)))
        .order_by()
    )
    return [
        OpenFigure(
            request_type_id=row["request_type_id"],
            service=row["request_type__service"],
            team_id=row["team_id"],
            ward_id=row["ward_id"],
            channel=row["channel"],
            status=row["status"],
            open=row["open"],
            overdue=row["overdue"],
        )
        for row in rows
    ]


def summaries_refresh(*, full: bool = False, now: datetime.datetime | None = None) -> RefreshResult:
    """Bring the summary tables up to date. ``full``: recount every day."""
    now = now or clock.now()
    run = SummaryRun.objects.order_by("pk").first()
    since = None if full or run is None or run.cursor is None else run.cursor - OVERLAP
    case_days, journey_days = changed_days(since=since)
    for day in sorted(case_days):
        rows = day_figures(day)
        with transaction.atomic():
            DailyFigure.objects.filter(day=day).delete()
            DailyFigure.objects.bulk_create(rows, batch_size=1000)
            TypeDayFigure.objects.filter(day=day).delete()
            TypeDayFigure.objects.bulk_create(type_day_figures(day, rows), batch_size=1000)
    for day in sorted(journey_days):
        rows = journey_day_figures(day)
        with transaction.atomic():
            JourneyFigure.objects.filter(day=day).delete()
            JourneyFigure.objects.bulk_create(rows, batch_size=1000)
    snapshot = open_figures(today=timezone.localdate(now))
    with transaction.atomic():
        if full:
            # Days with no cases left (erased accounts' requests) lose their rows too.
            DailyFigure.objects.exclude(day__in=case_days).delete()
            TypeDayFigure.objects.exclude(day__in=case_days).delete()
            JourneyFigure.objects.exclude(day__in=journey_days).delete()
        OpenFigure.objects.all().delete()
        OpenFigure.objects.bulk_create(snapshot, batch_size=1000)
        if run is None:
            run = SummaryRun()
        run.cursor = now
        run.finished_at = clock.now()
        run.days_recomputed = len(case_days)
        run.save()
    return RefreshResult(
        days=len(case_days), journey_days=len(journey_days), open_rows=len(snapshot)
    )

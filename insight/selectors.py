"""Reading the summary tables (never the cases): the figures every insight page shows.

Each function here runs a fixed number of queries, whatever the number of cases: the
summary tables have a row per day and combination of request type, team, ward,
channel and status, and these queries group them.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Q, Sum
from django.db.models.functions import TruncMonth, TruncWeek
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from casework import registry
from casework.models import Channel, JourneyEvent
from casework.staff.selectors import channel_label, staff_status_label
from casework.workflow import Status
from core import clock
from insight.charts import bar_chart, line_chart
from insight.models import (
    DailyFigure,
    JourneyFigure,
    OpenFigure,
    ServiceStandard,
    SummaryRun,
    TypeDayFigure,
)
from insight.reports import DASHBOARD, WARDS, Figure, Filters, Report, Table, reports

# --- Small helpers ---------------------------------------------------------------------------


def share(part: float, whole: float) -> float | None:
    """``part`` of ``whole`` as a percentage (None when there is nothing to divide)."""
    return round(100 * part / whole, 1) if whole else None


def percent(value: float | None) -> str:
    return _("no data") if value is None else f"{value:.0f}%"


def service_name(slug: str) -> str:
    definition = registry.service(slug)
    return str(definition.name) if definition else slug


def daily_figures(filters: Filters):
    rows = DailyFigure.objects.filter(day__gte=filters.start, day__lte=filters.end)
    return _narrow(rows, filters)


def open_figures(filters: Filters):
    return _narrow(OpenFigure.objects.all(), filters)


def _narrow(rows, filters: Filters):
    scope = filters.scope
    if scope.team_ids is not None:
        rows = rows.filter(team_id__in=scope.team_ids)
    if scope.ward_ids is not None:
        rows = rows.filter(ward_id__in=scope.ward_ids)
    if filters.service:
        rows = rows.filter(service=filters.service)
    if filters.team_id:
        rows = rows.filter(team_id=filters.team_id)
    if filters.ward_id:
        rows = rows.filter(ward_id=filters.ward_id)
    return rows


def summaries_as_of() -> datetime.datetime | None:
    """When the summaries were last brought up to date (pages say how fresh they are)."""
    return SummaryRun.objects.order_by("pk").values_list("finished_at", flat=True).first()


def _periods(filters: Filters):
    """Weeks for a period of up to about three months, else months: (trunc, label of a start)."""
    if filters.days <= 92:
        return TruncWeek, lambda day: date_format(day, "j M")
    return TruncMonth, lambda day: date_format(day, "M Y")


def _period_starts(filters: Filters) -> list[datetime.date]:
    if filters.days <= 92:
        day = filters.start - datetime.timedelta(days=filters.start.weekday())
        starts = []
        while day <= filters.end:
            starts.append(day)
            day += datetime.timedelta(days=7)
        return starts
    return month_starts(filters.start, filters.end)


def month_starts(start: datetime.date, end: datetime.date) -> list[datetime.date]:
    day = start.replace(day=1)
    starts = []
    while day <= end:
        starts.append(day)
        day = (day + datetime.timedelta(days=32)).replace(day=1)
    return starts


def _as_date(value) -> datetime.date:
    return value.date() if isinstance(value, datetime.datetime) else value


def _uid(filters_slug: str) -> str:
    return f"chart-{filters_slug}"


# --- The managers' dashboard -----------------------------------------------------------------


def channels_figure(filters: Filters) -> Figure:
    rows = list(daily_figures(filters).values("channel").annotate(n=Sum("received")).order_by("-n"))
    total = sum(row["n"] for row in rows)
    items = [(channel_label(row["channel"]), row["n"]) for row in rows if row["n"]]
    summary = _("Requests received in the period by how they reached us: %(total)s in all.") % {
        "total": f"{total:,}"
    }
    return Figure(
        slug="channels",
        title=_("Requests by channel"),
        summary=summary,
        table=Table(
            [_("Channel"), _("Requests"), _("Share")],
            [[label, n, percent(share(n, total))] for label, n in items],
            numeric={1, 2},
        ),
        chart=bar_chart(
            uid=_uid("channels"),
            title=_("Requests by channel"),
            description=summary,
            items=[(label, n, f"{n:,}") for label, n in items],
        ),
    )


def take_up_figure(filters: Filters) -> Figure:
    trunc, label_of = _periods(filters)
    rows = (
        daily_figures(filters)
        .annotate(period=trunc("day"))
        .values("period")
        .annotate(total=Sum("received"), online=Sum("received", filter=Q(channel=Channel.WEB)))
        .order_by("period")
    )
    found = {_as_date(row["period"]): row for row in rows}
    table_rows, items = [], []
    for start in _period_starts(filters):
        row = found.get(start, {"total": 0, "online": 0})
        total, online = row["total"] or 0, row["online"] or 0
        rate = share(online, total)
        table_rows.append([label_of(start), total, online, percent(rate)])
        items.append((label_of(start), rate, percent(rate)))
    summary = _("The share of requests made online, week by week or month by month.")
    return Figure(
        slug="take-up",
        title=_("Digital take-up over time"),
        summary=summary,
        table=Table(
            [_("From"), _("Requests"), _("Made online"), _("Share online")],
            table_rows,
            numeric={1, 2, 3},
        ),
        chart=line_chart(
            uid=_uid("take-up"),
            title=_("Digital take-up over time"),
            description=summary,
            items=items,
            top=100,
            suffix="%",
        ),
    )


def _journey_rows(filters: Filters):
    rows = JourneyFigure.objects.filter(day__gte=filters.start, day__lte=filters.end)
    if filters.service:
        rows = rows.filter(service=filters.service)
    return rows


def journeys_figure(filters: Filters) -> Figure:
    rows = _journey_rows(filters).values("journey", "kind").annotate(n=Sum("drafts"))
    by_journey: dict[str, dict[str, int]] = {}
    for row in rows:
        by_journey.setdefault(row["journey"], {})[row["kind"]] = row["n"]
    K = JourneyEvent.Kind
    table_rows, items = [], []
    for journey, kinds in sorted(by_journey.items()):
        started, sent = kinds.get(K.STARTED, 0), kinds.get(K.SENT, 0)
        rate = share(sent, started)
        table_rows.append(
            [
                journey,
                started,
                sent,
                percent(rate),
                kinds.get(K.SAVED, 0),
                kinds.get(K.ABANDONED, 0),
            ]
        )
        items.append((journey, rate or 0, percent(rate)))
    summary = _(
        "Online forms started and sent in the period, by form (all teams and wards: a form "
        "has no ward until it is sent)."
    )
    return Figure(
        slug="journeys",
        title=_("Form completion"),
        summary=summary,
        table=Table(
            [
                _("Form"),
                _("Started"),
                _("Sent"),
                _("Completion"),
                _("Saved for later"),
                _("Abandoned"),
            ],
            table_rows,
            numeric={1, 2, 3, 4, 5},
        ),
        chart=bar_chart(
            uid=_uid("journeys"),
            title=_("Form completion"),
            description=summary,
            items=items,
            top=100,
        ),
    )


def journey_steps_figure(filters: Filters) -> Figure:
    K = JourneyEvent.Kind
    rows = (
        _journey_rows(filters)
        .filter(kind__in=[K.STEP, K.ABANDONED])
        .values("journey", "step", "kind")
        .annotate(n=Sum("drafts"))
    )
    steps: dict[tuple[str, str], dict[str, int]] = {}
    for row in rows:
        steps.setdefault((row["journey"], row["step"] or "-"), {})[row["kind"]] = row["n"]
    table_rows = [
        [journey, step, kinds.get(K.STEP, 0), kinds.get(K.ABANDONED, 0)]
        for (journey, step), kinds in sorted(steps.items())
    ]
    worst = sorted(table_rows, key=lambda row: -row[3])[:10]
    summary = _(
        "For each step of each form: how many answered it, and how many stopped there and "
        "never sent the form (the drafts that expired at that step)."
    )
    return Figure(
        slug="drop-out",
        title=_("Drop-out by step"),
        summary=summary,
        table=Table(
            [_("Form"), _("Step"), _("Answered"), _("Dropped out here")],
            table_rows,
            numeric={2, 3},
        ),
        chart=bar_chart(
            uid=_uid("drop-out"),
            title=_("Where people stop (the ten steps most left at)"),
            description=summary,
            items=[(f"{row[0]}: {row[1]}", row[3], f"{row[3]:,}") for row in worst if row[3]],
        ),
    )


def _by_service(filters: Filters, **sums):
    # Annotations may not share a name with a column: summed as "sum_<name>", given back
    # under the names asked for.
    rows = (
        daily_figures(filters)
        .values("service")
        .annotate(**{f"sum_{name}": Sum(column) for name, column in sums.items()})
        .order_by("service")
    )
    return [
        (
            service_name(row["service"]),
            {name: row[f"sum_{name}"] or 0 for name in sums},
        )
        for row in rows
    ]


def resolution_figure(filters: Filters) -> Figure:
    rows = _by_service(
        filters, closed="closed", first_time="first_time_resolved", reopened="reopened"
    )
    table_rows, items = [], []
    for name, row in rows:
        if not (row["closed"] or row["reopened"]):
            continue
        first_time = share(row["first_time"], row["closed"])
        table_rows.append(
            [
                name,
                row["closed"],
                row["first_time"],
                percent(first_time),
                row["reopened"],
                percent(share(row["reopened"], row["closed"])),
            ]
        )
        items.append((name, first_time or 0, percent(first_time)))
    summary = _(
        "Of the requests finished in the period: the share done first time (never reopened), "
        "and how many were reopened, by service."
    )
    return Figure(
        slug="resolution",
        title=_("First-time resolution and reopened requests"),
        summary=summary,
        table=Table(
            [
                _("Service"),
                _("Finished"),
                _("Done first time"),
                _("First-time resolution"),
                _("Reopened"),
                _("Reopen rate"),
            ],
            table_rows,
            numeric={1, 2, 3, 4, 5},
        ),
        chart=bar_chart(
            uid=_uid("resolution"),
            title=_("First-time resolution by service"),
            description=summary,
            items=items,
            top=100,
        ),
    )


def hours(value: float | None) -> str:
    if value is None:
        return _("no data")
    if value < 48:
        return _("%(hours).1f hours") % {"hours": value}
    return _("%(days).1f days") % {"days": value / 24}


def response_figure(filters: Filters) -> Figure:
    rows = _by_service(filters, received="received", responded="responded", total="response_hours")
    table_rows, items = [], []
    for name, row in rows:
        average = row["total"] / row["responded"] if row["responded"] else None
        table_rows.append([name, row["received"], row["responded"], hours(average)])
        if average is not None:
            items.append((name, round(average, 1), hours(average)))
    summary = _(
        "How long after a request was made a member of staff first answered it (a reply or a "
        "change of status), on average, by service."
    )
    return Figure(
        slug="first-response",
        title=_("Time to first response"),
        summary=summary,
        table=Table(
            [_("Service"), _("Requests"), _("Answered"), _("Average time to first response")],
            table_rows,
            numeric={1, 2, 3},
        ),
        chart=bar_chart(
            uid=_uid("first-response"),
            title=_("Average hours to first response"),
            description=summary,
            items=items,
        ),
    )


def sla_by_team_figure(filters: Filters) -> Figure:
    finished = {
        row["team__name"]: row
        for row in daily_figures(filters)
        .values("team__name")
        .annotate(n_closed=Sum("closed"), met=Sum("met_target"))
    }
    overdue = {
        row["team__name"]: row["n_overdue"]
        for row in open_figures(filters).values("team__name").annotate(n_overdue=Sum("overdue"))
    }
    table_rows, items = [], []
    for team in sorted(set(finished) | set(overdue), key=lambda name: name or ""):
        row = finished.get(team, {"n_closed": 0, "met": 0})
        closed, met = row["n_closed"] or 0, row["met"] or 0
        label = team or _("No team")
        breached = closed - met
        table_rows.append(
            [label, closed, breached, percent(share(met, closed)), overdue.get(team, 0)]
        )
        items.append((label, breached, f"{breached:,}"))
    summary = _(
        "Requests finished after their target date in the period, and open requests past "
        "their target date now, by team."
    )
    return Figure(
        slug="sla-breaches",
        title=_("Target dates missed, by team"),
        summary=summary,
        table=Table(
            [_("Team"), _("Finished"), _("Finished late"), _("On time"), _("Overdue now")],
            table_rows,
            numeric={1, 2, 3, 4},
        ),
        chart=bar_chart(
            uid=_uid("sla-breaches"),
            title=_("Requests finished late, by team"),
            description=summary,
            items=items,
        ),
    )


def satisfaction_figure(filters: Filters) -> Figure:
    rows = _by_service(filters, ratings="ratings", total="rating_total")
    table_rows, items = [], []
    for name, row in rows:
        if not row["ratings"]:
            continue
        average = row["total"] / row["ratings"]
        table_rows.append([name, row["ratings"], f"{average:.1f}"])
        items.append((name, round(average, 1), _("%(score).1f out of 5") % {"score": average}))
    summary = _(
        "The ratings residents gave (1 to 5) to requests finished in the period, by service."
    )
    return Figure(
        slug="satisfaction",
        title=_("Satisfaction"),
        summary=summary,
        table=Table(
            [_("Service"), _("Ratings"), _("Average (out of 5)")], table_rows, numeric={1, 2}
        ),
        chart=bar_chart(
            uid=_uid("satisfaction"),
            title=_("Average rating by service"),
            description=summary,
            items=items,
            top=5,
        ),
    )


# --- Ward and member reports --------------------------------------------------------------


def _received_by(filters: Filters, column: str, label, slug: str, title: str, heading: str):
    rows = daily_figures(filters).values(column).annotate(n=Sum("received")).order_by("-n", column)
    items = [(label(row[column]), row["n"]) for row in rows if row["n"]]
    total = sum(n for _label, n in items)
    summary = _("%(title)s: requests made in the period, %(total)s in all.") % {
        "title": title,
        "total": f"{total:,}",
    }
    return Figure(
        slug=slug,
        title=title,
        summary=summary,
        table=Table([heading, _("Requests")], [[name, n] for name, n in items], numeric={1}),
        chart=bar_chart(
            uid=_uid(slug),
            title=title,
            description=summary,
            items=[(name, n, f"{n:,}") for name, n in items],
        ),
    )


def by_type_figure(filters: Filters) -> Figure:
    return _received_by(
        filters, "request_type__name", str, "by-type", _("Requests by type"), _("Type")
    )


def by_ward_figure(filters: Filters) -> Figure:
    return _received_by(
        filters,
        "ward__name",
        lambda name: name or _("No ward"),
        "by-ward",
        _("Requests by ward"),
        _("Ward"),
    )


def by_status_figure(filters: Filters) -> Figure:
    return _received_by(
        filters, "status", staff_status_label, "by-status", _("Requests by status now"), _("Status")
    )


def outstanding_figure(filters: Filters) -> Figure:
    rows = (
        open_figures(filters)
        .values("ward__name")
        .annotate(n_open=Sum("open"), n_overdue=Sum("overdue"))
        .order_by("ward__name")
    )
    table_rows = [
        [row["ward__name"] or _("No ward"), row["n_open"], row["n_overdue"]] for row in rows
    ]
    summary = _("Requests open now, and how many of them are past their target date, by ward.")
    return Figure(
        slug="outstanding",
        title=_("Outstanding requests"),
        summary=summary,
        table=Table([_("Ward"), _("Open now"), _("Past target date")], table_rows, numeric={1, 2}),
        chart=bar_chart(
            uid=_uid("outstanding"),
            title=_("Open requests by ward"),
            description=summary,
            items=[(row[0], row[1], f"{row[1]:,}") for row in table_rows],
        ),
    )


def ward_breaches_figure(filters: Filters) -> Figure:
    finished = {
        row["ward__name"]: (row["n_closed"] or 0) - (row["met"] or 0)
        for row in daily_figures(filters)
        .values("ward__name")
        .annotate(n_closed=Sum("closed"), met=Sum("met_target"))
    }
    overdue = {
        row["ward__name"]: row["n_overdue"]
        for row in open_figures(filters).values("ward__name").annotate(n_overdue=Sum("overdue"))
    }
    table_rows = [
        [ward or _("No ward"), finished.get(ward, 0), overdue.get(ward, 0)]
        for ward in sorted(set(finished) | set(overdue), key=lambda name: name or "")
    ]
    summary = _(
        "Requests finished after their target date in the period, and open requests past it "
        "now, by ward."
    )
    return Figure(
        slug="ward-breaches",
        title=_("Target dates missed, by ward"),
        summary=summary,
        table=Table([_("Ward"), _("Finished late"), _("Overdue now")], table_rows, numeric={1, 2}),
        chart=bar_chart(
            uid=_uid("ward-breaches"),
            title=_("Target dates missed, by ward"),
            description=summary,
            items=[(row[0], row[1] + row[2], f"{row[1] + row[2]:,}") for row in table_rows],
        ),
    )


def ward_resolution_figure(filters: Filters) -> Figure:
    rows = (
        daily_figures(filters)
        .values("service")
        .annotate(
            n_received=Sum("received"),
            done=Sum("received", filter=Q(status=Status.RESOLVED)),
        )
        .order_by("service")
    )
    table_rows, items = [], []
    for row in rows:
        if not row["n_received"]:
            continue
        rate = share(row["done"] or 0, row["n_received"])
        name = service_name(row["service"])
        table_rows.append([name, row["n_received"], row["done"] or 0, percent(rate)])
        items.append((name, rate or 0, percent(rate)))
    summary = _("Of the requests made in the period, the share done by now, by service.")
    return Figure(
        slug="ward-resolution",
        title=_("Resolution rate by service"),
        summary=summary,
        table=Table(
            [_("Service"), _("Requests"), _("Done"), _("Resolution rate")],
            table_rows,
            numeric={1, 2, 3},
        ),
        chart=bar_chart(
            uid=_uid("ward-resolution"),
            title=_("Resolution rate by service"),
            description=summary,
            items=items,
            top=100,
        ),
    )


def register_builtin_reports() -> None:
    """The dashboard's and the ward reports' own reports (InsightConfig.ready)."""
    for order, (slug, title, build) in enumerate(
        [
            ("channels", "Requests by channel", channels_figure),
            ("take-up", "Digital take-up over time", take_up_figure),
            ("journeys", "Form completion", journeys_figure),
            ("drop-out", "Drop-out by step", journey_steps_figure),
            ("resolution", "First-time resolution", resolution_figure),
            ("first-response", "Time to first response", response_figure),
            ("sla-breaches", "Target dates missed, by team", sla_by_team_figure),
            ("satisfaction", "Satisfaction", satisfaction_figure),
        ]
    ):
        reports.add(Report(slug=slug, title=title, audience=DASHBOARD, build=build, order=order))
    for order, (slug, title, build) in enumerate(
        [
            ("by-type", "Requests by type", by_type_figure),
            ("by-ward", "Requests by ward", by_ward_figure),
            ("by-status", "Requests by status", by_status_figure),
            ("outstanding", "Outstanding requests", outstanding_figure),
            ("ward-breaches", "Target dates missed", ward_breaches_figure),
            ("ward-resolution", "Resolution rate by service", ward_resolution_figure),
        ]
    ):
        reports.add(Report(slug=slug, title=title, audience=WARDS, build=build, order=order))


# --- The public service standards page ---------------------------------------------------


@dataclass
class StandardFigures:
    standard: ServiceStandard
    last_month: float | None
    last_month_closed: int
    last_year: float | None
    last_year_closed: int
    open: int
    overdue: int
    trend: list[tuple[datetime.date, int, int, float | None]]  # (month, finished, met, share)
    chart: object = None

    @property
    def meets_target(self) -> bool | None:
        if self.last_month is None:
            return None
        return self.last_month >= self.standard.target_percent


@dataclass
class ServiceStandards:
    slug: str
    name: str
    standards: list[StandardFigures]


def standards_published(*, today: datetime.date | None = None) -> list[ServiceStandards]:
    """Each service's published standards with their figures: a fixed number of queries."""
    today = today or clock.today()
    month_ago = today - datetime.timedelta(days=29)
    year_start = (today.replace(day=1) - datetime.timedelta(days=335)).replace(day=1)
    standards = list(
        ServiceStandard.objects.filter(published=True).prefetch_related("request_types")
    )
    type_ids = {rt.pk for standard in standards for rt in standard.request_types.all()}
    monthly: dict[tuple[int, datetime.date], tuple[int, int]] = {}
    recent: dict[int, tuple[int, int]] = {}
    open_now: dict[int, tuple[int, int]] = {}
    if type_ids:
        for row in (
            TypeDayFigure.objects.filter(
                request_type_id__in=type_ids, day__gte=year_start, day__lte=today
            )
            .annotate(month=TruncMonth("day"))
            .values("request_type_id", "month")
            .annotate(n_closed=Sum("closed"), met=Sum("met_target"))
        ):
            monthly[(row["request_type_id"], _as_date(row["month"]))] = (
                row["n_closed"],
                row["met"],
            )
        for row in (
            TypeDayFigure.objects.filter(
                request_type_id__in=type_ids, day__gte=month_ago, day__lte=today
            )
            .values("request_type_id")
            .annotate(n_closed=Sum("closed"), met=Sum("met_target"))
        ):
            recent[row["request_type_id"]] = (row["n_closed"], row["met"])
        for row in (
            OpenFigure.objects.filter(request_type_id__in=type_ids)
            .values("request_type_id")
            .annotate(n_open=Sum("open"), n_overdue=Sum("overdue"))
        ):
            open_now[row["request_type_id"]] = (row["n_open"], row["n_overdue"])
    months = month_starts(year_start, today)
    services: dict[str, ServiceStandards] = {}
    for standard in standards:
        ids = [rt.pk for rt in standard.request_types.all()]
        trend = []
        for month in months:
            closed = sum(monthly.get((pk, month), (0, 0))[0] for pk in ids)
            met = sum(monthly.get((pk, month), (0, 0))[1] for pk in ids)
            trend.append((month, closed, met, share(met, closed)))
        year_closed = sum(row[1] for row in trend)
        year_met = sum(row[2] for row in trend)
        month_closed = sum(recent.get(pk, (0, 0))[0] for pk in ids)
        month_met = sum(recent.get(pk, (0, 0))[1] for pk in ids)
        figures = StandardFigures(
            standard=standard,
            last_month=share(month_met, month_closed),
            last_month_closed=month_closed,
            last_year=share(year_met, year_closed),
            last_year_closed=year_closed,
            open=sum(open_now.get(pk, (0, 0))[0] for pk in ids),
            overdue=sum(open_now.get(pk, (0, 0))[1] for pk in ids),
            trend=trend,
        )
        figures.chart = line_chart(
            uid=f"chart-standard-{standard.pk}",
            title=_("Share meeting the standard, month by month"),
            description=_(
                "%(standard)s: the share of requests that met it in each of the last 12 "
                "months, against a target of %(target)s%%."
            )
            % {"standard": standard.wording, "target": standard.target_percent},
            items=[
                (date_format(month, "M Y"), rate, percent(rate)) for month, _c, _m, rate in trend
            ],
            top=100,
            target=standard.target_percent,
            target_label=_("Target"),
            suffix="%",
        )
        services.setdefault(
            standard.service,
            ServiceStandards(standard.service, service_name(standard.service), []),
        ).standards.append(figures)
    return sorted(services.values(), key=lambda service: service.name)

"""The reports the dashboard and the ward reports are made of, and the way to add one.

A report turns the summary tables, for a set of filters, into a ``Figure``: a chart, a
data table beside it (the same numbers), and the rows of its CSV download. Each page
shows the reports registered for its audience, in order, so another app (complaints,
say) adds a section to the managers' dashboard by registering a report in its
``AppConfig.ready()``::

    reports.add(Report(slug="complaints", title=_("Complaints by stage"),
                       audience=DASHBOARD, build=complaints_figure))
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field

from core.registry import Registry
from insight.charts import Chart

DASHBOARD = "dashboard"  # managers' KPIs (/staff/insight/)
WARDS = "wards"  # councillors' ward reports (/staff/insight/wards/)


@dataclass(frozen=True)
class Scope:
    """What a person may see: None for everything, else only these teams' or wards' figures."""

    team_ids: frozenset[int] | None = None
    ward_ids: frozenset[int] | None = None


@dataclass(frozen=True)
class Filters:
    start: datetime.date
    end: datetime.date  # inclusive
    scope: Scope = Scope()
    service: str = ""
    team_id: int | None = None
    ward_id: int | None = None

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1


@dataclass
class Table:
    columns: list[str]
    rows: list[list]  # plain values: numbers stay numbers for the CSV
    numeric: set[int] = field(default_factory=set)  # columns aligned right


@dataclass
class Figure:
    slug: str
    title: str
    summary: str  # one sentence of what it shows, for everyone (also the chart's description)
    table: Table
    chart: Chart | None = None


@dataclass(frozen=True)
class Report:
    slug: str
    title: str
    audience: str
    build: Callable[[Filters], Figure]
    order: int = 100


reports: Registry[Report] = Registry(
    "insight reports", key=lambda report: f"{report.audience}:{report.slug}"
)


def reports_for(audience: str) -> list[Report]:
    return sorted(
        (report for report in reports if report.audience == audience),
        key=lambda report: (report.order, report.slug),
    )


def report_get(audience: str, slug: str) -> Report | None:
    return reports.get(f"{audience}:{slug}")

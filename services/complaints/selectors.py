"""Reads for complaints and compliments: the services a resident may name, and the staff
complaints report (STYLE: selectors for reads)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Count, Q
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from casework import complaints, registry, workflow
from casework.models import ComplaintStage, RequestType, Team
from services.complaints.apps import COMPLAINT, COMPLIMENT, SLUG, TEAM

WHAT_MAX = 5000
SUMMARY_MAX = 150

HOUSING = "housing"
OTHER = "other"


def service():
    return registry.service(SLUG)


def about_choices() -> list[tuple[str, str]]:
    """Which service a complaint or compliment is about: the council's registered services,
    council housing (whose complaints go to the Housing Ombudsman), or something else."""
    choices = [
        (definition.slug, str(definition.name))
        for definition in registry.services()
        if definition.slug not in (SLUG, "general", "open311")
    ]
    choices.append((HOUSING, str(_("Council housing: your home, repairs or your tenancy"))))
    choices.append((OTHER, str(_("Something else"))))
    return choices


def about_label(key: str) -> str:
    return dict(about_choices()).get(key, str(_("Something else")))


def ombudsman_for(about: str) -> str:
    """The Housing Ombudsman for complaints about the council as a landlord."""
    return "housing" if about == HOUSING else "lgsco"


def team_for(about: str) -> Team | None:
    """The team a compliment is passed to: the team of the service's first request type,
    else the complaints team."""
    team_id = (
        RequestType.objects.filter(service=about, team__isnull=False)
        .order_by("pk")
        .values_list("team_id", flat=True)
        .first()
    )
    if team_id is None:
        return Team.objects.filter(slug=TEAM).first()
    return Team.objects.get(pk=team_id)


def request_type_list() -> list[RequestType]:
    return list(RequestType.objects.filter(service=SLUG, active=True).order_by("name", "pk"))


def _request_type(slug: str) -> RequestType:
    try:
        return RequestType.objects.select_related("team").get(service=SLUG, active=True, slug=slug)
    except RequestType.DoesNotExist:
        raise Http404 from None


def complaint_type_get() -> RequestType:
    return _request_type(COMPLAINT)


def compliment_type_get() -> RequestType:
    return _request_type(COMPLIMENT)


# --- The staff report ----------------------------------------------------------------------


@dataclass(frozen=True)
class ReportRow:
    root_cause: str
    label: str
    stage: int
    answered: int
    upheld: int
    partly: int
    not_upheld: int

    @property
    def upheld_rate(self) -> int:
        """Upheld or partly upheld, as a whole percentage of those answered."""
        if not self.answered:
            return 0
        return round(100 * (self.upheld + self.partly) / self.answered)


@dataclass(frozen=True)
class Report:
    start: datetime.date
    end: datetime.date
    rows: list[ReportRow]
    opened: dict[int, int]  # stage -> stages opened in the period
    waiting: int  # stages of open complaints without an answer now

    @property
    def answered(self) -> int:
        return sum(row.answered for row in self.rows)

    @property
    def csv_filename(self) -> str:
        return f"complaints-{self.start.isoformat()}-{self.end.isoformat()}.csv"

    @property
    def upheld_rate(self) -> int:
        if not self.answered:
            return 0
        upheld = sum(row.upheld + row.partly for row in self.rows)
        return round(100 * upheld / self.answered)


def complaint_report(*, start: datetime.date, end: datetime.date, cases) -> Report:
    """Complaint stages answered from ``start`` to ``end`` (inclusive), by root cause and
    stage, with how many were upheld; ``cases``: the cases the viewer may see. Three
    grouped queries, however many complaints there are."""
    stages = ComplaintStage.objects.filter(complaint__case__in=cases)
    answered = (
        stages.filter(answered_at__date__gte=start, answered_at__date__lte=end)
        .values("root_cause", "number")
        .annotate(
            n_answered=Count("pk"),
            n_upheld=Count("pk", filter=Q(upheld=ComplaintStage.Upheld.UPHELD)),
            n_partly=Count("pk", filter=Q(upheld=ComplaintStage.Upheld.PARTLY)),
            n_not_upheld=Count("pk", filter=Q(upheld=ComplaintStage.Upheld.NOT_UPHELD)),
        )
        .order_by("root_cause", "number")
    )
    rows = [
        ReportRow(
            root_cause=row["root_cause"],
            label=str(complaints.ROOT_CAUSE_LABELS.get(row["root_cause"], row["root_cause"])),
            stage=row["number"],
            answered=row["n_answered"],
            upheld=row["n_upheld"],
            partly=row["n_partly"],
            not_upheld=row["n_not_upheld"],
        )
        for row in answered
    ]
    # The causes with most complaints first, each cause's stages together.
    per_cause: dict[str, int] = {}
    for row in rows:
        per_cause[row.root_cause] = per_cause.get(row.root_cause, 0) + row.answered
    rows.sort(key=lambda row: (-per_cause[row.root_cause], row.label, row.stage))
    opened = dict(
        stages.filter(opened_on__gte=start, opened_on__lte=end)
        .values_list("number")
        .annotate(count=Count("pk"))
        .order_by("number")
    )
    # Open stages of complaints still being worked (not withdrawn or closed another way).
    waiting = stages.filter(
        answered_at__isnull=True, complaint__case__status__in=workflow.WORK
    ).count()
    return Report(start=start, end=end, rows=rows, opened=opened, waiting=waiting)


def complaint_report_rows(report: Report) -> list[list]:
    """The report as a spreadsheet's rows: a header, then one row per root cause and
    stage (the upheld rate a whole number of per cent)."""
    header = [
        _("Root cause"),
        _("Stage"),
        _("Answered"),
        _("Upheld"),
        _("Partly upheld"),
        _("Not upheld"),
        _("Upheld rate (%)"),
    ]
    return [
        header,
        *(
            [
                row.label,
                row.stage,
                row.answered,
                row.upheld,
                row.partly,
                row.not_upheld,
                row.upheld_rate,
            ]
            for row in report.rows
        ),
    ]

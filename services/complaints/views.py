"""Complaints and compliments: the start page, and the managers' complaints report. The
question pages, check your answers, sending and the confirmation are the journey
engine's (``services.complaints.journey``)."""

from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from accounts.decorators import staff_required
from casework.access import report_case_queryset
from casework.staff.export import csv_lines
from casework.staff.forms import PeriodForm
from core import clock
from services.complaints import selectors


def start(request):
    """The service's start page (public): make a complaint or pay a compliment."""
    return render(
        request,
        "complaints/start.html",
        {
            "service": selectors.service(),
            "request_types": selectors.request_type_list(),
            "stage_days": settings.COMPLAINT_STAGE_WORKING_DAYS,
            "escalation_days": settings.COMPLAINT_ESCALATION_DAYS,
        },
    )


def _report(request):
    cases = report_case_queryset(request.user)
    form = PeriodForm(request.GET or None, today=clock.today())
    if not form.is_valid():
        return form, None
    start, end = form.period()
    return form, selectors.complaint_report(start=start, end=end, cases=cases)


@staff_required
@require_GET
def report(request):
    """Complaints by root cause, upheld rate and stage, for a period (R3 as a table)."""
    form, found = _report(request)
    return render(
        request,
        "complaints/report.html",
        {"form": form, "report": found, "query": request.GET.urlencode()},
        status=400 if found is None else 200,
    )


@staff_required
@require_GET
def report_csv(request):
    """The same report as a spreadsheet (CSV)."""
    form, found = _report(request)
    if found is None:
        return HttpResponse(
            _("Check the dates: some of them are not valid."), status=400, content_type="text/plain"
        )
    response = HttpResponse(
        "".join(csv_lines(selectors.complaint_report_rows(found))),
        content_type="text/csv; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="{found.csv_filename}"'
    return response

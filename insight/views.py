"""Insight pages: they only translate. Who sees what is ``insight.access``; the figures
are ``insight.selectors`` (read from the summary tables, never from the cases)."""

from __future__ import annotations

import csv
import io

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from accounts.decorators import staff_required
from core import clock
from core.spreadsheet import csv_cell
from insight import selectors
from insight.access import dashboard_scope, ward_report_scope
from insight.forms import DEFAULT_PERIOD, ReportFilterForm
from insight.reports import DASHBOARD, WARDS, Scope, report_get, reports_for


def _csv_response(name: str, header: list, rows: list[list]) -> HttpResponse:
    out = io.StringIO()
    out.write("\ufeff")  # so that spreadsheets read the file as UTF-8
    writer = csv.writer(out)
    writer.writerow([csv_cell(value) for value in header])
    for row in rows:
        writer.writerow([csv_cell(value) for value in row])
    response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
    filename = f"{name}-{clock.today().isoformat()}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


# --- Public: service standards ---------------------------------------------------------------


@require_GET
def performance(request):
    return render(
        request,
        "insight/performance.html",
        {
            "services": selectors.standards_published(),
            "as_of": selectors.summaries_as_of(),
        },
    )


@require_GET
def performance_csv(request):
    rows = [
        [
            service.name,
            figures.standard.wording,
            figures.standard.target_percent,
            month.strftime("%Y-%m"),
            closed,
            met,
            "" if rate is None else rate,
        ]
        for service in selectors.standards_published()
        for figures in service.standards
        for month, closed, met, rate in figures.trend
    ]
    header = [
        _("Service"),
        _("Standard"),
        _("Target (%)"),
        _("Month"),
        _("Requests finished"),
        _("Met the standard"),
        _("Share met (%)"),
    ]
    return _csv_response("service-standards", header, rows)


# --- Staff: the managers' dashboard and ward reports -----------------------------------------


def _filters_form(request, scope: Scope, *, with_team: bool) -> ReportFilterForm:
    """The filters as asked for; no period asked for is the default one (and shown so)."""
    data = request.GET.copy()
    if not data.get("period"):
        data["period"] = DEFAULT_PERIOD
    return ReportFilterForm(data, scope=scope, with_team=with_team)


_CSV_URL_NAMES = {DASHBOARD: "insight:dashboard_csv", WARDS: "insight:wards_csv"}


def _report_page(request, *, audience: str, scope: Scope, template: str, with_team: bool):
    form = _filters_form(request, scope, with_team=with_team)
    figures = []
    query = ""
    if form.is_valid():
        filters = form.filters()
        query = form.query()
        for report in reports_for(audience):
            csv_url = reverse(_CSV_URL_NAMES[audience], kwargs={"slug": report.slug})
            figures.append((report.build(filters), f"{csv_url}?{query}" if query else csv_url))
    return render(
        request,
        template,
        {
            "form": form,
            "figures": figures,
            "query": query,
            "as_of": selectors.summaries_as_of(),
            "scope": scope,
        },
        status=400 if form.errors else 200,
    )


def _report_csv(request, *, audience: str, scope: Scope, slug: str, with_team: bool):
    report = report_get(audience, slug)
    if report is None:
        raise Http404
    form = _filters_form(request, scope, with_team=with_team)
    if not form.is_valid():
        return HttpResponse(
            _("Check the filters: some of them are not valid."),
            status=400,
            content_type="text/plain; charset=utf-8",
        )
    figure = report.build(form.filters())
    return _csv_response(slug, figure.table.columns, figure.table.rows)


@staff_required
@require_GET
def dashboard(request):
    return _report_page(
        request,
        audience=DASHBOARD,
        scope=dashboard_scope(request.user),
        template="insight/dashboard.html",
        with_team=True,
    )


@staff_required
@require_GET
def dashboard_csv(request, slug: str):
    return _report_csv(
        request, audience=DASHBOARD, scope=dashboard_scope(request.user), slug=slug, with_team=True
    )


@staff_required
@require_GET
def ward_reports(request):
    return _report_page(
        request,
        audience=WARDS,
        scope=ward_report_scope(request.user),
        template="insight/wards.html",
        with_team=False,
    )


@staff_required
@require_GET
def ward_report_csv(request, slug: str):
    return _report_csv(
        request, audience=WARDS, scope=ward_report_scope(request.user), slug=slug, with_team=False
    )

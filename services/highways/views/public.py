"""The public list and map of street reports.

/street/reports/                        recent reports, newest first, filtered by a GET form
/street/reports.json                    the same page of reports as map pins (GeoJSON)
/street/reports/<reference>/            one report's public page and timeline
/street/reports/<reference>/follow/     follow it: signed in; GET asks, POST follows

Anyone may open the first three; nothing on them is personal (see
``selectors.public``). The list is the page's content and works without
JavaScript; with it, a map of the same page of reports appears above the list
(static/highways/public/map.js with the vendored Leaflet).
"""

import functools

from django.conf import settings
from django.contrib import messages
from django.contrib.staticfiles import finders
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from accounts.access import login_url
from accounts.decorators import signed_in_required
from casework.actions import case_follow
from core.rendering import render_form
from services.highways.forms.public import PublicReportFilter
from services.highways.selectors import public as selectors

CURSORS = ("after", "before")
LEAFLET = "vendor/leaflet/leaflet.js"


@functools.cache
def _leaflet_available() -> bool:
    """The map needs the vendored Leaflet; without it the pages are the same, with no map."""
    return bool(finders.find(LEAFLET))


def _map_context() -> dict:
    return {
        "map_enabled": _leaflet_available(),
        "map_tile_url": getattr(settings, "MAP_TILE_URL", ""),
        "map_tile_attribution": getattr(settings, "MAP_TILE_ATTRIBUTION", ""),
    }


def _detail_url(reference: str) -> str:
    return reverse("highways:public_detail", kwargs={"reference": reference})


def _filtered(request):
    """(filters, page or None when the filters are not valid): three queries."""
    categories = selectors.report_categories()
    wards = selectors.report_wards()
    filters = PublicReportFilter(
        request.GET,
        queryset=selectors.public_reports(categories),
        categories=categories,
        wards=wards,
    )
    page = None
    if filters.is_valid():
        page = selectors.public_report_page(
            filters.qs,
            categories=categories,
            wards=wards,
            after=request.GET.get("after", ""),
            before=request.GET.get("before", ""),
        )
    return filters, page


def _query(request, *, without=CURSORS) -> str:
    query = request.GET.copy()
    for name in without:
        query.pop(name, None)
    return query.urlencode()


def _with(query: str, **extra) -> str:
    return "?" + "&".join(part for part in (query, urlencode(extra)) if part)


@require_safe
def report_list(request):
    filters, page = _filtered(request)
    filter_query = _query(request)
    context = {
        "form": filters.form,
        "filtered": filters.is_valid() and filters.active,
        "page": page,
        "next_url": (
            _with(filter_query, after=page.next_cursor) if page and page.next_cursor else ""
        ),
        "previous_url": (
            _with(filter_query, before=page.previous_cursor)
            if page and page.previous_cursor
            else ""
        ),
        # The map shows the reports on this page of the list: same filters, same cursor.
        "pins_url": reverse("highways:public_pins") + _with(_query(request, without=())),
        **_map_context(),
    }
    return render_form(request, "highways/public/list.html", context)


@require_safe
def report_pins(request):
    filters, page = _filtered(request)
    if page is None:
        return JsonResponse(
            {"type": "FeatureCollection", "features": [], "errors": filters.form.errors},
            status=400,
            content_type="application/geo+json",
        )
    return JsonResponse(
        selectors.report_pins(page.reports, url_for=_detail_url),
        content_type="application/geo+json",
    )


@require_safe
def report_detail(request, reference):
    report = selectors.street_report_for_public(reference)
    timeline = selectors.public_report_timeline(report)
    follow = selectors.public_follow_state(user=request.user, report=report)
    follow_url = reverse("highways:public_follow", kwargs={"reference": report.case.reference})
    context = {
        "report": selectors.public_report(report),
        "timeline": timeline,
        "outcome_reason": selectors.public_outcome_reason(report, timeline),
        "follow": follow,
        "follow_url": follow_url,
        "sign_in_url": login_url(follow_url),
        "case_url": reverse("casework:detail", kwargs={"reference": report.case.reference}),
        **_map_context(),
    }
    return render(request, "highways/public/detail.html", context)


@signed_in_required
@require_http_methods(["GET", "HEAD", "POST"])
def report_follow(request, reference):
    """GET: "Follow this report?" (where signing in from the report page lands); POST: follow."""
    report = selectors.street_report_for_public(reference)
    follow = selectors.public_follow_state(user=request.user, report=report)
    if not follow:
        raise Http404  # a category nobody may follow
    detail_url = _detail_url(report.case.reference)
    if request.method == "POST":
        if case_follow(case=report.case, user=request.user):
            messages.success(
                request, _("You are following this report. We will tell you about its progress.")
            )
        return redirect(detail_url)
    return render(
        request,
        "highways/public/follow.html",
        {
            "report": selectors.public_report(report),
            "follow": follow,
            "detail_url": detail_url,
            "case_url": reverse("casework:detail", kwargs={"reference": report.case.reference}),
        },
    )

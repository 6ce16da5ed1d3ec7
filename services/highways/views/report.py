"""Report a street problem: the pages around the
journey (``services.highways.journeys.report``, on the core's journey engine).

/street/report/                               what is the problem? (the categories)
/street/report/where/nearest.json?lat=&lng=   the nearest address to a point (for the map)
/street/report/already-reported/<ref>/follow/ follow that report instead (signed in, POST)

The old step addresses (``/street/report/where/`` ...) lead to the start. Thin views:
reads from ``selectors.report``, writes through ``actions.report``.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponseNotAllowed, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from accounts.access import login_url
from accounts.decorators import signed_in_required
from services.highways.actions import report as actions
from services.highways.forms import report as forms
from services.highways.geometry import valid_point
from services.highways.location import street_of
from services.highways.selectors import report as selectors


def _journey_url(category) -> str:
    return reverse("highways:report_journey", kwargs={"type_slug": category.slug})


@never_cache
def start(request):
    """What is the problem? Choosing one starts its journey (sign in first for a category
    an administrator raised to tier 1 or 2)."""
    categories = selectors.category_list()
    data = request.POST if request.method == "POST" else None
    form = forms.CategoryForm(data, categories=categories)
    if request.method == "POST" and form.is_valid():
        category = selectors.category_get(form.cleaned_data["category"])
        following = _journey_url(category)
        if category.auth_tier >= 1 and not request.user.is_authenticated:
            return redirect(login_url(following))
        return redirect(following)
    context = {
        "form": form,
        "categories": categories,
        "sign_in_url": login_url(reverse("highways:report_start")),
    }
    status = 400 if form.errors else 200
    return render(request, "highways/report/start.html", context, status=status)


@require_safe
def moved(request):
    """A step's address from before the journey engine: the report starts again here."""
    return redirect("highways:report_start")


@require_safe
def nearest(request):
    """The nearest address to a point, for the map's "nearest address" line (JSON)."""
    try:
        latitude = float(request.GET.get("lat", ""))
        longitude = float(request.GET.get("lng", ""))
    except ValueError:
        latitude = longitude = None
    if latitude is None or not valid_point(latitude, longitude):
        return JsonResponse({"error": _("Give a latitude and longitude")}, status=400)
    found = selectors.address_nearest(latitude=latitude, longitude=longitude)
    if found is None:
        return JsonResponse({"found": False, "message": forms.outside_message()})
    return JsonResponse(
        {
            "found": True,
            "near": found.address.single_line,
            "street": street_of(found.address),
            "metres": round(found.metres),
        }
    )


@signed_in_required
def follow(request, reference):
    """Follow an open report nearby instead of making a new one (POST)."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    case = selectors.followable_report_get(reference=reference)
    if actions.report_follow_instead(case=case, user=request.user):
        messages.success(
            request,
            _(
                "You are following %(reference)s instead of making a new report. "
                "We will tell you about its progress."
            )
            % {"reference": case.reference},
        )
    else:
        messages.success(request, _("This is your own report. We tell you about its progress."))
    return redirect("casework:detail", reference=case.reference)

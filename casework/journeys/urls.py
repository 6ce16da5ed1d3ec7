"""URL patterns of a journey, for its service's urls.py (``Journey.urls``)."""

from django.urls import path

from accounts.decorators import staff_required, tier2_required
from casework.journeys import owners, views


def journey_urlpatterns(journey, prefix: str = "") -> list:
    names = journey.url_names
    kwargs = {"journey": journey}
    page = owners.open_to_visitors if journey.visitors_allowed else (lambda view: view)
    if journey.auth_tier == 2:  # every page asks for the second factor first (money)
        page = tier2_required
    elif journey.staff_only:
        page = staff_required
    patterns = [
        path(prefix, page(views.step_page), kwargs, name=names["entry"]),
        path(f"{prefix}check/", page(views.check_page), kwargs, name=names["check"]),
        path(
            f"{prefix}sent/<str:reference>/",
            page(views.confirmation_page),
            kwargs,
            name=names["sent"],
        ),
    ]
    if journey.may_end_early():
        name = journey.url_name("outcome")
        patterns.append(path(f"{prefix}outcome/", page(views.outcome_page), kwargs, name=name))
    patterns.append(
        path(f"{prefix}<slug:step_name>/", page(views.step_page), kwargs, name=names["step"])
    )
    return patterns

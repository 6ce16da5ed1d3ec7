"""URL patterns of a journey, for its service's urls.py (``Journey.urls``)."""

from django.urls import path

from casework.journeys import views
from casework.journeys.definition import Journey


def journey_urlpatterns(journey, prefix: str = "") -> list:
    names = journey.url_names
    kwargs = {"journey": journey}
    patterns = [
        path(prefix, views.step_page, kwargs, name=names["entry"]),
        path(f"{prefix}check/", views.check_page, kwargs, name=names["check"]),
        path(f"{prefix}sent/<str:reference>/", views.confirmation_page, kwargs, name=names["sent"]),
    ]
    if type(journey).outcome is not Journey.outcome:  # a journey whose rules may end it
        name = journey.url_name("outcome")
        patterns.append(path(f"{prefix}outcome/", views.outcome_page, kwargs, name=name))
    patterns.append(path(f"{prefix}<slug:step_name>/", views.step_page, kwargs, name=names["step"]))
    return patterns

"""URL patterns of a journey, for its service's urls.py (``Journey.urls``)."""

from django.urls import path

from casework.journeys import views


def journey_urlpatterns(journey, prefix: str = "") -> list:
    names = journey.url_names
    kwargs = {"journey": journey}
    return [
        path(prefix, views.step_page, kwargs, name=names["entry"]),
        path(f"{prefix}check/", views.check_page, kwargs, name=names["check"]),
        path(f"{prefix}sent/<str:reference>/", views.confirmation_page, kwargs, name=names["sent"]),
        path(f"{prefix}<slug:step_name>/", views.step_page, kwargs, name=names["step"]),
    ]

"""Report a street problem (see services/highways/views/report.py and
services/highways/journeys/report.py)."""

from django.urls import path

from services.highways.journeys.report import JOURNEY
from services.highways.views import report as views

# Step addresses from before the journey engine: they lead to the start.
_MOVED = ("before-you-start", "where", "already-reported", "details", "about-you", "check")

urlpatterns: list = [
    path("report/", views.start, name="report_start"),
    path("report/where/nearest.json", views.nearest, name="report_nearest"),
    path("report/already-reported/<str:reference>/follow/", views.follow, name="report_follow"),
    *[path(f"report/{name}/", views.moved, name=f"report_old_{name}") for name in _MOVED],
    *JOURNEY.urls(prefix="report/<slug:type_slug>/"),
]

"""Report a street problem (see services/highways/views/report.py)."""

from django.urls import path

from services.highways.views import report as views

urlpatterns: list = [
    path("report/", views.start, name="report_start"),
    path("report/before-you-start/", views.notice, name="report_notice"),
    path("report/where/", views.where, name="report_where"),
    path("report/where/nearest.json", views.nearest, name="report_nearest"),
    path("report/already-reported/", views.nearby, name="report_nearby"),
    path("report/already-reported/<str:reference>/follow/", views.follow, name="report_follow"),
    path("report/details/", views.details, name="report_details"),
    path("report/about-you/", views.about_you, name="report_about_you"),
    path("report/check/", views.check, name="report_check"),
    path("report/sent/<str:reference>/", views.sent, name="report_sent"),
]

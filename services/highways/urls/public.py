"""The public list and map of street reports (see services/highways/views/public.py)."""

from django.urls import path

from services.highways.views import public as views

urlpatterns: list = [
    path("reports/", views.report_list, name="public_list"),
    path("reports.json", views.report_pins, name="public_pins"),
    path("reports/<str:reference>/", views.report_detail, name="public_detail"),
    path("reports/<str:reference>/follow/", views.report_follow, name="public_follow"),
]

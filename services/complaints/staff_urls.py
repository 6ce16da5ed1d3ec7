"""Complaints pages for managers, under /staff/complaints/."""

from django.urls import path

from services.complaints import views

app_name = "complaints_staff"

urlpatterns = [
    path("report/", views.report, name="report"),
    path("report.csv", views.report_csv, name="report_csv"),
]

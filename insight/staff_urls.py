"""Staff: managers' KPIs and councillors' ward reports, under /staff/insight/."""

from django.urls import path

from insight import views

app_name = "insight"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("csv/<slug:slug>.csv", views.dashboard_csv, name="dashboard_csv"),
    path("wards/", views.ward_reports, name="wards"),
    path("wards/csv/<slug:slug>.csv", views.ward_report_csv, name="wards_csv"),
]

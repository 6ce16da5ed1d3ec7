"""Public: the council's service standards and how it does against them."""

from django.urls import path

from insight import views

app_name = "performance"

urlpatterns = [
    path("", views.performance, name="standards"),
    path("service-standards.csv", views.performance_csv, name="standards_csv"),
]

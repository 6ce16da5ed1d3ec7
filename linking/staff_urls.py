"""Linking for a caller, mounted under /staff/assisting/link/ (StaffTierMiddleware guards it)."""

from django.urls import path

from linking import staff_views as views

app_name = "linking_staff"

urlpatterns = [
    path("", views.for_caller, name="for_caller"),
]

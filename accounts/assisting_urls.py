"""Acting for a person, mounted under /staff/assisting/ (StaffTierMiddleware guards it too)."""

from django.urls import path

from accounts import assisting_views as views

app_name = "assisting"

urlpatterns = [
    path("<int:person_id>/start/", views.start, name="start"),
    path("stop/", views.stop, name="stop"),
    path("check/", views.check, name="check"),
]

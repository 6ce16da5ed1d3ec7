"""Ask for an assisted bin collection (see services/waste/views/assisted.py)."""

from django.urls import path

from services.waste.views import assisted as views

urlpatterns: list = [
    path("assisted/", views.start, name="assisted_start"),
    path("assisted/address/", views.find_address, name="assisted_address"),
    path("assisted/household/", views.household, name="assisted_household"),
    path("assisted/bins/", views.bins, name="assisted_bins"),
    path("assisted/check/", views.check, name="assisted_check"),
    path("assisted/sent/<str:reference>/", views.sent, name="assisted_sent"),
    path("assisted/<int:uprn>/", views.about, name="assisted_about"),
]

"""Ask for an assisted bin collection (see services/waste/views/assisted.py)."""

from django.urls import path

from services.waste.journeys.assisted import JOURNEY
from services.waste.views import assisted as views

urlpatterns: list = [
    path("assisted/", views.start, name="assisted_start"),
    path("assisted/address/", views.find_address, name="assisted_address"),
    *JOURNEY.urls(prefix="assisted/<int:uprn>/"),
]

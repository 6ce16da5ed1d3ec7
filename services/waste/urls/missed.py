"""Report a missed bin (see services/waste/views/missed.py)."""

from django.urls import path

from services.waste.journeys.missed import JOURNEY
from services.waste.views import missed as views

urlpatterns: list = [
    path("missed/", views.start, name="missed_start"),
    path("missed/address/", views.find_address, name="missed_address"),
    *JOURNEY.urls(prefix="missed/<int:uprn>/"),
]

"""Order a bin or box (see services/waste/views/containers.py)."""

from django.urls import path

from services.waste.journeys.containers import JOURNEY
from services.waste.views import containers as views

urlpatterns: list = [
    path("bins/", views.start, name="containers_start"),
    path("bins/address/", views.find_address, name="containers_address"),
    *JOURNEY.urls(prefix="bins/<int:uprn>/"),
]

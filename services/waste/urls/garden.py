"""Garden waste subscriptions (see services/waste/views/garden.py)."""

from django.urls import path

from services.waste.journeys.garden import JOURNEY, RENEWAL
from services.waste.views import garden as views

urlpatterns: list = [
    path("garden/", views.garden, name="garden"),
    path("garden/address/", views.find_address, name="garden_address"),
    path("garden/sent/<str:reference>/", views.sent, name="garden_sent"),
    *JOURNEY.urls(prefix="garden/<int:uprn>/"),
    *RENEWAL.urls(prefix="garden/subscription/<int:subscription_id>/renew/"),
    path("garden/subscription/<int:subscription_id>/cancel/", views.cancel, name="garden_cancel"),
]

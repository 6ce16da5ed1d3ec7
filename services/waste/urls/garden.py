"""Garden waste subscriptions (see services/waste/views/garden.py)."""

from django.urls import path

from services.waste.journeys.garden import JOURNEY
from services.waste.views import garden as views

urlpatterns: list = [
    path("garden/", views.garden, name="garden"),
    path("garden/address/", views.find_address, name="garden_address"),
    path("garden/sent/<str:reference>/", views.sent, name="garden_sent"),
    *JOURNEY.urls(prefix="garden/<int:uprn>/"),
    path("garden/subscription/<int:subscription_id>/renew/", views.renew, name="garden_renew"),
    path(
        "garden/subscription/<int:subscription_id>/renew/<int:bins>/",
        views.renew_check,
        name="garden_renew_check",
    ),
    path("garden/subscription/<int:subscription_id>/cancel/", views.cancel, name="garden_cancel"),
]

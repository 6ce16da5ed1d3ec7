"""Book a bulky waste collection (see services/waste/views/bulky.py)."""

from django.urls import path

from services.waste.journeys.bulky import JOURNEY
from services.waste.views import bulky as views

urlpatterns: list = [
    path("bulky/", views.start, name="bulky_start"),
    path("bulky/address/", views.find_address, name="bulky_address"),
    *JOURNEY.urls(prefix="bulky/<int:uprn>/"),
    path("bulky/<str:reference>/", views.booking, name="bulky_booking"),
    path("bulky/<str:reference>/pay/", views.pay, name="bulky_pay"),
    path("bulky/<str:reference>/change-day/", views.change_day, name="bulky_change_day"),
    path("bulky/<str:reference>/change-items/", views.change_items, name="bulky_change_items"),
    path("bulky/<str:reference>/cancel/", views.cancel, name="bulky_cancel"),
]

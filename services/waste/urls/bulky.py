"""Book a bulky waste collection (see services/waste/views/bulky.py)."""

from django.urls import path

from services.waste.views import bulky as views

urlpatterns: list = [
    path("bulky/", views.start, name="bulky_start"),
    path("bulky/address/", views.find_address, name="bulky_address"),
    path("bulky/<int:uprn>/items/", views.items, name="bulky_items"),
    path("bulky/<int:uprn>/day/", views.day, name="bulky_day"),
    path("bulky/<int:uprn>/where/", views.where, name="bulky_where"),
    path("bulky/<int:uprn>/check/", views.check, name="bulky_check"),
    path("bulky/<str:reference>/", views.booking, name="bulky_booking"),
    path("bulky/<str:reference>/pay/", views.pay, name="bulky_pay"),
    path("bulky/<str:reference>/change-day/", views.change_day, name="bulky_change_day"),
    path("bulky/<str:reference>/change-items/", views.change_items, name="bulky_change_items"),
    path("bulky/<str:reference>/cancel/", views.cancel, name="bulky_cancel"),
    path("staff/bulky/", views.staff_day, name="bulky_staff"),
    path(
        "staff/bulky/<str:reference>/collected/",
        views.staff_collected,
        name="bulky_staff_collected",
    ),
]

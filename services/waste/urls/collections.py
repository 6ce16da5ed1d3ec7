"""Bin days: the waste start page, finding an address, and an address's collections."""

from django.urls import path

from services.waste.views import collections as views

urlpatterns = [
    path("", views.start, name="start"),
    path("bin-days/", views.find, name="collections_find"),
    path("bin-days/address/", views.choose, name="collections_choose"),
    path("<int:uprn>/", views.address_bin_days, name="collections"),
    path("<int:uprn>/calendar.ics", views.calendar_ics, name="collections_ics"),
    path("<int:uprn>/calendar.pdf", views.calendar_pdf, name="collections_pdf"),
]

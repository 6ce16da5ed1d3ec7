"""Report a missed bin (see services/waste/views/missed.py)."""

from django.urls import path

from services.waste.views import missed as views

urlpatterns: list = [
    path("missed/", views.start, name="missed_start"),
    path("missed/address/", views.find_address, name="missed_address"),
    path("missed/sent/<str:reference>/", views.confirmation, name="missed_confirmation"),
    path("missed/<int:uprn>/", views.which_bin, name="missed_bin"),
    path("missed/<int:uprn>/<slug:stream>/", views.check, name="missed_check"),
]

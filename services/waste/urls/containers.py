"""Order a bin or box (see services/waste/views/containers.py)."""

from django.urls import path

from services.waste.views import containers as views

urlpatterns: list = [
    path("bins/", views.start, name="containers_start"),
    path("bins/address/", views.find_address, name="containers_address"),
    path("bins/check/", views.check, name="containers_check"),
    path("bins/sent/<str:reference>/", views.sent, name="containers_sent"),
    path("bins/<int:uprn>/", views.choose, name="containers_choose"),
    path("bins/<int:uprn>/<slug:container>/", views.details, name="containers_details"),
]

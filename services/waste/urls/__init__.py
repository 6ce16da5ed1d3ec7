"""Bins and waste pages, one module per feature (each feature's views live in views/<feature>.py)."""

from services.waste.urls import (
    assisted,
    bulky,
    collections,
    containers,
    garden,
    missed,
    reminders,
)

app_name = "waste"

urlpatterns = [
    *collections.urlpatterns,
    *reminders.urlpatterns,
    *missed.urlpatterns,
    *containers.urlpatterns,
    *bulky.urlpatterns,
    *garden.urlpatterns,
    *assisted.urlpatterns,
]

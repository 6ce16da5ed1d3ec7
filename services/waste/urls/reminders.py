"""Bin reminders (S-W2): turn on for an address, see and stop them, one-click stop from a message."""

from django.urls import path

from services.waste.views import reminders as views

urlpatterns: list = [
    path("reminders/", views.reminder_list, name="reminders"),
    path("reminders/<int:subscription_id>/stop/", views.stop, name="reminders_stop"),
    path("reminders/stop/<slug:token>/", views.unsubscribe, name="reminders_unsubscribe"),
    path("<int:uprn>/reminders/", views.subscribe, name="reminders_subscribe"),
]

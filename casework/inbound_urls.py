from django.urls import path

from casework import inbound_views

app_name = "inbound"

urlpatterns = [
    path("webhook/<slug:connector>/status", inbound_views.status_update, name="status"),
]

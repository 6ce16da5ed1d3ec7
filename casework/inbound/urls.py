from django.urls import path

from casework.inbound import email_views as inbound_email_views
from casework.inbound import views as inbound_views

app_name = "inbound"

urlpatterns = [
    path("webhook/<slug:connector>/status", inbound_views.status_update, name="status"),
    path("email/inbound", inbound_email_views.receive, name="email"),
    path("files/<str:token>", inbound_views.back_office_file, name="file"),
]

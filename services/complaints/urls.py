from django.urls import path

from services.complaints import views
from services.complaints.journey import COMPLAINT, COMPLIMENT

app_name = "complaints"

urlpatterns = [
    path("", views.start, name="start"),
    *COMPLAINT.urls(prefix="complaint/"),
    *COMPLIMENT.urls(prefix="compliment/"),
]

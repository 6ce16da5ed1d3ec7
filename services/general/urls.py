from django.urls import path

from services.general import views
from services.general.journey import JOURNEY

app_name = "general"

urlpatterns = [
    path("", views.start, name="start"),
    *JOURNEY.urls(prefix="<slug:type_slug>/"),
]

from django.urls import path

from services.forms import views
from services.forms.journey import JOURNEY

app_name = "forms"

urlpatterns = [
    path("", views.start, name="start"),
    *JOURNEY.urls(prefix="<slug:type_slug>/"),
]

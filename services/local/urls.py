from django.urls import path

from services.local import views

app_name = "local"

urlpatterns = [
    path("", views.find, name="find"),
]

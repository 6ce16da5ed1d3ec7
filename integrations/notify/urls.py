from django.urls import path

from integrations.notify import views

app_name = "notify"

urlpatterns = [
    path("callback", views.callback, name="callback"),
]

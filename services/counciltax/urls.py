from django.urls import path

from services.counciltax import views

app_name = "counciltax"

urlpatterns = [
    path("", views.account, name="account"),
    path("link/", views.link, name="link"),
    path("unlink/", views.unlink, name="unlink"),
]

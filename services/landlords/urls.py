from django.urls import path

from services.landlords import views

app_name = "landlords"

urlpatterns = [
    path("", views.payments, name="payments"),
    path("link/", views.link, name="link"),
    path("unlink/", views.unlink, name="unlink"),
]

from django.urls import path

from linking.views import link
from services.landlords import views
from services.landlords.apps import SLUG

app_name = "landlords"

urlpatterns = [
    path("", views.payments, name="payments"),
    path("link/", link, {"service": SLUG}, name="link"),
    path("unlink/", views.unlink, name="unlink"),
]

from django.urls import path

from linking.views import link
from services.businessrates import views
from services.businessrates.apps import SLUG
from services.businessrates.journeys import moving_out, relief

app_name = "businessrates"

urlpatterns = [
    path("", views.account, name="account"),
    path("link/", link, {"service": SLUG}, name="link"),
    path("unlink/", views.unlink, name="unlink"),
    path("pay/", views.pay, name="pay"),
    # Changes to the account, each a journey on the engine (services/businessrates/journeys).
    *relief.JOURNEY.urls("small-business-rate-relief/"),
    *moving_out.JOURNEY.urls("moving-out/"),
]

from django.urls import path

from linking.views import link
from services.counciltax import account_views, pin_views, views
from services.counciltax.apps import SLUG
from services.counciltax.journeys import (
    benefits,
    direct_debit,
    discount,
    money,
    moves,
    reductions,
)

app_name = "counciltax"

urlpatterns = [
    path("", views.account, name="account"),
    path("link/", link, {"service": SLUG}, name="link"),
    path("unlink/", views.unlink, name="unlink"),
    path("link/pin/", pin_views.pin_request, name="pin_request"),
    path("link/pin/enter/", pin_views.pin_enter, name="pin_enter"),
    path("pdf/<slug:what>/", account_views.document, name="document"),
    path("paperless/", account_views.paperless, name="paperless"),
    path("pay/", account_views.pay, name="pay"),
    path("reminders/", account_views.reminders, name="reminders"),
    # Changes to the account, each a journey on the engine (services/counciltax/journeys).
    *discount.JOURNEY.urls("single-person-discount/"),
    *reductions.JOURNEY.urls("discounts-and-exemptions/"),
    *direct_debit.JOURNEY.urls("direct-debit/"),
    *moves.JOURNEY.urls("moving/"),
    *money.REFUND.urls("refund/"),
    *money.TWELVE_MONTHS.urls("12-instalments/"),
    # Benefits from the same revenues and benefits system.
    path("benefits/", views.benefits, name="benefits"),
    *benefits.JOURNEY.urls("benefits/report-a-change/"),
]

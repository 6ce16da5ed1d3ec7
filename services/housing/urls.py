from django.urls import path

from linking.views import link
from services.housing import views
from services.housing.apps import SLUG
from services.housing.journeys import (
    ARRANGEMENT_JOURNEY,
    ASB_JOURNEY,
    PAY_JOURNEY,
    REPAIR_JOURNEY,
)

app_name = "housing"

urlpatterns = [
    path("", views.account, name="account"),
    path("link/", link, {"service": SLUG}, name="link"),
    path("unlink/", views.unlink, name="unlink"),
    path("rent/statement/", views.statement, name="statement"),
    path("rent/reminders/", views.reminders_page, name="reminders"),
    path("repairs/<str:reference>/was-it-fixed/", views.repair_feedback, name="repair_feedback"),
    *REPAIR_JOURNEY.urls("repairs/report/"),
    *ASB_JOURNEY.urls("anti-social-behaviour/"),
    *PAY_JOURNEY.urls("rent/pay/"),
    *ARRANGEMENT_JOURNEY.urls("rent/arrangement/"),
]

from django.urls import path

from services.counciltax import account_views, pin_views, views

app_name = "counciltax"

urlpatterns = [
    path("", views.account, name="account"),
    path("link/", views.link, name="link"),
    path("unlink/", views.unlink, name="unlink"),
    path("link/pin/", pin_views.pin_request, name="pin_request"),
    path("link/pin/enter/", pin_views.pin_enter, name="pin_enter"),
    path("pdf/<slug:what>/", account_views.document, name="document"),
    path("paperless/", account_views.paperless, name="paperless"),
    path("pay/", account_views.pay, name="pay"),
    path("reminders/", account_views.reminders, name="reminders"),
]

"""GOV.UK Pay calling in, under /integrations/pay/ (the payment pages are under /pay/)."""

from django.urls import path

from integrations.pay import views

app_name = "pay_webhook"

urlpatterns = [
    path("webhook", views.webhook, name="webhook"),
]

from django.urls import path

from integrations.pay import views

app_name = "pay"

urlpatterns = [
    path("<uuid:payment_id>/return", views.payment_return, name="return"),
    path("fake/<slug:provider_id>/", views.fake_card, name="fake_card"),
]

from django.urls import path

from services.businessrates import views

app_name = "businessrates"

urlpatterns = [
    path("", views.account, name="account"),
    path("link/", views.link, name="link"),
    path("unlink/", views.unlink, name="unlink"),
    path("pay/", views.pay, name="pay"),
]

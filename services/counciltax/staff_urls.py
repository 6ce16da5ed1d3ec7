from django.urls import path

from services.counciltax import pin_views

app_name = "counciltax_staff"

urlpatterns = [
    path("print-room/", pin_views.print_room, name="print_room"),
]

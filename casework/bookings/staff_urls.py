from django.urls import path

from casework.bookings import staff_views

app_name = "bookings_staff"

urlpatterns = [path("", staff_views.staff_day, name="day")]

"""Bins and waste pages for staff, under /staff/waste/ (behind the staff gate: tier 2
always); each view also checks its own role rule."""

from django.urls import path

from services.waste.views import bulky, notices

app_name = "waste_staff"

urlpatterns: list = [
    path("notices/", notices.notice_list, name="notices"),
    path("notices/new/", notices.notice_new, name="notice_new"),
    path("bulky/", bulky.staff_day, name="bulky_day"),
    path("bulky/<str:reference>/collected/", bulky.staff_collected, name="bulky_collected"),
]

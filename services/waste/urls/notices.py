"""Missed collection notices (S-W7): staff pages, tier 2, agents, caseworkers and admins."""

from django.urls import path

from services.waste.views import notices as views

urlpatterns: list = [
    path("staff/notices/", views.notice_list, name="notices"),
    path("staff/notices/new/", views.notice_new, name="notice_new"),
]

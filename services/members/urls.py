from django.urls import path

from services.members import views
from services.members.journey import JOURNEY

app_name = "members"

urlpatterns = [
    path("", views.home, name="home"),
    path("wards/", views.wards, name="wards"),
    path("enquiries/<str:reference>/", views.enquiry, name="enquiry"),
    path("enquiries/<str:reference>/message/", views.enquiry_message, name="enquiry_message"),
    path("enquiries/<str:reference>/letter/", views.letter, name="letter"),
    path(
        "enquiries/<str:reference>/letters/<int:letter_id>/",
        views.letter_sent,
        name="letter_sent",
    ),
    path(
        "enquiries/<str:reference>/letters/<int:letter_id>/pdf/",
        views.letter_pdf,
        name="letter_pdf",
    ),
    *JOURNEY.urls(prefix="enquiry/"),
]

from django.urls import path

from casework.bookings import views as booking_views
from casework.resident import views

app_name = "casework"

urlpatterns = [
    path("", views.case_list, name="list"),
    path("<str:reference>/", views.case_detail, name="detail"),
    path("<str:reference>/reply/", views.case_reply, name="reply"),
    path("<str:reference>/withdraw/", views.case_withdraw, name="withdraw"),
    path("<str:reference>/reopen/", views.case_reopen, name="reopen"),
    path("<str:reference>/escalate/", views.case_escalate, name="escalate"),
    path("<str:reference>/follow/", views.case_follow, name="follow"),
    path("<str:reference>/unfollow/", views.case_unfollow, name="unfollow"),
    path("<str:reference>/rate/", views.case_rate, name="rate"),
    path("<str:reference>/pay/", views.case_pay, name="pay"),
    path(
        "<str:reference>/appointment/",
        booking_views.appointment_change,
        name="appointment_change",
    ),
    path(
        "<str:reference>/appointment/cancel/",
        booking_views.appointment_cancel,
        name="appointment_cancel",
    ),
    path(
        "<str:reference>/attachments/<int:attachment_id>/",
        views.attachment_download,
        name="attachment",
    ),
]

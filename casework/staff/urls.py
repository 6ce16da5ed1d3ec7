"""The staff back office, mounted under /staff/ (StaffTierMiddleware guards the prefix too)."""

from django.urls import path

from casework.staff import outbox_views, people_views, views

app_name = "staff"

urlpatterns = [
    path("cases/", views.queue, name="queue"),
    path("people/", people_views.people_search, name="people"),
    path("people/new/", people_views.person_new, name="person_new"),
    path("people/<int:person_id>/", people_views.person_detail, name="person"),
    path(
        "people/<int:person_id>/claim-code/",
        people_views.person_claim_code,
        name="person_claim_code",
    ),
    path("people/<int:person_id>/notes/new/", people_views.person_note, name="person_note"),
    path("deliveries/", outbox_views.outbox, name="outbox"),
    path("deliveries/retry/", outbox_views.outbox_retry, name="outbox_retry"),
    path("cases/export.csv", views.queue_csv, name="queue_csv"),
    path("satisfaction/", views.satisfaction, name="satisfaction"),
    path("cases/<str:reference>/", views.case_detail, name="case"),
    path("cases/<str:reference>/assign/", views.assign, name="assign"),
    path("cases/<str:reference>/reply/", views.reply, name="reply"),
    path("cases/<str:reference>/note/", views.note, name="note"),
    path("cases/<str:reference>/status/", views.change_status, name="status"),
    path("cases/<str:reference>/ask/", views.request_info, name="request_info"),
    path("cases/<str:reference>/resolve/", views.resolve, name="resolve"),
    path("cases/<str:reference>/close/", views.close, name="close"),
    path("cases/<str:reference>/reject/", views.reject, name="reject"),
    path("cases/<str:reference>/duplicate/", views.duplicate, name="duplicate"),
    path("cases/<str:reference>/reopen/", views.reopen, name="reopen"),
    path(
        "cases/<str:reference>/complaint/answer/",
        views.complaint_answer,
        name="complaint_answer",
    ),
    path("cases/<str:reference>/complaint/ombudsman/", views.ombudsman, name="ombudsman"),
    path(
        "cases/<str:reference>/attachments/<int:attachment_id>/",
        views.attachment_download,
        name="attachment",
    ),
]

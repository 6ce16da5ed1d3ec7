from django.urls import path

from casework.resident import draft_views

app_name = "drafts"

urlpatterns = [
    path("", draft_views.draft_list, name="list"),
    path("<int:draft_id>/delete/", draft_views.draft_delete, name="delete"),
    path("<int:draft_id>/continue/", draft_views.draft_continue, name="continue"),
    path("<int:draft_id>/save/", draft_views.visitor_draft_save, name="visitor_save"),
    path("resume/<str:secret>/", draft_views.draft_resume, name="resume"),
]

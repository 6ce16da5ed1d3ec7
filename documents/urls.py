from django.urls import path

from documents import views

app_name = "documents"

urlpatterns = [
    path("<int:document_id>/", views.status, name="status"),
    path("<int:document_id>/download/", views.download, name="download"),
]

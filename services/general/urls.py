from django.urls import path

from services.general import views

app_name = "general"

urlpatterns = [
    path("", views.start, name="start"),
    path("<slug:type_slug>/", views.question, name="question"),
    path("<slug:type_slug>/check/", views.check, name="check"),
    path("<slug:type_slug>/sent/<str:reference>/", views.confirmation, name="confirmation"),
]

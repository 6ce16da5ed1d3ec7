from django.urls import path

from services.forms import views

app_name = "forms_staff"

urlpatterns = [
    path("<int:form_id>/preview/", views.preview, name="preview"),
    path("<int:form_id>/preview/<int:page>/", views.preview, name="preview_page"),
]

from django.urls import path, register_converter

from integrations.open311 import views


class FormatConverter:
    regex = "xml|json"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(FormatConverter, "open311_format")

app_name = "open311"

urlpatterns = [
    path("discovery.<open311_format:format>", views.discovery, name="discovery"),
    path("services.<open311_format:format>", views.services, name="services"),
    path(
        "services/<slug:code>.<open311_format:format>",
        views.service_definition,
        name="service_definition",
    ),
    path("requests.<open311_format:format>", views.requests, name="requests"),
    path(
        "requests/<str:service_request_id>.<open311_format:format>",
        views.service_request,
        name="request",
    ),
    path("tokens/<str:token>.<open311_format:format>", views.token, name="token"),
    path(
        "servicerequestupdates.<open311_format:format>",
        views.request_updates,
        name="request_updates",
    ),
]

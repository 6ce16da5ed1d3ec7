"""Open311 GeoReport v2 endpoints (wiki.open311.org/GeoReport_v2), XML and JSON.

Views only translate: parse the query or the form, call a selector or an action,
and answer in the format the path asked for, errors included.
"""

import functools

from django.conf import settings
from django.http import HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods

from core import clock
from integrations.open311 import actions, forms, mapping, selectors


def _respond(fmt: str, root: str, content, *, status: int = 200) -> HttpResponse:
    return HttpResponse(
        mapping.render(fmt, root, content), content_type=mapping.CONTENT_TYPES[fmt], status=status
    )


def _errors(fmt: str, status: int, *descriptions: str) -> HttpResponse:
    return _respond(
        fmt, "errors", [mapping.error(status, text) for text in descriptions], status=status
    )


def _form_errors(fmt: str, form: forms.GeoReportForm) -> HttpResponse:
    return _errors(fmt, form.status(), *form.descriptions())


def _georeport(view):
    """Every endpoint: a NUL byte (PostgreSQL refuses them in text) or another control
    character anywhere in the request is a 400, in the format the path asked for."""

    @functools.wraps(view)
    def wrapper(request, *args, format: str, **kwargs):
        if forms.has_control_characters(request.GET, request.POST, kwargs):
            message = _("Parameters must not contain NUL (0x00) or other control characters.")
            return _errors(format, 400, message)
        return view(request, *args, format=format, **kwargs)

    return wrapper


@require_GET
@_georeport
def discovery(request, format: str):
    base_url = request.build_absolute_uri(reverse("open311:discovery", args=["xml"]))
    content = mapping.discovery(
        base_url=base_url.rsplit("/", 1)[0] + "/",
        contact=f"{settings.COUNCIL_NAME}: {settings.COUNCIL_CONTACT_EMAIL}",
        key_service=f"Ask {settings.COUNCIL_CONTACT_EMAIL} for an API key.",
    )
    return _respond(format, "discovery", content)


@require_GET
@_georeport
def services(request, format: str):
    content = [
        mapping.service(
            request_type,
            group=selectors.service_group(request_type),
            questions=selectors.questions_of(request_type),
        )
        for request_type in selectors.public_request_types()
    ]
    return _respond(format, "services", content)


@require_GET
@_georeport
def service_definition(request, format: str, code: str):
    request_type = selectors.public_request_type_get(code=code)
    if request_type is None:
        return _errors(format, 404, f"service_code {code} was not found.")
    content = mapping.service_definition(
        request_type, questions=selectors.questions_of(request_type)
    )
    return _respond(format, "service_definition", content)


def _as_request(case) -> dict:
    return mapping.service_request(case, agency=settings.COUNCIL_NAME)


@csrf_exempt
@require_http_methods(["GET", "POST"])
@_georeport
def requests(request, format: str):
    if request.method == "POST":
        return _create(request, format)
    form = forms.RequestListForm(request.GET)
    if not form.is_valid():
        return _form_errors(format, form)
    query = form.cleaned_data
    cases = selectors.service_request_list(
        references=query["service_request_id"],
        codes=query["service_code"],
        start=query["start_date"],
        end=query["end_date"],
        statuses=query["status"],
        now=clock.now(),
    )
    return _respond(format, "service_requests", [_as_request(case) for case in cases])


@require_GET
@_georeport
def service_request(request, format: str, service_request_id: str):
    case = selectors.service_request_get(reference=service_request_id)
    if case is None:
        return _errors(format, 404, f"service_request_id {service_request_id} was not found.")
    return _respond(format, "service_requests", [_as_request(case)])


@require_GET
@_georeport
def token(request, format: str, token: str):
    """Requests are created at once, so no token is ever issued (or found)."""
    return _errors(format, 404, f"token {token} was not found.")


@require_GET
@_georeport
def request_updates(request, format: str):
    form = forms.DateRangeForm(request.GET)
    if not form.is_valid():
        return _form_errors(format, form)
    query = form.cleaned_data
    events = selectors.request_update_list(
        start=query["start_date"], end=query["end_date"], now=clock.now()
    )
    content = [mapping.request_update(event, reference=event.case.reference) for event in events]
    return _respond(format, "service_request_updates", content)


# --- POST Service Request ----------------------------------------------------------


def _create(request, fmt: str) -> HttpResponse:
    form = forms.ServiceRequestForm(request.POST)
    valid = form.is_valid()
    api_key = form.cleaned_data.get("api_key")
    wait = actions.api_key_throttle(api_key=api_key) if api_key else 0
    if wait:
        response = _errors(fmt, 429, _("Too many requests from this api_key: try again later."))
        response["Retry-After"] = str(wait)
        return response
    if not valid:
        return _form_errors(fmt, form)
    case = actions.service_request_create(**form.submission())
    return _respond(fmt, "service_requests", [mapping.created_request(case)])

"""Open311 GeoReport v2 endpoints (wiki.open311.org/GeoReport_v2), XML and JSON.

Views only translate: parse the query or the form, call a selector or an action,
and answer in the format the path asked for, errors included.
"""

import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.http import HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods

from accounts.models import Address
from services.open311 import actions, mapping, selectors

ATTRIBUTE = re.compile(r"^attribute\[(?P<code>[^\]]+)\]$")
MAX_DESCRIPTION = 4000


def _respond(fmt: str, root: str, content, *, status: int = 200) -> HttpResponse:
    return HttpResponse(
        mapping.render(fmt, root, content), content_type=mapping.CONTENT_TYPES[fmt], status=status
    )


def _errors(fmt: str, status: int, *descriptions: str) -> HttpResponse:
    return _respond(
        fmt, "errors", [mapping.error(status, text) for text in descriptions], status=status
    )


class BadParameter(ValueError):
    pass


def _datetime(request, name: str):
    text = request.GET.get(name, "").strip()
    if not text:
        return None
    # An offset's "+" sent unencoded arrives as a space.
    value = parse_datetime(re.sub(r" (\d{2}:?\d{2})$", r"+\1", text))
    if value is None:
        raise BadParameter(f"{name} must be a W3C date and time, e.g. 2026-01-31T00:00:00Z.")
    if timezone.is_naive(value):
        value = timezone.make_aware(value)
    return value


def _list(request, name: str) -> list[str]:
    return [item.strip() for item in request.GET.get(name, "").split(",") if item.strip()]


@require_GET
def discovery(request, format: str):
    base_url = request.build_absolute_uri(reverse("open311:discovery", args=["xml"]))
    content = mapping.discovery(
        base_url=base_url.rsplit("/", 1)[0] + "/",
        contact=f"{settings.COUNCIL_NAME}: {settings.COUNCIL_CONTACT_EMAIL}",
        key_service=f"Ask {settings.COUNCIL_CONTACT_EMAIL} for an API key.",
    )
    return _respond(format, "discovery", content)


@require_GET
def services(request, format: str):
    content = [
        mapping.service(request_type, group=selectors.service_group(request_type))
        for request_type in selectors.public_request_types()
    ]
    return _respond(format, "services", content)


@require_GET
def service_definition(request, format: str, code: str):
    request_type = selectors.public_request_type_get(code=code)
    if request_type is None:
        return _errors(format, 404, f"service_code {code} was not found.")
    return _respond(format, "service_definition", mapping.service_definition(request_type))


def _as_request(case) -> dict:
    return mapping.service_request(case, agency=settings.COUNCIL_NAME)


@csrf_exempt
@require_http_methods(["GET", "POST"])
def requests(request, format: str):
    if request.method == "POST":
        return _create(request, format)
    try:
        start = _datetime(request, "start_date")
        end = _datetime(request, "end_date")
        statuses = [status.lower() for status in _list(request, "status")]
        if any(status not in ("open", "closed") for status in statuses):
            raise BadParameter("status must be open or closed (or both, comma separated).")
    except BadParameter as exc:
        return _errors(format, 400, str(exc))
    cases = selectors.service_request_list(
        references=_list(request, "service_request_id"),
        codes=_list(request, "service_code"),
        start=start,
        end=end,
        statuses=statuses,
        now=timezone.now(),
    )
    return _respond(format, "service_requests", [_as_request(case) for case in cases])


@require_GET
def service_request(request, format: str, service_request_id: str):
    case = selectors.service_request_get(reference=service_request_id)
    if case is None:
        return _errors(format, 404, f"service_request_id {service_request_id} was not found.")
    return _respond(format, "service_requests", [_as_request(case)])


@require_GET
def token(request, format: str, token: str):
    """Requests are created at once, so no token is ever issued (or found)."""
    return _errors(format, 404, f"token {token} was not found.")


@require_GET
def request_updates(request, format: str):
    try:
        start = _datetime(request, "start_date")
        end = _datetime(request, "end_date")
    except BadParameter as exc:
        return _errors(format, 400, str(exc))
    events = selectors.request_update_list(start=start, end=end, now=timezone.now())
    content = [mapping.request_update(event, reference=event.case.reference) for event in events]
    return _respond(format, "service_request_updates", content)


# --- POST Service Request ----------------------------------------------------------


def _float(text: str, low: float, high: float) -> float | None:
    try:
        value = float(text)
    except ValueError:
        return None
    return value if low <= value <= high else None


def _create(request, fmt: str) -> HttpResponse:
    data = request.POST
    if actions.api_key_check(key=data.get("api_key", "").strip()) is None:
        return _errors(fmt, 403, "api_key is missing or not valid.")
    code = data.get("service_code", "").strip()
    if not code:
        return _errors(fmt, 400, "service_code was not provided.")
    request_type = selectors.public_request_type_get(code=code)
    if request_type is None:
        return _errors(fmt, 404, f"service_code {code} was not found.")

    problems = []
    lat_text, long_text = data.get("lat", "").strip(), data.get("long", "").strip()
    address_string = data.get("address_string", "").strip()
    address_id = data.get("address_id", "").strip()
    latitude = longitude = address = None
    if lat_text or long_text:
        latitude, longitude = _float(lat_text, -90, 90), _float(long_text, -180, 180)
        if latitude is None or longitude is None:
            problems.append("lat and long must both be given, in WGS84 degrees.")
    if address_id:
        address = Address.objects.filter(pk=address_id).first() if address_id.isdigit() else None
        if address is None:
            problems.append(f"address_id {address_id} was not found.")
    if not (lat_text or long_text or address_string or address_id):
        problems.append("Give the location: lat and long, address_string or address_id.")
    if len(address_string) > 300:
        problems.append("address_string must be 300 characters or fewer.")
    description = data.get("description", "").strip()
    if len(description) > MAX_DESCRIPTION:
        problems.append(f"description must be {MAX_DESCRIPTION} characters or fewer.")
    email = data.get("email", "").strip()
    if email:
        try:
            validate_email(email)
        except ValidationError:
            problems.append("email is not a valid e-mail address.")
    name = " ".join(
        part for part in (data.get("first_name", "").strip(), data.get("last_name", "").strip())
    ).strip()
    if len(name) > 200:
        problems.append("first_name and last_name must be 200 characters or fewer together.")
    phone = data.get("phone", "").strip()
    if len(phone) > 30:
        problems.append("phone must be 30 characters or fewer.")
    if problems:
        return _errors(fmt, 400, *problems)

    attributes = {}
    for key in data:
        match = ATTRIBUTE.match(key)
        if match:
            values = [value for value in data.getlist(key) if value != ""]
            attributes[match["code"]] = values[0] if len(values) == 1 else values
    case = actions.service_request_create(
        request_type=request_type,
        description=description,
        attributes=attributes,
        latitude=latitude,
        longitude=longitude,
        address_string=address_string,
        address=address,
        contact_name=name,
        contact_email=email,
        contact_phone=phone,
    )
    return _respond(fmt, "service_requests", [mapping.created_request(case)])

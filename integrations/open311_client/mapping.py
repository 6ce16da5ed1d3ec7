"""The Open311 GeoReport v2 client's contract, as pure functions (tested with recorded fixtures).

Outbound: ``POST <endpoint>/requests.<fmt>``, form-encoded (wiki.open311.org/GeoReport_v2).
Status back: ``GET requests.<fmt>?service_request_id=a,b`` or mySociety's
``GET servicerequestupdates.<fmt>?start_date=&end_date=`` (as FixMyStreet uses it).

Open311 has no idempotency key. Each request carries the portal's reference as
``attribute[portal_reference]`` so that a back office can recognise a request it
already has; one that does not may, rarely, get a request twice when its reply
is lost and the outbox sends again.

Answers are XML or JSON and are untrusted: XML is read only with defusedxml, and
nothing a back office sends is quoted to staff without removing what we sent it
(names, e-mail, phone, the resident's words) and anything that looks like an
e-mail address or a phone number.
"""

import hashlib
import json
import re
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime, timedelta
from urllib.parse import quote, urlencode, urlsplit
from xml.etree.ElementTree import ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring

from integrations.connectors import BackOfficeUpdate, common_settings_errors
from integrations.outbox.registry import Result

SETTINGS_KEYS = {
    "endpoint",
    "service_code",
    "api_key_env",
    "jurisdiction_id",
    "format",
    "attributes",
    "updates",
    "timeout",
    "name",
}
FORMATS = ("xml", "json")
UPDATE_MODES = ("servicerequestupdates", "requests")
DEFAULT_TIMEOUT = 10.0
MAX_BODY = 2 * 1024 * 1024  # a day of a busy council's updates fits easily
MAX_REFERENCE_LENGTH = 90  # the case's external_reference holds 100, with "token:"
MAX_MESSAGE_LENGTH = 5000
PORTAL_REFERENCE_ATTRIBUTE = "portal_reference"
TOKEN_PREFIX = "token:"  # noqa: S105 - an external reference that is only a token so far
FIRST_LOOKBACK = timedelta(days=1)  # the first poll of a request type looks back this far
OVERLAP = timedelta(minutes=10)  # each poll re-reads this much: clocks and late commits
REQUESTS_PER_GET = 50  # service_request_id=a,b,c... per GET, to keep URLs short
RETRY_STATUSES = {408, 425, 429}
_ENV_NAME = re.compile(r"^[A-Z_][A-Z0-9_]*$")
_ATTRIBUTE_CODE = re.compile(r"^[^\[\]\s]{1,100}$")
_EMAIL = re.compile(r"[^\s@<>\"']+@[^\s@<>\"']+\.[^\s@<>\"']+")
_PHONE = re.compile(r"(?<![\w])\+?\d(?:[ -]?\d){9,12}(?![\w])")


class Garbage(ValueError):
    """An answer that is not the Open311 document it should be; the message is for staff."""


# --- Settings --------------------------------------------------------------------------


def validate_settings(settings: dict, environ: Mapping[str, str] | None = None) -> list[str]:
    """Errors in a request type's Open311 settings, in words an administrator understands.

    ``endpoint``: the base address of the council's GeoReport v2 API (the one
    under which ``requests.xml`` is found); ``service_code``: the service to
    report under; ``api_key_env``: the name of the environment variable that
    holds the API key (keys live in the environment, never in the database).
    Optional: ``jurisdiction_id``, ``format`` ("xml" or "json"), ``attributes``
    ({answer key: attribute code}), ``updates`` ("servicerequestupdates" or
    "requests"), ``timeout`` (seconds, 1 to 60), ``name`` (what residents are told
    received it).
    """
    errors = []
    unknown = sorted(set(settings) - SETTINGS_KEYS - {"api_key"})
    if unknown:
        errors.append(f"Unknown settings: {', '.join(unknown)}.")
    endpoint = settings.get("endpoint")
    parts = urlsplit(endpoint) if isinstance(endpoint, str) else None
    if parts is None or parts.scheme not in ("http", "https") or not parts.hostname:
        errors.append(
            "'endpoint' must be the http:// or https:// address of the Open311 API, "
            "like https://council.example/open311/v2."
        )
    elif parts.query or parts.fragment or parts.path.endswith((".xml", ".json")):
        errors.append(
            "'endpoint' must be the API's base address, without requests.xml or a '?' part."
        )
    code = settings.get("service_code")
    if not isinstance(code, str) or not code.strip() or len(code) > 100:
        errors.append("'service_code' must be the back office's code for this kind of report.")
    if "api_key" in settings:
        errors.append(
            "Do not put the API key itself in the settings: put it in an environment variable "
            "and give its name as 'api_key_env'."
        )
    name = settings.get("api_key_env")
    if name is None:
        errors.append("'api_key_env' must name the environment variable that holds the API key.")
    elif not isinstance(name, str) or not _ENV_NAME.match(name):
        errors.append("'api_key_env' must name an environment variable, like OPEN311_API_KEY.")
    elif environ is not None and not environ.get(name, ""):
        errors.append(f"The environment variable {name} is not set.")
    if "jurisdiction_id" in settings and not (
        isinstance(settings["jurisdiction_id"], str) and settings["jurisdiction_id"].strip()
    ):
        errors.append("'jurisdiction_id' must be some text, like millbrook.gov.uk.")
    if settings.get("format", "xml") not in FORMATS:
        errors.append('\'format\' must be "xml" or "json".')
    if settings.get("updates", UPDATE_MODES[0]) not in UPDATE_MODES:
        errors.append('\'updates\' must be "servicerequestupdates" or "requests".')
    attributes = settings.get("attributes", {})
    if not isinstance(attributes, dict) or not all(
        isinstance(key, str) and isinstance(value, str) and _ATTRIBUTE_CODE.match(value)
        for key, value in attributes.items()
    ):
        errors.append(
            "'attributes' must map answer keys to attribute codes, like "
            '{"size": "POTHOLE_SIZE"} (codes without spaces or square brackets).'
        )
    return errors + common_settings_errors(settings)


def resolve_api_key(settings: dict, environ: Mapping[str, str]) -> str:
    """The API key, read from the environment variable the settings name."""
    name = settings.get("api_key_env")
    return environ.get(name, "") if isinstance(name, str) else ""


def timeout(settings: dict) -> float:
    return float(settings.get("timeout") or DEFAULT_TIMEOUT)


def fmt(settings: dict) -> str:
    return settings.get("format") or "xml"


def url(settings: dict, resource: str, query: Iterable[tuple[str, str]] = ()) -> str:
    """``<endpoint>/<resource>.<fmt>?<query>``, with the jurisdiction when there is one."""
    query = list(query)
    if settings.get("jurisdiction_id"):
        query.append(("jurisdiction_id", settings["jurisdiction_id"]))
    address = f"{settings['endpoint'].rstrip('/')}/{resource}.{fmt(settings)}"
    return f"{address}?{urlencode(query)}" if query else address


# --- Outbound: POST Service Request ------------------------------------------------------


def _text(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return ", ".join(_text(item) for item in value)
    return str(value).strip()


def description(case: dict) -> str:
    """The summary, then each answer on a line of its own, then links to any further files."""
    lines = [_text(case.get("summary"))]
    answers = [
        f"{key}: {_text(value)}"
        for key, value in (case.get("answers") or {}).items()
        if _text(value)
    ]
    if answers:
        lines += ["", *answers]
    files = case.get("attachments") or []
    if files[1:] or (files and not _is_image(files[0])):
        lines += ["", "Files:", *(_text(f.get("url")) for f in files)]
    return "\n".join(lines).strip()


def _is_image(file: dict) -> bool:
    return _text(file.get("content_type")).startswith("image/")


def address_string(case: dict) -> str:
    """Where the problem is, in words: the location text, else the address given."""
    if _text(case.get("location_text")):
        return _text(case["location_text"])
    address = case.get("address") or {}
    parts = [*(address.get("lines") or []), address.get("postcode") or ""]
    return ", ".join(_text(part) for part in parts if _text(part))


def request_form(case: dict, settings: dict, *, api_key: str) -> list[tuple[str, str]]:
    """The form fields of ``POST requests``, for a case payload (``casework.delivery.case_payload``).

    Location: lat/long when the case has them, the address in words when it has
    one, and its UPRN as ``address_id``. The answers are in the description, and
    those named in ``attributes`` also go as ``attribute[<code>]`` (lists as
    ``attribute[<code>][]``). The first photo goes as ``media_url`` (a signed link:
    GeoReport v2 takes one), any others are listed in the description.
    """
    contact = case.get("contact") or {}
    first_name, _space, last_name = _text(contact.get("name")).partition(" ")
    fields = [("api_key", api_key), ("service_code", settings["service_code"])]
    if settings.get("jurisdiction_id"):
        fields.append(("jurisdiction_id", settings["jurisdiction_id"]))
    if case.get("latitude") is not None and case.get("longitude") is not None:
        fields += [("lat", _text(case["latitude"])), ("long", _text(case["longitude"]))]
    if address_string(case):
        fields.append(("address_string", address_string(case)))
    uprn = _text((case.get("address") or {}).get("uprn"))
    if uprn:
        fields.append(("address_id", uprn))
    fields.append(("description", description(case)))
    files = case.get("attachments") or []
    if files and _is_image(files[0]):
        fields.append(("media_url", _text(files[0].get("url"))))
    for name, value in (
        ("email", contact.get("email")),
        ("first_name", first_name),
        ("last_name", last_name),
        ("phone", contact.get("phone")),
    ):
        if _text(value):
            fields.append((name, _text(value)))
    fields.append((f"attribute[{PORTAL_REFERENCE_ATTRIBUTE}]", _text(case.get("reference"))))
    answers = case.get("answers") or {}
    for key, code in (settings.get("attributes") or {}).items():
        value = answers.get(key)
        if isinstance(value, list | tuple):
            fields += [(f"attribute[{code}][]", _text(item)) for item in value if _text(item)]
        elif _text(value):
            fields.append((f"attribute[{code}]", _text(value)))
    return fields


def encode_form(fields: list[tuple[str, str]]) -> bytes:
    return urlencode(fields).encode()


def personal_values(fields: list[tuple[str, str]]) -> list[str]:
    """What we sent that must never be quoted back to staff from an error."""
    public = {"service_code", "jurisdiction_id", "lat", "long"}
    values = [value for name, value in fields if name not in public and len(value) >= 4]
    names = [value for name, value in fields if name in ("first_name", "last_name")]
    return values + [word for word in " ".join(names).split() if len(word) >= 2]


# --- Reading answers ---------------------------------------------------------------------


def _items(body: bytes) -> tuple[str, list[dict[str, str]]]:
    """An Open311 document as (XML root name or "", its items as flat text dicts)."""
    if len(body) > MAX_BODY:
        raise Garbage("the answer is too large")
    text = body.strip()
    if text.startswith(b"<"):
        try:
            root = fromstring(text)
        except (ParseError, DefusedXmlException) as exc:
            raise Garbage("the answer is not well-formed XML") from exc
        return root.tag, [
            {child.tag: (child.text or "").strip() for child in item} for item in root
        ]
    try:
        document = json.loads(text.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise Garbage("the answer is neither XML nor JSON") from exc
    if isinstance(document, dict) and len(document) == 1:
        document = next(iter(document.values()))  # {"service_requests": [...]}: seen in the wild
    if not isinstance(document, list) or not all(isinstance(item, dict) for item in document):
        raise Garbage("the answer is not an Open311 list")
    return "", [
        {key: _text(value) for key, value in item.items() if not isinstance(value, dict)}
        for item in document
    ]


def read_list(body: bytes, root: str) -> list[dict[str, str]]:
    """The items of an Open311 list (``service_requests``...); raises Garbage."""
    found, items = _items(body)
    if found and found != root:
        raise Garbage(f"the answer is <{found}>, not <{root}>")
    return items


def scrub(text: str, personal: Iterable[str] = ()) -> str:
    """``text`` without what we sent, e-mail addresses or phone numbers; short and on one line."""
    for value in sorted(personal, key=len, reverse=True):
        text = re.sub(rf"(?<!\w){re.escape(value)}(?!\w)", "[removed]", text, flags=re.I)
    text = _PHONE.sub("[removed]", _EMAIL.sub("[removed]", text))
    return " ".join(text.split())[:300]


def error_description(body: bytes, personal: Iterable[str] = ()) -> str:
    """The descriptions in an Open311 error answer, scrubbed; "" when it is not one."""
    try:
        _root, items = _items(body)
    except Garbage:
        return ""
    return scrub("; ".join(i["description"] for i in items if i.get("description")), personal)


def _http(status: int, body: bytes, personal: Iterable[str]) -> str:
    found = error_description(body, personal)
    return f"HTTP {status} from the back office" + (f": {found}" if found else "")


def result_from_response(status: int, body: bytes, *, personal: Iterable[str] = ()) -> Result:
    """What the answer to ``POST requests`` means for the delivery.

    2xx with a ``service_request_id``: delivered, with it as the case's external
    reference. 2xx with only a ``token`` (the back office will make the request
    later): delivered as well, since sending again would report the problem twice;
    the reference is ``token:<token>`` until polling learns the request's id.
    408, 425, 429 and 5xx: try again later. Other answers will not work as they are:
    a person must look, and sees the Open311 error's description (scrubbed).
    """
    if 200 <= status < 300:
        try:
            items = read_list(body, "service_requests")
        except Garbage as exc:
            return Result.failed(f"HTTP {status} from the back office, but {exc}")
        first = items[0] if items else {}
        request_id, token = first.get("service_request_id", ""), first.get("token", "")
        if request_id and len(request_id) <= MAX_REFERENCE_LENGTH:
            return Result.delivered(external_reference=request_id)
        if token and len(token) <= MAX_REFERENCE_LENGTH:
            return Result.delivered(external_reference=f"{TOKEN_PREFIX}{token}")
        return Result.failed(f"HTTP {status} from the back office, but no usable request id")
    if status in RETRY_STATUSES or 500 <= status < 600:
        return Result.retry(_http(status, body, personal))
    return Result.failed(_http(status, body, personal))


def result_from_error(exc: BaseException) -> Result:
    """No answer at all (refused, timed out, reset): the back office may be down; try later."""
    return Result.retry(f"Could not reach the back office: {type(exc).__name__}")


def poll_problem(status: int, body: bytes) -> str:
    """Why a GET did not give us what we asked for (for staff); "" when it did."""
    return "" if 200 <= status < 300 else _http(status, body, ())


# --- Status coming back -----------------------------------------------------------------

# A back office's word -> (our status, the reason residents read when it gives none).
# Words are FixMyStreet's extended statuses, upper case with underscores.
STATUS_WORDS = {
    "OPEN": ("", ""),
    "CONFIRMED": ("", ""),
    "INVESTIGATING": ("in_progress", ""),
    "ACTION_SCHEDULED": ("in_progress", ""),
    "IN_PROGRESS": ("in_progress", ""),
    "FIXED": ("resolved", ""),
    "FIXED_COUNCIL": ("resolved", ""),
    "CLOSED": ("closed", "The council has closed this report."),
    "DUPLICATE": ("closed", "The council already has a report of this problem."),
    "NOT_COUNCILS_RESPONSIBILITY": (
        "rejected",
        "This is not something the council is responsible for.",
    ),
    "NOT_RESPONSIBLE": ("rejected", "This is not something the council is responsible for."),
    "NO_FURTHER_ACTION": ("closed", "The council has looked into this and will take no action."),
    "UNABLE_TO_FIX": ("closed", "The council is unable to fix this."),
    "INTERNAL_REFERRAL": ("closed", "This has been passed to another organisation to deal with."),
}


def _word(value: str) -> str:
    return re.sub(r"[^A-Z]+", "_", value.upper()).strip("_")


def our_status(status: str, external_status_code: str = "", *, closed_means_fixed=False):
    """(our status or "", default reason) for what a back office said.

    ``status`` first, then ``external_status_code`` when ``status`` is not a word we
    know. A plain GeoReport ``closed`` (GET requests knows only open and closed)
    means the job is done; in servicerequestupdates ``CLOSED`` is FixMyStreet's
    "closed without fixing". Unknown words change no status.
    """
    for value in (status, external_status_code):
        word = _word(value or "")
        if word == "CLOSED" and closed_means_fixed:
            return "resolved", ""
        if word in STATUS_WORDS:
            return STATUS_WORDS[word]
    return "", ""


def _at(value: str) -> datetime | None:
    try:
        found = datetime.fromisoformat(value.strip())
    except (AttributeError, ValueError):
        return None
    return found if found.tzinfo else found.replace(tzinfo=UTC)


def _update(reference, status, default_reason, message, update_id, at) -> BackOfficeUpdate | None:
    message = message.strip()[:MAX_MESSAGE_LENGTH]
    if status in ("closed", "rejected") and not message:
        message = default_reason
    if not (status or message):
        return None
    return BackOfficeUpdate(
        reference=reference, status=status, message=message, update_id=update_id[:200], at=at
    )


def updates_from_request_updates(body: bytes) -> list[BackOfficeUpdate]:
    """A ``servicerequestupdates`` answer as updates, oldest first; raises Garbage."""
    updates = []
    for item in read_list(body, "service_request_updates"):
        reference = item.get("service_request_id", "")
        if not reference:
            continue
        at = _at(item.get("updated_datetime", ""))
        status, reason = our_status(item.get("status", ""), item.get("external_status_code", ""))
        update_id = item.get("update_id") or f"{reference}|{item.get('updated_datetime', '')}"
        found = _update(reference, status, reason, item.get("description", ""), update_id, at)
        if found:
            updates.append(found)
    return sorted(updates, key=lambda u: u.at or datetime.min.replace(tzinfo=UTC))


def updates_from_requests(body: bytes) -> list[BackOfficeUpdate]:
    """A ``GET requests`` answer as updates: each request's status and notes as they are now.

    There are no update ids, so the id is made of the request, its status and a hash
    of its notes: reading the same state twice changes nothing.
    """
    updates = []
    for item in read_list(body, "service_requests"):
        reference = item.get("service_request_id", "")
        if not reference:
            continue
        raw_status, notes = item.get("status", ""), item.get("status_notes", "")
        status, reason = our_status(raw_status, closed_means_fixed=True)
        digest = hashlib.sha256(notes.encode()).hexdigest()[:12]
        update_id = f"{reference}|{_word(raw_status)}|{digest}"
        at = _at(item.get("updated_datetime", ""))
        found = _update(reference, status, reason, notes, update_id, at)
        if found:
            updates.append(found)
    return updates


def token_request_id(body: bytes) -> str:
    """The request id a ``tokens/<token>`` answer gives, or "" when there is none yet."""
    items = read_list(body, "service_requests")
    request_id = items[0].get("service_request_id", "") if items else ""
    return request_id if len(request_id) <= MAX_REFERENCE_LENGTH else ""


def token_path(token: str) -> str:
    return f"tokens/{quote(token, safe='')}"


def w3c(value: datetime) -> str:
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def updates_window(cursor: str, now: datetime) -> tuple[datetime, datetime]:
    """(start, end) for ``servicerequestupdates``: from the last poll's end (less an overlap,
    for clocks that differ and updates written late), or a day back the first time."""
    last = _at(cursor) if cursor else None
    start = last - OVERLAP if last and last <= now else now - FIRST_LOOKBACK
    return start, now

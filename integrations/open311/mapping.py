"""Pure mapping between portal objects and GeoReport v2 documents (XML and JSON).

Field names, root elements and list formats follow wiki.open311.org/GeoReport_v2,
and mySociety's ``servicerequestupdates`` extension as FixMyStreet uses it.
A request is the public view of its case (``casework.public.PublicCase``, the one
function that decides what of a case may leave the council's walls): no names,
e-mail addresses, phone numbers or addresses, the street-level place and
coordinates rounded to about 10 metres, the reporter's words only when they chose
to publish them and they name no one; statuses and updates in the standard
public words (``workflow.PUBLIC_LABELS``), never what staff wrote to the resident.
"""

import datetime
import json
from xml.etree import ElementTree as ET

from django.utils import timezone
from django.utils.translation import gettext as _

from casework import workflow
from casework.public import PublicCase

XML = "xml"
JSON = "json"
CONTENT_TYPES = {XML: "text/xml; charset=utf-8", JSON: "application/json; charset=utf-8"}
SPECIFICATION = "http://wiki.open311.org/GeoReport_v2"
CHANGESET = "2026-11-21T00:00:00Z"  # when this API last changed (discovery)

# What each list's items are called in XML.
CHILDREN = {
    "services": "service",
    "service_requests": "request",
    "service_request_updates": "request_update",
    "errors": "error",
    "attributes": "attribute",
    "values": "value",
    "endpoints": "endpoint",
    "formats": "format",
}


def w3c(value: datetime.datetime | None) -> str | None:
    """W3C date-time with the offset, e.g. 2026-11-21T16:09:44+00:00."""
    if value is None:
        return None
    return timezone.localtime(value).isoformat(timespec="seconds")


def due_datetime(value: datetime.date | None) -> str | None:
    """A target date is met by the end of that day, local time."""
    if value is None:
        return None
    end = datetime.datetime.combine(value, datetime.time(23, 59, 59))
    return w3c(timezone.make_aware(end))


def open311_status(status: str) -> str:
    return "open" if workflow.is_open(status) else "closed"


def public_words(status: str) -> str:
    return str(workflow.PUBLIC_LABELS.get(status, ""))


def discovery(*, base_url: str, contact: str, key_service: str) -> dict:
    return {
        "changeset": CHANGESET,
        "contact": contact,
        "key_service": key_service,
        "endpoints": [
            {
                "specification": SPECIFICATION,
                "url": base_url,
                "changeset": CHANGESET,
                "type": "production",
                "formats": ["text/xml", "application/json"],
            }
        ],
    }


def service(request_type, *, group: str = "", questions: list[dict] = ()) -> dict:
    """A public request type as a GeoReport service; ``metadata`` when it asks questions."""
    return {
        "service_code": request_type.slug,
        "service_name": request_type.name,
        "description": request_type.description,
        "metadata": bool(questions),
        "type": "realtime",
        "keywords": "",
        "group": group,
    }


# The portal's question types (casework.questions, and the kinds of questions admins
# build: services.forms) as GeoReport datatypes.
DATATYPES = {
    "text": "string",
    "textarea": "text",
    "radios": "singlevaluelist",
    "yesno": "singlevaluelist",
    "long_text": "text",
    "number": "number",
    "money": "number",
    "date": "datetime",
    "yes_no": "singlevaluelist",
    "select": "singlevaluelist",
    "checkboxes": "multivaluelist",
    "email": "string",
    "phone": "string",
    "address": "string",
    "declaration": "singlevaluelist",
}
FORMATS = {
    "money": _("An amount in pounds, like 12.50."),
    "date": _("A date, like 2027-01-31."),
    "address": _("The UPRN of an address in the council's gazetteer."),
    "phone": _("A UK phone number."),
    "email": _("An email address."),
    "number": _("A whole number."),
}


def _values(question: dict, kind: str) -> list[dict] | None:
    if kind in ("radios", "select", "checkboxes"):
        return [{"key": str(c), "name": str(c)} for c in question["choices"]]
    if kind == "yesno":
        return [{"key": "yes", "name": _("Yes")}, {"key": "no", "name": _("No")}]
    if kind == "yes_no":
        return [{"key": "Yes", "name": _("Yes")}, {"key": "No", "name": _("No")}]
    if kind == "declaration":
        return [{"key": "true", "name": str(question["label"])}]
    return None


def _condition_words(condition: dict | None) -> str:
    if not condition:
        return ""
    words = {"is": _("is"), "is_not": _("is not"), "includes": _("includes")}
    return _("Answer only when attribute[%(key)s] %(operator)s ‘%(value)s’.") % {
        "key": condition["key"],
        "operator": words.get(condition.get("operator"), condition.get("operator")),
        "value": condition.get("value", ""),
    }


def attribute(question: dict, *, order: int) -> dict:
    """One of a service's own questions as a GeoReport attribute (answered by
    ``attribute[code]``; a list's answer is one of its values' keys). A question asked
    only on a condition is not required, and its description says when it is asked."""
    kind = question.get("kind") or question.get("type", "text")
    condition = question.get("condition")
    described = " ".join(
        str(part)
        for part in (question.get("hint", ""), FORMATS.get(kind, ""), _condition_words(condition))
        if part
    )
    content = {
        "variable": True,
        "code": question["key"],
        "datatype": DATATYPES[kind],
        "required": (question.get("required", True) or kind == "declaration") and not condition,
        "datatype_description": described,
        "order": order,
        "description": str(question["label"]),
    }
    values = _values(question, kind)
    if values is not None:
        content["values"] = values
    return content


def service_definition(request_type, *, questions: list[dict] = ()) -> dict:
    return {
        "service_code": request_type.slug,
        "attributes": [
            attribute(question, order=order) for order, question in enumerate(questions, start=1)
        ],
    }


def service_request(public: PublicCase, *, agency: str = "") -> dict:
    """A case's public view as a GeoReport request: never who reported it."""
    return {
        "service_request_id": public.reference,
        "status": open311_status(public.status),
        "status_notes": public_words(public.status),
        "service_name": public.category,
        "service_code": public.category_code,
        "description": public.details,
        "agency_responsible": agency,
        "service_notice": "",
        "requested_datetime": w3c(public.reported_at),
        "updated_datetime": w3c(public.updated_at),
        "expected_datetime": due_datetime(public.due_date),
        "address": public.place,
        "address_id": "",
        "zipcode": "",
        "lat": public.latitude,
        "long": public.longitude,
    }


def created_request(case) -> dict:
    """The answer to POST requests: we create synchronously, so no token."""
    return {"service_request_id": case.reference, "service_notice": "", "account_id": None}


def request_update(event, *, reference: str) -> dict:
    """A public status change (mySociety extension: OPEN or CLOSED)."""
    return {
        "update_id": str(event.pk),
        "service_request_id": reference,
        "status": open311_status(event.status_after).upper(),
        "description": public_words(event.status_after),
        "updated_datetime": w3c(event.created_at),
        "media_url": "",
    }


def error(code: int, description: str) -> dict:
    return {"code": code, "description": description}


# --- Serialising ---------------------------------------------------------------------


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _append(parent: ET.Element, name: str, value) -> None:
    element = ET.SubElement(parent, name)
    if isinstance(value, dict):
        for key, item in value.items():
            _append(element, key, item)
    elif isinstance(value, list | tuple):
        child = CHILDREN.get(name, "item")
        for item in value:
            _append(element, child, item)
    else:
        element.text = _text(value)


def to_xml(root: str, content) -> str:
    """``content`` (a list of items, or one dict) under ``root``, with the XML declaration."""
    element = ET.Element(root)
    if isinstance(content, dict):
        for key, value in content.items():
            _append(element, key, value)
    else:
        child = CHILDREN[root]
        for item in content:
            _append(element, child, item)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(element, encoding="unicode")


def to_json(content) -> str:
    return json.dumps(content, ensure_ascii=False)


def render(fmt: str, root: str, content) -> str:
    return to_xml(root, content) if fmt == XML else to_json(content)

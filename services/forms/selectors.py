"""Reads of admin-built forms: which request types residents may make, and the
version of each that residents are asked now."""

from __future__ import annotations

from django.db.models import Exists, OuterRef
from django.http import Http404

from casework import registry
from casework.journeys import Step
from casework.models import RequestType
from services.forms.apps import SLUG
from services.forms.definition import shown
from services.forms.fields import AddressField, page_form_class
from services.forms.models import FormVersion


def service():
    return registry.service(SLUG)


def _published():
    return Exists(FormVersion.objects.filter(form__request_type=OuterRef("pk")))


def request_type_list() -> list[RequestType]:
    """Request types with a published form that residents may make now, by name."""
    return list(
        RequestType.objects.filter(_published(), active=True, service=SLUG).order_by("name", "pk")
    )


def request_type_get(*, slug: str) -> RequestType:
    """An active request type with a published form, its latest version attached
    (``request_type.form_version``); 404 for anything else."""
    request_type = (
        RequestType.objects.select_related("team")
        .filter(_published(), active=True, service=SLUG, slug=slug)
        .first()
    )
    if request_type is None:
        raise Http404
    request_type.form_version = version_latest(request_type=request_type)
    return request_type


def version_latest(*, request_type) -> FormVersion | None:
    return FormVersion.objects.filter(form__request_type=request_type).order_by("-number").first()


def _when(condition):
    return None if not condition else (lambda values: shown(condition, values))


def steps_for(definition: dict) -> tuple[Step, ...]:
    """One journey step a page: asked when the page's condition is met."""
    return tuple(
        Step(
            f"page-{number}",
            page_form_class(page),
            page["title"],
            when=_when(page.get("condition")),
        )
        for number, page in enumerate(definition["pages"], start=1)
    )


def version_steps(version: FormVersion) -> tuple[Step, ...]:
    return steps_for(version.definition)


def address_prefill(*, form_class, citizen) -> dict:
    """A page's address questions, not answered yet, start at the resident's own address
    (chosen in the list of its postcode): they look up another to change it."""
    keys = [k for k, f in form_class.base_fields.items() if isinstance(f, AddressField)]
    if not keys or not citizen.address_id:
        return {}
    address = citizen.address
    return {key: [address.postcode, str(address.uprn), "", "", ""] for key in keys}

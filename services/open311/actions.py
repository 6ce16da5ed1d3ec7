"""Writes for the Open311 server: API keys, and service requests through casework."""

from django.db import transaction
from django.utils import timezone

from casework import actions as case_actions
from casework.models import Case, Channel, RequestType
from services.open311.models import PREFIX_LENGTH, ApiKey, hash_key, new_key


@transaction.atomic
def api_key_create(*, name: str) -> tuple[ApiKey, str]:
    """A new key for ``name``: the key itself is returned once and never stored."""
    key = new_key()
    api_key = ApiKey.objects.create(name=name, key_hash=hash_key(key), prefix=key[:PREFIX_LENGTH])
    return api_key, key


@transaction.atomic
def api_key_revoke(*, name: str) -> int:
    return ApiKey.objects.filter(name=name, active=True).update(active=False)


def api_key_check(*, key: str) -> ApiKey | None:
    """The active key ``key`` is, noting its use; None for a missing, unknown or revoked key."""
    if not key:
        return None
    api_key = ApiKey.objects.filter(key_hash=hash_key(key), active=True).first()
    if api_key is not None:
        ApiKey.objects.filter(pk=api_key.pk).update(last_used=timezone.now())
    return api_key


def service_request_create(
    *,
    request_type: RequestType,
    description: str,
    attributes: dict[str, str],
    latitude: float | None,
    longitude: float | None,
    address_string: str,
    address=None,
    contact_name: str,
    contact_email: str,
    contact_phone: str,
) -> Case:
    """A service request POSTed by an Open311 client becomes a case (channel API)."""
    answers = {"description": description, **attributes}
    return case_actions.case_submit(
        request_type=request_type,
        answers=answers,
        summary=description,
        contact_name=contact_name,
        contact_email=contact_email,
        contact_phone=contact_phone,
        address=address,
        latitude=latitude,
        longitude=longitude,
        location_text=address_string,
        channel=Channel.API,
    )

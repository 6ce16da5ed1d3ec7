"""Writes for the Open311 server: API keys, and service requests through casework."""

import logging

from django.conf import settings
from django.core.cache import cache
from django.db import transaction

from casework import actions as case_actions
from casework.models import Case, Channel, RequestType
from core import clock
from integrations.open311.models import PREFIX_LENGTH, ApiKey, hash_key, new_key

logger = logging.getLogger(__name__)
RATE_WINDOW_SECONDS = 60


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
        ApiKey.objects.filter(pk=api_key.pk).update(last_used=clock.now())
    return api_key


def api_key_throttle(*, api_key: ApiKey) -> int:
    """Count a POST by ``api_key``: the seconds it must wait, or 0 when it may go ahead.

    At most ``settings.OPEN311_POSTS_PER_MINUTE`` a minute per key (a window of the
    clock minute, counted in the cache). If the cache is down, nothing is held up.
    """
    now = clock.now().timestamp()
    window = int(now // RATE_WINDOW_SECONDS)
    counter = f"open311:posts:{api_key.pk}:{window}"
    try:
        cache.add(counter, 0, timeout=RATE_WINDOW_SECONDS * 2)
        count = cache.incr(counter)
    except Exception:  # the cache is down (or the counter just expired): let it through
        logger.warning("Open311 rate limit not applied: the cache did not answer", exc_info=True)
        return 0
    if count <= settings.OPEN311_POSTS_PER_MINUTE:
        return 0
    return max(1, RATE_WINDOW_SECONDS - int(now % RATE_WINDOW_SECONDS))


@transaction.atomic
def service_request_create(
    *,
    request_type: RequestType,
    description: str,
    attributes: dict,
    media_url: str = "",
    latitude: float | None,
    longitude: float | None,
    address_string: str,
    address=None,
    contact_name: str,
    contact_email: str,
    contact_phone: str,
    made_with=None,
) -> Case:
    """A service request POSTed by an Open311 client becomes a case (channel API); the
    answers to an admin-built form keep the version they answered (``made_with``)."""
    answers = {"description": description, **attributes}
    if media_url:
        answers["media_url"] = media_url
    case = case_actions.case_submit(
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
    if made_with is not None:
        made_with.case_made(case)
    return case

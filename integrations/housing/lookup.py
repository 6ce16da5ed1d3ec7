"""The reads the portal makes of the housing system, with the council's settings.

``tenancy_get`` answers a Tenancy, None (no tenancy with that reference), or raises
``HousingUnavailable`` with a reason for staff: turned off (``HOUSING_URL`` empty), no answer
in time, or an answer that cannot be used. Caching is the caller's business: only it knows
whose eyes the tenancy is for.
"""

import datetime
import http.client
import logging
from urllib.parse import urlsplit

from django.conf import settings

from integrations.housing import client, mapping

log = logging.getLogger(__name__)


class HousingUnavailable(Exception):
    """The housing system could not be read; the message says why, for staff."""


def base_url() -> str:
    return (getattr(settings, "HOUSING_URL", "") or "").strip()


def settings_problem() -> str:
    base = base_url()
    if not base:
        return "the housing system is turned off (HOUSING_URL is empty)"
    if urlsplit(base).scheme not in ("http", "https"):
        return "HOUSING_URL is not an http:// or https:// address"
    return ""


def timeout() -> float:
    return float(getattr(settings, "HOUSING_TIMEOUT", mapping.DEFAULT_TIMEOUT))


def api_key() -> str:
    return getattr(settings, "HOUSING_API_KEY", "") or ""


def _get(url: str) -> client.Response:
    problem = settings_problem()
    if problem:
        raise HousingUnavailable(problem)
    try:
        return client.request(
            "GET", url, headers=mapping.request_headers(api_key=api_key()), timeout=timeout()
        )
    except (OSError, http.client.HTTPException) as exc:
        log.warning("housing: read: %s", exc)
        raise HousingUnavailable(mapping.unreachable(exc)) from None


def tenancy_get(*, reference: str) -> mapping.Tenancy | None:
    response = _get(mapping.tenancy_url(base_url(), reference))
    try:
        return mapping.parse_tenancy(response.status, response.body, reference=reference)
    except mapping.HousingUnusable as exc:
        log.warning("housing: tenancy read: %s", exc)
        raise HousingUnavailable(str(exc)) from None


def availability_get(*, trade: str, on: datetime.date) -> list[mapping.Slot]:
    """The contractor's slots with places for ``trade`` from the day after ``on``."""
    response = _get(mapping.availability_url(base_url(), trade=trade, on=on))
    try:
        return mapping.parse_availability(response.status, response.body)
    except mapping.HousingUnusable as exc:
        log.warning("housing: availability read: %s", exc)
        raise HousingUnavailable(str(exc)) from None

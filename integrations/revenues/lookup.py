"""The one read the portal makes of the revenues system, with the council's settings.

``account_get`` answers an Account, None (no account with that number), or raises
``RevenuesUnavailable`` with a reason for staff: turned off (``REVENUES_URL`` empty), no
answer in time, or an answer that cannot be used. Caching is the caller's business: only
it knows whose eyes the account is for.
"""

import http.client
import logging
from urllib.parse import urlsplit

from django.conf import settings

from integrations.revenues import client, mapping

log = logging.getLogger(__name__)


class RevenuesUnavailable(Exception):
    """The account could not be read; the message says why, for staff."""


def settings_problem() -> str:
    base = base_url()
    if not base:
        return "the revenues system is turned off (REVENUES_URL is empty)"
    if urlsplit(base).scheme not in ("http", "https"):
        return "REVENUES_URL is not an http:// or https:// address"
    return ""


def base_url() -> str:
    return (getattr(settings, "REVENUES_URL", "") or "").strip()


def timeout() -> float:
    return float(getattr(settings, "REVENUES_TIMEOUT", mapping.DEFAULT_TIMEOUT))


def api_key() -> str:
    return getattr(settings, "REVENUES_API_KEY", "") or ""


def account_get(*, account_number: str) -> mapping.Account | None:
    problem = settings_problem()
    if problem:
        raise RevenuesUnavailable(problem)
    url = mapping.account_url(base_url(), account_number)
    try:
        response = client.request(
            "GET", url, headers=mapping.request_headers(api_key=api_key()), timeout=timeout()
        )
    except (OSError, http.client.HTTPException) as exc:
        log.warning("revenues: account read: %s", exc)
        raise RevenuesUnavailable(mapping.unreachable(exc)) from None
    try:
        return mapping.parse_account(response.status, response.body, account_number=account_number)
    except mapping.RevenuesUnusable as exc:
        log.warning("revenues: account read: %s", exc)
        raise RevenuesUnavailable(str(exc)) from None


def landlord_get(*, reference: str) -> mapping.Landlord | None:
    """A landlord paid Housing Benefit direct; None when there is none with that reference.
    Raises RevenuesUnavailable, as ``account_get`` does."""
    problem = settings_problem()
    if problem:
        raise RevenuesUnavailable(problem)
    url = mapping.landlord_url(base_url(), reference)
    try:
        response = client.request(
            "GET", url, headers=mapping.request_headers(api_key=api_key()), timeout=timeout()
        )
    except (OSError, http.client.HTTPException) as exc:
        log.warning("revenues: landlord read: %s", exc)
        raise RevenuesUnavailable(mapping.unreachable(exc)) from None
    try:
        return mapping.parse_landlord(response.status, response.body, reference=reference)
    except mapping.RevenuesUnusable as exc:
        log.warning("revenues: landlord read: %s", exc)
        raise RevenuesUnavailable(str(exc)) from None

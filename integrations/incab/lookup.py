"""The one question the portal asks the in-cab system, with the council's settings.

``round_record`` answers a RoundRecord, None (the in-cab system has no record of
that round that day), or raises ``IncabUnavailable`` with a reason for staff:
turned off (``WASTE_INCAB_URL`` empty), no answer in time, or an answer that
cannot be used. Nothing is cached: a round's record changes while it is out.
"""

import datetime
import http.client
import logging
from urllib.parse import urlsplit

from django.conf import settings

from integrations.incab import client, mapping

log = logging.getLogger(__name__)


class IncabUnavailable(Exception):
    """The crews' records could not be checked; the message says why, for staff."""


def base_url() -> str:
    return (getattr(settings, "WASTE_INCAB_URL", "") or "").strip()


def round_record(*, round_code: str, day: datetime.date) -> mapping.RoundRecord | None:
    base = base_url()
    if not base:
        raise IncabUnavailable("the in-cab check is turned off (WASTE_INCAB_URL is empty)")
    if urlsplit(base).scheme not in ("http", "https"):
        raise IncabUnavailable("WASTE_INCAB_URL is not an http:// or https:// address")
    url = mapping.round_url(base, round_code, day)
    timeout = float(getattr(settings, "WASTE_INCAB_TIMEOUT", mapping.DEFAULT_TIMEOUT))
    try:
        response = client.get(url, timeout=timeout)
    except (OSError, http.client.HTTPException) as exc:
        log.warning("incab: %s %s: %s", round_code, day, exc)
        raise IncabUnavailable(mapping.unreachable(exc)) from None
    try:
        return mapping.parse_round(response.status, response.body, round_code=round_code, day=day)
    except mapping.IncabUnusable as exc:
        log.warning("incab: %s %s: %s", round_code, day, exc)
        raise IncabUnavailable(str(exc)) from None

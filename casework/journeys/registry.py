"""The journeys the portal has, by slug: a draft names its journey (``"journey"`` in its
answers), and so a service with several journeys of one request type resumes the right one."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.urls import get_resolver

if TYPE_CHECKING:
    from casework.journeys.definition import Journey

_journeys: dict[str, Journey] = {}


def journey_register(journey: Journey) -> None:
    _journeys[journey.slug] = journey


def journey_get(slug) -> Journey | None:
    if not isinstance(slug, str):
        return None
    if slug not in _journeys:
        get_resolver().url_patterns  # journeys register as the URLs load  # noqa: B018
    return _journeys.get(slug)

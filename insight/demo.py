"""The demo council's published service standards, and its first count of the figures
(portal.demo calls ``load``). Safe to repeat: a standard already there is left alone."""

from __future__ import annotations

from casework.models import RequestType
from insight.actions import summaries_refresh
from insight.models import ServiceStandard

# (service, standard in plain words, request type slugs, target %)
STANDARDS = [
    (
        "waste",
        "We collect a reported missed bin within 2 working days",
        ("missed-collection",),
        95,
    ),
    ("waste", "We deliver a new bin or box within 10 working days", ("container-order",), 90),
    (
        "highways",
        "We make a reported pothole safe within 10 working days",
        ("pothole",),
        90,
    ),
    (
        "highways",
        "We clear reported fly-tipping within 5 working days",
        ("fly-tipping",),
        90,
    ),
    ("general", "We answer your question within 10 working days", ("general-enquiry",), 90),
]


def standards_load() -> int:
    """Make the demo standards whose request types exist; returns how many were made."""
    made = 0
    for order, (service, wording, slugs, target) in enumerate(STANDARDS):
        types = list(RequestType.objects.filter(slug__in=slugs))
        if not types or ServiceStandard.objects.filter(wording=wording).exists():
            continue
        standard = ServiceStandard.objects.create(
            service=service, wording=wording, target_percent=target, order=order
        )
        standard.request_types.set(types)
        made += 1
    return made


def load() -> list[str]:
    made = standards_load()
    result = summaries_refresh()
    return [
        f"Service standards: {made} made, {ServiceStandard.objects.count()} in all "
        "(/performance/); figures counted for "
        f"{result.days} day(s) (the managers' dashboard: /staff/insight/)"
    ]

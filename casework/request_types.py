"""Registered request types become RequestType rows (AD1).

Service apps describe their request types in code (casework.registry); this
creates the rows (and the teams they name) that do not exist yet. Once a row
exists, admins own it: it is never changed here, however the code's defaults
change later. An admin who wants a request type gone should untick "active":
a deleted one is created again by the next sync.
"""

from dataclasses import dataclass, field

from django.db import transaction

from casework import registry
from casework.models import RequestType, Team


@dataclass
class SyncResult:
    teams: list[Team] = field(default_factory=list)
    request_types: list[RequestType] = field(default_factory=list)
    # (slug, service registering it, service that owns the row) when two claim one slug.
    clashes: list[tuple[str, str, str]] = field(default_factory=list)


@transaction.atomic
def request_types_sync() -> SyncResult:
    """Create what is registered and missing; leave everything that exists alone."""
    result = SyncResult()
    existing = dict(RequestType.objects.values_list("slug", "service"))
    for definition in registry.services():
        for defaults in definition.request_types:
            if defaults.slug in existing:
                if existing[defaults.slug] != definition.slug:
                    result.clashes.append((defaults.slug, definition.slug, existing[defaults.slug]))
                continue
            request_type = RequestType.objects.create(
                service=definition.slug,
                slug=defaults.slug,
                name=str(defaults.name),
                description=str(defaults.description),
                sla_days=defaults.sla_days,
                sla_working_days=defaults.sla_working_days,
                statutory_days=defaults.statutory_days,
                clock_stops_when_awaiting_customer=defaults.clock_stops_when_awaiting_customer,
                team=_team(defaults.team, result),
                auth_tier=defaults.auth_tier,
                needs_address=defaults.needs_address,
                needs_location=defaults.needs_location,
                followable=defaults.followable,
                public=defaults.public,
                fee_pence=defaults.fee_pence,
                questions=[_plain(question) for question in defaults.questions],
                notice=str(defaults.notice),
                notification_texts={
                    key: str(text) for key, text in defaults.notification_texts.items()
                },
                connector=defaults.connector,
                connector_settings=dict(defaults.connector_settings),
            )
            existing[defaults.slug] = definition.slug
            result.request_types.append(request_type)
    return result


def _plain(question: dict) -> dict:
    """Lazy translations in a registered question become text for the JSON field."""
    return {
        key: [str(choice) for choice in value]
        if isinstance(value, list | tuple)
        else (value if isinstance(value, bool) else str(value))
        for key, value in question.items()
    }


def _team(slug: str, result: SyncResult) -> Team | None:
    if not slug:
        return None
    team, created = Team.objects.get_or_create(
        slug=slug, defaults={"name": slug.replace("-", " ").title()}
    )
    if created:
        result.teams.append(team)
    return team

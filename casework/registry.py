"""Service apps register what they offer here, in their AppConfig.ready().

casework never imports a service app (ARCHITECTURE: which way the arrows point);
services describe themselves to it. A request type's defaults become a
RequestType row once (``manage.py sync_request_types``); after that admins own it.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from accounts import data_export
from core.registry import Registry


@dataclass(frozen=True)
class RequestTypeDefaults:
    slug: str
    name: str
    description: str = ""
    sla_days: int = 10
    sla_working_days: bool = True
    statutory_days: int | None = None
    clock_stops_when_awaiting_customer: bool = True
    team: str = ""  # a Team slug
    auth_tier: int = 1
    needs_address: bool = False
    needs_location: bool = False
    followable: bool = False
    public: bool = False
    fee_pence: int | None = None  # paid online before the request goes ahead
    questions: tuple = ()  # casework.questions format
    notice: str = ""
    notification_texts: dict = field(default_factory=dict)
    # The back office each case goes to (integrations.connectors), and its settings.
    connector: str = ""
    connector_settings: dict = field(default_factory=dict)


@dataclass(frozen=True)
class StaffPage:
    """A service's own page for staff (under /staff/<service>/), listed on the staff home
    for the people ``allowed(user)`` lets in: the same rule the page itself applies."""

    title: str
    url_name: str
    allowed: Callable[[Any], bool]


@dataclass(frozen=True)
class ServiceDefinition:
    slug: str
    name: str
    summary: str = ""
    request_types: tuple[RequestTypeDefaults, ...] = ()
    # Templates included on the resident's home page, each given {"user": ...}.
    home_panels: tuple[str, ...] = ()
    start_url_name: str = ""
    staff_pages: tuple[StaffPage, ...] = ()
    # Questions of the service's request types answered from outside its pages (Open311
    # ``attribute[code]``): ``api_questions(request_type)`` returns None (the request
    # type's own ``questions`` apply) or an object with ``questions()`` (plain dicts:
    # key, label, hint, kind, required, choices, condition), ``answer(given)`` (given:
    # {code: [values]}; returns (answers by label, problems)) and ``case_made(case)``.
    api_questions: Callable[[Any], Any] | None = None
    # Sections of the resident's "download my data", by name: ``fn(user)`` returns
    # JSON-serialisable data (accounts.data_export).
    data_export: Mapping[str, Callable[[Any], Any]] = field(default_factory=dict)
    # ``fn(user)`` inside the transaction that closes an account: the service's retention
    # rules for what it keeps of that person.
    on_account_closed: Callable[[Any], None] | None = None
    # ``fn()`` adds the service's part of the demo council (portal/demo.py, once the town
    # and its people exist) and says what it did: a line or a list of lines. Demos run in
    # the registry's order: a service whose demo builds on another's registers ``after`` it.
    demo: Callable[[], str | list[str]] | None = None
    # Admin-built forms the demo council has for this service: specs that the forms
    # service's demo builds as an administrator would (core.demo ``page`` and ``q``).
    demo_forms: tuple[dict, ...] = ()


class ServiceRegistry(Registry[ServiceDefinition]):
    """The services, by slug. A service's account hooks go to accounts' own registries
    as it registers, so that accounts never imports casework or the services."""

    def register(self, key, value, **options):
        for name, section in value.data_export.items():
            data_export.sections.register(name, section)
        if value.on_account_closed is not None:
            data_export.closing_hooks.register(value.slug, value.on_account_closed)
        return super().register(key, value, **options)


definitions = ServiceRegistry("services", key=lambda definition: definition.slug)


def services() -> list[ServiceDefinition]:
    # Names are lazy translations: str() translates each once, not at every comparison.
    return sorted(definitions.values(), key=lambda s: str(s.name))


def service(slug: str) -> ServiceDefinition | None:
    return definitions.get(slug)


def staff_pages_for(user) -> list[tuple[ServiceDefinition, StaffPage]]:
    """The services' staff pages this person may use, service by service."""
    return [
        (service, page)
        for service in services()
        for page in service.staff_pages
        if page.allowed(user)
    ]

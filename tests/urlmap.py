"""Every page of the portal, who may open it, and what everyone else gets.

Shared by the access matrix (tests/test_access_matrix.py, Django test client)
and the browser suite (tests/e2e/, real Chromium with axe), so that a new page
is checked by both the moment its URL exists.

What each app's pages need lives beside that app's tests, in a ``urlmap.py`` of
its test package (tests/services/housing/urlmap.py, tests/casework/urlmap.py...),
which may export:
- ``TABLE``: pages we do not decorate (allauth's, the Django admin's, and the ones
  that are deliberately public), with a ``Rule`` for how they behave; our own views
  declare their tier with the decorators in accounts/decorators.py (``auth_tier``
  1 or 2, ``staff_only``), read here from the view;
- ``PROVIDERS``: for a URL with arguments, a ``Provider`` that makes what they name;
- ``POST_ONLY``, ``REDIRECTING``, ``NOT_HTML``, ``NOT_CRAWLED``, ``ADMIN_ONLY``,
  ``PAGE_PERMISSIONS``, ``MEMBERS_ONLY``: the sets and tables of the same names below.
This module finds every such file (``tests/**/urlmap.py``), gathers them, and holds
the rules shared by all: who visits, and what each visitor should get.

A named URL that no module classifies makes ``classification_problems()`` report
it, and the access matrix fails: every future page gets classified by whoever adds it.
"""

from __future__ import annotations

import functools
import importlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from django.conf import settings
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from accounts import roles
from accounts.access import login_url, step_up_url
from tests.conftest import signed_in
from tests.urlmap_types import Provided, Provider, Rule

STAFF_PREFIXES = ("/staff/", "/admin/")


# --- Gathering each app's pages ------------------------------------------------------


def _app_modules() -> tuple:
    """Every tests/**/urlmap.py but this one, imported, in path order."""
    tests = Path(__file__).resolve().parent
    found = sorted(path for path in tests.rglob("urlmap.py") if path.parent != tests)
    return tuple(
        importlib.import_module(".".join(path.relative_to(tests.parent).with_suffix("").parts))
        for path in found
    )


APP_MODULES = _app_modules()


def gathered(attr: str, modules=None) -> dict:
    """Each app module's ``attr`` (a dict, or a set read as one), merged; a page listed
    by two modules is a mistake (one would silently win), so it stops the import."""
    merged: dict = {}
    for module in APP_MODULES if modules is None else modules:
        part = getattr(module, attr, {})
        part = part if isinstance(part, dict) else dict.fromkeys(part)
        twice = sorted(set(merged) & set(part))
        if twice:
            raise AssertionError(f"{module.__name__}.{attr} repeats {twice}, listed elsewhere")
        merged.update(part)
    return merged


TABLE: dict[str, Rule] = gathered("TABLE")
PROVIDERS: dict[str, Provider] = gathered("PROVIDERS")
# Views that refuse GET (the matrix expects 405 once the access gates are passed).
POST_ONLY = set(gathered("POST_ONLY"))
# Decorated pages whose GET sends the person on (302) once past the gates.
REDIRECTING = set(gathered("REDIRECTING"))
# Not HTML: no axe, no h1.
NOT_HTML = set(gathered("NOT_HTML"))
# Pages the browser crawl must not visit, and why.
NOT_CRAWLED: dict[str, str] = gathered("NOT_CRAWLED")
# Pages the matrix expects only an administrator to open, as if they needed BUILD_FORMS
# (administrators alone hold it): other staff get 403 (each module says who really may).
ADMIN_ONLY = set(gathered("ADMIN_ONLY"))
# What a staff page needs beyond a member of staff with a second factor: the
# permission (accounts.roles) a role must hold, or one of several, or the page is a 403.
PAGE_PERMISSIONS = {
    **gathered("PAGE_PERMISSIONS"),
    **{name: roles.BUILD_FORMS for name in ADMIN_ONLY},
}
# The members' area (/staff/members/): those who hold MEMBER_PERMISSIONS (councillors,
# member support officers; administrators hold every permission), so every other role of
# the matrix gets 403 there (tests/services/members/urlmap.py lists the pages).
MEMBER_PERMISSIONS = (roles.RAISE_MEMBER_ENQUIRY, roles.SUPPORT_MEMBERS)
MEMBERS_ONLY = set(gathered("MEMBERS_ONLY"))


def role_may(role: Role, permission: str | tuple[str, ...]) -> bool:
    """Does the visitor ``role`` hold ``permission`` (or one of several) (the admin fixture
    is a superuser)?"""
    if role.fixture == "admin_user":
        return True
    held = roles.ROLE_PERMISSIONS.get(STAFF_ROLE_FIXTURES.get(role.fixture), ())
    wanted = (permission,) if isinstance(permission, str) else permission
    return any(one in held for one in wanted)


# --- The URL enumeration ---------------------------------------------------------------

_UNDECLARED = object()


@dataclass(frozen=True)
class Route:
    name: str  # "accounts:security"
    pattern: str  # "account/security/"
    view: Callable
    arg_names: tuple[str, ...]
    declared_tier: object  # int from a decorator, or _UNDECLARED
    declared_staff_only: bool

    def __str__(self):
        return self.name

    @property
    def rule(self) -> Rule | None:
        return TABLE.get(self.name)

    @property
    def decorated(self) -> bool:
        return self.declared_tier is not _UNDECLARED

    @property
    def classified(self) -> bool:
        return self.decorated or self.rule is not None

    @property
    def tier(self) -> int:
        if self.decorated:
            return self.declared_tier
        return self.rule.tier if self.rule else 0

    @property
    def staff_only(self) -> bool:
        if self.decorated:
            return self.declared_staff_only
        return bool(self.rule and self.rule.staff_only)

    @property
    def html(self) -> bool:
        return self.name not in NOT_HTML

    @property
    def owned(self) -> bool:
        provider = PROVIDERS.get(self.name)
        return bool(provider and provider.owned)


def _view_chain(view):
    """The view, what it wraps (functools.wraps), and a class-based view's class."""
    seen = set()
    while view is not None and id(view) not in seen:
        seen.add(id(view))
        yield view
        view_class = getattr(view, "view_class", None)
        if view_class is not None:
            yield view_class
        if isinstance(view, functools.partial):
            view = view.func
        else:
            view = getattr(view, "__wrapped__", None)


def declared(view, attr: str, default):
    for candidate in _view_chain(view):
        value = getattr(candidate, attr, _UNDECLARED)
        if value is not _UNDECLARED:
            return value
    return default


def _arg_names(pattern) -> tuple[str, ...]:
    regex = getattr(pattern, "regex", None)
    return tuple(regex.groupindex) if regex is not None else ()


def _walk(resolver, prefix="", namespace="", args=()):
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            ns = namespace
            if entry.namespace:
                ns = f"{namespace}{entry.namespace}:"
            yield from _walk(
                entry, prefix + str(entry.pattern), ns, args + _arg_names(entry.pattern)
            )
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), namespace, entry, args + _arg_names(entry.pattern)


def _skipped(pattern: str, namespace: str, entry: URLPattern) -> bool:
    if namespace == "admin:":
        return entry.name != "index"  # the admin's own pages sit behind its index
    module = getattr(entry.callback, "__module__", "") or ""
    return pattern.startswith((settings.STATIC_URL.lstrip("/"), "media/")) or module.startswith(
        ("django.views.static", "django.contrib.staticfiles")
    )


def all_patterns(urlconf=None):
    """(pattern, namespace, URLPattern, argument names) for everything the project routes."""
    return [
        (pattern, namespace, entry, args)
        for pattern, namespace, entry, args in _walk(get_resolver(urlconf))
        if not _skipped(pattern, namespace, entry)
    ]


@functools.cache
def routes(urlconf=None) -> tuple[Route, ...]:
    """Every named URL; of two with one name, the last, as reverse() picks."""
    found = {}
    for pattern, namespace, entry, args in all_patterns(urlconf):
        if not entry.name:
            continue  # reported by classification_problems()
        name = namespace + entry.name
        view = entry.callback
        found[name] = Route(
            name=name,
            pattern=pattern,
            view=view,
            arg_names=args,
            declared_tier=declared(view, "auth_tier", _UNDECLARED),
            declared_staff_only=bool(declared(view, "staff_only", False)),
        )
    return tuple(found.values())


def classification_problems(urlconf=None) -> list[str]:
    """Everything that stops the matrix from knowing who may open a page."""
    problems = []
    for pattern, _namespace, entry, _args in all_patterns(urlconf):
        if not entry.name:
            problems.append(f"/{pattern}: give it a name so that it can be classified")
    names = set()
    for route in routes(urlconf):
        names.add(route.name)
        where = f"{route.name} (/{route.pattern})"
        if not route.classified:
            problems.append(
                f"{where}: not classified. Decorate the view (signed_in_required, "
                "tier2_required, staff_required) or, if it is deliberately public or "
                "someone else's (allauth, admin), add it to TABLE in its app's tests/<app>/urlmap.py"
            )
        if route.decorated and route.rule is not None:
            problems.append(f"{where}: decorated and also in TABLE; drop the TABLE entry")
        if route.arg_names and route.name not in PROVIDERS:
            problems.append(
                f"{where}: takes {', '.join(route.arg_names)}; add an argument provider "
                "to PROVIDERS in its app's tests/<app>/urlmap.py"
            )
        if ("/" + route.pattern).startswith(STAFF_PREFIXES) and not route.staff_only:
            problems.append(f"{where}: in a staff area but not staff_only")
    for listed in [*TABLE, *PROVIDERS, *POST_ONLY, *NOT_HTML, *NOT_CRAWLED]:
        if listed not in names:
            problems.append(f"{listed}: listed in a tests/**/urlmap.py but no such URL; remove it")
    return problems


# --- Who visits ------------------------------------------------------------------------


@dataclass(frozen=True)
class Role:
    name: str
    fixture: str | None  # the tests/conftest.py fixture that gives the person
    verified: bool = False  # a second factor passed in this session (tier 2)
    staff: bool = False
    stranger: bool = False  # asks for another resident's things

    def __str__(self):
        return self.name

    @property
    def anonymous(self) -> bool:
        return self.fixture is None


ANONYMOUS = Role("anonymous", None)
RESIDENT = Role("resident", "citizen")
RESIDENT_VERIFIED = Role("resident_verified", "citizen", verified=True)
ANOTHER_RESIDENT = Role("another_resident", "another_citizen", verified=True, stranger=True)
STAFF_UNVERIFIED = Role("staff_unverified", "agent", staff=True)
STAFF_VERIFIED = Role("staff_verified", "agent", verified=True, staff=True)
ADMIN_VERIFIED = Role("admin_verified", "admin_user", verified=True, staff=True)

ROLES = (
    ANONYMOUS,
    RESIDENT,
    RESIDENT_VERIFIED,
    ANOTHER_RESIDENT,
    STAFF_UNVERIFIED,
    STAFF_VERIFIED,
    ADMIN_VERIFIED,
)
# Staff in each role (accounts.roles), each with a second factor passed: every staff
# page is tried as each of them (tests/test_access_matrix.py).
STAFF_ROLE_FIXTURES = {
    "agent": roles.AGENT,
    "caseworker": roles.CASEWORKER,
    "team_lead": roles.TEAM_LEAD,
    "manager": roles.MANAGER,
    "councillor": roles.COUNCILLOR,
    "member_support": roles.MEMBER_SUPPORT,
    "admin_user": roles.ADMINISTRATOR,
}
STAFF_ROLES = tuple(
    Role(f"staff_{fixture}", fixture, verified=True, staff=True) for fixture in STAFF_ROLE_FIXTURES
)
OWNER_FIXTURE = "citizen"  # whose things strangers and anonymous visitors ask for


def client_for(user, *, verified: bool = False) -> Client:
    """A test client for ``user``: anonymous when None, tier 2 in session when ``verified``."""
    return Client() if user is None else signed_in(user, verified=verified)


def people(role: Role, getfixturevalue) -> tuple[object | None, object]:
    """(visitor, owner) for a role: owner is whose things the URL arguments name."""
    visitor = getfixturevalue(role.fixture) if role.fixture else None
    owner = visitor if visitor is not None and not role.stranger else None
    if owner is None:
        owner = getfixturevalue(OWNER_FIXTURE)
    return visitor, owner


def prepare(route: Route, *, client, visitor, owner) -> tuple[str, Provided]:
    """Reverse ``route`` to a path, creating what its arguments name."""
    provider = PROVIDERS.get(route.name)
    provided = Provided({})
    if provider is not None:
        session = client.session
        provided = provider.make(owner if provider.owned else visitor, session)
        session.save()
    return reverse(route.name, kwargs=provided.kwargs), provided


# --- What each visitor should get ----------------------------------------------------------


@dataclass(frozen=True)
class Outcome:
    status: int
    to: str | None = None  # a redirect's target: path and query

    def __str__(self):
        return f"{self.status} to {self.to}" if self.to else str(self.status)


def _to(name: str) -> Outcome:
    return Outcome(302, reverse(name))


def expected(route: Route, role: Role, path: str) -> Outcome:
    """What ``role`` should get on a GET of ``path`` (the reversed ``route``)."""
    rule = route.rule
    staff_area = route.staff_only or path.startswith(STAFF_PREFIXES)
    if role.anonymous:
        if route.tier >= 1 or staff_area:
            return Outcome(302, login_url(path))
        if rule and rule.anonymous_to:
            return _to(rule.anonymous_to)
        if route.owned:  # a page open to anonymous visitors (pay:return), but not to this one
            return Outcome(404)
    else:
        if staff_area:
            if not role.staff:
                return Outcome(403)
            if not role.verified:
                return Outcome(302, step_up_url(path))
            needed = PAGE_PERMISSIONS.get(route.name)
            if needed and not role_may(role, needed):
                return Outcome(403)
            if route.name in MEMBERS_ONLY and not role_may(role, MEMBER_PERMISSIONS):
                return Outcome(403)
        elif route.tier >= 2 and not role.verified:
            return Outcome(302, step_up_url(path))
        if rule and rule.signed_in_to:
            return _to(rule.signed_in_to)
        if role.stranger and route.owned:
            return Outcome(404)
    if route.name in POST_ONLY:
        return Outcome(405)
    if route.name in REDIRECTING:
        return Outcome(302)
    return Outcome(rule.status if rule else 200)


def same_place(location: str, target: str) -> bool:
    """Two URLs name the same place: same path, same query (however it is encoded)."""
    a, b = urlsplit(location), urlsplit(target)
    return a.path == b.path and parse_qs(a.query) == parse_qs(b.query)


def pages_for(role: Role) -> list[Route]:
    """The HTML pages ``role`` may open with a plain GET, for the browser crawl."""
    return [
        route
        for route in routes()
        if route.classified
        and route.html
        and route.name not in NOT_CRAWLED
        # The members' pages are crawled as the members' own people, for whom an enquiry is
        # theirs (tests/e2e/test_members.py checks each with axe).
        and not (route.name in MEMBERS_ONLY and role_may(role, MEMBER_PERMISSIONS))
        and expected(route, role, "/" + route.pattern).status == 200
    ]

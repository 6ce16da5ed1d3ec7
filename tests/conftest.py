"""Shared people for every test: a citizen, another citizen, staff and an admin.

``*_client`` fixtures are signed in; ``verified`` ones have also passed a second
factor in their session (tier 2), the way django_otp records it.
"""

import datetime
import os
from contextlib import ExitStack

import pytest
import redis
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.test import Client, override_settings
from django.utils import timezone
from django_otp import DEVICE_ID_SESSION_KEY

from accounts import roles
from accounts.wards import ward_boundaries_forget
from core import clock as project_clock
from integrations.notify import sms
from integrations.pay import fake as pay_fake
from portal.celery import app as celery_app
from tests.casework.factories import RequestTypeFactory
from tests.factories import UserFactory, add_totp_device


@pytest.fixture(scope="session", autouse=True)
def _own_redis_keys():
    """On Redis, each test process keeps its cache and its task queue under names of its own.

    xdist's processes each have a Redis database of their own (tests/settings.py), but
    two runs on one machine share them, and every test clears the cache: with a prefix
    of its own, one run's clearing never empties another's cache mid-test. Tasks that
    tests queue (nothing consumes them but the worker test) go to the process's own
    queue, which is deleted when the process ends, so the worker test never meets
    another run's tasks and nothing is left behind in Redis.
    """
    if not settings.REDIS_URL:
        yield
        return
    own = f"test-{os.getpid()}"
    routes = celery_app.conf.task_routes
    celery_app.conf.update(task_routes={"*": {"queue": own}})
    with override_settings(CACHES={"default": {**settings.CACHES["default"], "KEY_PREFIX": own}}):
        yield
    celery_app.conf.update(task_routes=routes)
    redis.Redis.from_url(settings.REDIS_URL).delete(
        own, f"_kombu.binding.{own}", f"_kombu.binding_permanent.{own}"
    )


@pytest.fixture(autouse=True)
def _isolated(settings, tmp_path):
    """Messages go to memory; rate-limit counters start empty for every test."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.SMS_BACKEND = "integrations.notify.sms.LocmemSMSBackend"
    settings.NOTIFY_API_KEY = ""  # a real key in .env must never reach tests
    settings.PAY_API_KEY = ""  # nor a GOV.UK Pay one: tests pay with the fake provider
    settings.PAY_FAKE_ALLOWED = True
    settings.PAY_FAKE_FILE = str(tmp_path / "pay-fake.json")  # the fake GOV.UK Pay's records
    pay_fake.in_process().forget()  # no failures or webhooks of an earlier test
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.REVENUES_URL = ""  # no council tax system unless a test starts the simulated one
    settings.REVENUES_DEMO_FILE = str(tmp_path / "revenues.json")
    settings.HOUSING_URL = ""  # no housing system unless a test starts the simulated one
    settings.HOUSING_DEMO_FILE = str(tmp_path / "housing.json")
    # Real hashing costs ~0.2 s a user; what is tested is who may sign in, not PBKDF2.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    if not settings.REDIS_URL:
        # The file cache in var/ is shared by every process on the machine; a test
        # run must not see (or clear) another's rate-limit counters.
        settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    sms.outbox.clear()
    cache.clear()
    ward_boundaries_forget()  # each test's wards are its own
    yield
    cache.clear()
    ward_boundaries_forget()


class StoppedClock:
    """The project clock (core/clock.py) held at a moment the test chooses.

    ``clock.set(date)`` puts it at midday on that date in the council's zone;
    ``clock.set(datetime)`` at that moment (a naive one is read in the council's zone);
    ``clock.advance(days=1, hours=2)`` moves it on. Until set it holds the real time
    at which the test started.
    """

    def __init__(self):
        self.moment = timezone.now()

    def __call__(self) -> datetime.datetime:
        return self.moment

    def set(self, when: datetime.date | datetime.datetime) -> None:
        if not isinstance(when, datetime.datetime):
            when = datetime.datetime.combine(when, datetime.time(12))
        if timezone.is_naive(when):
            when = timezone.make_aware(when)
        self.moment = when

    def advance(self, **delta) -> None:
        self.moment += datetime.timedelta(**delta)


@pytest.fixture
def clock(monkeypatch) -> StoppedClock:
    """The whole project's time, stopped; ``clock.set(...)`` moves it (see StoppedClock)."""
    stopped = StoppedClock()
    monkeypatch.setattr(project_clock, "_source", stopped)
    return stopped


@pytest.fixture
def registered():
    """registered(registry, key, entry): a plug-in (core.registry) for this test only."""
    with ExitStack() as stack:

        def register(registry, key: str, entry):
            stack.enter_context(registry.added({key: entry}))
            return entry

        yield register


def user_queries() -> int:
    """The queries a signed-in request spends reading its user once warm: the user row on
    the embedded default; none with Redis, where the principal is cached
    (accounts/principal.py)."""
    return 0 if settings.PRINCIPAL_CACHE else 1


def identity_queries() -> int:
    """The session row and the user row a signed-in request reads on the embedded default
    (SQLite); none with Redis, where both come from the cache (portal/sessions.py,
    accounts/principal.py)."""
    return (0 if settings.REDIS_URL else 1) + user_queries()


def signed_in(user, *, verified=False) -> Client:
    client = Client()
    client.force_login(user, backend=settings.AUTHENTICATION_BACKENDS[0])
    if verified:
        device = add_totp_device(user)
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
    return client


@pytest.fixture
def citizen(db):
    return UserFactory(first_name="Sam", email="sam@example.org")


@pytest.fixture
def another_citizen(db):
    return UserFactory(first_name="Alex", email="alex@example.org")


def _staff(role):
    user = UserFactory(is_staff=True)
    user.groups.add(Group.objects.get(name=role))
    return user


@pytest.fixture
def agent(db):
    return _staff(roles.AGENT)


@pytest.fixture
def caseworker(db):
    return _staff(roles.CASEWORKER)


@pytest.fixture
def team_lead(db):
    return _staff(roles.TEAM_LEAD)


@pytest.fixture
def manager(db):
    return _staff(roles.MANAGER)


@pytest.fixture
def councillor(db):
    return _staff(roles.COUNCILLOR)


@pytest.fixture
def member_support(db):
    return _staff(roles.MEMBER_SUPPORT)


@pytest.fixture
def admin_user(db):
    user = _staff(roles.ADMINISTRATOR)
    user.is_superuser = True
    user.save()
    return user


@pytest.fixture
def citizen_client(citizen):
    return signed_in(citizen)


@pytest.fixture
def resident(citizen_client):
    """The citizen, signed in (tier 1), as the resident's pages are tested. Some modules
    give the name their own meaning (the waste tests' resident is the citizen at home)."""
    return citizen_client


@pytest.fixture
def request_type(db):
    """A request type of the core's own, no service app behind it: report a broken bench
    (five days to answer, and residents may follow someone else's report)."""
    return RequestTypeFactory(name="Report a broken bench", sla_days=5, followable=True)


@pytest.fixture
def verified_citizen_client(citizen):
    return signed_in(citizen, verified=True)


@pytest.fixture
def verified_agent_client(agent):
    return signed_in(agent, verified=True)


@pytest.fixture
def verified_admin_client(admin_user):
    return signed_in(admin_user, verified=True)


def pytest_collection_modifyitems(config, items):
    """Tests marked ``postgres`` need PostgreSQL (and Redis): CI runs them, SQLite skips them."""
    from django.db import connection

    if connection.vendor == "postgresql" and settings.REDIS_URL:
        return
    skip = pytest.mark.skip(reason="needs DATABASE_URL=postgres://... and REDIS_URL")
    for item in items:
        if "postgres" in item.keywords:
            item.add_marker(skip)

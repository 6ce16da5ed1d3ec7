"""Clearing the cache leaves the rest of the Redis database alone.

Celery's broker is the same Redis as the cache (REDIS_URL): its queue of tasks waiting
for a worker is a list in that database. Django's own ``clear`` empties the database,
so clearing the cache would drop every task not yet picked up.
"""

import pytest
import redis
from django.conf import settings
from django.core.cache import caches

from portal.settings import redis_cache

pytestmark = pytest.mark.postgres  # needs the real Redis, which CI starts with PostgreSQL


@pytest.fixture
def database():
    connection = redis.Redis.from_url(settings.REDIS_URL)
    yield connection
    connection.delete("celery-queue-for-this-test", "other-prefix:1:kept")
    connection.close()


def test_clearing_the_cache_keeps_queued_tasks_and_other_prefixes(settings, database):
    settings.CACHES = {"default": {**redis_cache(settings.REDIS_URL), "KEY_PREFIX": "clear-*test"}}
    cache = caches["default"]
    database.lpush("celery-queue-for-this-test", "a task waiting for a worker")
    database.set("other-prefix:1:kept", "another cache's value")
    cache.set_many({f"key-{n}": n for n in range(1200)})  # more than one batch to delete
    assert cache.get("key-1199") == 1199

    assert cache.clear() is True

    assert cache.get_many([f"key-{n}" for n in range(1200)]) == {}
    assert database.lrange("celery-queue-for-this-test", 0, -1) == [b"a task waiting for a worker"]
    assert database.get("other-prefix:1:kept") == b"another cache's value"
    assert cache.clear() is False  # nothing left of its own to delete


def test_a_set_of_keys_is_kept_for_its_time_and_popped_whole(settings, database):
    """The sets the principal's sessions are listed in (accounts/principal.py)."""
    cache = caches["default"]
    cache.index_add("sessions-of-7", "session-b", 60)
    cache.index_add("sessions-of-7", "session-a", 60)
    cache.index_add("sessions-of-7", "session-a", 60)  # listed once
    assert 0 < database.ttl(cache.make_key("sessions-of-7")) <= 60
    assert cache.index_pop("sessions-of-7") == ["session-a", "session-b"]
    assert cache.index_pop("sessions-of-7") == []  # popped whole: nothing left


def test_a_set_of_keys_fails_open_while_redis_is_down(settings):
    settings.CACHES = {"default": redis_cache("redis://127.0.0.1:1/0")}  # nothing listens
    cache = caches["default"]
    cache.index_add("sessions-of-7", "session-a", 60)  # no error: the database holds sessions
    assert cache.index_pop("sessions-of-7") == []

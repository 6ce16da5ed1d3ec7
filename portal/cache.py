"""The cache on Redis, and what happens when Redis cannot be reached."""

import logging
import re
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

log = logging.getLogger(__name__)

OUTAGE = (RedisConnectionError, RedisTimeoutError)
RETRY_AFTER = 5.0  # seconds before Redis is tried again after it could not be reached
CLEAR_BATCH = 500  # keys deleted at a time when the cache is cleared


def glob_escape(text):
    """``text`` with Redis's pattern characters escaped, to match only itself."""
    return re.sub(r"([\\*?\[\]])", r"\\\1", text)


class PooledRedisCacheClient(RedisCacheClient):
    """Django's Redis cache client, keeping one ``redis.Redis`` per server.

    Django's makes a new ``redis.Redis`` for every cache call (over the same connection
    pool): building one fills its table of response callbacks, about 170 entries, which
    cost more than the read itself. A ``redis.Redis`` is safe to share between threads
    (each command takes a connection from the pool), so one is kept per pool.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        index = self._get_connection_pool_index(write)
        client = self._clients.get(index)
        if client is None:
            client = self._client(connection_pool=self._get_connection_pool(write))
            self._clients[index] = client
        return client

    def clear_matching(self, pattern):
        """Delete the keys matching ``pattern``, in batches, and say whether any were.

        Django's ``clear`` empties the whole Redis database (FLUSHDB), and Celery's
        queue of waiting tasks lives in the same database: clearing the cache would
        drop every task not yet picked up by a worker.
        """
        client = self.get_client(write=True)
        deleted = 0
        batch = []
        for key in client.scan_iter(match=pattern, count=CLEAR_BATCH):
            batch.append(key)
            if len(batch) == CLEAR_BATCH:
                deleted += client.unlink(*batch)
                batch = []
        if batch:
            deleted += client.unlink(*batch)
        return deleted > 0


class FailOpenRedisCache(RedisCache):
    """Django's RedisCache that, while Redis cannot be reached, acts like DummyCache.

    Reads miss, writes are dropped and ``add`` succeeds, so allauth's rate limits
    let people through (fail open) instead of every sign-in ending in a 500. Each
    outage is logged as a warning; /healthz, which reads back what it stored,
    still reports the cache as down. After a failure Redis is left alone for
    RETRY_AFTER seconds, so a request does not wait for a dead server at every
    cache call. ``incr``/``decr`` raise as DummyCache's do.
    """

    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = PooledRedisCacheClient
        self._down_until = 0.0

    def _or(self, fallback, call, *args, **kwargs):
        if time.monotonic() < self._down_until:
            return fallback
        try:
            return call(*args, **kwargs)
        except OUTAGE as exc:
            self._down_until = time.monotonic() + RETRY_AFTER
            log.warning("cache unavailable, carrying on without it for %ss: %s", RETRY_AFTER, exc)
            return fallback

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._or(True, super().add, key, value, timeout, version)

    def get(self, key, default=None, version=None):
        return self._or(default, super().get, key, default, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._or(None, super().set, key, value, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._or(False, super().touch, key, timeout, version)

    def delete(self, key, version=None):
        return self._or(False, super().delete, key, version)

    def get_many(self, keys, version=None):
        return self._or({}, super().get_many, keys, version)

    def has_key(self, key, version=None):
        return self._or(False, super().has_key, key, version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._or([], super().set_many, data, timeout, version)

    def delete_many(self, keys, version=None):
        return self._or(None, super().delete_many, keys, version)

    def index_add(self, key, member, timeout):
        """Add ``member`` (a string) to the set at ``key``, kept ``timeout`` seconds from now."""

        def add():
            name = self.make_and_validate_key(key)
            with self._cache.get_client(write=True).pipeline(transaction=False) as pipe:
                pipe.sadd(name, member).expire(name, int(timeout)).execute()

        self._or(None, add)

    def index_pop(self, key):
        """The members of the set at ``key`` (sorted strings), which is deleted with them read."""

        def pop():
            name = self.make_and_validate_key(key)
            with self._cache.get_client(write=True).pipeline(transaction=True) as pipe:
                members, _deleted = pipe.smembers(name).delete(name).execute()
            return sorted(member.decode() for member in members)

        return self._or([], pop)

    def clear(self):
        """Delete this cache's keys (those under its KEY_PREFIX), not the whole database.

        Celery's broker shares the Redis: its queued tasks, and another cache's keys
        (each test process has its own prefix), are left alone.
        """
        prefix = glob_escape(self.key_prefix)
        return self._or(False, self._cache.clear_matching, f"{prefix}:*")

"""The session store: Django's, with the portal's maximum session age enforced on load.

A session older than SESSION_MAX_AGE (counted from ``_started``, which
portal.middleware.SlidingSessionMiddleware writes) is deleted when it is first
read, so the check costs nothing on a request that never reads the session (a
bare page, a static file) and cannot be skipped by one that does: identity
always comes through the session.

With Redis (``REDIS_URL``) the session is read from the cache and written
through to the database (``cached_db``): one cache read a request.
"""

import time

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY
from django.contrib.sessions.backends import cached_db, db

from accounts import backends


class _MaxAgeMixin:
    def load(self):
        data = super().load()
        started = data.get("_started")
        if started is not None and int(time.time()) - started > settings.SESSION_MAX_AGE:
            self.delete(self.session_key)  # no one can come back with this id
            self._session_key = None
            return {}
        if data.get(BACKEND_SESSION_KEY) == backends.PREVIOUS_PATH:  # signed in before
            data[BACKEND_SESSION_KEY] = backends.PATH
        return data


# The store is chosen once, when settings are read: with Redis, cached_db.
_Store = cached_db.SessionStore if settings.REDIS_URL else db.SessionStore


class SessionStore(_MaxAgeMixin, _Store):
    pass

"""The session store: Django's, with the portal's maximum session age enforced on load.

A session older than SESSION_MAX_AGE (counted from ``_started``, which
portal.middleware.SlidingSessionMiddleware writes) is deleted when it is first
read, so the check costs nothing on a request that never reads the session (a
bare page, a static file) and cannot be skipped by one that does: identity
always comes through the session.

With Redis (``REDIS_URL``) the session is read from the cache and written
through to the database (``cached_db``), and the cached copy of a signed-in
session carries the person's principal (accounts/principal.py): one cache read
a request gives both the session and the user.
"""

import logging
import time

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, SESSION_KEY, get_user_model
from django.contrib.sessions.backends import cached_db, db

from accounts import backends
from accounts.principal import PRINCIPAL_SECONDS, principal_row_get, sessions_key

log = logging.getLogger(__name__)

CARRIED = "_principal"  # in the cached copy only: (row, when it was read); never in the database


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


class _CarriedPrincipalStore(cached_db.SessionStore):
    """cached_db, whose cached copy of a signed-in session carries the principal.

    ``principal_row`` is the carried row after a load (None if there was none or it
    was older than PRINCIPAL_SECONDS); accounts.backends uses it instead of reading
    the principal's own cache key. Whenever the copy is written, the session is added
    to the user's set of sessions, which ``principal_forget`` deletes.
    """

    principal_row = None

    def load(self):
        try:
            data = self._cache.get(self.cache_key)
        except Exception:  # noqa: BLE001 - as Django's: a key the cache refuses is a miss
            data = None
        if data is None:
            found = self._get_session_from_db()
            if not found:
                return {}
            data = self.decode(found.session_data)
            self._cache_write(data, self.get_expiry_age(expiry=found.expire_date))
            return data
        carried = data.pop(CARRIED, None)
        if carried is not None and time.time() - carried[1] <= PRINCIPAL_SECONDS:
            self.principal_row = carried[0]
        return data

    def save(self, must_create=False):
        db.SessionStore.save(self, must_create)  # the database, then the cached copy
        self._cache_write(self._session, self.get_expiry_age())

    def _cache_write(self, data, timeout):
        user_id = data.get(SESSION_KEY)
        listed = getattr(self._cache, "index_add", None)  # a cache that keeps sets (Redis)
        value = data
        try:
            if user_id is not None and settings.PRINCIPAL_CACHE and listed is not None:
                row, _user = principal_row_get(get_user_model(), user_id)
                self.principal_row = row
                if row is not None:
                    # Listed first: a principal forgotten from now on finds this copy.
                    listed(sessions_key(user_id), self.cache_key, settings.SESSION_MAX_AGE)
                    value = {**data, CARRIED: (row, time.time())}
            self._cache.set(self.cache_key, value, timeout)
        except Exception:  # noqa: BLE001 - as Django's: the database holds the session
            log.exception("Error saving the session to the cache")


# The store is chosen once, when settings are read: with Redis, cached_db.
_Store = _CarriedPrincipalStore if settings.REDIS_URL else db.SessionStore


class SessionStore(_MaxAgeMixin, _Store):
    pass

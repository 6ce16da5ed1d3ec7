"""Django's PostgreSQL backend, with the connection health check only where it pays.

With persistent connections (CONN_MAX_AGE) and CONN_HEALTH_CHECKS, Django sends
``SELECT 1`` before the first query of every request that uses the database: a
round trip each request to guard against a connection that died while idle (a
database restart, a proxy's idle timeout). A connection that answered less than
HEALTH_CHECK_AFTER seconds ago, and that psycopg does not already know to be
closed or broken, is trusted without asking; one idle for longer is checked as
before. Under load (when the round trip costs most) connections are never idle for
long, so the check is skipped; on a quiet site it still runs.
"""

import time

from django.db.backends.postgresql import base

HEALTH_CHECK_AFTER = 10.0  # seconds a connection may have been idle and still be trusted


class DatabaseWrapper(base.DatabaseWrapper):
    _last_used = float("-inf")

    def close_if_unusable_or_obsolete(self):
        # Called as each request starts and finishes: the connection just served one.
        super().close_if_unusable_or_obsolete()
        if self.connection is not None:
            self._last_used = time.monotonic()

    def is_usable(self):
        if self.connection is None or self.connection.closed or self.connection.broken:
            return False
        if time.monotonic() - self._last_used < HEALTH_CHECK_AFTER:
            return True
        return super().is_usable()

"""Settings for the test suite: the portal's own, with one change for parallel runs.

Under pytest-xdist every worker is a process of its own with its own test database
(pytest-django names it per worker). The cache and the broker need the same care:
tests clear the cache, so two workers on one Redis database would wipe each other's
rate-limit counters and sessions. Each worker therefore takes the Redis database after
the one REDIS_URL names (gw0 the named one, gw1 the next, ...), set here before the
portal's settings read the environment, so subprocesses a test starts inherit it too.
"""

import os
from urllib.parse import urlsplit, urlunsplit


def _worker_redis_url(url: str, worker: str) -> str:
    parts = urlsplit(url)
    base = int(parts.path.strip("/") or 0)
    return urlunsplit(parts._replace(path=f"/{base + int(worker.removeprefix('gw'))}"))


_worker = os.environ.get("PYTEST_XDIST_WORKER", "")
if _worker and os.environ.get("REDIS_URL"):
    os.environ["REDIS_URL"] = _worker_redis_url(os.environ["REDIS_URL"], _worker)

from portal.settings import *  # noqa: E402,F403

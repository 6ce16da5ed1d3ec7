"""gunicorn's settings for the portal's web process.

gunicorn reads this file itself when it starts in this folder, so the Dockerfile,
docker-compose.yml and scripts/production-smoke.sh all run the same command line,
`gunicorn portal.wsgi` (scripts/portal-process web), and cannot drift apart.

Workers are sync processes: a sign-in holds one for its whole password hash, so one
worker would stall the site. The default is gunicorn's advice, two per CPU this
process may use plus one, at most 16 (each worker holds the whole portal in memory).
WEB_CONCURRENCY overrides it. Every setting here can also be overridden per run with
GUNICORN_CMD_ARGS, e.g. GUNICORN_CMD_ARGS="--bind 127.0.0.1:8001".
"""

import os

MAX_DEFAULT_WORKERS = 16


def default_workers(cpus: int) -> int:
    return min(2 * cpus + 1, MAX_DEFAULT_WORKERS)


def usable_cpus() -> int:
    try:
        return len(os.sched_getaffinity(0))  # the CPUs a container or taskset allows
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


workers = int(os.environ.get("WEB_CONCURRENCY") or default_workers(usable_cpus()))
bind = [f"0.0.0.0:{os.environ.get('PORT', '8000')}"]
# Past this many seconds without a word from a worker, gunicorn restarts it.
timeout = 30
# Access log to standard output, beside the application's log.
accesslog = "-"

"""Health of what the portal depends on: database, cache, broker and its static files."""

import uuid

from django.conf import settings
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.cache import cache
from django.db import connection

from portal.celery import app


def check_database() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return "ok"


def check_cache() -> str:
    key = f"healthz:{uuid.uuid4().hex}"
    cache.set(key, "1", timeout=10)
    if cache.get(key) != "1":
        raise RuntimeError("cache did not return what was stored")
    cache.delete(key)
    return "ok"


def check_broker() -> str:
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return "in-process"

    with app.connection_for_write() as conn:
        conn.ensure_connection(max_retries=1, timeout=2)
    return "ok"


# What every page links to: a production build without it (collectstatic never ran, or
# ran elsewhere) would answer every page with an error, so the portal is not usable.
STATIC_PAGE_ASSETS = ("css/portal.css", "js/init.js")


def check_static() -> str:
    """Every page's stylesheet and script have a URL: with the manifest storage used in
    production, that needs the manifest that ``collectstatic`` writes."""
    for name in STATIC_PAGE_ASSETS:
        staticfiles_storage.url(name)  # ValueError when the manifest lacks it
    return "ok"


CHECKS = {
    "database": check_database,
    "cache": check_cache,
    "broker": check_broker,
    "static": check_static,
}


def health_report() -> tuple[bool, dict[str, str]]:
    """(usable, {component: status}); a failing component reports 'error' and its kind."""
    report = {}
    usable = True
    for name, check in CHECKS.items():
        try:
            report[name] = check()
        except Exception as exc:  # noqa: BLE001 - any failure means "not usable"
            report[name] = f"error: {type(exc).__name__}"
            usable = False
    return usable, report

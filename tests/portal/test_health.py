import pytest

from portal import health

pytestmark = pytest.mark.django_db


def test_healthz_reports_each_component(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    data = response.json()
    assert data["status"] == "ok"
    assert data["checks"]["database"] == "ok"
    assert data["checks"]["cache"] == "ok"
    assert data["checks"]["broker"] in ("ok", "in-process")


def test_healthz_is_503_when_a_component_is_down(client, monkeypatch):
    def broken():
        raise ConnectionError("refused")

    monkeypatch.setitem(health.CHECKS, "database", broken)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["checks"]["database"] == "error: ConnectionError"
    assert response.json()["status"] == "unavailable"


def test_healthz_notices_a_real_unreachable_broker(client, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    from portal.celery import app

    app.conf.broker_url = "redis://127.0.0.1:1/0"  # nothing listens on port 1
    try:
        response = client.get("/healthz")
    finally:
        app.conf.broker_url = settings.CELERY_BROKER_URL
    assert response.status_code == 503
    assert response.json()["checks"]["broker"].startswith("error")


def test_healthz_is_503_when_production_static_files_were_never_collected(
    client, settings, tmp_path
):
    """With the manifest storage production uses, a missing manifest would break every
    page: the load balancer must hear of it before residents do."""
    settings.STATIC_ROOT = tmp_path  # collectstatic never ran here: no manifest
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["checks"]["static"].startswith("error")
    assert response.json()["checks"]["database"] == "ok"

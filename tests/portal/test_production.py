"""The production shape: what `portal.settings.production` does when an operator runs it."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.management import call_command

from portal.checks import check_portal_base_url

SECRET = "x" * 20 + "a-long-random-production-secret-value-for-tests-only"


def production(*args: str, **env: str) -> subprocess.CompletedProcess:
    """Run `manage.py <args>` as deployed: production settings, nothing test-only."""
    environ = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DJANGO_ALLOW_ASYNC_UNSAFE", "PORTAL_BASE_URL", "STATIC_ROOT")
    }
    environ.update(
        DJANGO_SETTINGS_MODULE="portal.settings.production",
        SECRET_KEY=SECRET,
        ALLOWED_HOSTS="portal.example",
        **env,
    )
    return subprocess.run(  # noqa: S603 - our own manage.py, fixed arguments
        [sys.executable, "manage.py", *args],
        cwd=django_settings.BASE_DIR,
        env=environ,
        capture_output=True,
        text=True,
        timeout=180,
    )


def test_collectstatic_succeeds_with_production_hashed_names(settings, tmp_path):
    # The image's build step: a failure here stops the Dockerfile, and without the
    # collected files every HTML page is a 500. Production's storage is WhiteNoise's
    # compressing subclass of this one; hashing names (and so checking every file a
    # script or stylesheet refers to) is the part that failed. CI runs the real one.
    settings.STATIC_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"},
    }
    call_command("collectstatic", "--noinput", verbosity=0)
    manifest = (tmp_path / "staticfiles.json").read_text()
    assert '"vendor/leaflet/leaflet.js"' in manifest
    assert '"css/portal.css"' in manifest
    assert any(Path(tmp_path, "vendor", "leaflet").glob("leaflet.*.js"))


@pytest.mark.parametrize(
    "url",
    [
        "",  # unset: production settings have no default
        "http://myaccount.millbrook.gov.uk",
        "https://127.0.0.1:8000",
        "https://localhost",
        "https://[::1]:8443",
        "https://portal.localhost",
        "https://0.0.0.0",
        "myaccount.millbrook.gov.uk",
    ],
)
def test_the_deploy_check_refuses_a_base_url_residents_cannot_follow(settings, url):
    settings.PORTAL_BASE_URL = url
    assert [message.id for message in check_portal_base_url(None)] == ["portal.E001"]


def test_the_deploy_check_accepts_the_councils_https_address(settings):
    settings.PORTAL_BASE_URL = "https://myaccount.millbrook.gov.uk"
    assert check_portal_base_url(None) == []


def test_check_deploy_fails_without_portal_base_url():
    result = production("check", "--deploy")
    assert result.returncode != 0
    assert "PORTAL_BASE_URL is not set" in result.stderr
    result = production("check", "--deploy", PORTAL_BASE_URL="https://portal.example")
    assert "PORTAL_BASE_URL" not in result.stdout + result.stderr


def gunicorn_settings(**env: str) -> dict[str, str]:
    """The settings gunicorn resolves for the image's command line (`gunicorn portal.wsgi`)."""
    environ = {k: v for k, v in os.environ.items() if k not in ("WEB_CONCURRENCY", "PORT")}
    result = subprocess.run(  # noqa: S603 - gunicorn of this environment, fixed arguments
        [sys.executable, "-m", "gunicorn", "--print-config", "portal.wsgi"],
        cwd=django_settings.BASE_DIR,
        env={**environ, **env},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    pairs = (line.split("=", 1) for line in result.stdout.splitlines() if "=" in line)
    return {name.strip(): value.strip() for name, value in pairs}


def test_gunicorn_runs_two_workers_per_cpu_plus_one_by_default():
    # A sign-in holds a sync worker for its whole password hash: one worker stalls the site.
    cpus = len(os.sched_getaffinity(0))
    assert gunicorn_settings()["workers"] == str(min(2 * cpus + 1, 16))
    assert int(gunicorn_settings()["workers"]) >= 3


def test_web_concurrency_sets_the_number_of_gunicorn_workers():
    assert gunicorn_settings(WEB_CONCURRENCY="7")["workers"] == "7"


def test_gunicorn_listens_where_the_image_exposes_it():
    found = gunicorn_settings()
    assert found["bind"] == "['0.0.0.0:8000']"
    assert found["accesslog"] == "-"
    assert gunicorn_settings(PORT="8123")["bind"] == "['0.0.0.0:8123']"


def test_env_example_lists_every_setting_the_settings_read():
    # An operator fills in .env from .env.example: a setting missing there is one they
    # never hear of.
    base = Path(django_settings.BASE_DIR)
    source = "".join(path.read_text() for path in (base / "portal" / "settings").glob("*.py"))
    read = set(re.findall(r"\benv(?:\.\w+)?\(\s*\"([A-Z][A-Z0-9_]*)\"", source))
    listed = set(re.findall(r"^#? ?([A-Z][A-Z0-9_]*)=", (base / ".env.example").read_text(), re.M))
    assert {"SECRET_KEY", "PORTAL_BASE_URL", "DATABASE_URL", "STATIC_ROOT"} <= read
    assert read - listed == set()


def test_the_image_compose_and_smoke_start_processes_the_same_way():
    # One command line per process (scripts/portal-process): what CI's smoke runs is what
    # the image runs. gunicorn's own settings live in gunicorn.conf.py, nowhere else.
    base = Path(django_settings.BASE_DIR)
    dockerfile = (base / "Dockerfile").read_text()
    compose = (base / "docker-compose.yml").read_text()
    smoke = (base / "scripts" / "production-smoke.sh").read_text()
    assert 'CMD ["scripts/portal-process", "web"]' in dockerfile
    assert "scripts/portal-process migrate && exec scripts/portal-process web" in compose
    assert '["scripts/portal-process", "worker"]' in compose
    assert '["scripts/portal-process", "beat"]' in compose
    for process in ("migrate", "web", "worker", "beat"):
        assert f"scripts/portal-process {process}" in smoke
    assert not re.search(r"gunicorn\s+portal\.wsgi|--workers|celery\s+-A", dockerfile + compose)

"""The production path: a committed change is delivered by a real Celery worker via Redis."""

import os
import subprocess
import sys
import time

import pytest
import redis
from django.conf import settings
from django.db import connection, transaction

from integrations.outbox.actions import message_enqueue
from integrations.outbox.models import Message
from integrations.outbox.tasks import deliver_message_task
from portal.celery import app as celery_app

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def own_queue() -> str:
    """The queue this test process's tasks go to (tests/conftest.py gives each its own)."""
    return celery_app.amqp.router.route({}, deliver_message_task.name)["queue"].name


@pytest.fixture
def worker(tmp_path):
    """A Celery worker on the test database and Redis, as in production (one process).

    It consumes only this test process's queue, emptied first of tasks that earlier
    tests queued for messages long gone. Its output goes to a file, never to a pipe
    nobody reads (a full pipe would stop the worker mid-log), and is shown if the test fails.
    """
    queue = own_queue()
    assert queue != "celery"
    redis.Redis.from_url(settings.REDIS_URL).delete(queue)
    log = tmp_path / "worker.log"
    db = settings.DATABASES["default"]
    url = f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{connection.settings_dict['NAME']}"
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "REDIS_URL": settings.REDIS_URL,
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "EMAIL_FILE_PATH": str(tmp_path / "mail"),
    }
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    # tests/settings.py moves an xdist worker to the Redis database after REDIS_URL's; this
    # REDIS_URL is already that worker's, so the subprocess must not move it once more
    # (under gw1 it listened on database 2 while the test queued on database 1).
    env.pop("PYTEST_XDIST_WORKER", None)
    with log.open("wb") as out:
        process = subprocess.Popen(  # noqa: S603 - this interpreter, fixed arguments
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "portal",
                "worker",
                "--pool=solo",
                "--concurrency=1",
                "--without-heartbeat",
                "--without-gossip",
                "--without-mingle",
                "-Q",
                queue,
                "--loglevel=WARNING",
            ],
            cwd=settings.BASE_DIR,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
        yield tmp_path / "mail"
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()


@pytest.mark.timeout(120)  # the worker's start-up is slow on a loaded machine: fail on the assert
def test_a_committed_message_is_delivered_by_the_worker(worker, tmp_path):
    assert not settings.CELERY_TASK_ALWAYS_EAGER  # REDIS_URL set: a real broker
    with transaction.atomic():
        message = message_enqueue(
            kind="notify.email",
            payload={"to": "sam@example.org", "subject": "Test", "body": "Hello from the worker"},
        )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        message.refresh_from_db()
        if message.state == Message.State.DELIVERED:
            break
        time.sleep(0.5)
    assert message.state == Message.State.DELIVERED, (tmp_path / "worker.log").read_text()
    sent = list(worker.glob("*.log"))
    assert sent and "Hello from the worker" in sent[0].read_text()

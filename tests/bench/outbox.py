"""M6: back-office delivery through the outbox, with the back office failing 30 % of calls.

Run by ``python -m tests.bench`` in a subprocess, with DATABASE_URL pointing at the
benchmark's own (throwaway, migrated) database:

    python -m tests.bench.outbox 10000

Twice (failure rate 0.3, then 0.0) it submits N cases of a webhook request type
pointing at the simulated back office (in a thread), then delivers them by
running outbox sweeps in two processes at once (two workers' periodic sweeps),
making every waiting retry due between sweeps so that the
run is bounded by work, not by back-off. A message that runs out of attempts
(0.3 ** 8: about one in 15,000) is retried, as staff would from the "needs
attention" page. Then it checks that the back office holds every case exactly
once, under its own idempotency key, and every case is RECEIVED.

Prints two lines on standard output (the last token of the second is
``ratio=<value>``): each run's deliveries per second (cases delivered ÷ seconds
of sweeping), and the with-failures rate ÷ the clean rate. Progress goes to
standard error. The broker is not used: each submission's "deliver now" is
dropped, as if the broker were down, so that the sweeps do all the work.
"""

import json
import multiprocessing
import os
import sys
import time
import urllib.request
from http.server import ThreadingHTTPServer

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.bench.settings")
django.setup()

from django.db import connection  # noqa: E402

from casework import actions  # noqa: E402
from casework.models import Case, RequestType  # noqa: E402
from casework.workflow import Status  # noqa: E402
from core import clock as project_clock  # noqa: E402
from integrations.outbox import actions as outbox  # noqa: E402
from integrations.outbox import worker  # noqa: E402
from integrations.outbox.models import Message  # noqa: E402
from integrations.simulated_backoffice import BackOffice  # noqa: E402
from integrations.simulated_backoffice.server import make_handler  # noqa: E402

SECRET_ENV = "BENCH_BACKOFFICE_SECRET"
SECRET = "bench-back-office-secret-0123456789abcdef"
KIND = "connector.webhook"
SWEEP_LIMIT = 2000
MAX_SWEEPS = 500
SWEEPERS = 2  # sweeps running at once, as with two workers running the periodic sweep


def say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def _serve(pipe, failure_rate: float) -> None:
    """The back office, in its own process: the portal's side is what is measured."""
    office = BackOffice(secret=SECRET, failure_rate=failure_rate, seed=6)
    server = ThreadingHTTPServer(("127.0.0.1", 0), make_handler(office))
    server.daemon_threads = True
    pipe.send(server.server_address[1])
    server.serve_forever(poll_interval=0.05)


def _received(url: str) -> list[dict]:
    with urllib.request.urlopen(url, timeout=60) as answer:  # noqa: S310 - our own fake
        return json.load(answer)


def _waiting(cases_url: str):
    return Message.objects.filter(kind=KIND, payload__settings__url=cases_url)


def _sweeper(cases_url: str, *, retry: bool = False) -> tuple[int, int]:
    """Sweep until every message is delivered, as the periodic task does on each worker
    (``SWEEPERS`` of them at once). With ``retry``, also press "retry" on the messages
    that ran out of attempts, as staff would. Returns (sweeps, retried)."""
    waiting = _waiting(cases_url)
    sweeps = retried = 0
    while sweeps < MAX_SWEEPS:
        worker.outbox_sweep(limit=SWEEP_LIMIT)
        sweeps += 1
        if retry:
            stuck = list(
                waiting.filter(state=Message.State.NEEDS_ATTENTION).values_list("pk", flat=True)
            )
            if stuck:
                retried += outbox.message_retry(message_ids=stuck)
        waiting.filter(state=Message.State.PENDING).update(next_attempt_at=project_clock.now())
        if not waiting.exclude(state=Message.State.DELIVERED).exists():
            break
    connection.close()
    return sweeps, retried


def run(cases: int, failure_rate: float) -> dict:
    """Submit ``cases`` cases, deliver them all, check each arrived once. Returns the figures."""
    label = f"failure-rate-{failure_rate:g}"
    parent, child = multiprocessing.get_context("fork").Pipe()
    process = multiprocessing.get_context("fork").Process(
        target=_serve, args=(child, failure_rate), daemon=True
    )
    process.start()
    cases_url = f"http://127.0.0.1:{parent.recv()}/cases"
    try:
        request_type, _created = RequestType.objects.update_or_create(
            slug=f"bench-outbox-{label}".replace(".", "-"),
            defaults={
                "name": f"Benchmark delivery ({label})",
                "service": "bench",
                "team": None,
                "connector": "webhook",
                "connector_settings": {"url": cases_url, "secret_env": SECRET_ENV},
            },
        )
        say(f"  {label}: submitting {cases:,} cases ...")
        started = time.monotonic()
        ids = [
            actions.case_submit(
                request_type=request_type,
                answers={"n": n},
                summary=f"Benchmark report {n}",
                location_text="Mill Lane",
            ).pk
            for n in range(cases)
        ]
        submitted = time.monotonic() - started
        waiting = _waiting(cases_url)

        say(
            f"  {label}: {cases:,} submitted in {submitted:.1f}s; "
            f"sweeping with {SWEEPERS} sweepers ..."
        )
        started = time.monotonic()
        connection.close()  # each sweeper (a forked process) opens its own
        others = [
            multiprocessing.get_context("fork").Process(target=_sweeper, args=(cases_url,))
            for _ in range(SWEEPERS - 1)
        ]
        for other in others:
            other.start()
        sweeps, retried = _sweeper(cases_url, retry=True)
        for other in others:
            other.join()
        seconds = time.monotonic() - started

        cases_here = Case.objects.filter(pk__in=ids)
        received = cases_here.filter(status=Status.RECEIVED).count()
        expected = {f"case-{ref}-submit" for ref in cases_here.values_list("reference", flat=True)}
        records = _received(cases_url)
        keys = [record["idempotency_key"] for record in records]
        exactly_once = received == cases and len(keys) == cases and set(keys) == expected
        calls = sum(waiting.values_list("attempts", flat=True))
        failures = calls - cases  # each message: failed attempts, then one that worked
        say(
            f"  {label}: delivered in {seconds:.1f}s, {sweeps} sweeps by the first sweeper, "
            f"{calls:,} calls ({failures:,} failed), {retried} retried by hand, "
            f"{received:,} received, {len(keys):,} in the back office, "
            f"exactly once: {'yes' if exactly_once else 'NO'}"
        )
        return {
            "rate": cases / seconds if seconds else 0.0,
            "failures": failures,
            "exactly_once": exactly_once,
        }
    finally:
        process.terminate()
        process.join(timeout=5)


def main(argv: list[str]) -> None:
    cases = int(argv[0]) if argv else 10_000
    os.environ[SECRET_ENV] = SECRET
    if connection.vendor == "sqlite":
        # A throwaway file: no fsync per commit, or the disk is what gets measured.
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA synchronous=OFF")
    # No broker: each submission's "deliver now" is dropped, and the sweeps deliver.
    outbox._dispatch = lambda message_id: None
    failing = run(cases, 0.3)
    clean = run(cases, 0.0)
    once = "yes" if failing["exactly_once"] and clean["exactly_once"] else "NO"
    print(
        f"M6 outbox-with-failures/clean deliveries-per-second sweepers={SWEEPERS} "
        f"failures={failing['rate']:.1f}/s clean={clean['rate']:.1f}/s cases={cases} "
        f"back-office-failures={failing['failures']} exactly-once={once}",
        flush=True,
    )
    ratio = failing["rate"] / clean["rate"] if clean["rate"] else 0.0
    print(f"M6 outbox-with-failures/clean ratio={ratio:.2f}", flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])

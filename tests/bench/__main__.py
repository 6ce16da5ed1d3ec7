"""`make bench`: requests per second through gunicorn, as ratios (see README.md here).

Prints, on standard output, one line of absolute rates and then one ratio line
per measurement; the last token of every ratio line is ``ratio=<value>``.
Progress goes to standard error. Nothing is asserted: targets are shown, not tested.
"""

import argparse
import json
import os
import re
import secrets
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from tests.bench import servers
from tests.bench.load import ProtocolError, Round, Target, fetch, hammer

BASE_DIR = Path(__file__).resolve().parents[2]
VAR_DIR = BASE_DIR / "var" / "bench"
SMALL_QUEUE, LARGE_QUEUE = 1_000, 1_000_000
OUTBOX_CASES = 10_000
REMINDER_HOUSEHOLDS = 50_000
REFERENCE = re.compile(r"\b[2-9A-Z]{4}-[2-9A-Z]{4}\b")


def say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def result(line: str) -> None:
    print(line, flush=True)


# --- Databases ------------------------------------------------------------------------------


class Databases:
    """Where the benchmark's data lives: throwaway databases, never the developer's own.

    With DATABASE_URL=postgres://... three databases on that server (bench for the
    homes, bench_1k and bench_1m for the queue), dropped and made again each run.
    Without, one SQLite file under var/bench/.
    """

    def __init__(self, url: str):
        self.url = url
        self.postgres = urlsplit(url).scheme in ("postgres", "postgresql", "pgsql", "psql")

    def refuse_own(self) -> None:
        """Never drop the database DATABASE_URL names (the developer's own)."""
        own = urlsplit(self.url).path.lstrip("/")
        if self.postgres and (own == "bench" or own.startswith("bench_")):
            raise RuntimeError(
                f"DATABASE_URL names {own!r}, a name the benchmark drops and makes again; "
                "point it at another database on the server, e.g. /postgres"
            )

    def url_for(self, name: str) -> str:
        if not self.postgres:
            return f"sqlite:///{VAR_DIR / (name + '.sqlite3')}"
        parts = urlsplit(self.url)
        return urlunsplit(parts._replace(path=f"/{name}"))

    def _admin(self):
        import psycopg

        parts = urlsplit(self.url)
        return psycopg.connect(urlunsplit(parts._replace(scheme="postgresql")), autocommit=True)

    def create(self, name: str, *, template: str | None = None) -> None:
        if not self.postgres:
            (VAR_DIR / f"{name}.sqlite3").unlink(missing_ok=True)
            return
        with self._admin() as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            clause = f' TEMPLATE "{template}"' if template else ""
            for attempt in range(20):  # the template's last user may still be leaving
                try:
                    admin.execute(f'CREATE DATABASE "{name}"{clause}')
                    return
                except Exception as exc:
                    if "being accessed by other users" not in str(exc) or attempt == 19:
                        raise
                    time.sleep(0.25)

    def drop(self, names: list[str]) -> None:
        if not self.postgres:
            for name in names:
                (VAR_DIR / f"{name}.sqlite3").unlink(missing_ok=True)
            return
        with self._admin() as admin:
            for name in names:
                admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def run_django(env: dict[str, str], *args: str, timeout: float) -> str:
    """Run a Django command or the seeder in a child process; return its standard output."""
    done = subprocess.run(  # noqa: S603 (our own interpreter and arguments)
        [sys.executable, *args],
        cwd=BASE_DIR,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        text=True,
        timeout=timeout,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(args)} failed (exit {done.returncode})")
    return done.stdout


def seed(env: dict[str, str], *args: str, timeout: float = 900) -> dict:
    out = run_django(env, "-m", "tests.bench.seed", *args, timeout=timeout)
    return json.loads(out.strip().splitlines()[-1])


# --- Measuring ------------------------------------------------------------------------------


@dataclass
class Series:
    name: str
    target: Target
    rounds: list[Round] = field(default_factory=list)

    @property
    def rates(self) -> list[float]:
        return [r.rate for r in self.rounds]

    @property
    def median(self) -> float:
        return statistics.median(self.rates)

    @property
    def errors(self) -> int:
        return sum(r.errors for r in self.rounds)


def measure(series: list[Series], *, rounds: int, seconds: float, concurrency: int) -> None:
    """Interleaved rounds, direction alternating (A B, B A, A B ...), after a short warm-up."""
    for one in series:
        hammer(one.target, seconds=1.0, concurrency=concurrency)
    for n in range(rounds):
        order = series if n % 2 == 0 else series[::-1]
        for one in order:
            got = hammer(one.target, seconds=seconds, concurrency=concurrency)
            one.rounds.append(got)
            note = f" errors={got.errors} ({got.first_error})" if got.errors else ""
            say(f"  round {n + 1}/{rounds} {one.name}: {got.rate:.1f}/s{note}")


def report(label: str, top: Series, bottom: Series, *, as_: str = "", target=None) -> None:
    """Two lines: each side's median rate and the spread of the rounds, then the ratio.

    The ratio is the median of the per-round ratios: in each round the two sides
    run back to back, so a change in the machine's load between rounds cancels
    out, which a ratio of the two sides' medians would not guarantee.
    """
    top_name = as_ or top.name
    per_round = sorted(a / b for a, b in zip(top.rates, bottom.rates, strict=True) if b)
    if not per_round:
        result(f"{label} skipped (no request to {bottom.name} succeeded)")
        return
    errors = top.errors + bottom.errors
    result(
        f"{label} {top_name}={top.median:.1f}/s {bottom.name}={bottom.median:.1f}/s "
        f"rounds={len(per_round)} round-ratios={per_round[0]:.2f}..{per_round[-1]:.2f}"
        + (f" errors={errors}" if errors else "")
    )
    goal = f" target>={target:g}" if target is not None else ""
    result(f"{label} {top_name}/{bottom.name}{goal} ratio={statistics.median(per_round):.2f}")


def check_page(name: str, target: Target) -> tuple[str, str]:
    """Fetch a page once before measuring it: a redirect or an error would measure nothing.

    Returns (why it cannot be measured, or ""; the page's text).
    """
    try:
        response = fetch(target)
    except (OSError, ProtocolError) as exc:
        return f"{name}: {exc}", ""
    if response.status != 200:
        return f"{name} answered {response.status}, not 200 (is the session accepted?)", ""
    say(f"  {name}: {target.path} 200, {len(response.body) / 1024:.1f} kB")
    return "", response.body.decode("utf-8", "replace")


# --- The run --------------------------------------------------------------------------------


@dataclass
class Options:
    rounds: int
    seconds: float
    concurrency: int
    workers: int
    large_queue: int
    keep: bool
    outbox_cases: int = OUTBOX_CASES
    reminder_households: int = REMINDER_HOUSEHOLDS

    def measure(self, series: list[Series]) -> None:
        measure(series, rounds=self.rounds, seconds=self.seconds, concurrency=self.concurrency)

    def server(self, name: str, app: str, env: dict[str, str]) -> servers.Server:
        return servers.Server(name, app, env, VAR_DIR, self.workers)


def parse(argv: list[str] | None) -> Options:
    parser = argparse.ArgumentParser(prog="python -m tests.bench", description=__doc__)
    parser.add_argument("--rounds", type=int, default=7, help="rounds a side (5 to 15)")
    parser.add_argument("--seconds", type=float, default=4.0, help="seconds a round (1 to 10)")
    parser.add_argument("--concurrency", type=int, default=4, help="connections (1 to 16)")
    parser.add_argument("--workers", type=int, default=servers.WORKERS, help="gunicorn workers")
    parser.add_argument(
        "--large-queue", type=int, default=LARGE_QUEUE, help="cases in the large queue (M4)"
    )
    parser.add_argument(
        "--outbox-cases", type=int, default=OUTBOX_CASES, help="cases delivered for M6 (0: skip)"
    )
    parser.add_argument(
        "--reminder-households",
        type=int,
        default=REMINDER_HOUSEHOLDS,
        help="households with bin reminders for M7 (0: skip)",
    )
    parser.add_argument("--keep", action="store_true", help="keep the databases afterwards")
    args = parser.parse_args(argv)
    if args.large_queue <= SMALL_QUEUE:
        parser.error(f"--large-queue must be more than {SMALL_QUEUE}")
    return Options(
        rounds=min(max(args.rounds, 5), 15),
        seconds=min(max(args.seconds, 1.0), 10.0),
        concurrency=min(max(args.concurrency, 1), 16),
        workers=min(max(args.workers, 1), 8),
        large_queue=args.large_queue,
        keep=args.keep,
        outbox_cases=max(args.outbox_cases, 0),
        reminder_households=max(args.reminder_households, 0),
    )


def queue_label(cases: int) -> str:
    return f"queue{cases // 1_000_000}m" if cases >= 1_000_000 else f"queue{cases // 1000}k"


def seed_queues(options: Options, databases: Databases, env: dict, made: list[str]) -> dict:
    """The small and the large queue, each in its own copy of the migrated schema."""
    queues = {}
    for cases in (SMALL_QUEUE, options.large_queue):
        name = "bench_" + queue_label(cases).removeprefix("queue")
        databases.create(name, template="bench")
        made.append(name)
        queue_env = {**env, "DATABASE_URL": databases.url_for(name)}
        say(f"Seeding a queue of {cases:,} cases (SQL) ...")
        started = time.monotonic()
        info = seed(queue_env, "queue", str(cases))
        say(
            f"  {info['cases']:,} cases and {info['events']:,} events in "
            f"{time.monotonic() - started:.0f}s (insert and indexes {info['seed_seconds']}s, "
            f"VACUUM ANALYZE {info['vacuum_seconds']}s"
            f"{', foreign keys checked' if info['foreign_key_checks'] else ''})"
        )
        queues[cases] = (queue_env, info)
    return queues


def measure_homes(options: Options, env: dict, homes_env: dict, homes: dict) -> None:
    """M1, M2, M3: one set of interleaved rounds over the four series they need."""
    say("Starting gunicorn: the raw WSGI app and the portal ...")
    raw = options.server("raw", "tests.bench.rawapp:application", env)
    portal = options.server("portal", "portal.wsgi:application", homes_env)
    raw.wait_ready("/")
    portal.wait_ready(homes["bare_path"])

    def signed_in(label: str, path: str) -> Target:
        return Target(portal.port, path, f"{homes['cookie_name']}={homes[label]['session']}")

    series = {
        "raw": Series("raw", Target(raw.port, "/")),
        # The bare view with the same signed-in session as the home, so that M2 is
        # the page's own cost; M1 is Django's whole stack, session and user included.
        "bare": Series("bare", signed_in("home1", homes["bare_path"])),
        "home1": Series("home1", signed_in("home1", homes["home_path"])),
        "home500": Series("home500", signed_in("home500", homes["home_path"])),
    }
    say("Checking the pages once ...")
    problems = {}
    for name in ("bare", "home1", "home500"):
        problems[name], body = check_page(name, series[name].target)
        newest = homes.get(name, {}).get("newest_reference")
        if body and newest and newest not in body:
            say(f"  note: {name} does not list the resident's newest case ({newest}) yet")
    measured = [one for name, one in series.items() if not problems.get(name)]
    say(f"Measuring {', '.join(one.name for one in measured)} ...")
    options.measure(measured)
    raw.stop()
    portal.stop()
    for label, top, bottom, as_, target in (
        ("M1", "bare", "raw", "", None),
        ("M2", "home1", "bare", "dashboard", 0.25),
        ("M3", "home500", "home1", "", 0.9),
    ):
        missing = [problems[name] for name in (top, bottom) if problems.get(name)]
        if missing:
            result(f"{label} skipped ({'; '.join(missing)})")
        else:
            report(label, series[top], series[bottom], as_=as_, target=target)


def measure_queues(options: Options, queues: dict) -> None:
    """M4: the same staff page on the small and the large database, one server each."""
    (small_env, small), (large_env, large) = queues[SMALL_QUEUE], queues[options.large_queue]
    path = small["queue_path"]
    if not path:
        result("M4 skipped (no staff:queue URL yet)")
        return
    say("Starting gunicorn for the small and the large queue ...")
    servers_ = {
        SMALL_QUEUE: options.server("queue-small", "portal.wsgi:application", small_env),
        options.large_queue: options.server("queue-large", "portal.wsgi:application", large_env),
    }
    for server in servers_.values():
        server.wait_ready(path)
    large_series, small_series = (
        Series(
            queue_label(cases),
            Target(servers_[cases].port, path, f"{info['cookie_name']}={info['staff']['session']}"),
        )
        for cases, info in ((options.large_queue, large), (SMALL_QUEUE, small))
    )
    say("Checking the queues once ...")
    for one in (large_series, small_series):
        problem, body = check_page(one.name, one.target)
        if problem:
            result(f"M4 skipped ({problem})")
            return
        if not REFERENCE.search(body):
            say(f"  note: {one.name} shows no case reference")
    say(f"Measuring {large_series.name}, {small_series.name} ...")
    options.measure([large_series, small_series])
    for server in servers_.values():
        server.stop()
    report("M4", large_series, small_series, target=0.8)


def measure_outbox(options: Options, env: dict) -> None:
    """M6: deliveries through the outbox with the back office failing 30 % of calls (outbox.py)."""
    if not options.outbox_cases:
        result("M6 skipped (--outbox-cases 0)")
        return
    say(f"Delivering {options.outbox_cases:,} cases twice through the outbox (M6) ...")
    out = run_django(env, "-m", "tests.bench.outbox", str(options.outbox_cases), timeout=3600)
    for line in out.strip().splitlines():
        result(line)


def measure_reminders(options: Options, env: dict) -> None:
    """M7: the evening bin-reminders job against a no-op Celery task (reminders.py)."""
    if not options.reminder_households:
        result("M7 skipped (--reminder-households 0)")
        return
    say(f"Sending bin reminders to {options.reminder_households:,} households (M7) ...")
    out = run_django(
        env, "-m", "tests.bench.reminders", str(options.reminder_households), timeout=3600
    )
    for line in out.strip().splitlines():
        result(line)


def main(argv: list[str] | None = None) -> int:
    options = parse(argv)
    servers.install_signal_handlers()
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    databases = Databases(os.environ.get("DATABASE_URL", ""))
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.bench.settings",
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(60),
        "ALLOWED_HOSTS": "127.0.0.1",
        "CACHE_KEY_PREFIX": "bench",
        "LOG_LEVEL": "WARNING",
        "PYTHONUNBUFFERED": "1",
    }
    made: list[str] = []
    started = time.monotonic()
    say(
        f"Benchmark: gunicorn {options.workers} sync workers, {options.concurrency} connections, "
        f"{options.rounds} rounds of {options.seconds:g}s a side, on "
        f"{'PostgreSQL' if databases.postgres else 'SQLite'}; {os.cpu_count()} CPUs, "
        f"load average {os.getloadavg()[0]:.1f} (other work on the machine lowers the rates)"
    )
    try:
        databases.refuse_own()
        say("Creating and migrating the benchmark database ...")
        databases.create("bench")
        made.append("bench")
        homes_env = {**env, "DATABASE_URL": databases.url_for("bench")}
        run_django(homes_env, "manage.py", "migrate", "--noinput", "-v0", timeout=300)
        queues = seed_queues(options, databases, env, made) if databases.postgres else {}
        say("Seeding residents with 1 and with 500 cases ...")
        homes = seed(homes_env, "home")
        measure_homes(options, env, homes_env, homes)
        if queues:
            measure_queues(options, queues)
        else:
            result("M4 skipped (needs DATABASE_URL=postgres://...)")
        measure_outbox(options, homes_env)
        measure_reminders(options, homes_env)
    except KeyboardInterrupt:
        say("Interrupted: stopping the servers.")
        return 130
    except (RuntimeError, subprocess.TimeoutExpired) as exc:
        say(f"error: {exc}")
        return 1
    finally:
        servers.stop_all()
        if made and not options.keep:
            try:
                databases.drop(made)
            except Exception as exc:  # the run's figures matter more than the clean-up
                say(f"warning: could not drop {', '.join(made)}: {exc}")
        say(
            f"Done in {time.monotonic() - started:.0f}s "
            f"(load average now {os.getloadavg()[0]:.1f})."
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())

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
from urllib.parse import urlencode, urlsplit, urlunsplit

from tests.bench import servers
from tests.bench.load import ProtocolError, Round, Target, fetch, hammer

BASE_DIR = Path(__file__).resolve().parents[2]
VAR_DIR = BASE_DIR / "var" / "bench"
SMALL_QUEUE, LARGE_QUEUE = 1_000, 1_000_000
OUTBOX_CASES = 10_000
REMINDER_HOUSEHOLDS = 50_000
ALL_LINES = ("M1", "M1s", "M2", "M3", "M4", "M5", "M6", "M7", "M8", "M9")
SMALL_PERFORMANCE, LARGE_PERFORMANCE = 1_000, 1_000_000  # M9: cases the summaries count
REFERENCE = re.compile(r"\b[2-9A-Z]{4}-[2-9A-Z]{4}\b")


def say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def result(line: str) -> None:
    print(line, flush=True)


# --- Databases ------------------------------------------------------------------------------


class Databases:
    """Where the benchmark's data lives: throwaway databases, never the developer's own.

    With DATABASE_URL=postgres://... databases on that server (the prefix alone for the
    homes, <prefix>_1k and <prefix>_1m for the queue, ...), dropped and made again each
    run. The prefix is "bench" when the URL names the server's administrative database
    (postgres, template1) or none, and "<that database>_bench" otherwise, so that several
    people benchmarking against one server (each with a database of their own) never
    drop each other's. Without PostgreSQL, SQLite files under var/bench/.
    """

    def __init__(self, url: str):
        self.url = url
        self.postgres = urlsplit(url).scheme in ("postgres", "postgresql", "pgsql", "psql")
        own = urlsplit(url).path.lstrip("/")
        shared = not self.postgres or own in ("", "postgres", "template1")
        self.prefix = "bench" if shared else f"{own}_bench"

    def name(self, suffix: str = "") -> str:
        """One of this run's database names: the prefix, or the prefix and a suffix."""
        return f"{self.prefix}_{suffix}" if suffix else self.prefix

    def refuse_own(self) -> None:
        """Never drop the database DATABASE_URL names (the developer's own)."""
        own = urlsplit(self.url).path.lstrip("/")
        if self.postgres and (own == self.prefix or own.startswith(self.prefix + "_")):
            raise RuntimeError(
                f"DATABASE_URL names {own!r}, a name the benchmark drops and makes again; "
                "point it at another database on the server, e.g. /postgres"
            )

    def url_for(self, name: str) -> str:
        if not self.postgres:
            return f"sqlite:///{VAR_DIR / (name + '.sqlite3')}"
        parts = urlsplit(self.url)
        return urlunsplit(parts._replace(path=f"/{name}"))

    def env_for(self, name: str) -> dict[str, str]:
        """A database's settings: its URL, and a cache prefix of its own, as a deployment has
        (Redis holds sessions, principals and home snapshots by user id: two databases with
        the same ids must never share them)."""
        return {"DATABASE_URL": self.url_for(name), "CACHE_KEY_PREFIX": f"bench-{name}"}

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
    server: servers.Server | None = None  # whose CPU each round is charged to
    rounds: list[Round] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)  # server CPU seconds, per round

    @property
    def cpu_ms(self) -> float | None:
        """The server's CPU per answered request (ms), median of the rounds."""
        per = [1000 * c / r.ok for c, r in zip(self.cpu, self.rounds, strict=False) if r.ok]
        return statistics.median(per) if per else None

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
            cpu = one.server.cpu_seconds() if one.server else 0.0
            got = hammer(one.target, seconds=seconds, concurrency=concurrency)
            if one.server:
                one.cpu.append(one.server.cpu_seconds() - cpu)
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
    cpu = " ".join(
        f"{name}={one.cpu_ms:.2f}ms"
        for name, one in ((top_name, top), (bottom.name, bottom))
        if one.cpu_ms is not None
    )
    result(
        f"{label} {top_name}={top.median:.1f}/s {bottom.name}={bottom.median:.1f}/s "
        f"rounds={len(per_round)} round-ratios={per_round[0]:.2f}..{per_round[-1]:.2f}"
        + (f" cpu/request {cpu}" if cpu else "")
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
    if response.status != target.expect:
        to = f" to {response.location}" if response.location else ""
        return (
            f"{name} answered {response.status}{to}, not {target.expect} "
            "(is the session accepted?)",
            "",
        )
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
    only: frozenset[str] = frozenset(ALL_LINES)

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
    parser.add_argument(
        "--only",
        default=",".join(ALL_LINES),
        help=f"lines to measure, comma-separated (default: all of {','.join(ALL_LINES)})",
    )
    args = parser.parse_args(argv)
    only = frozenset(line.strip() for line in args.only.split(",") if line.strip())
    if not only or only - set(ALL_LINES):
        parser.error(f"--only takes lines among {','.join(ALL_LINES)}")
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
        only=only,
    )


def queue_label(cases: int) -> str:
    return f"queue{cases // 1_000_000}m" if cases >= 1_000_000 else f"queue{cases // 1000}k"


def seed_queues(options: Options, databases: Databases, env: dict, made: list[str]) -> dict:
    """The small and the large queue, each in its own copy of the migrated schema."""
    queues = {}
    for cases in (SMALL_QUEUE, options.large_queue):
        name = databases.name(queue_label(cases).removeprefix("queue"))
        databases.create(name, template=databases.name())
        made.append(name)
        queue_env = {**env, **databases.env_for(name)}
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


CSRF_SECRET = "benchbenchbenchbenchbenchbench12"  # 32 characters: a CSRF secret Django accepts
WRONG_PASSWORD = "not the password at all"
# Which series each line needs: top, bottom, target
LINES = {
    "M1": ("bare", "raw", 0.6),
    "M1s": ("whoami", "raw", 0.4),
    "M2": ("home5", "whoami", 0.5),
    "M3": ("home500", "home5", 0.95),
    "M8": ("step-get", "whoami", None),
    "M8p": ("step-post", "whoami", None),
}


def _page_series(portal: servers.Server, raw: servers.Server, homes: dict) -> dict:
    def cookie(label: str, *, csrf: bool = False) -> str:
        parts = [f"{homes['cookie_name']}={homes[label]['session']}"] if label else []
        if csrf:
            parts.append(f"{homes['csrf_cookie_name']}={CSRF_SECRET}")
        return "; ".join(parts)

    def page(name, path, label="", **kw) -> Series:
        # A signed-in browser holds the CSRF cookie from its first page, so its requests
        # reuse that secret rather than make a new one each time, as a first visit does.
        csrf = bool(label) or "form" in kw
        return Series(name, Target(portal.port, path, cookie(label, csrf=csrf), **kw), portal)

    step_answer = urlencode(
        {"csrfmiddlewaretoken": CSRF_SECRET, "summary": "Bench", "details": "Bench details"}
    )
    refused = urlencode(
        {
            "csrfmiddlewaretoken": CSRF_SECRET,
            "login": homes["home5"]["email"],
            "password": WRONG_PASSWORD,
        }
    )
    return {
        "raw": Series("raw", Target(raw.port, "/"), raw),
        # Anonymous: the whole middleware stack, no identity (M1).
        "bare": page("bare", homes["bare_path"]),
        # Signed in, and the view loads the user (M1s), the bottom of M2 and M8.
        "whoami": page("whoami", homes["whoami_path"], "home5"),
        "home5": page("home5", homes["home_path"], "home5"),
        "home500": page("home500", homes["home_path"], "home500"),
        "step-get": page("step-get", homes["step_path"], "home5"),
        "step-post": page(
            "step-post", homes["step_path"], "home5", method="POST", form=step_answer, expect=302
        ),
        "refused": page("refused", homes["login_path"], method="POST", form=refused, expect=400),
    }


def _check_pages(series: dict, homes: dict, wanted: set[str]) -> dict[str, str]:
    """Each page once: it answers as expected, and a signed-in page is really signed in."""
    problems = {}
    for name in sorted(wanted - {"raw"}):
        problems[name], body = check_page(name, series[name].target)
        if not body or problems[name]:
            continue
        if name == "whoami" and body.strip() != f"signed in {homes['home5']['user_id']}":
            problems[name] = f"whoami answered {body.strip()!r}: not signed in"
        if name.startswith(("home", "step-get")) and "Sign out" not in body:
            problems[name] = f"{name} is not a signed-in page (no Sign out)"
        if name.startswith("home"):
            newest = homes[name]["newest_reference"]
            if newest not in body:
                problems[name] = f"{name} does not list the resident's newest case ({newest})"
            if "Next bin collections" not in body:
                say(f"  note: {name} shows no bin days")
    return problems


def _hash_cpu_ms() -> tuple[float, float]:
    """CPU (ms) of one password hash: PBKDF2-SHA256 at Django's 1,000,000 iterations (the
    hasher before Argon2id) and Argon2id with the portal's parameters (accounts/hashers.py)."""
    import hashlib

    from argon2 import PasswordHasher

    started = time.process_time()
    hashlib.pbkdf2_hmac("sha256", b"correct horse battery", b"salt" * 4, 1_000_000)
    pbkdf2 = time.process_time() - started
    argon2 = PasswordHasher(time_cost=2, memory_cost=19 * 1024, parallelism=1)
    started = time.process_time()
    for _ in range(5):
        argon2.hash("correct horse battery")
    return 1000 * pbkdf2, 1000 * (time.process_time() - started) / 5


def report_m5(refused: Series, whoami: Series | None) -> None:
    """M5: a refused sign-in's CPU ÷ one PBKDF2 hash (what a sign-in hashed before)."""
    pbkdf2, argon2 = _hash_cpu_ms()
    if refused.cpu_ms is None:
        result("M5 skipped (no refused sign-in answered 400)")
        return
    base = whoami.cpu_ms if whoami is not None and whoami.cpu_ms is not None else 0.0
    hashes = (refused.cpu_ms - base) / argon2 if argon2 else 0
    result(
        f"M5 refused={refused.median:.1f}/s cpu/request refused={refused.cpu_ms:.2f}ms "
        f"pbkdf2-1M-hash={pbkdf2:.1f}ms argon2id-hash={argon2:.1f}ms "
        f"hashes-per-refusal~{hashes:.1f}"
    )
    result(f"M5 refused-cpu/pbkdf2-hash target<=0.05 ratio={refused.cpu_ms / pbkdf2:.3f}")


def measure_pages(options: Options, env: dict, homes_env: dict, homes: dict) -> None:
    """M1, M1s, M2, M3, M5, M8: one set of interleaved rounds over the series they need."""
    lines = [line for line in LINES if line in options.only or line.rstrip("p") in options.only]
    wanted = {name for line in lines for name in LINES[line][:2]}
    if "M5" in options.only:
        wanted |= {"refused", "whoami"}
    if not wanted:
        return
    say(f"Queries on a second visit (in-process): {homes.get('queries')}")
    say("Starting gunicorn: the raw WSGI app and the portal ...")
    raw = options.server("raw", "tests.bench.rawapp:application", env)
    portal = options.server("portal", "portal.wsgi:application", homes_env)
    raw.wait_ready("/")
    portal.wait_ready(homes["bare_path"])
    series = _page_series(portal, raw, homes)
    say("Checking the pages once ...")
    problems = _check_pages(series, homes, wanted)
    measured = [series[name] for name in series if name in wanted and not problems.get(name)]
    say(f"Measuring {', '.join(one.name for one in measured)} ...")
    options.measure(measured)
    raw.stop()
    portal.stop()
    queries = homes.get("queries", {})
    for label in lines:
        top, bottom, target = LINES[label]
        missing = [problems[name] for name in (top, bottom) if problems.get(name)]
        if label == "M3" and queries.get("home500") != queries.get("home5"):
            missing.append(f"query counts differ: {queries}")
        if missing:
            result(f"{label} skipped ({'; '.join(missing)})")
        else:
            report(label.rstrip("p"), series[top], series[bottom], target=target)
    if "M3" in lines:
        result(f"M3 queries home500={queries.get('home500')} home5={queries.get('home5')}")
    if "M5" in options.only and not problems.get("refused"):
        report_m5(series["refused"], None if problems.get("whoami") else series["whoami"])


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
            servers_[cases],
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
    report("M4", large_series, small_series, target=0.9)


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


def measure_performance(options: Options, databases: Databases, env: dict, made: list) -> None:
    """M9: the public service standards page (insight) over the summaries of 1,000,000
    cases and of 1,000, one database and server each (tests/bench/performance.py)."""
    sides = {}
    for cases in (SMALL_PERFORMANCE, LARGE_PERFORMANCE):
        label = "perf" + queue_label(cases).removeprefix("queue")
        name = databases.name(label)
        side_env = {**env, **databases.env_for(name)}
        if databases.postgres:
            databases.create(name, template=databases.name())
        else:
            databases.create(name)
            run_django(side_env, "manage.py", "migrate", "--noinput", "-v0", timeout=600)
        made.append(name)
        say(f"Seeding the summaries of {cases:,} cases (M9) ...")
        out = run_django(side_env, "-m", "tests.bench.performance", str(cases), timeout=1800)
        info = json.loads(out.strip().splitlines()[-1])
        say(
            f"  {info['type_day_rows']:,} daily rows by request type, {info['open_rows']:,} "
            f"rows of open cases in {info['seed_seconds']}s"
        )
        sides[cases] = (label, side_env, info)
    servers_ = {
        cases: options.server(label, "portal.wsgi:application", side_env)
        for cases, (label, side_env, _info) in sides.items()
    }
    path = sides[SMALL_PERFORMANCE][2]["path"]
    for server in servers_.values():
        server.wait_ready(path)
    large_series, small_series = (
        Series(sides[cases][0], Target(servers_[cases].port, path), servers_[cases])
        for cases in (LARGE_PERFORMANCE, SMALL_PERFORMANCE)
    )
    say("Checking the pages once ...")
    for one in (large_series, small_series):
        problem, body = check_page(one.name, one.target)
        if problem:
            result(f"M9 skipped ({problem})")
            return
        if "We collect a reported missed bin" not in body:
            result(f"M9 skipped ({one.name} shows no service standard)")
            return
    say(f"Measuring {large_series.name}, {small_series.name} ...")
    options.measure([large_series, small_series])
    for server in servers_.values():
        server.stop()
    report("M9", large_series, small_series, target=0.9)


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
        databases.create(databases.name())
        made.append(databases.name())
        homes_env = {**env, **databases.env_for(databases.name())}
        run_django(homes_env, "manage.py", "migrate", "--noinput", "-v0", timeout=300)
        queues = (
            seed_queues(options, databases, env, made)
            if databases.postgres and "M4" in options.only
            else {}
        )
        if "M9" in options.only:  # from the migrated template, before the homes are seeded
            measure_performance(options, databases, env, made)
        say("Seeding residents with 1 and with 500 cases ...")
        homes = seed(homes_env, "home")
        measure_pages(options, env, homes_env, homes)
        if queues:
            measure_queues(options, queues)
        elif "M4" in options.only:
            result("M4 skipped (needs DATABASE_URL=postgres://...)")
        if "M6" in options.only:
            measure_outbox(options, homes_env)
        if "M7" in options.only:
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

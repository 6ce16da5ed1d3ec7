"""Start gunicorn servers on free loopback ports, and make sure every one of them stops.

Each server runs in its own process group, so that stopping it stops its workers
too, and a Ctrl-C in the terminal reaches only the benchmark, which then stops
the servers it started (and only those) on its way out.
"""

import atexit
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

from tests.bench.load import Target, fetch

WORKERS = 2  # sync workers, as the Dockerfile runs them (WEB_CONCURRENCY on 2 cores)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    def __init__(self, name: str, app: str, env: dict[str, str], log_dir: Path, workers: int):
        self.name = name
        self.port = free_port()
        self.log = log_dir / f"{name}.log"
        command = [
            sys.executable,
            "-m",
            "gunicorn",
            app,
            "--bind",
            f"127.0.0.1:{self.port}",
            "--workers",
            str(workers),
            "--worker-class",
            "sync",
            "--timeout",
            "30",
            "--graceful-timeout",
            "5",
            "--log-level",
            "warning",
            "--error-logfile",
            str(self.log),
            "--no-control-socket",
        ]
        self.process = subprocess.Popen(  # noqa: S603 (our own interpreter and arguments)
            command,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=self.log.open("ab"),  # the portal's own log lines (errors), beside gunicorn's
            start_new_session=True,
        )
        _running.append(self)

    def wait_ready(self, path: str, timeout: float = 60.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"{self.name} server exited at start:\n{self.log_tail()}")
            try:
                fetch(Target(self.port, path))
                return
            except OSError:
                time.sleep(0.2)
        raise RuntimeError(
            f"{self.name} server did not answer in {timeout:.0f}s:\n{self.log_tail()}"
        )

    def cpu_seconds(self) -> float:
        """CPU time (user and system) used so far by the arbiter and its live workers (Linux)."""
        pids = [self.process.pid]
        try:
            children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
            pids += [int(pid) for pid in children.read_text().split()]
        except OSError:
            pass
        total = 0
        for pid in pids:
            try:
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            total += int(fields[11]) + int(fields[12])  # utime, stime (clock ticks)
        return total / os.sysconf("SC_CLK_TCK")

    def log_tail(self, lines: int = 30) -> str:
        try:
            return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return "(no log)"

    def stop(self) -> None:
        if self in _running:
            _running.remove(self)
        if self.process.poll() is not None:
            return  # exited by itself; its workers leave when they see their parent gone
        self.process.send_signal(signal.SIGTERM)  # the arbiter stops its workers, then exits
        try:
            self.process.wait(15)
        except subprocess.TimeoutExpired:
            # Still alive (so the group id is still this server's): stop the whole group.
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()


_running: list[Server] = []


def stop_all() -> None:
    for server in list(_running):
        server.stop()


def install_signal_handlers() -> None:
    """SIGTERM and SIGHUP end the run the way Ctrl-C does: servers are stopped on the way out."""

    def terminated(signum, frame):
        raise SystemExit(128 + signum)

    signal.signal(signal.SIGTERM, terminated)
    signal.signal(signal.SIGHUP, terminated)


atexit.register(stop_all)

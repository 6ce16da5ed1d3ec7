"""A small HTTP/1.1 load generator: a few threads, each one connection, GET in a loop.

It needs nothing beyond the standard library. Each thread keeps its connection
open while the server allows it (gunicorn's sync workers close after every
response, as they do in production, so the thread reconnects). Only responses
with the target's expected status (200 unless it says otherwise) count; anything
else is an error and is reported.
"""

import socket
import threading
import time
from dataclasses import dataclass

TIMEOUT = 10.0  # seconds for one request; a hung server fails the round, not the run


class ProtocolError(Exception):
    pass


@dataclass(frozen=True)
class Target:
    port: int
    path: str
    cookie: str = ""  # "name=value; name=value", sent with every request
    method: str = "GET"
    form: str = ""  # a POST's body, application/x-www-form-urlencoded
    expect: int = 200  # the status that counts as an answer (a POST that redirects: 302)

    def request_bytes(self) -> bytes:
        body = self.form.encode()
        lines = [f"{self.method} {self.path} HTTP/1.1", f"Host: 127.0.0.1:{self.port}"]
        if self.cookie:
            lines.append(f"Cookie: {self.cookie}")
        if self.method == "POST":
            lines += [
                "Content-Type: application/x-www-form-urlencoded",
                f"Content-Length: {len(body)}",
            ]
        lines += ["User-Agent: portal-bench", "Accept: text/html", "", ""]
        return "\r\n".join(lines).encode() + body


@dataclass
class Response:
    status: int
    body: bytes
    keep_alive: bool
    location: str = ""  # where a redirect points


def _read_response(sock: socket.socket, buf: bytearray) -> Response:
    while True:
        end = buf.find(b"\r\n\r\n")
        if end >= 0:
            break
        chunk = sock.recv(65536)
        if not chunk:
            raise ProtocolError("connection closed before the response headers")
        buf.extend(chunk)
    head = bytes(buf[:end]).decode("latin-1").split("\r\n")
    del buf[: end + 4]
    try:
        status = int(head[0].split(" ", 2)[1])
    except (IndexError, ValueError):
        raise ProtocolError(f"bad status line {head[0]!r}") from None
    headers = {}
    for line in head[1:]:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip().lower()
    keep_alive = headers.get("connection") != "close" and head[0].startswith("HTTP/1.1")
    if "content-length" in headers:
        length = int(headers["content-length"])
        while len(buf) < length:
            chunk = sock.recv(65536)
            if not chunk:
                raise ProtocolError("connection closed inside the body")
            buf.extend(chunk)
        body = bytes(buf[:length])
        del buf[:length]
    elif headers.get("transfer-encoding") == "chunked":
        body = _read_chunked(sock, buf)
    else:  # the body ends when the server closes the connection
        while chunk := sock.recv(65536):
            buf.extend(chunk)
        body, keep_alive = bytes(buf), False
        buf.clear()
    return Response(status, body, keep_alive, headers.get("location", ""))


def _read_chunked(sock: socket.socket, buf: bytearray) -> bytes:
    body = bytearray()

    def fill(n: int) -> None:
        while len(buf) < n:
            chunk = sock.recv(65536)
            if not chunk:
                raise ProtocolError("connection closed inside a chunked body")
            buf.extend(chunk)

    while True:
        while b"\r\n" not in buf:
            fill(len(buf) + 1)
        line, _, _ = bytes(buf).partition(b"\r\n")
        del buf[: len(line) + 2]
        size = int(line.split(b";")[0], 16)
        fill(size + 2)
        body += buf[:size]
        del buf[: size + 2]
        if size == 0:
            return bytes(body)


class Connection:
    def __init__(self, target: Target):
        self.target = target
        self.request = target.request_bytes()
        self.sock: socket.socket | None = None
        self.buf = bytearray()

    def get(self) -> Response:
        if self.sock is None:
            self.sock = socket.create_connection(("127.0.0.1", self.target.port), timeout=TIMEOUT)
            self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            self.buf.clear()
        try:
            self.sock.sendall(self.request)
            response = _read_response(self.sock, self.buf)
        except BaseException:
            self.close()
            raise
        if not response.keep_alive:
            self.close()
        return response

    def close(self) -> None:
        if self.sock is not None:
            self.sock.close()
            self.sock = None


def fetch(target: Target) -> Response:
    """One request on a fresh connection (for checking a page before measuring it)."""
    connection = Connection(target)
    try:
        return connection.get()
    finally:
        connection.close()


@dataclass
class Round:
    ok: int
    errors: int
    seconds: float
    first_error: str = ""

    @property
    def rate(self) -> float:
        return self.ok / self.seconds if self.seconds else 0.0


def hammer(target: Target, *, seconds: float, concurrency: int) -> Round:
    """Request ``target`` from ``concurrency`` connections for ``seconds``; count answers a second."""
    counts = [0] * concurrency
    errors = [0] * concurrency
    first_error: list[str] = []
    start_line = threading.Barrier(concurrency + 1)
    deadline = 0.0

    def worker(slot: int) -> None:
        connection = Connection(target)
        start_line.wait()
        try:
            while time.perf_counter() < deadline:
                try:
                    response = connection.get()
                except (OSError, ProtocolError) as exc:
                    errors[slot] += 1
                    first_error.append(f"{type(exc).__name__}: {exc}")
                    time.sleep(0.01)
                    continue
                if response.status == target.expect:
                    counts[slot] += 1
                else:
                    errors[slot] += 1
                    first_error.append(f"HTTP {response.status}")
        finally:
            connection.close()

    threads = [
        threading.Thread(target=worker, args=(i,), daemon=True, name=f"bench-load-{i}")
        for i in range(concurrency)
    ]
    for thread in threads:
        thread.start()
    started = time.perf_counter()
    deadline = started + seconds
    start_line.wait()
    for thread in threads:
        thread.join(TIMEOUT + seconds + 5)
    elapsed = time.perf_counter() - started
    return Round(
        ok=sum(counts),
        errors=sum(errors),
        seconds=elapsed,
        first_error=first_error[0] if first_error else "",
    )

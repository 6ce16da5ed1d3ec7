"""The simulated back office: takes signed case POSTs, exactly once per Idempotency-Key.

Endpoints (JSON):
- ``POST /cases``: a case from the portal (webhook contract). 401/403 for a
  missing or bad signature, 400 without an Idempotency-Key, 503 at the configured
  failure rate, otherwise 201 ``{"reference": "BO-000001"}``; a repeat of a key
  answers 200 with the same reference and stores nothing new.
- ``GET /cases``: everything received; ``GET /cases/<reference>``: one case.
- ``POST /cases/<reference>/status`` ``{"status": "resolved", "message": "...",
  "public": true}``: the back office moves its case on and tells the portal by
  its signed inbound webhook; the answer carries the portal's status and reply.

``lost_reply_rate`` stores the case and then answers 503 anyway, as when a
reply is lost on the way back: the portal must retry and must not duplicate.

The same office also speaks Open311 GeoReport v2 under ``/open311/v2/``, with the
same failure rates and latency (see ``open311.py``; ``api_key`` is its key).

And it stands in for the waste crews' in-cab system under ``/incab/v1/`` (see
``incab.py``): round records from ``--incab-file`` or ``BackOffice.incab``.

And for the revenues system (council tax) under ``/revenues/v1/`` (see ``revenues.py``):
accounts from ``--revenues-file`` or ``BackOffice.revenues``.

And for the housing management system under ``/housing/`` (see ``housing.py``): tenancies
from ``--housing-file`` or ``BackOffice.housing``; repair jobs, ASB cases and their updates.

And, when given ``BackOffice.identity`` (``--identity``), for the council's identity provider
(OpenID Connect, see ``identity.py``) under ``/identity``: its issuer is ``<office>/identity``.
"""

from __future__ import annotations

import http.client
import json
import random
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

from integrations.simulated_backoffice import housing, identity, incab, open311, revenues
from integrations.webhook.mapping import (
    IDEMPOTENCY_HEADER,
    SIGNATURE_HEADER,
    sign,
    verify_signature,
)

MAX_BODY = 1024 * 1024


@dataclass
class BackOffice:
    """What the back office knows, and how badly it behaves. Thread-safe."""

    secret: str
    portal_status_url: str = ""  # the portal's inbound webhook, for status updates
    failure_rate: float = 0.0
    lost_reply_rate: float = 0.0
    latency_ms: int = 0
    seed: int | None = None
    cases: dict[str, dict] = field(default_factory=dict)  # by back-office reference
    by_key: dict[str, str] = field(default_factory=dict)  # Idempotency-Key -> reference
    calls: int = 0
    failures: int = 0
    api_key: str = ""  # what Open311 clients must send as api_key
    open311: open311.Open311Records = field(default_factory=open311.Open311Records)
    incab: incab.IncabRecords = field(default_factory=incab.IncabRecords)
    revenues: revenues.RevenuesRecords = field(default_factory=revenues.RevenuesRecords)
    housing: housing.HousingRecords = field(default_factory=housing.HousingRecords)
    identity: identity.IdentityProvider | None = None  # served under /identity when set

    def __post_init__(self):
        self._lock = threading.Lock()
        self._random = random.Random(self.seed)

    # --- Receiving cases ---------------------------------------------------------------

    def receive(self, *, body: bytes, signature: str | None, key: str | None) -> tuple[int, dict]:
        """One delivery attempt: (HTTP status, JSON answer)."""
        if self.latency_ms:
            time.sleep(self.latency_ms / 1000)
        with self._lock:
            self.calls += 1
            if not signature:
                return 401, {"error": "unsigned"}
            if not verify_signature(self.secret, body, signature):
                return 403, {"error": "bad signature"}
            if not key:
                return 400, {"error": f"{IDEMPOTENCY_HEADER} is required"}
            if self._random.random() < self.failure_rate:
                self.failures += 1
                return 503, {"error": "temporarily unavailable"}
            try:
                case = json.loads(body)
            except ValueError:
                return 400, {"error": "not JSON"}
            if key in self.by_key:
                return 200, {"reference": self.by_key[key]}
            reference = f"BO-{len(self.cases) + 1:06d}"
            self.by_key[key] = reference
            self.cases[reference] = {
                "reference": reference,
                "idempotency_key": key,
                "portal_reference": case.get("reference", ""),
                "status": "received",
                "case": case,
            }
            if self._random.random() < self.lost_reply_rate:
                self.failures += 1
                return 503, {"error": "reply lost"}
            return 201, {"reference": reference}

    def case_by_portal_reference(self, portal_reference: str) -> dict | None:
        with self._lock:
            for record in self.cases.values():
                if record["portal_reference"] == portal_reference:
                    return record
        return None

    # --- Telling the portal ------------------------------------------------------------

    def set_status(
        self, reference: str, *, status: str, message: str = "", public: bool = True
    ) -> tuple[int, dict]:
        """Move a case on here and tell the portal (signed). Returns the portal's answer."""
        with self._lock:
            record = self.cases.get(reference)
            if record is None:
                return 404, {"error": "no such case"}
            record["status"] = status
        update = {"reference": reference, "status": status, "message": message, "public": public}
        return self.notify_portal(update)

    def notify_portal(self, update: dict) -> tuple[int, dict]:
        if not self.portal_status_url:
            return 409, {"error": "no portal_status_url configured"}
        body = json.dumps(update).encode()
        headers = {"Content-Type": "application/json", SIGNATURE_HEADER: sign(self.secret, body)}
        status, answer = _post(self.portal_status_url, body, headers)
        try:
            reply = json.loads(answer or b"{}")
        except ValueError:
            reply = {"raw": answer[:200].decode(errors="replace")}
        return status, {"portal_status": status, "portal_response": reply}


def _post(url: str, body: bytes, headers: dict) -> tuple[int, bytes]:
    parts = urlsplit(url)
    connection_class = (
        http.client.HTTPSConnection if parts.scheme == "https" else http.client.HTTPConnection
    )
    connection = connection_class(parts.hostname, parts.port, timeout=30)
    try:
        connection.request("POST", parts.path or "/", body=body, headers=headers)
        answer = connection.getresponse()
        return answer.status, answer.read()
    finally:
        connection.close()


def make_handler(office: BackOffice, *, quiet: bool = True):
    class Handler(BaseHTTPRequestHandler):
        server_version = "SimulatedBackOffice/1"

        def log_message(self, format, *args):  # noqa: A002 - the standard library's name
            if not quiet:
                super().log_message(format, *args)

        def _body(self) -> bytes:
            length = int(self.headers.get("Content-Length") or 0)
            return self.rfile.read(min(length, MAX_BODY))

        def _answer(self, status: int, document) -> None:
            data = json.dumps(document).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def _parts(self) -> list[str]:
            return [part for part in urlsplit(self.path).path.split("/") if part]

        def _open311(self, method: str, body: bytes = b"") -> None:
            status, content_type, data = open311.handle(
                office, method, self._parts()[1:], urlsplit(self.path).query, body
            )
            try:
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the caller gave up waiting (latency_ms beyond its timeout)

        def _incab(self, method: str) -> None:
            status, content_type, data = incab.handle(office, method, self._parts()[1:])
            try:
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the portal gave up waiting (latency_ms beyond its timeout)

        def _revenues(self, method: str, body: bytes = b"") -> None:
            status, content_type, data = revenues.handle(
                office,
                method,
                self._parts()[1:],
                body=body,
                authorization=self.headers.get("Authorization"),
                key=self.headers.get(IDEMPOTENCY_HEADER),
            )
            try:
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the portal gave up waiting (latency_ms beyond its timeout)

        def _identity(self, method: str, body: bytes = b"") -> None:
            status, document, headers = identity.handle(
                office.identity, method, self.path, self.headers, body, prefix="/identity"
            )
            is_json = isinstance(document, dict)
            data = (json.dumps(document) if is_json else document).encode()
            self.send_response(status)
            content_type = "application/json" if is_json else "text/html; charset=utf-8"
            self.send_header("Content-Type", content_type)
            self.send_header("Cache-Control", "no-store")
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def _housing(self, method: str, body: bytes = b"") -> None:
            status, content_type, data = housing.handle(
                office,
                method,
                self._parts()[1:],
                query=urlsplit(self.path).query,
                body=body,
                authorization=self.headers.get("Authorization"),
                key=self.headers.get(IDEMPOTENCY_HEADER),
            )
            try:
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the portal gave up waiting (latency_ms beyond its timeout)

        def do_GET(self):  # noqa: N802 - the standard library's name
            parts = self._parts()
            if parts[:1] == ["identity"] and office.identity is not None:
                return self._identity("GET")
            if parts[:1] == ["housing"]:
                return self._housing("GET")
            if parts[:1] == ["revenues"]:
                return self._revenues("GET")
            if parts[:1] == ["open311"]:
                return self._open311("GET")
            if parts[:1] == ["incab"]:
                return self._incab("GET")
            if parts == ["cases"]:
                with office._lock:
                    return self._answer(200, list(office.cases.values()))
            if len(parts) == 2 and parts[0] == "cases":
                with office._lock:
                    record = office.cases.get(parts[1])
                return self._answer(
                    *((200, record) if record else (404, {"error": "no such case"}))
                )
            return self._answer(404, {"error": "not found"})

        def do_POST(self):  # noqa: N802 - the standard library's name
            parts = self._parts()
            body = self._body()
            if parts[:1] == ["identity"] and office.identity is not None:
                return self._identity("POST", body)
            if parts[:1] == ["open311"]:
                return self._open311("POST", body)
            if parts[:1] == ["revenues"]:
                return self._revenues("POST", body)
            if parts[:1] == ["housing"]:
                return self._housing("POST", body)
            if parts == ["cases"]:
                return self._answer(
                    *office.receive(
                        body=body,
                        signature=self.headers.get(SIGNATURE_HEADER),
                        key=self.headers.get(IDEMPOTENCY_HEADER),
                    )
                )
            if len(parts) == 3 and parts[0] == "cases" and parts[2] == "status":
                try:
                    wanted = json.loads(body or b"{}")
                except ValueError:
                    return self._answer(400, {"error": "not JSON"})
                return self._answer(
                    *office.set_status(
                        parts[1],
                        status=str(wanted.get("status", "")),
                        message=str(wanted.get("message", "")),
                        public=bool(wanted.get("public", True)),
                    )
                )
            return self._answer(404, {"error": "not found"})

    return Handler


@dataclass
class RunningBackOffice:
    office: BackOffice
    server: ThreadingHTTPServer
    thread: threading.Thread

    @property
    def url(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}"

    @property
    def cases_url(self) -> str:
        return f"{self.url}/cases"

    @property
    def open311_url(self) -> str:
        return f"{self.url}/open311/v2"

    @property
    def incab_url(self) -> str:
        """What WASTE_INCAB_URL should be to use this office's in-cab records."""
        return self.url

    @property
    def identity_url(self) -> str:
        """What STAFF_OIDC_SERVER_URL should be to sign staff in with this office's identity
        provider (the issuer)."""
        return f"{self.url}/identity"

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=5)


def start(office: BackOffice, *, host: str = "127.0.0.1", port: int = 0, quiet: bool = True):
    """Serve ``office`` in a daemon thread (port 0: any free port). Call ``stop()`` after."""
    server = ThreadingHTTPServer((host, port), make_handler(office, quiet=quiet))
    server.daemon_threads = True
    thread = threading.Thread(
        target=server.serve_forever,
        kwargs={"poll_interval": 0.05},
        name="simulated-backoffice",
        daemon=True,
    )
    thread.start()
    running = RunningBackOffice(office, server, thread)
    if office.identity is not None:
        office.identity.issuer = running.identity_url
    return running

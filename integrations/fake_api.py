"""What the local fakes of outside JSON APIs share (GOV.UK Notify, GOV.UK Pay).

A subclass implements ``handle(method, path, authorization, body) -> (status, data)``
and gets a threaded HTTP server on 127.0.0.1 (a free port unless given), ``url``,
``start``/``stop``, use as a context manager, and ``serve(lines)`` for running one
from the command line. Quiet: tests read what the fake recorded, not its log.

``post_callback`` is how a fake calls the portal back (GOV.UK Pay's webhooks).
"""

from __future__ import annotations

import http.client
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

CALLBACK_TIMEOUT = 10.0


def post_callback(url: str, body: bytes, headers: dict[str, str]) -> int | None:
    """POST ``body`` to ``url`` as an outside system calls us back; the answer's status, or
    None when there was no answer. No redirects followed, nothing retried."""
    parts = urlsplit(url)
    connection_class = (
        http.client.HTTPSConnection if parts.scheme == "https" else http.client.HTTPConnection
    )
    connection = connection_class(parts.hostname, parts.port, timeout=CALLBACK_TIMEOUT)
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    try:
        connection.request("POST", path or "/", body=body, headers=headers)
        answer = connection.getresponse()
        answer.read()
        return answer.status
    except (OSError, http.client.HTTPException):
        return None
    finally:
        connection.close()


class LocalJsonApi:
    def __init__(self, host: str = "127.0.0.1", port: int = 0):
        self._server = ThreadingHTTPServer((host, port), _handler_for(self))

    def handle(self, method: str, path: str, authorization: str, body: bytes):
        raise NotImplementedError

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def start(self):
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    def serve(self, lines: list[str]) -> None:
        """Print ``lines`` (the settings to use) and serve until Ctrl-C."""
        for line in lines:
            print(line)
        try:
            self._server.serve_forever()
        except KeyboardInterrupt:
            self._server.server_close()


def _handler_for(fake: LocalJsonApi):
    class Handler(BaseHTTPRequestHandler):
        def _respond(self):
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            status, data = fake.handle(
                self.command, self.path, self.headers.get("Authorization", ""), body
            )
            encoded = json.dumps(data).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(encoded)))
            self.end_headers()
            self.wfile.write(encoded)

        do_GET = do_POST = _respond

        def log_message(self, format, *args):
            pass

    return Handler

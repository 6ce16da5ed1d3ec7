"""HTTP for the Open311 client: I/O only, standard library, no redirects followed, bounded body."""

import http.client
from dataclasses import dataclass
from urllib.parse import urlsplit

from integrations.open311_client.mapping import MAX_BODY

FORM = "application/x-www-form-urlencoded"
ACCEPT = "application/xml, application/json;q=0.9, text/xml;q=0.8"


@dataclass(frozen=True)
class Response:
    status: int
    body: bytes  # at most MAX_BODY + 1 bytes: longer means "too large"


def _call(method: str, url: str, *, body: bytes | None, headers: dict, timeout: float):
    """Raises OSError (refused, timed out...) and http.client errors when there is no answer."""
    parts = urlsplit(url)
    connection_class = (
        http.client.HTTPSConnection if parts.scheme == "https" else http.client.HTTPConnection
    )
    connection = connection_class(parts.hostname, parts.port, timeout=timeout)
    path = parts.path or "/"
    if parts.query:
        path = f"{path}?{parts.query}"
    try:
        connection.request(method, path, body=body, headers={"Accept": ACCEPT, **headers})
        answer = connection.getresponse()
        return Response(answer.status, answer.read(MAX_BODY + 1))
    finally:
        connection.close()


def post_form(url: str, *, body: bytes, timeout: float) -> Response:
    return _call("POST", url, body=body, headers={"Content-Type": FORM}, timeout=timeout)


def get(url: str, *, timeout: float) -> Response:
    return _call("GET", url, body=None, headers={}, timeout=timeout)

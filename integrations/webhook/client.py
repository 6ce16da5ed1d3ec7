"""HTTP for the webhook connector: I/O only, standard library, no redirects followed."""

import http.client
from dataclasses import dataclass
from urllib.parse import urlsplit


@dataclass(frozen=True)
class Response:
    status: int
    body: bytes


MAX_BODY = 64 * 1024  # a reference fits in far less; never read an endless answer


def post(url: str, *, body: bytes, headers: dict[str, str], timeout: float) -> Response:
    """POST ``body`` to ``url``. Raises OSError (and http.client errors) when there is no answer."""
    parts = urlsplit(url)
    connection_class = (
        http.client.HTTPSConnection if parts.scheme == "https" else http.client.HTTPConnection
    )
    connection = connection_class(parts.hostname, parts.port, timeout=timeout)
    path = parts.path or "/"
    if parts.query:
        path = f"{path}?{parts.query}"
    try:
        connection.request("POST", path, body=body, headers=headers)
        answer = connection.getresponse()
        return Response(answer.status, answer.read(MAX_BODY))
    finally:
        connection.close()

"""HTTP for the in-cab records: I/O only, standard library, no redirects followed, bounded body."""

import http.client
from dataclasses import dataclass
from urllib.parse import urlsplit

from integrations.incab.mapping import MAX_BODY


@dataclass(frozen=True)
class Response:
    status: int
    body: bytes  # at most MAX_BODY + 1 bytes: longer means "too large"


def get(url: str, *, timeout: float) -> Response:
    """GET ``url`` as JSON. Raises OSError (refused, timed out...) and http.client errors
    when there is no answer."""
    parts = urlsplit(url)
    connection_class = (
        http.client.HTTPSConnection if parts.scheme == "https" else http.client.HTTPConnection
    )
    connection = connection_class(parts.hostname, parts.port, timeout=timeout)
    path = parts.path or "/"
    if parts.query:
        path = f"{path}?{parts.query}"
    try:
        connection.request("GET", path, headers={"Accept": "application/json"})
        answer = connection.getresponse()
        return Response(answer.status, answer.read(MAX_BODY + 1))
    finally:
        connection.close()

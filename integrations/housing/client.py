"""HTTP for the housing system: I/O only, standard library, no redirects followed, bounded body."""

import http.client
from dataclasses import dataclass
from urllib.parse import urlsplit

from integrations.housing.mapping import MAX_BODY


@dataclass(frozen=True)
class Response:
    status: int
    body: bytes  # at most MAX_BODY + 1 bytes: longer means "too large"


def request(
    method: str, url: str, *, headers: dict[str, str], timeout: float, body: bytes | None = None
) -> Response:
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
        connection.request(method, path, body=body, headers=headers)
        answer = connection.getresponse()
        return Response(answer.status, answer.read(MAX_BODY + 1))
    finally:
        connection.close()

"""HTTP for GOV.UK Pay's REST API: I/O only, standard library, no redirects followed."""

import http.client
import json
from urllib.parse import urlsplit

DEFAULT_TIMEOUT = 10.0
MAX_BODY = 1024 * 1024  # a payment is a few kilobytes; never read an endless answer


class PayApiError(Exception):
    """No usable answer from GOV.UK Pay. ``status`` is None when there was no answer at all.

    ``str()`` names the status and GOV.UK Pay's error code only, never the body,
    so it is safe to log.
    """

    def __init__(self, detail: str, *, status: int | None = None, code: str = ""):
        super().__init__(detail)
        self.status = status
        self.code = code

    @property
    def temporary(self) -> bool:
        """Worth asking again later: no answer, rate-limited, or GOV.UK Pay's own failure."""
        return self.status is None or self.status in (408, 429) or self.status >= 500


def call(
    method: str,
    path: str,
    *,
    base_url: str,
    api_key: str,
    body: dict | None = None,
    timeout: float = DEFAULT_TIMEOUT,
) -> dict:
    """``method`` ``path`` with our API key; the JSON answer of a 2xx, else PayApiError."""
    parts = urlsplit(base_url.rstrip("/") + path)
    connection_class = (
        http.client.HTTPSConnection if parts.scheme == "https" else http.client.HTTPConnection
    )
    headers = {"Authorization": f"Bearer {api_key}", "Accept": "application/json"}
    encoded = None
    if body is not None:
        encoded = json.dumps(body).encode()
        headers["Content-Type"] = "application/json"
    connection = connection_class(parts.hostname, parts.port, timeout=timeout)
    try:
        connection.request(method, parts.path, body=encoded, headers=headers)
        answer = connection.getresponse()
        status, raw = answer.status, answer.read(MAX_BODY)
    except (OSError, http.client.HTTPException) as exc:
        raise PayApiError(f"no answer from GOV.UK Pay: {type(exc).__name__}") from exc
    finally:
        connection.close()
    try:
        document = json.loads(raw.decode("utf-8")) if raw else {}
    except (UnicodeDecodeError, ValueError):
        document = None
    return answer_read(status, document)


def answer_read(status: int, document) -> dict:
    """GOV.UK Pay's answer (its status and JSON, None when not JSON): the JSON of a 2xx,
    else PayApiError with its error code."""
    if not 200 <= status < 300:
        code = document.get("code", "") if isinstance(document, dict) else ""
        code = code if isinstance(code, str) and len(code) <= 10 else ""
        raise PayApiError(f"HTTP {status} from GOV.UK Pay {code}".strip(), status=status, code=code)
    if not isinstance(document, dict):
        raise PayApiError(f"HTTP {status} from GOV.UK Pay, but not JSON", status=status)
    return document

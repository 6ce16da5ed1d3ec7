"""The JSON webhook contract, as pure functions (tested with recorded fixtures).

Outbound: the case is POSTed as JSON; headers carry ``Idempotency-Key`` and
``X-Portal-Signature: sha256=<hex HMAC-SHA256 of the raw body>``. The back office
answers 2xx with ``{"reference": "..."}``. Inbound status updates are signed the
same way with the same secret.
"""

import hashlib
import hmac
import json
import re
from collections.abc import Mapping
from urllib.parse import urlsplit

from integrations.connectors import common_settings_errors
from integrations.outbox.registry import Result

SIGNATURE_HEADER = "X-Portal-Signature"
IDEMPOTENCY_HEADER = "Idempotency-Key"
SCHEMA = "council-portal/case/v1"
MIN_SECRET_LENGTH = 32
DEFAULT_TIMEOUT = 10.0
MAX_REFERENCE_LENGTH = 100
SETTINGS_KEYS = {"url", "secret_env", "timeout", "name"}
_ENV_NAME = re.compile(r"^[A-Z_][A-Z0-9_]*$")
RETRY_STATUSES = {408, 425, 429}


# --- Settings --------------------------------------------------------------------------


def validate_settings(settings: dict, environ: Mapping[str, str] | None = None) -> list[str]:
    """Errors in a request type's webhook settings, in words an administrator understands.

    ``url`` (http or https), and ``secret_env``: the name of the environment
    variable that holds the signing secret (at least 32 characters). Secrets come
    from the environment, never the database, so they cannot leak through the
    admin or the outbox. Optional: ``timeout``
    (seconds, 1 to 60) and ``name`` (what residents are told received it).
    """
    errors = []
    unknown = sorted(set(settings) - SETTINGS_KEYS)
    if unknown:
        errors.append(f"Unknown settings: {', '.join(unknown)}.")
    url = settings.get("url")
    parts = urlsplit(url) if isinstance(url, str) else None
    if parts is None or parts.scheme not in ("http", "https") or not parts.hostname:
        errors.append("'url' must be an http:// or https:// address.")
    if "secret" in settings:
        errors.append(
            "Do not put the secret itself in the settings: put it in an environment variable "
            "and give its name as 'secret_env'."
        )
    name = settings.get("secret_env")
    if name is None:
        errors.append("'secret_env' must name the environment variable that holds the secret.")
    elif not isinstance(name, str) or not _ENV_NAME.match(name):
        errors.append("'secret_env' must name an environment variable, like WEBHOOK_SECRET.")
    elif environ is not None:
        value = environ.get(name, "")
        if not value:
            errors.append(f"The environment variable {name} is not set.")
        elif len(value) < MIN_SECRET_LENGTH:
            errors.append(f"The secret in {name} must be at least {MIN_SECRET_LENGTH} characters.")
    return errors + common_settings_errors(settings)


def resolve_secret(settings: dict, environ: Mapping[str, str]) -> str:
    """The signing secret, read from the environment variable the settings name."""
    name = settings.get("secret_env")
    return environ.get(name, "") if isinstance(name, str) else ""


def timeout(settings: dict) -> float:
    return float(settings.get("timeout") or DEFAULT_TIMEOUT)


# --- Signing ---------------------------------------------------------------------------


def sign(secret: str, body: bytes) -> str:
    digest = hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
    return f"sha256={digest}"


def verify_signature(secret: str, body: bytes, header: str | None) -> bool:
    """True when ``header`` is ``sha256=<hex>`` of ``body`` under ``secret`` (constant time)."""
    if not secret or not header:
        return False
    return hmac.compare_digest(sign(secret, body).encode(), header.strip().encode())


# --- Outbound --------------------------------------------------------------------------


def request_body(case: dict) -> bytes:
    """The JSON a back office receives for a case (stable: sorted keys, UTF-8)."""
    document = {"schema": SCHEMA, **case}
    return json.dumps(document, sort_keys=True, separators=(",", ":")).encode()


def request_headers(*, secret: str, body: bytes, idempotency_key: str) -> dict[str, str]:
    return {
        "Content-Type": "application/json",
        "Accept": "application/json",
        IDEMPOTENCY_HEADER: idempotency_key,
        SIGNATURE_HEADER: sign(secret, body),
    }


def result_from_response(status: int, body: bytes) -> Result:
    """What a back office's answer means for the delivery.

    2xx with a reference: delivered. 408, 425, 429 and 5xx: try again later.
    Anything else (other 4xx, redirects, a 2xx without a usable reference): it
    will not work as it is, so a person must look. Details never quote the body,
    which might echo personal data back.
    """
    if 200 <= status < 300:
        try:
            document = json.loads(body.decode("utf-8"))
        except (UnicodeDecodeError, ValueError):
            return Result.failed(f"HTTP {status} from the back office, but not JSON")
        reference = document.get("reference") if isinstance(document, dict) else None
        if isinstance(reference, int) and not isinstance(reference, bool):
            reference = str(reference)
        if not isinstance(reference, str) or not reference.strip():
            return Result.failed(f"HTTP {status} from the back office, but no reference")
        reference = reference.strip()
        if len(reference) > MAX_REFERENCE_LENGTH:
            return Result.failed(f"HTTP {status} from the back office, reference too long")
        return Result.delivered(external_reference=reference)
    if status in RETRY_STATUSES or 500 <= status < 600:
        return Result.retry(f"HTTP {status} from the back office")
    return Result.failed(f"HTTP {status} from the back office")


def result_from_error(exc: BaseException) -> Result:
    """No answer at all (refused, timed out, reset): the back office may be down; try later."""
    return Result.retry(f"Could not reach the back office: {type(exc).__name__}")

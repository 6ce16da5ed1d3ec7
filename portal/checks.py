"""`manage.py check --deploy`: links that leave the portal must point at the portal.

E-mails, texts and payment providers send residents to PORTAL_BASE_URL. The
development default (http://127.0.0.1:8000) would send them to their own computer,
so production settings have no default and a deployment must name its public
https:// address.
"""

import ipaddress
from urllib.parse import urlsplit

from django.conf import settings
from django.core import checks


def base_url_problem(url: str) -> str:
    """What is wrong with ``url`` as the portal's public address; '' when nothing is."""
    if not url:
        return "is not set"
    parts = urlsplit(url)
    if parts.scheme != "https" or not parts.hostname:
        return f"is {url!r}, not an https:// address"
    host = parts.hostname
    if host == "localhost" or host.endswith(".localhost"):
        return f"is {url!r}, which points at the computer that opens it"
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return ""
    if address.is_loopback or address.is_unspecified:
        return f"is {url!r}, which points at the computer that opens it"
    return ""


@checks.register(checks.Tags.security, deploy=True)
def check_portal_base_url(app_configs, **kwargs):
    problem = base_url_problem(settings.PORTAL_BASE_URL)
    if not problem:
        return []
    return [
        checks.Error(
            f"PORTAL_BASE_URL {problem}: links in e-mails and texts, and the address payment "
            "providers send residents back to, would not reach the portal.",
            hint="Set PORTAL_BASE_URL to the portal's public address, e.g. "
            "https://myaccount.millbrook.gov.uk (no trailing slash).",
            id="portal.E001",
        )
    ]

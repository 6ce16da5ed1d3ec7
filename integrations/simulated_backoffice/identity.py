"""A fake council identity provider (OpenID Connect), for development and tests.

It stands in for Microsoft Entra ID (or any OIDC provider) the way the portal meets
it: discovery, the authorisation page, the token endpoint, userinfo and the signing
keys (JWKS). ID tokens are real RS256 JSON Web Tokens signed with a key made at
start-up, so the portal's sign-in goes through django-allauth's own OpenID Connect
code, unchanged. It behaves like the real one when things go wrong: a person who
cancels comes back with ``error=access_denied``; a code is good once, for a minute,
for the client and redirect address it was issued to; a bad client secret is a 401;
``failure_rate`` makes the token endpoint answer 503.

    python -m integrations.simulated_backoffice.identity --port 8766

Then set STAFF_OIDC_SERVER_URL=http://127.0.0.1:8766, STAFF_OIDC_CLIENT_ID=portal,
STAFF_OIDC_CLIENT_SECRET=fake-secret and STAFF_OIDC_GROUP_ROLES (see README). The
simulated back office serves it too, under ``/identity`` (``--identity``): ``make run``
does that, so its issuer is ``http://127.0.0.1:8765/identity``.
"""

from __future__ import annotations

import argparse
import html
import json
import random
import secrets
import threading
import time
import uuid
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlencode, urlsplit

import jwt
from cryptography.hazmat.primitives.asymmetric import rsa

CODE_SECONDS = 60
TOKEN_SECONDS = 3600

# The groups the demo's staff belong to in the fake directory: Entra ID names groups by
# object id (a GUID); STAFF_OIDC_GROUP_ROLES maps them to portal roles.
DEMO_GROUPS = {
    "agents": "0f5b1c1e-0000-4000-8000-000000000001",
    "caseworkers": "0f5b1c1e-0000-4000-8000-000000000002",
    "team-leads": "0f5b1c1e-0000-4000-8000-000000000003",
    "managers": "0f5b1c1e-0000-4000-8000-000000000004",
    "administrators": "0f5b1c1e-0000-4000-8000-000000000007",
    "everyone": "0f5b1c1e-0000-4000-8000-0000000000ff",  # no role in the portal
}


@dataclass(frozen=True)
class Person:
    """Someone in the council's directory."""

    sub: str
    email: str
    given_name: str
    family_name: str
    groups: tuple[str, ...] = ()
    mfa: bool = True  # signs in with a second factor (amr carries "mfa")

    def claims(self, *, mfa: bool | None = None) -> dict:
        used_mfa = self.mfa if mfa is None else mfa
        return {
            "sub": self.sub,
            "email": self.email,
            "email_verified": True,
            "given_name": self.given_name,
            "family_name": self.family_name,
            "name": f"{self.given_name} {self.family_name}",
            "groups": list(self.groups),
            "amr": ["pwd", "mfa"] if used_mfa else ["pwd"],
        }


DEMO_PEOPLE = [
    Person(
        "demo-agent",
        "agent@millbrook.example",
        "Aisha",
        "Khan",
        (DEMO_GROUPS["agents"], DEMO_GROUPS["everyone"]),
    ),
    Person(
        "demo-caseworker",
        "caseworker@millbrook.example",
        "Chris",
        "Evans",
        (DEMO_GROUPS["caseworkers"], DEMO_GROUPS["everyone"]),
    ),
    Person("demo-lead", "lead@millbrook.example", "Lee", "Okafor", (DEMO_GROUPS["team-leads"],)),
    Person(
        "demo-new-starter",
        "new.starter@millbrook.example",
        "Nia",
        "Jones",
        (DEMO_GROUPS["caseworkers"],),
        mfa=False,
    ),
    Person("demo-visitor", "visitor@millbrook.example", "Val", "Ward", (DEMO_GROUPS["everyone"],)),
]


def demo_group_roles() -> dict[str, str]:
    """STAFF_OIDC_GROUP_ROLES for the fake directory (role names as in accounts.roles)."""
    return {
        DEMO_GROUPS["agents"]: "Agent",
        DEMO_GROUPS["caseworkers"]: "Caseworker",
        DEMO_GROUPS["team-leads"]: "Team lead",
        DEMO_GROUPS["managers"]: "Manager",
        DEMO_GROUPS["administrators"]: "Administrator",
    }


@dataclass
class IdentityProvider:
    client_id: str = "portal"
    client_secret: str = "fake-secret"  # noqa: S105 - the fake's own, for development
    people: list[Person] = field(default_factory=lambda: list(DEMO_PEOPLE))
    issuer: str = ""  # set by start(): the server's own address
    failure_rate: float = 0.0
    # Tests: sign this person in at once, without the choosing page (their sub or e-mail).
    auto_sign_in: str = ""
    auto_mfa: bool | None = None  # and with or without a second factor (None: as they do)
    key: rsa.RSAPrivateKey = field(
        default_factory=lambda: rsa.generate_private_key(public_exponent=65537, key_size=2048)
    )
    kid: str = field(default_factory=lambda: uuid.uuid4().hex[:16])
    codes: dict = field(default_factory=dict)
    tokens: dict = field(default_factory=dict)
    issued: list = field(default_factory=list)  # every ID token issued (the JWT), for tests
    lock: threading.Lock = field(default_factory=threading.Lock)

    def person(self, key: str) -> Person | None:
        return next((p for p in self.people if key in (p.sub, p.email)), None)

    # --- Endpoints ---------------------------------------------------------------------

    def respond(
        self, method: str, path: str, *, query: dict, form: dict, authorization: str = ""
    ) -> tuple[int, str | dict, dict]:
        """(status, body, headers) for a request to ``path`` (relative to the issuer): the
        one routing both its own server and the simulated back office's ``/identity`` use."""
        if method == "GET" and path == "/.well-known/openid-configuration":
            return 200, self.discovery(), {}
        if method == "GET" and path == "/jwks":
            return 200, self.jwks(), {}
        if method == "GET" and path == "/authorize":
            status, headers, body = self.authorize(query)
            return status, body, headers
        if method == "GET" and path == "/userinfo":
            return (*self.userinfo(authorization), {})
        if method == "POST" and path == "/token":
            return (*self.token(form), {})
        return 404, {"error": "not found"}, {}

    def discovery(self) -> dict:
        return {
            "issuer": self.issuer,
            "authorization_endpoint": f"{self.issuer}/authorize",
            "token_endpoint": f"{self.issuer}/token",
            "userinfo_endpoint": f"{self.issuer}/userinfo",
            "jwks_uri": f"{self.issuer}/jwks",
            "response_types_supported": ["code"],
            "subject_types_supported": ["public"],
            "id_token_signing_alg_values_supported": ["RS256"],
            "token_endpoint_auth_methods_supported": ["client_secret_post"],
            "scopes_supported": ["openid", "profile", "email"],
            "claims_supported": ["sub", "email", "name", "groups", "amr"],
        }

    def jwks(self) -> dict:
        key = jwt.algorithms.RSAAlgorithm.to_jwk(self.key.public_key(), as_dict=True)
        return {"keys": [{**key, "kid": self.kid, "use": "sig", "alg": "RS256"}]}

    def authorize(self, query: dict) -> tuple[int, dict, str]:
        """(status, headers, body): the choosing page, or a redirect back with a code."""
        redirect_uri = query.get("redirect_uri", "")
        if query.get("client_id") != self.client_id or not redirect_uri:
            return 400, {}, "<p>Unknown client or no redirect_uri.</p>"
        back = {"state": query.get("state", "")}
        if query.get("cancel"):
            return 302, {"Location": _with(redirect_uri, error="access_denied", **back)}, ""
        chosen = query.get("person") or self.auto_sign_in
        person = self.person(chosen) if chosen else None
        if person is None:
            return 200, {}, self._choosing_page(query)
        mfa = self.auto_mfa if query.get("person") is None else query.get("mfa") == "yes"
        code = secrets.token_urlsafe(24)
        with self.lock:
            self.codes[code] = {
                "claims": person.claims(mfa=mfa),
                "redirect_uri": redirect_uri,
                "nonce": query.get("nonce"),
                "expires": time.time() + CODE_SECONDS,
            }
        return 302, {"Location": _with(redirect_uri, code=code, **back)}, ""

    def token(self, form: dict) -> tuple[int, dict]:
        if self.failure_rate and random.random() < self.failure_rate:  # noqa: S311 - a simulation
            return 503, {"error": "temporarily_unavailable"}
        if form.get("client_id") != self.client_id or not secrets.compare_digest(
            form.get("client_secret", ""), self.client_secret
        ):
            return 401, {"error": "invalid_client"}
        if form.get("grant_type") != "authorization_code":
            return 400, {"error": "unsupported_grant_type"}
        with self.lock:
            issued = self.codes.pop(form.get("code", ""), None)
        if (
            issued is None
            or issued["expires"] < time.time()
            or issued["redirect_uri"] != form.get("redirect_uri")
        ):
            return 400, {"error": "invalid_grant"}
        now = int(time.time())
        claims = {
            **issued["claims"],
            "iss": self.issuer,
            "aud": self.client_id,
            "iat": now,
            "exp": now + TOKEN_SECONDS,
            "jti": uuid.uuid4().hex,
        }
        if issued["nonce"]:
            claims["nonce"] = issued["nonce"]
        access_token = secrets.token_urlsafe(24)
        id_token = jwt.encode(claims, self.key, algorithm="RS256", headers={"kid": self.kid})
        with self.lock:
            self.tokens[access_token] = issued["claims"]
            self.issued.append(id_token)
        return 200, {
            "access_token": access_token,
            "token_type": "Bearer",
            "expires_in": TOKEN_SECONDS,
            "id_token": id_token,
        }

    def userinfo(self, authorization: str) -> tuple[int, dict]:
        scheme, _space, token = authorization.partition(" ")
        claims = self.tokens.get(token) if scheme.lower() == "bearer" else None
        if claims is None:
            return 401, {"error": "invalid_token"}
        # Like Entra ID: userinfo names the person; groups and amr are in the ID token.
        return 200, {k: v for k, v in claims.items() if k not in ("groups", "amr")}

    def _choosing_page(self, query: dict) -> str:
        keep = "".join(
            f'<input type="hidden" name="{html.escape(k)}" value="{html.escape(v)}">'
            for k, v in query.items()
            if k not in ("person", "mfa", "cancel")
        )
        people = "".join(
            f'<div><input type="radio" id="p{i}" name="person" value="{html.escape(p.sub)}"'
            f'{" checked" if i == 0 else ""}> <label for="p{i}">{html.escape(p.email)}</label></div>'
            for i, p in enumerate(self.people)
        )
        return (
            '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            "<title>Fake council sign-in</title></head><body><main>"
            "<h1>Fake council sign-in</h1>"
            "<p>This stands in for the council's identity provider in development.</p>"
            f'<form method="get" action="authorize">{keep}'
            f"<fieldset><legend>Sign in as</legend>{people}</fieldset>"
            '<p><input type="checkbox" id="mfa" name="mfa" value="yes" checked> '
            '<label for="mfa">I used a second factor (MFA)</label></p>'
            '<button type="submit">Sign in</button> '
            '<button type="submit" name="cancel" value="1">Cancel</button>'
            "</form></main></body></html>"
        )


def _with(url: str, **params) -> str:
    return f"{url}{'&' if '?' in url else '?'}{urlencode(params)}"


def handle(
    provider: IdentityProvider, method: str, path: str, headers, body: bytes, *, prefix: str = ""
) -> tuple[int, str | dict, dict]:
    """An HTTP request to the provider (``prefix``: where it is mounted, e.g. /identity)."""
    parts = urlsplit(path)
    query = {k: v[0] for k, v in parse_qs(parts.query).items()}
    form = {k: v[0] for k, v in parse_qs(body.decode(errors="replace")).items()}
    return provider.respond(
        method,
        parts.path.removeprefix(prefix),
        query=query,
        form=form,
        authorization=headers.get("Authorization", ""),
    )


def make_handler(provider: IdentityProvider, *, quiet: bool = True):
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format, *args):  # noqa: A002 - the standard library's name
            if not quiet:
                super().log_message(format, *args)

        def _send(self, status: int, body: str | dict, headers: dict | None = None):
            is_json = isinstance(body, dict)
            data = (json.dumps(body) if is_json else body).encode()
            self.send_response(status)
            content_type = "application/json" if is_json else "text/html; charset=utf-8"
            self.send_header("Content-Type", content_type)
            self.send_header("Cache-Control", "no-store")
            for name, value in (headers or {}).items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_GET(self):  # noqa: N802 - the standard library's name
            self._send(*handle(provider, "GET", self.path, self.headers, b""))

        def do_POST(self):  # noqa: N802 - the standard library's name
            length = int(self.headers.get("Content-Length") or 0)
            self._send(*handle(provider, "POST", self.path, self.headers, self.rfile.read(length)))

    return Handler


@dataclass
class RunningProvider:
    provider: IdentityProvider
    server: ThreadingHTTPServer
    thread: threading.Thread

    @property
    def url(self) -> str:
        return self.provider.issuer

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def start(
    provider: IdentityProvider, *, host: str = "127.0.0.1", port: int = 0, quiet: bool = True
):
    """Serve ``provider`` in a daemon thread (port 0: any free port). Call ``stop()`` after."""
    server = ThreadingHTTPServer((host, port), make_handler(provider, quiet=quiet))
    bound_host, bound_port = server.server_address[:2]
    provider.issuer = f"http://{bound_host}:{bound_port}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    return RunningProvider(provider, server, thread)


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8766)
    parser.add_argument("--client-id", default="portal")
    parser.add_argument("--client-secret", default="fake-secret")
    parser.add_argument("--failure-rate", type=float, default=0.0)
    args = parser.parse_args(argv)
    provider = IdentityProvider(
        client_id=args.client_id,
        client_secret=args.client_secret,
        failure_rate=args.failure_rate,
    )
    running = start(provider, host=args.host, port=args.port, quiet=False)
    print(f"Fake identity provider at {running.url}")  # noqa: T201
    print(f"STAFF_OIDC_GROUP_ROLES='{json.dumps(demo_group_roles())}'")  # noqa: T201
    try:
        running.thread.join()
    except KeyboardInterrupt:
        running.stop()


if __name__ == "__main__":
    main()

"""'Download my data' (UK GDPR right of access).

accounts knows only its own data. Other apps add a section by registering a
function in their AppConfig.ready(): ``register_section("cases", fn)`` where
``fn(user) -> JSON-serialisable data``. accounts never imports them.
"""

from collections.abc import Callable

_sections: dict[str, Callable] = {}
_closing_hooks: dict[str, Callable] = {}


def register_section(name: str, fn: Callable) -> None:
    _sections[name] = fn


def sections() -> dict[str, Callable]:
    return dict(_sections)


def register_closing_hook(name: str, fn: Callable) -> None:
    """``fn(user)`` runs inside the transaction that closes an account (retention rules)."""
    _closing_hooks[name] = fn


def closing_hooks() -> dict[str, Callable]:
    return dict(_closing_hooks)

"""The words each app's ``tests/**/urlmap.py`` uses to describe its pages.

A module of its own so that the per-app modules and the machinery that gathers them
(tests/urlmap.py) both import it without importing each other.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Rule:
    """How an undecorated page is meant to behave.

    ``signed_in_to``: entrance pages (sign in, create an account) send people who
    are already signed in on to this URL name instead.
    ``anonymous_to``: pages that only make sense inside a flow (enter the code we
    e-mailed you) send a visitor who arrives cold to this URL name.
    """

    tier: int = 0
    staff_only: bool = False
    signed_in_to: str | None = None
    anonymous_to: str | None = None
    why: str = ""
    status: int = 200  # what a plain GET gets once past the gates (an API's own "not found")


@dataclass(frozen=True)
class Provided:
    kwargs: dict
    obj: object | None = None  # the thing the URL names, to check it survived


@dataclass(frozen=True)
class Provider:
    """Fills a URL's arguments (and any session state the page needs) for ``user``.

    ``owned``: the arguments name something that belongs to a person, so another
    resident asking for it must get 404. For owned providers ``user`` is the
    owner; otherwise it is the visitor (None when anonymous).
    """

    make: Callable[..., Provided]
    owned: bool = False

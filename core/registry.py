"""One kind of registry for every plug-in point of the project.

A lower layer declares what it lets others plug in (``sections = Registry("data export
sections")``); the apps above it add entries from their ``AppConfig.ready()``
(``sections.register("cases", cases_export)``), so the lower layer never imports them.

Entries keep their registration order unless they say otherwise: ``order=`` (lower
first) and ``after=`` (keys this entry must follow) make an order that matters explicit
instead of leaning on INSTALLED_APPS. Registering a key again replaces its entry
(``ready()`` may run more than once in tests).

Tests swap the contents for one test, or add to them, and get the old ones back
afterwards (tests/conftest.py has a ``registered`` fixture for the common case)::

    with registry.replaced({"only": entry}):
        ...
    with registry.added({"extra": entry}):
        ...
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Generic, TypeVar

from django.core.exceptions import ImproperlyConfigured

T = TypeVar("T")


@dataclass(frozen=True)
class _Entry(Generic[T]):
    key: str
    value: T
    order: int
    after: tuple[str, ...]
    position: int  # when it was registered, to keep ties in registration order


class Registry(Generic[T]):
    """Named entries of one type, in a stated order."""

    def __init__(self, name: str, *, key: Callable[[T], str] | None = None):
        self.name = name
        self._key = key  # how add() names an entry that carries its own key (a slug)
        self._entries: dict[str, _Entry[T]] = {}
        self._counter = 0
        self._sorted: list[_Entry[T]] | None = None

    def __repr__(self) -> str:
        return f"<Registry {self.name}: {', '.join(self.keys())}>"

    def register(self, key: str, value: T, *, order: int = 0, after: str | Iterable[str] = ()) -> T:
        """Add (or replace) ``key``; returns ``value`` so it can be used as a decorator's body."""
        after = (after,) if isinstance(after, str) else tuple(after)
        previous = self._entries.get(key)
        position = previous.position if previous else self._counter
        self._counter += 1
        self._entries[key] = _Entry(key, value, order, after, position)
        self._sorted = None
        return value

    def add(self, value: T, *, order: int = 0, after: str | Iterable[str] = ()) -> T:
        """Register ``value`` under the key it carries (the registry's ``key=``, e.g. its slug)."""
        if self._key is None:
            raise TypeError(f"{self.name}: entries have no key of their own; use register()")
        return self.register(self._key(value), value, order=order, after=after)

    def unregister(self, key: str) -> None:
        self._entries.pop(key, None)
        self._sorted = None

    def get(self, key: str, default: T | None = None) -> T | None:
        entry = self._entries.get(key)
        return entry.value if entry else default

    def __contains__(self, key: object) -> bool:
        return key in self._entries

    def __len__(self) -> int:
        return len(self._entries)

    def __iter__(self) -> Iterator[T]:
        return iter(self.values())

    def keys(self) -> list[str]:
        return [entry.key for entry in self._ordered()]

    def values(self) -> list[T]:
        return [entry.value for entry in self._ordered()]

    def items(self) -> list[tuple[str, T]]:
        return [(entry.key, entry.value) for entry in self._ordered()]

    def _ordered(self) -> list[_Entry[T]]:
        if self._sorted is None:
            self._sorted = _in_order(self.name, self._entries.values())
        return self._sorted

    @contextmanager
    def added(self, entries: Mapping[str, T]) -> Iterator[Registry[T]]:
        """For a test: ``entries`` besides the real ones until the block ends, then as before."""
        saved = (dict(self._entries), self._counter)
        try:
            for key, value in entries.items():
                self.register(key, value)
            yield self
        finally:
            (self._entries, self._counter), self._sorted = saved, None

    @contextmanager
    def replaced(self, entries: Mapping[str, T] | None = None) -> Iterator[Registry[T]]:
        """For a test: only ``entries`` (in their order) until the block ends, then as before."""
        saved = (self._entries, self._counter)
        self._entries, self._counter, self._sorted = {}, 0, None
        try:
            for key, value in (entries or {}).items():
                self.register(key, value)
            yield self
        finally:
            (self._entries, self._counter), self._sorted = saved, None


def _in_order(name: str, entries: Iterable[_Entry[T]]) -> list[_Entry[T]]:
    """By ``order`` then registration, moved down only as far as ``after`` needs."""
    waiting = sorted(entries, key=lambda entry: (entry.order, entry.position))
    present = {entry.key for entry in waiting}
    placed: list[_Entry[T]] = []
    done: set[str] = set()
    while waiting:
        for index, entry in enumerate(waiting):
            if all(key in done or key not in present for key in entry.after):
                placed.append(waiting.pop(index))
                done.add(entry.key)
                break
        else:
            keys = ", ".join(entry.key for entry in waiting)
            raise ImproperlyConfigured(f"{name}: the 'after' of {keys} go round in a circle")
    return placed

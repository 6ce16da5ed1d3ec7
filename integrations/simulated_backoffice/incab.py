"""The simulated back office's in-cab records, under ``/incab/v1/`` (contract: integrations/incab).

- ``GET /incab/v1/rounds/<round code>/<YYYY-MM-DD>``: the record for that round that
  day, or 404 when there is none. The office's ``failure_rate`` (503) and
  ``latency_ms`` apply, as on its other endpoints.
- ``GET /incab/v1/rounds``: the (round, date) pairs it holds, for people poking at it.

Records come from a JSON file (``--incab-file``; the demo writes ``var/incab.json``),
read again whenever it changes, and from ``IncabRecords.rounds``, which tests fill in
(``add``) and which wins over the file. The file is ``{"rounds": [record, ...]}`` (or
just the list), each record in the contract's shape. ``garbage`` makes every round
answer 200 with something that is not a round record, as a broken system might.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING
from urllib.parse import unquote

from integrations.simulated_backoffice.watched_file import WatchedFile

if TYPE_CHECKING:
    from integrations.simulated_backoffice.server import BackOffice

JSON = "application/json; charset=utf-8"


def _key(round_code: str, day: str) -> tuple[str, str]:
    return (round_code.strip().lower(), day.strip())


@dataclass
class IncabRecords:
    """The crews' records (guarded by the office's lock)."""

    file: str = ""
    rounds: dict[tuple[str, str], dict] = field(default_factory=dict)  # set here: wins
    garbage: bool = False
    requests: int = 0
    _from_file: dict[tuple[str, str], dict] = field(default_factory=dict)
    _watched: WatchedFile | None = None
    file_problem: str = ""

    def add(self, record: dict) -> None:
        """Hold ``record`` (the contract's shape) for its round and date."""
        self.rounds[_key(str(record["round"]), str(record["date"]))] = record

    def clear(self) -> None:
        self.rounds.clear()

    def _refresh(self) -> None:
        """Read the file again if it has changed (or appeared, or gone)."""
        if not self.file:
            return
        watched = self._watched
        if watched is None or watched.path != self.file:
            watched = self._watched = WatchedFile(self.file)
        items = watched.changed_document("rounds")
        if items is not None:
            self._from_file = {
                _key(str(record["round"]), str(record["date"])): record
                for record in items
                if "round" in record and "date" in record
            }
        self.file_problem = watched.problem

    def find(self, round_code: str, day: str) -> dict | None:
        self._refresh()
        key = _key(round_code, day)
        return self.rounds.get(key) or self._from_file.get(key)

    def held(self) -> list[tuple[str, str]]:
        self._refresh()
        return sorted({*self._from_file, *self.rounds})


def _answer(status: int, document) -> tuple[int, str, bytes]:
    return status, JSON, json.dumps(document).encode()


def handle(office: BackOffice, method: str, parts: list[str]) -> tuple[int, str, bytes]:
    """A request under /incab/ (``parts`` after "incab"): (HTTP status, content type, body)."""
    if method != "GET":
        return _answer(405, {"error": "GET only"})
    if office.latency_ms:
        time.sleep(office.latency_ms / 1000)
    records = office.incab
    with office._lock:
        office.calls += 1
        records.requests += 1
        if office._random.random() < office.failure_rate:
            office.failures += 1
            return _answer(503, {"error": "temporarily unavailable"})
        if parts == ["v1", "rounds"]:
            listed = [{"round": code, "date": day} for code, day in records.held()]
            return _answer(200, {"rounds": listed, "file_problem": records.file_problem})
        if len(parts) != 4 or parts[:2] != ["v1", "rounds"]:
            return _answer(404, {"error": "not found"})
        if records.garbage:
            return 200, JSON, b'{"round": [1, 2, 3], "state": "on fire"'
        record = records.find(unquote(parts[2]), unquote(parts[3]))
        if record is None:
            return _answer(404, {"error": "no record of that round on that day"})
        return _answer(200, record)

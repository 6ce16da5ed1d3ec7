"""The in-cab records contract (see the package docstring), as pure functions.

``parse_round`` turns an answer into a ``RoundRecord``, ``None`` (no record) or
``IncabUnusable`` (garbage). It is strict about what the portal relies on (the
round, the day, the state) and forgiving about single exceptions: one the crew's
tablet garbled is left out rather than the whole round being thrown away.
"""

from __future__ import annotations

import datetime
import json
from dataclasses import dataclass
from urllib.parse import quote

MAX_BODY = 1024 * 1024  # a busy round has a few hundred exceptions at most
DEFAULT_TIMEOUT = 3.0  # a resident is waiting for the page

NOT_STARTED = "not_started"
IN_PROGRESS = "in_progress"
FINISHED = "finished"
STATES = (NOT_STARTED, IN_PROGRESS, FINISHED)

NOT_PRESENTED = "not_presented"
CONTAMINATED = "contaminated"
BLOCKED_ACCESS = "blocked_access"
OTHER = "other"
REASONS = (NOT_PRESENTED, CONTAMINATED, BLOCKED_ACCESS, OTHER)

NOTE_MAX = 500


class IncabUnusable(Exception):
    """The in-cab system answered, but not with something the portal can rely on.

    The message is for staff (it goes on the case as an internal note); it never
    quotes the body, which could hold anything.
    """


@dataclass(frozen=True)
class CrewException:
    """A bin the crew did not empty, and why."""

    uprn: int
    stream: str
    reason: str  # one of REASONS; anything else the crew's system says becomes OTHER
    note: str = ""
    recorded_at: datetime.datetime | None = None


@dataclass(frozen=True)
class RoundRecord:
    round: str
    date: datetime.date
    state: str
    started_at: datetime.datetime | None = None
    finished_at: datetime.datetime | None = None
    exceptions: tuple[CrewException, ...] = ()
    skipped: int = 0  # exceptions left out because they could not be read

    @property
    def finished(self) -> bool:
        return self.state == FINISHED

    def exception_for(self, *, uprn: int, stream: str) -> CrewException | None:
        """The latest exception the crew recorded for this property and stream, if any."""
        found = [e for e in self.exceptions if e.uprn == uprn and e.stream == stream]
        if not found:
            return None
        earliest = datetime.datetime.min.replace(tzinfo=datetime.UTC)
        return max(found, key=lambda e: e.recorded_at or earliest)


# --- Asking ------------------------------------------------------------------------------


def round_path(round_code: str, day: datetime.date) -> str:
    return f"/incab/v1/rounds/{quote(round_code, safe='')}/{day.isoformat()}"


def round_url(base_url: str, round_code: str, day: datetime.date) -> str:
    return base_url.rstrip("/") + round_path(round_code, day)


# --- Reading the answer ------------------------------------------------------------------


def parse_datetime(value) -> datetime.datetime | None:
    """An ISO 8601 time with an offset; one without is taken as UTC. Raises ValueError."""
    if value is None:
        return None
    if not isinstance(value, str):
        raise ValueError("not a string")
    found = datetime.datetime.fromisoformat(value.strip())
    return found if found.tzinfo else found.replace(tzinfo=datetime.UTC)


def _uprn(value) -> int:
    if isinstance(value, bool):
        raise ValueError("not a UPRN")
    if isinstance(value, int):
        uprn = value
    elif isinstance(value, str) and value.strip().isdigit():
        uprn = int(value.strip())
    else:
        raise ValueError("not a UPRN")
    if not 0 < uprn < 10**12:
        raise ValueError("not a UPRN")
    return uprn


def parse_exception(item) -> CrewException:
    """One exception; ValueError when it cannot be read."""
    if not isinstance(item, dict):
        raise ValueError("not an object")
    stream = item.get("stream")
    if not isinstance(stream, str) or not stream.strip():
        raise ValueError("no stream")
    reason = item.get("reason")
    if not isinstance(reason, str):
        raise ValueError("no reason")
    reason = reason.strip().lower()
    note = item.get("note") or ""
    return CrewException(
        uprn=_uprn(item.get("uprn")),
        stream=stream.strip().lower(),
        reason=reason if reason in REASONS else OTHER,
        note=note.strip()[:NOTE_MAX] if isinstance(note, str) else "",
        recorded_at=parse_datetime(item.get("recorded_at")),
    )


def parse_round(
    status: int, body: bytes, *, round_code: str, day: datetime.date
) -> RoundRecord | None:
    """The answer to ``GET round_url(...)``: a record, None (404: no record), or IncabUnusable."""
    if status == 404:
        return None
    if status != 200:
        raise IncabUnusable(f"HTTP {status} from the in-cab system")
    if len(body) > MAX_BODY:
        raise IncabUnusable("the in-cab system's answer was too large")
    try:
        document = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise IncabUnusable("the in-cab system's answer was not JSON") from None
    if not isinstance(document, dict):
        raise IncabUnusable("the in-cab system's answer was not a round record")
    if str(document.get("round", "")).strip().lower() != round_code.lower():
        raise IncabUnusable("the in-cab system answered for another round")
    if document.get("date") != day.isoformat():
        raise IncabUnusable("the in-cab system answered for another day")
    state = document.get("state")
    if state not in STATES:
        raise IncabUnusable("the in-cab system gave no round state it knows")
    try:
        started_at = parse_datetime(document.get("started_at"))
        finished_at = parse_datetime(document.get("finished_at"))
    except ValueError:
        raise IncabUnusable("the in-cab system's round times could not be read") from None
    items = document.get("exceptions") or []
    if not isinstance(items, list):
        raise IncabUnusable("the in-cab system's exceptions were not a list")
    exceptions, skipped = [], 0
    for item in items:
        try:
            exceptions.append(parse_exception(item))
        except ValueError:
            skipped += 1
    return RoundRecord(
        round=round_code,
        date=day,
        state=state,
        started_at=started_at,
        finished_at=finished_at,
        exceptions=tuple(exceptions),
        skipped=skipped,
    )


def unreachable(exc: BaseException) -> str:
    """Why there was no answer, for staff."""
    if isinstance(exc, TimeoutError):
        return "the in-cab system did not answer in time"
    return f"could not reach the in-cab system ({type(exc).__name__})"


# --- Writing (the simulated back office and the demo use the same shape) ------------------


def record_document(record: RoundRecord) -> dict:
    """A RoundRecord as the contract's JSON object."""

    def when(value):
        return value.isoformat() if value else None

    return {
        "round": record.round,
        "date": record.date.isoformat(),
        "state": record.state,
        "started_at": when(record.started_at),
        "finished_at": when(record.finished_at),
        "exceptions": [
            {
                "uprn": str(e.uprn),
                "stream": e.stream,
                "reason": e.reason,
                "note": e.note,
                "recorded_at": when(e.recorded_at),
            }
            for e in record.exceptions
        ],
    }

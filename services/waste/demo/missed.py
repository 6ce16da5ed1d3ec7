"""Demo in-cab records for "report a missed bin": a fortnight of the crews' rounds up to today.

Written to ``settings.WASTE_INCAB_DEMO_FILE`` (``var/incab.json``), which the simulated
back office serves at /incab/v1/ (`make run` starts it with ``--incab-file``). Past
rounds finished in the early afternoon, today's are still out, and a few bins the
crews could not empty are recorded on demo addresses: Sam's recycling (1 Mill Lane,
MB1 1AA) on its last collection had the wrong things in it; a neighbour's rubbish on
MB1 1AA was not put out; and a handful elsewhere in Millbrook. Written afresh on every
load, so the fortnight always ends today. Needs the rounds from the collections demo.
"""

from __future__ import annotations

import datetime
import json
import os
import random
import tempfile
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from accounts.models import User
from core import clock
from integrations.incab import mapping
from services.waste.models import MissedRoundNotice, PropertyRound, Stream
from services.waste.selectors.collections import last_collection, rounds_collecting_on

DAYS = 14
SAM = "sam@example.org"
DEMO_POSTCODE = "MB1 1AA"
START = datetime.time(6, 30)

# (stream, reason, what the crew typed) for addresses away from MB1 1AA, in turn.
ELSEWHERE = [
    (
        Stream.REFUSE,
        mapping.BLOCKED_ACCESS,
        "Parked van across the lane, could not get the lorry in",
    ),
    (Stream.FOOD, mapping.NOT_PRESENTED, "Caddy not out"),
    (Stream.GARDEN, mapping.CONTAMINATED, "Soil and rubble in the bin"),
    (Stream.RECYCLING, mapping.NOT_PRESENTED, ""),
    (Stream.REFUSE, mapping.OTHER, "Bin lid broken, could not tip it safely"),
]


def _at(day: datetime.date, time: datetime.time) -> datetime.datetime:
    return datetime.datetime.combine(day, time, tzinfo=timezone.get_current_timezone())


class _Records:
    def __init__(self, now: datetime.datetime):
        self.now = now
        self.today = now.date()
        self.by_key: dict[tuple[str, datetime.date], dict] = {}

    def _times(self, code: str, day: datetime.date):
        rng = random.Random(f"{code}/{day.isoformat()}")  # the same times on every load
        started = _at(day, START) + datetime.timedelta(minutes=rng.randint(0, 35))
        finished = started + datetime.timedelta(minutes=rng.randint(330, 480))
        return started, finished

    def round(self, code: str, day: datetime.date) -> dict:
        key = (code, day)
        if key not in self.by_key:
            started, finished = self._times(code, day)
            today = day == self.today
            self.by_key[key] = {
                "round": code,
                "date": day.isoformat(),
                "state": mapping.IN_PROGRESS if today else mapping.FINISHED,
                "started_at": min(started, self.now).isoformat(),
                "finished_at": None if today else finished.isoformat(),
                "exceptions": [],
            }
        return self.by_key[key]

    def exception(self, address, stream: str, reason: str, note: str = "") -> bool:
        """On the address's last collection of ``stream`` up to today; False if it has none."""
        collection = last_collection(address=address, stream=stream, on_or_before=self.today)
        if collection is None:
            return False
        record = self.round(collection.round.code, collection.date)
        if any(
            e["uprn"] == str(address.uprn) and e["stream"] == stream for e in record["exceptions"]
        ):
            return True  # already recorded
        started, finished = self._times(collection.round.code, collection.date)
        seen = started + (finished - started) * (0.2 + 0.6 * (address.uprn % 7) / 7)
        record["exceptions"].append(
            {
                "uprn": str(address.uprn),
                "stream": stream,
                "reason": reason,
                "note": note,
                "recorded_at": min(seen, self.now).isoformat(timespec="seconds"),
            }
        )
        return True

    def document(self) -> dict:
        rounds = [self.by_key[key] for key in sorted(self.by_key)]
        return {"generated_at": self.now.isoformat(timespec="seconds"), "rounds": rounds}


def _write(path: Path, document: dict) -> None:
    """All at once, so the back office never reads half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".incab-", suffix=".json")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            json.dump(document, out, indent=1)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _addresses_with(stream: str, *, postcode: str | None = None, exclude_postcode: str = ""):
    links = PropertyRound.objects.filter(stream=stream, round__active=True).select_related(
        "address"
    )
    if postcode:
        links = links.filter(address__postcode=postcode)
    if exclude_postcode:
        links = links.exclude(address__postcode=exclude_postcode)
    return [link.address for link in links.order_by("address_id")]


def _recent_example(records: _Records, *, skip_uprn=None):
    """A rubbish bin not put out on the last working day's round, so always reportable.

    Sam's bins go on Tuesdays, so most days of the fortnight their crew's reason is
    past the report window; this one is inside it whenever the demo is loaded. A round
    with a staff missed collection notice that day is passed over: the resident would
    see the notice, never the crew's reason (the notices demo loads first for that).
    """
    for offset in range(1, 5):
        day = records.today - datetime.timedelta(days=offset)
        noticed = set(MissedRoundNotice.objects.filter(date=day).values_list("round_id", flat=True))
        rounds = [
            r
            for r, _c in rounds_collecting_on(day=day)
            if r.stream == Stream.REFUSE and r.pk not in noticed
        ]
        if not rounds:
            continue
        links = PropertyRound.objects.filter(round__in=rounds).select_related("address")
        if skip_uprn is not None:
            links = links.exclude(address_id=skip_uprn)
        link = links.order_by("address_id").first()
        if link is not None and records.exception(
            link.address, Stream.REFUSE, mapping.NOT_PRESENTED, "Bin not at the kerb"
        ):
            return link.address
    return None


def incab_records(*, now: datetime.datetime | None = None) -> dict:
    """The demo's in-cab records as the file holds them (see the module docstring)."""
    return _records_and_example(now=now)[0]


def _records_and_example(*, now: datetime.datetime | None = None):
    now = timezone.localtime(now) if now else clock.now()
    records = _Records(now)
    for offset in range(DAYS - 1, -1, -1):
        day = records.today - datetime.timedelta(days=offset)
        for round_, _collection in rounds_collecting_on(day=day):
            records.round(round_.code, day)

    sam = User.objects.filter(email=SAM).select_related("address").first()
    sam_address = sam.address if sam is not None and sam.address_id else None
    if sam_address is not None:
        records.exception(
            sam_address,
            Stream.RECYCLING,
            mapping.CONTAMINATED,
            "Black sack of rubbish on top of the recycling",
        )
    neighbours = [
        a
        for a in _addresses_with(Stream.REFUSE, postcode=DEMO_POSTCODE)
        if sam_address is None or a.uprn != sam_address.uprn
    ]
    if neighbours:
        records.exception(neighbours[len(neighbours) // 2], Stream.REFUSE, mapping.NOT_PRESENTED)
    for number, (stream, reason, note) in enumerate(ELSEWHERE):
        candidates = _addresses_with(stream, exclude_postcode=DEMO_POSTCODE)
        if candidates:
            step = max(1, len(candidates) // (len(ELSEWHERE) + 1))
            records.exception(
                candidates[(number + 1) * step % len(candidates)], stream, reason, note
            )
    example = _recent_example(records, skip_uprn=sam_address.uprn if sam_address else None)
    return records.document(), example


def load(*, now: datetime.datetime | None = None) -> str:
    document, example = _records_and_example(now=now)
    path = Path(settings.WASTE_INCAB_DEMO_FILE)
    _write(path, document)
    rounds = document["rounds"]
    if not rounds:
        return f"In-cab records: no waste rounds yet, so none written to {path}"
    exceptions = sum(len(record["exceptions"]) for record in rounds)
    line = (
        f"In-cab records: {len(rounds)} rounds over the last {DAYS} days, "
        f"{exceptions} bins not emptied, in {path}"
    )
    if example is not None:
        line += (
            f"\n  Try reporting a missed bin at {example}: the crew recorded the rubbish bin "
            "as not put out"
        )
    return line

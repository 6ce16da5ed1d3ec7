"""Report a missed bin: what the council knows before a case is made.

``missed_assess`` works out the collection the resident means (the last one of that
bin at that address, up to today) and answers with one ``Outcome``. In this order:

1. no collection of that bin in the last four weeks;
2. already reported for that address, bin and day (by this resident, or by someone
   else at the address, whose details are not shown);
3. too late: more than ``WastePolicy.missed_report_days`` working days after the day;
4. a missed-round notice from staff (the notices feature's ``known_missed``);
5. the crews' in-cab records (``integrations.incab``): a reason the crew recorded for
   this property and bin (not put out, wrong things in it, could not get to it);
   on the collection day itself, a round that is not finished yet;
6. otherwise it can be reported.

Only steps 5 and 6 ask the in-cab system, and only they wait on it. When it cannot
be asked (turned off, down, garbage) the resident is not stopped: the report goes
ahead with an internal note saying the records could not be checked, except on the
collection day itself before ``ROUNDS_END``, when the crew may simply not have come yet.
"""

from __future__ import annotations

import dataclasses
import datetime
from dataclasses import dataclass
from enum import StrEnum

from django.http import Http404
from django.utils import timezone

from accounts.models import Address
from casework import sla
from casework.models import RequestType
from core import clock
from integrations.incab import lookup as incab
from integrations.incab import mapping as incab_mapping
from services.waste.models import MissedCollection, MissedRoundNotice, Stream, WastePolicy
from services.waste.selectors.collections import (
    AddressCollection,
    address_collections,
    address_rounds,
)
from services.waste.selectors.common import active_request_type
from services.waste.selectors.common import address_get as address_get

REQUEST_TYPE = "missed-collection"
# Crews finish by then. Before it, on the collection day, a bin not yet emptied is not
# missed; after it, a round the in-cab records cannot vouch for is taken as finished.
# (A WastePolicy field would let the council change it: a model change for the lead.)
ROUNDS_END = datetime.time(18, 0)
LOOK_BACK = datetime.timedelta(weeks=4)  # as selectors.collections.last_collection
LOOK_AHEAD = datetime.timedelta(weeks=8)
# The reasons that answer the resident instead of a case; "other" goes to the team.
CREW_REASONS = (
    incab_mapping.NOT_PRESENTED,
    incab_mapping.CONTAMINATED,
    incab_mapping.BLOCKED_ACCESS,
)


class Outcome(StrEnum):
    REPORT = "report"
    NO_COLLECTION = "no_collection"
    REPORTED_BY_YOU = "reported_by_you"
    REPORTED = "reported"  # by someone else at the address
    TOO_LATE = "too_late"
    NOTICE = "notice"
    CREW_REASON = "crew_reason"
    NOT_FINISHED = "not_finished"
    TOO_EARLY = "too_early"


# --- The request type and the bins at an address --------------------------------------------


def request_type_get() -> RequestType | None:
    """The missed-collection request type, unless an administrator has switched it off."""
    return active_request_type(REQUEST_TYPE)


def stream_label(stream: str) -> str:
    return str(Stream(stream).label) if stream in Stream.values else stream


def address_streams(*, address) -> list[tuple[str, str]]:
    """The bins collected from ``address``: [(stream, label)], in the council's order."""
    streams = {r.stream for r in address_rounds(address=address)}
    return [(value, str(label)) for value, label in Stream.choices if value in streams]


def address_stream_get(*, address, stream: str) -> str:
    """``stream`` if the address has that bin collected; 404 otherwise."""
    if stream not in {value for value, _label in address_streams(address=address)}:
        raise Http404
    return stream


def _collections(*, address, stream: str, start, end) -> list[AddressCollection]:
    return [
        c for c in address_collections(address=address, start=start, end=end) if c.stream == stream
    ]


def report_days() -> int:
    """Working days after the collection day that a missed bin can be reported online."""
    return WastePolicy.current().missed_report_days


def report_until(*, collection_date: datetime.date) -> datetime.date:
    """The last day a missed collection on ``collection_date`` can be reported online."""
    return sla.add_working_days(collection_date, report_days())


# --- What the resident is told ---------------------------------------------------------------


@dataclass(frozen=True)
class Assessment:
    outcome: Outcome
    address: Address
    stream: str
    now: datetime.datetime
    collection: AddressCollection | None = None
    report_until: datetime.date | None = None
    next_collection: AddressCollection | None = None
    missed: MissedCollection | None = None  # the report already made
    notice: MissedRoundNotice | None = None
    crew: incab_mapping.CrewException | None = None
    record: incab_mapping.RoundRecord | None = None
    incab_asked: bool = False
    incab_problem: str = ""  # why the crews' records could not be checked

    @property
    def stream_label(self) -> str:
        return stream_label(self.stream)

    @property
    def today(self) -> datetime.date:
        return self.now.date()

    @property
    def collection_date(self) -> datetime.date | None:
        return self.collection.date if self.collection else None

    @property
    def collection_is_today(self) -> bool:
        return self.collection_date == self.today

    @property
    def after_rounds_end(self) -> bool:
        return self.now.time() >= ROUNDS_END

    @property
    def rounds_end(self) -> datetime.time:
        return ROUNDS_END

    @property
    def can_report_tomorrow(self) -> bool:
        return bool(self.report_until and self.report_until > self.today)

    @property
    def checked(self) -> bool:
        """The crews' records were read (a record, or the in-cab system said it has none)."""
        return self.incab_asked and not self.incab_problem

    def already_reported(self, *, missed: MissedCollection, user) -> Assessment:
        """The same, now that ``missed`` turns out to have been reported first."""
        mine = user is not None and missed.case.resident_id == user.pk
        outcome = Outcome.REPORTED_BY_YOU if mine else Outcome.REPORTED
        return dataclasses.replace(self, outcome=outcome, missed=missed)

    def staff_note(self) -> str:
        """What the crews' records said, for the waste team (an internal note on the case)."""
        asked = f"{self.now:%H:%M} on {self.now:%d/%m/%Y}"
        round_code = self.collection.round.code if self.collection else "?"
        day = f"{self.collection_date:%d/%m/%Y}" if self.collection_date else "?"
        if self.incab_problem:
            return (
                f"The crew's in-cab records could not be checked at {asked} "
                f"({self.incab_problem}). Check them before sending a crew back."
            )
        if not self.incab_asked:
            return "The crew's in-cab records were not checked."
        if self.record is None:
            return (
                f"In-cab records checked at {asked}: there is no record of round "
                f"{round_code} on {day}."
            )
        record = self.record
        if record.finished:
            when = timezone.localtime(record.finished_at) if record.finished_at else None
            state = f"finished at {when:%H:%M}" if when else "finished"
        else:
            state = f"not finished ({record.state.replace('_', ' ')})"
        lines = [f"In-cab records checked at {asked}: round {round_code} on {day} {state}."]
        crew = record.exception_for(uprn=self.address.uprn, stream=self.stream)
        if crew is None:
            lines.append("Nothing was recorded for this address.")
        else:
            lines.append(
                f"The crew recorded '{crew.reason.replace('_', ' ')}'"
                + (f": {crew.note}" if crew.note else ".")
            )
        if record.skipped:
            lines.append(f"{record.skipped} of the round's records could not be read.")
        return " ".join(lines)


def _known_missed(*, address, stream: str, day: datetime.date) -> MissedRoundNotice | None:
    """The notices feature's answer (None until that feature is there)."""
    module = "services.waste.selectors.notices"
    try:
        from services.waste.selectors.notices import known_missed  # deferred: optional feature
    except ImportError as exc:
        if exc.name != module:
            raise
        return None
    return known_missed(address=address, stream=stream, day=day)


def missed_get(*, address, stream: str, collection_date: datetime.date):
    return (
        MissedCollection.objects.filter(
            address=address, stream=stream, collection_date=collection_date
        )
        .select_related("case", "case__request_type")
        .first()
    )


def missed_assess(*, user, address, stream: str, at: datetime.datetime | None = None) -> Assessment:
    """What happens if ``user`` says ``stream`` was not emptied at ``address`` (see the module)."""
    at = timezone.localtime(at) if at is not None else clock.now()
    today = at.date()
    around = _collections(
        address=address, stream=stream, start=today - LOOK_BACK, end=today + LOOK_AHEAD
    )
    recent = [c for c in around if c.date <= today]
    upcoming = [c for c in around if c.date > today]
    base = {
        "address": address,
        "stream": stream,
        "now": at,
        "next_collection": upcoming[0] if upcoming else None,
    }
    if not recent:
        return Assessment(Outcome.NO_COLLECTION, **base)
    collection = recent[-1]
    base.update(collection=collection, report_until=report_until(collection_date=collection.date))

    missed = missed_get(address=address, stream=stream, collection_date=collection.date)
    if missed is not None:
        return Assessment(Outcome.REPORT, **base).already_reported(missed=missed, user=user)
    if today > base["report_until"]:
        return Assessment(Outcome.TOO_LATE, **base)
    notice = _known_missed(address=address, stream=stream, day=collection.date)
    if notice is not None:
        return Assessment(Outcome.NOTICE, notice=notice, **base)

    record, problem = None, ""
    try:
        record = incab.round_record(round_code=collection.round.code, day=collection.date)
    except incab.IncabUnavailable as exc:
        problem = str(exc)
    base.update(record=record, incab_asked=True, incab_problem=problem)
    crew = record.exception_for(uprn=address.uprn, stream=stream) if record else None
    if crew is not None and crew.reason in CREW_REASONS:
        return Assessment(Outcome.CREW_REASON, crew=crew, **base)
    if collection.date == today:
        if record is not None and not record.finished:
            return Assessment(Outcome.NOT_FINISHED, **base)
        if record is None and at.time() < ROUNDS_END:
            return Assessment(Outcome.TOO_EARLY, **base)
    return Assessment(Outcome.REPORT, **base)


# --- After the report -------------------------------------------------------------------------


def missed_for_case(*, case) -> MissedCollection | None:
    return MissedCollection.objects.filter(case=case).first()

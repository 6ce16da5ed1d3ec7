"""Report a missed bin: the case, and the row that makes it one per address, bin and day."""

from django.db import IntegrityError, transaction
from django.utils import formats

from casework import actions as case_actions
from casework.models import Case, Channel, RequestType
from services.waste.models import MissedCollection
from services.waste.selectors.missed import Assessment, Outcome, missed_get


class AlreadyReported(Exception):
    """Someone reported the same address, bin and day first (``missed`` is their report)."""

    def __init__(self, missed: MissedCollection):
        super().__init__(f"already reported as {missed.case.reference}")
        self.missed = missed


def _summary(assessment: Assessment) -> str:
    day = formats.date_format(assessment.collection_date, "l j F Y")
    return f"{assessment.stream_label} not collected on {day}"


def missed_collection_report(
    *,
    user,
    assessment: Assessment,
    request_type: RequestType,
    channel: str = Channel.WEB,
) -> Case:
    """Open a case for the waste team (and its connector) about a missed collection.

    ``assessment`` must say it can be reported (``missed_assess``). The case, its
    MissedCollection and a note of what the crews' records said are made in one
    transaction; a report made meanwhile by someone else (the unique constraint)
    undoes all three and raises AlreadyReported with that report.
    """
    if assessment.outcome != Outcome.REPORT:
        raise ValueError(f"a missed collection that is {assessment.outcome} cannot be reported")
    collection = assessment.collection
    try:
        with transaction.atomic():
            case = case_actions.case_submit(
                request_type=request_type,
                answers={
                    "stream": assessment.stream,
                    "collection_date": collection.date.isoformat(),
                    "round": collection.round.code,
                },
                summary=_summary(assessment),
                resident=user,
                address=assessment.address,
                channel=channel,
                actor=user,
            )
            MissedCollection.objects.create(
                case=case,
                address=assessment.address,
                stream=assessment.stream,
                collection_date=collection.date,
                round=collection.round,
            )
            case_actions.case_add_note(case=case, actor=None, message=assessment.staff_note())
    except IntegrityError:
        existing = missed_get(
            address=assessment.address,
            stream=assessment.stream,
            collection_date=collection.date,
        )
        if existing is None:
            raise
        raise AlreadyReported(existing) from None
    return case

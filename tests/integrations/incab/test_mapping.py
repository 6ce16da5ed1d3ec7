"""The in-cab records contract, read from recorded answers (pure, no HTTP)."""

import datetime
import json
from pathlib import Path

import pytest

from integrations.incab import mapping

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "incab"
DAY = datetime.date(2025, 11, 25)
ROUND = "MB-REC-TUE-1"
UTC = datetime.UTC


def answer(name: str, status: int = 200):
    return mapping.parse_round(status, (FIXTURES / name).read_bytes(), round_code=ROUND, day=DAY)


def test_the_url_names_the_round_and_the_day():
    assert (
        mapping.round_url("http://incab.example/api/", "MB REC/1", DAY)
        == "http://incab.example/api/incab/v1/rounds/MB%20REC%2F1/2025-11-25"
    )


def test_a_finished_round_with_what_the_crew_recorded():
    record = answer("round_finished.json")

    assert record.finished
    assert record.state == mapping.FINISHED
    assert record.started_at == datetime.datetime(2025, 11, 25, 6, 41, tzinfo=UTC)
    assert record.finished_at == datetime.datetime(2025, 11, 25, 13, 58, 12, tzinfo=UTC)
    assert len(record.exceptions) == 4
    assert record.skipped == 0
    # UPRNs come as strings or numbers; the latest record for a property and bin wins.
    sam = record.exception_for(uprn=100090000001, stream="recycling")
    assert (sam.reason, sam.note) == (mapping.CONTAMINATED, "Black sack on top")
    assert record.exception_for(uprn=100090000007, stream="recycling").reason == (
        mapping.NOT_PRESENTED
    )
    assert record.exception_for(uprn=100090000009, stream="recycling").reason == (
        mapping.BLOCKED_ACCESS
    )
    assert record.exception_for(uprn=100090000001, stream="refuse") is None
    assert record.exception_for(uprn=100090000002, stream="recycling") is None


def test_a_round_still_out():
    record = answer("round_in_progress.json")

    assert record.state == mapping.IN_PROGRESS
    assert not record.finished
    assert record.finished_at is None
    assert record.exceptions == ()


def test_no_record_is_not_an_error():
    assert answer("not_found.json", status=404) is None


def test_exceptions_a_tablet_garbled_are_left_out_and_counted():
    record = answer("round_untidy_exceptions.json")

    # Case of the round code and a time without an offset (taken as UTC) are forgiven.
    assert record.started_at == datetime.datetime(2025, 11, 25, 6, 41, tzinfo=UTC)
    assert record.skipped == 5
    unknown = record.exception_for(uprn=100090000004, stream="recycling")
    assert (unknown.reason, unknown.note) == (mapping.OTHER, "")
    assert record.exception_for(uprn=100090000005, stream="recycling").reason == (
        mapping.NOT_PRESENTED
    )


@pytest.mark.parametrize(
    ("name", "status", "problem"),
    [
        ("gateway_error.html", 200, "not JSON"),
        ("truncated.json", 200, "not JSON"),
        ("gateway_error.html", 502, "HTTP 502"),
        ("not_found.json", 500, "HTTP 500"),
        ("round_for_another_day.json", 200, "another day"),
        ("round_unknown_state.json", 200, "no round state"),
        ("round_bad_times.json", 200, "times could not be read"),
    ],
)
def test_answers_the_portal_cannot_rely_on(name, status, problem):
    with pytest.raises(mapping.IncabUnusable, match=problem) as caught:
        answer(name, status=status)
    assert "<html>" not in str(caught.value)  # the body is never quoted


def test_another_round_or_a_list_is_garbage():
    with pytest.raises(mapping.IncabUnusable, match="another round"):
        mapping.parse_round(
            200, (FIXTURES / "round_finished.json").read_bytes(), round_code="X", day=DAY
        )
    with pytest.raises(mapping.IncabUnusable, match="not a round record"):
        mapping.parse_round(200, b"[]", round_code=ROUND, day=DAY)


def test_an_endless_answer_is_refused():
    with pytest.raises(mapping.IncabUnusable, match="too large"):
        mapping.parse_round(200, b" " * (mapping.MAX_BODY + 1), round_code=ROUND, day=DAY)


def test_a_record_written_back_reads_the_same():
    record = answer("round_finished.json")

    again = mapping.parse_round(
        200,
        json.dumps(mapping.record_document(record)).encode(),
        round_code=ROUND,
        day=DAY,
    )

    assert again == record


def test_why_there_was_no_answer():
    assert mapping.unreachable(TimeoutError()) == "the in-cab system did not answer in time"
    assert "ConnectionRefusedError" in mapping.unreachable(ConnectionRefusedError())

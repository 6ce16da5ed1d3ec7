"""The portal asks the crews' in-cab records, here the simulated back office's,
served for real in a thread; and every way that can go wrong is "could not be checked"."""

import datetime
import json
import os

import pytest

from integrations.incab import lookup, mapping
from integrations.simulated_backoffice import BackOffice, start
from integrations.simulated_backoffice.incab import IncabRecords

DAY = datetime.date(2025, 11, 25)
SECRET = "back-office-shared-secret-0123456789"


def record(round_code="MB-REC-TUE-1", day=DAY, **extra) -> dict:
    return {
        "round": round_code,
        "date": day.isoformat(),
        "state": "finished",
        "started_at": "2025-11-25T06:41:00+00:00",
        "finished_at": "2025-11-25T13:58:00+00:00",
        "exceptions": [
            {
                "uprn": "100090000001",
                "stream": "recycling",
                "reason": "contaminated",
                "note": "Black sack on top",
                "recorded_at": "2025-11-25T08:12:00+00:00",
            }
        ],
        **extra,
    }


@pytest.fixture
def office():
    running = start(BackOffice(secret=SECRET, seed=5))
    yield running
    running.stop()


@pytest.fixture
def incab(office, settings):
    settings.WASTE_INCAB_URL = office.incab_url
    settings.WASTE_INCAB_TIMEOUT = 1.0
    return office.office.incab


def ask(round_code="MB-REC-TUE-1", day=DAY):
    return lookup.round_record(round_code=round_code, day=day)


def test_a_round_the_crew_has_finished(incab):
    incab.add(record())

    found = ask()

    assert found.finished
    crew = found.exception_for(uprn=100090000001, stream="recycling")
    assert crew.reason == mapping.CONTAMINATED
    assert incab.requests == 1


def test_round_codes_are_matched_whatever_their_case(incab):
    incab.add(record(round_code="mb-rec-tue-1"))

    assert ask("MB-REC-TUE-1") is not None


def test_a_round_it_has_no_record_of(incab):
    incab.add(record())

    assert ask(day=DAY - datetime.timedelta(days=7)) is None
    assert ask(round_code="MB-REF-MON-2") is None


def test_garbage_cannot_be_used(incab):
    incab.add(record())
    incab.garbage = True

    with pytest.raises(lookup.IncabUnavailable, match="not JSON"):
        ask()


def test_a_failing_system(incab, office):
    office.office.failure_rate = 1.0

    with pytest.raises(lookup.IncabUnavailable, match="HTTP 503"):
        ask()


def test_a_slow_system_is_not_waited_for(incab, office, settings):
    settings.WASTE_INCAB_TIMEOUT = 0.2
    office.office.latency_ms = 1000

    with pytest.raises(lookup.IncabUnavailable, match="did not answer in time"):
        ask()


def test_a_system_that_is_not_there(settings):
    running = start(BackOffice(secret=SECRET))
    settings.WASTE_INCAB_URL = running.incab_url
    running.stop()

    with pytest.raises(lookup.IncabUnavailable, match="could not reach"):
        ask()


@pytest.mark.parametrize("url", ["", "   ", "ftp://incab.example"])
def test_turned_off_or_misconfigured(settings, url):
    settings.WASTE_INCAB_URL = url

    with pytest.raises(lookup.IncabUnavailable, match="WASTE_INCAB_URL"):
        ask()


# --- The records file (`make run`: --incab-file var/incab.json) ------------------------------


def test_records_come_from_the_file_and_are_read_again_when_it_changes(tmp_path, settings):
    path = tmp_path / "incab.json"
    path.write_text(json.dumps({"rounds": [record()]}))
    running = start(BackOffice(secret=SECRET, incab=IncabRecords(file=str(path))))
    settings.WASTE_INCAB_URL = running.incab_url
    try:
        assert ask().finished

        path.write_text(json.dumps([record(state="in_progress", finished_at=None)]))
        os.utime(path, (1, 1))  # a different stamp even within the same second
        assert ask().state == mapping.IN_PROGRESS

        path.write_text("{not json")
        os.utime(path, (2, 2))
        assert ask() is None
        assert "could not read" in running.office.incab.file_problem

        path.unlink()
        assert ask() is None
        assert "no file" in running.office.incab.file_problem
    finally:
        running.stop()


def test_records_set_in_the_office_win_over_the_file(tmp_path, settings):
    path = tmp_path / "incab.json"
    path.write_text(json.dumps({"rounds": [record()]}))
    running = start(BackOffice(secret=SECRET, incab=IncabRecords(file=str(path))))
    settings.WASTE_INCAB_URL = running.incab_url
    try:
        running.office.incab.add(record(state="not_started", started_at=None, finished_at=None))
        assert ask().state == mapping.NOT_STARTED
    finally:
        running.stop()


def test_the_command_line_takes_the_records_file(monkeypatch, capsys):
    from integrations.simulated_backoffice import __main__ as command

    offices = []

    class Server:
        def __init__(self, address, handler):
            pass

        def serve_forever(self):
            raise KeyboardInterrupt

        def server_close(self):
            pass

    def office(**kwargs):
        offices.append(BackOffice(**kwargs))
        return offices[-1]

    monkeypatch.setattr(command, "ThreadingHTTPServer", Server)
    monkeypatch.setattr(command, "BackOffice", office)

    command.main(["--port", "0", "--secret", SECRET, "--incab-file", "var/incab.json"])

    assert offices[0].incab.file == "var/incab.json"
    assert "In-cab records from var/incab.json" in capsys.readouterr().out

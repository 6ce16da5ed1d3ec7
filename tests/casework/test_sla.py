import datetime

import pytest

from casework import sla

D = datetime.date


def test_working_days_skip_weekends():
    # Friday 6 March 2026 + 1 working day = Monday 9 March.
    assert sla.add_working_days(D(2026, 3, 6), 1, nation="England") == D(2026, 3, 9)


def test_working_days_skip_english_bank_holidays():
    # Thursday 2 April 2026 + 2: Good Friday and Easter Monday are skipped -> Wednesday 8 April.
    assert sla.add_working_days(D(2026, 4, 2), 2, nation="England") == D(2026, 4, 8)


def test_nations_have_their_own_bank_holidays():
    # 30 November (St Andrew's Day) 2026 is a Monday: a bank holiday in Scotland only.
    assert sla.add_working_days(D(2026, 11, 27), 1, nation="England") == D(2026, 11, 30)
    assert sla.add_working_days(D(2026, 11, 27), 1, nation="Scotland") == D(2026, 12, 1)


def test_christmas_substitute_days():
    # Christmas 2027: 25 and 26 fall at the weekend; 27 and 28 are substitute holidays.
    assert sla.add_working_days(D(2027, 12, 24), 1, nation="England") == D(2027, 12, 29)


def test_calendar_days_count_everything():
    assert sla.due_date(start=D(2026, 4, 2), days=5, working_days=False) == D(2026, 4, 7)


def test_foi_twenty_working_days():
    assert sla.add_working_days(D(2026, 3, 2), 20, nation="England") == D(2026, 3, 30)


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (D(2026, 3, 6), D(2026, 3, 9), 1),
        (D(2026, 3, 9), D(2026, 3, 9), 0),
        (D(2026, 4, 2), D(2026, 4, 8), 2),
    ],
)
def test_working_days_between(start, end, expected):
    assert sla.working_days_between(start, end, nation="England") == expected


def test_stopped_clock_moves_the_due_date_by_the_working_days_paused():
    due = sla.extend(
        due=D(2026, 3, 20), paused_from=D(2026, 3, 13), paused_to=D(2026, 3, 17), working_days=True
    )
    assert due == D(2026, 3, 24)  # paused Mon 16 + Tue 17 = 2 working days

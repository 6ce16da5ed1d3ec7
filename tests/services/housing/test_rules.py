"""The repair diagnosis rules: which answers are emergencies, and the priority and trade."""

import datetime

import pytest

from casework.workflow import Status
from services.housing import rules

WINTER = datetime.date(2026, 12, 7)
SUMMER = datetime.date(2026, 7, 6)


@pytest.mark.parametrize(
    ("answers", "kind"),
    [
        ({"problem": "gas"}, rules.GAS),
        ({"problem": "leak", "leak": "flooding"}, rules.FLOODING),
        ({"problem": "leak", "leak": "ceiling"}, rules.FLOODING),
        ({"problem": "electrics", "electrics": "danger"}, rules.ELECTRICAL),
        ({"problem": "heating", "heating": "none", "vulnerable": "yes"}, rules.NO_HEAT),
        ({"problem": "leak", "leak": "dripping"}, ""),
        ({"problem": "heating", "heating": "none", "vulnerable": "no"}, ""),
        ({"problem": "heating", "heating": "partial", "vulnerable": "yes"}, ""),
    ],
)
def test_emergencies_are_found_from_the_answers(answers, kind):
    assert rules.emergency(answers, today=WINTER) == kind


def test_no_heating_with_someone_vulnerable_is_an_emergency_only_in_winter():
    answers = {"problem": "heating", "heating": "none", "vulnerable": "yes"}

    assert rules.emergency(answers, today=WINTER) == rules.NO_HEAT
    assert rules.emergency(answers, today=SUMMER) == ""
    assert rules.assess(answers, today=SUMMER).priority == rules.URGENT


@pytest.mark.parametrize(
    ("answers", "priority", "trade"),
    [
        ({"area": "kitchen", "problem": "leak", "leak": "dripping"}, rules.ROUTINE, "plumbing"),
        ({"area": "outside", "problem": "leak", "leak": "pipe"}, rules.ROUTINE, "roofing"),
        ({"problem": "drain", "drain": "only_toilet"}, rules.URGENT, "plumbing"),
        ({"problem": "electrics", "electrics": "tripping"}, rules.URGENT, "electrical"),
        ({"problem": "electrics", "electrics": "one_thing"}, rules.ROUTINE, "electrical"),
        ({"problem": "doors_windows", "doors": "insecure"}, rules.URGENT, "carpentry"),
        ({"problem": "damp"}, rules.ROUTINE, "general"),
        ({"problem": "heating", "heating": "no_hot_water"}, rules.URGENT, "heating"),
    ],
)
def test_the_answers_decide_the_priority_and_trade(answers, priority, trade):
    found = rules.assess(answers, today=WINTER)

    assert (found.priority, found.trade) == (priority, trade)


def test_arrears_are_put_in_plain_words_with_what_to_do():
    assert (
        rules.arrears_words(arrears_pence=0, weekly_rent_pence=10_000, has_arrangement=False) == ""
    )
    assert "less than a week" in rules.arrears_words(
        arrears_pence=5_000, weekly_rent_pence=10_000, has_arrangement=False
    )
    assert "agree a plan" in rules.arrears_words(
        arrears_pence=20_000, weekly_rent_pence=10_000, has_arrangement=False
    )
    assert "arrangement" in rules.arrears_words(
        arrears_pence=20_000, weekly_rent_pence=10_000, has_arrangement=True
    )


@pytest.mark.parametrize(
    ("fixed", "status", "told"),
    [
        (True, Status.RESOLVED, "Thank you for telling us"),
        (False, Status.IN_PROGRESS, "We have reopened your repair and asked the contractor"),
        (False, Status.RESOLVED, "Please report the problem again as a new repair"),
    ],
)
def test_the_tenant_is_told_what_their_answer_to_was_it_fixed_did(fixed, status, told):
    """Not fixed and open again: reopened; not fixed and still finished: too long ago."""
    assert told in str(rules.feedback_thanks(fixed=fixed, status=status))

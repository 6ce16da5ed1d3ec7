"""Council tax in plain words: pure rules on plain values (the time comes from the caller)."""

import datetime

import ukmodulus
from django.utils.translation import gettext_lazy as _

from casework.money import pounds_to_pence  # noqa: F401 - the forms read it from here

PAID, DUE, OVERDUE = "paid", "due", "overdue"

# What each recovery stage means for the resident, and what to do.
RECOVERY_WORDS = {
    "none": "",
    "reminder": _(
        "We have sent you a reminder because an instalment was not paid on time. Pay the "
        "missed amount within 7 days to keep paying by instalments."
    ),
    "second_reminder": _(
        "We have sent you a second reminder. If you do not pay the missed amount within 7 "
        "days, you will have to pay the whole year’s balance at once."
    ),
    "final_notice": _(
        "We have sent you a final notice: you have lost the right to pay by instalments "
        "and the whole balance is due now. Pay it, or contact us to agree a plan."
    ),
    "summons": _(
        "We have asked the magistrates’ court for a liability order and sent you a "
        "summons. Pay the balance and the costs before the hearing to stop it, or contact "
        "us straight away."
    ),
    "liability_order": _(
        "The magistrates’ court has made a liability order. We can now take the debt from "
        "your wages or benefits, or pass it to enforcement agents. Contact us to agree how "
        "you will pay."
    ),
}


def instalment_state(*, due_on: datetime.date, amount_pence: int, paid_pence: int, today):
    """Paid in full; overdue (due before today and not paid in full); or still to come."""
    if paid_pence >= amount_pence:
        return PAID
    return OVERDUE if due_on < today else DUE


def recovery_words(stage: str) -> str:
    return str(RECOVERY_WORDS.get(stage, ""))


# --- Changes ---------------------------------------------------------------------------------

# The days of the month a council tax Direct Debit can be taken on.
DIRECT_DEBIT_DAYS = (
    (1, _("1st of the month")),
    (8, _("8th of the month")),
    (15, _("15th of the month")),
    (22, _("22nd of the month")),
)


def bank_details_valid(sort_code: str, account_number: str) -> bool:
    """VocaLink modulus checking (the ``ukmodulus`` package): False when the digits cannot
    be a real account at that sort code. A sort code VocaLink publishes no rule for passes,
    as its rules say: only the bank can tell then."""
    try:
        return bool(ukmodulus.validate_number(sort_code, account_number))
    except ValueError:
        return False


def account_ending(account_number: str) -> str:
    """What the resident is shown of a bank account number: its last 4 digits."""
    return f"****{account_number[-4:]}" if account_number else ""


def sort_code_text(sort_code: str) -> str:
    return "-".join(sort_code[i : i + 2] for i in range(0, 6, 2)) if len(sort_code) == 6 else ""


# --- Discounts, disregards and exemptions -----------------------------------------------------

# Beyond single person discount: a reduction the council gives when someone living there
# (or the home itself) is in one of these groups. Each asks for its own evidence.
REDUCTIONS = {
    "all_students": {
        "label": _("Everyone who lives there is a full-time student"),
        "hint": _("The home is exempt from council tax."),
        "kind": "exemption",
        "evidence": _("a council tax certificate from each student’s university or college"),
        "evidence_hint": _(
            "Your university or college gives you one: it shows your course and its dates."
        ),
    },
    "student_disregard": {
        "label": _("An adult living there is a student, apprentice or young trainee"),
        "hint": _("They are not counted, so the bill may have a discount."),
        "kind": "disregard",
        "evidence": _("their student certificate, or a letter from their training provider"),
        "evidence_hint": _("It shows their name, their course or training and its dates."),
    },
    "carer": {
        "label": _("An adult living there is a carer for someone they live with"),
        "hint": _(
            "They care for at least 35 hours a week for someone who is not their partner, "
            "or their child under 18."
        ),
        "kind": "disregard",
        "evidence": _("carer’s evidence"),
        "evidence_hint": _(
            "A letter showing the benefit the person cared for gets (for example Attendance "
            "Allowance or the higher rate of Disability Living Allowance care), or a letter "
            "from their doctor."
        ),
    },
    "care_home": {
        "label": _("The home is empty because its resident now lives in a care home"),
        "hint": _("Or in hospital, for a long stay. The empty home may be exempt."),
        "kind": "exemption",
        "evidence": _("a letter from the care home or hospital"),
        "evidence_hint": _("It shows the person’s name and the date they moved in."),
    },
    "severe_mental_impairment": {
        "label": _("An adult living there has a severe mental impairment"),
        "hint": _("For example dementia. They are not counted for council tax."),
        "kind": "disregard",
        "evidence": _("a certificate from their doctor"),
        "evidence_hint": _(
            "A letter or form signed by their doctor confirming the severe mental impairment."
        ),
    },
}


def reduction_evidence(reduction: str) -> tuple[str, str]:
    """(what evidence is asked for, as words that follow "Add", and how to recognise it)
    for a reduction of REDUCTIONS."""
    found = REDUCTIONS[reduction]
    return found["evidence"], found["evidence_hint"]
